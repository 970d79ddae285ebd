package ui

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// toldDialogs records the dialogs the window shows while a test runs.
type toldDialogs struct {
	mu   sync.Mutex
	seen []string // "title\ntext"
}

func watchDialogs(t *testing.T) *toldDialogs {
	t.Helper()
	d := &toldDialogs{}
	hookMu.Lock()
	onDialog = func(title, text string) {
		d.mu.Lock()
		d.seen = append(d.seen, title+"\n"+text)
		d.mu.Unlock()
	}
	hookMu.Unlock()
	t.Cleanup(func() {
		hookMu.Lock()
		onDialog = nil
		chosen = nil
		hookMu.Unlock()
	})
	return d
}

// waitTitle waits for a dialog whose title contains title and returns its
// title and text.
func (d *toldDialogs) waitTitle(t *testing.T, title string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		d.mu.Lock()
		for _, s := range d.seen {
			if strings.Contains(strings.SplitN(s, "\n", 2)[0], title) {
				d.mu.Unlock()
				return s
			}
		}
		d.mu.Unlock()
		time.Sleep(5 * time.Millisecond)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	t.Fatalf("no dialog titled %q; shown: %q", title, d.seen)
	return ""
}

// choose makes the next file choosers answer with paths.
func choose(paths ...string) {
	hookMu.Lock()
	chosen = append(chosen, paths...)
	hookMu.Unlock()
}

// fixture copies testdata/name into a fresh folder (imports write their
// rejects beside the file) and returns the copy's path.
func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// menuItem finds the item labelled label (its start) in menu, failing the
// test when there is none.
func menuItem(t *testing.T, v *Viewer, menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range v.menu.main.Items {
		if m.Label != menu {
			continue
		}
		for _, it := range m.Items {
			if strings.HasPrefix(it.Label, label) {
				return it
			}
		}
	}
	t.Fatalf("no %s → %s", menu, label)
	return nil
}

// tapButton taps the button labelled label in the window's overlays (the
// dialogs), failing the test when there is none.
func tapButton(t *testing.T, win fyne.Window, label string) {
	t.Helper()
	var found *widget.Button
	// A dialog is shown just after it is told, maybe on another goroutine
	// under the test driver: look for a while.
	for deadline := time.Now().Add(10 * time.Second); found == nil && time.Now().Before(deadline); {
		fyne.DoAndWait(func() {
			for _, o := range win.Canvas().Overlays().List() {
				walk(o, func(c fyne.CanvasObject) {
					if b, ok := c.(*widget.Button); ok && b.Text == label && b.Visible() && found == nil {
						found = b
					}
				})
			}
		})
		if found == nil {
			time.Sleep(5 * time.Millisecond)
		}
	}
	if found == nil {
		t.Fatalf("no button %q on screen", label)
	}
	fyne.DoAndWait(func() { test.Tap(found) })
}

// walk calls f on o and everything inside it, widgets' renderers included.
func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, k := range c.Objects {
			walk(k, f)
		}
	case fyne.Widget:
		for _, k := range test.WidgetRenderer(c).Objects() {
			walk(k, f)
		}
	}
}

func eventsFrom(t *testing.T, v *Viewer, like string) int {
	t.Helper()
	var n int
	if err := v.ds.DB().QueryRow("SELECT count(*) FROM events WHERE source LIKE ?", like).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/scene"
)

// TestExportPNGMatchesCommand exports from File → Export… and checks the
// file is byte for byte what 'afcontrol export png' writes for the same
// day and view (the command runs scene.Export with these options).
func TestExportPNGMatchesCommand(t *testing.T) {
	v, win := newTestViewer(t, 1280, 800)
	seen := watchDialogs(t)
	d := day(t, "2021-08-01")
	fyne.DoAndWait(func() { v.slider.SetDay(d) })
	out := filepath.Join(t.TempDir(), "map.png")
	choose(out)
	fyne.DoAndWait(menuItem(t, v, "File", "Export").Action)
	tapButton(t, win, "Export…")
	text := seen.waitTitle(t, "Exported")
	if !strings.Contains(text, out) || !strings.Contains(text, "1920x1080, 2021-08-01") {
		t.Errorf("the notice says %q", text)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	o := scene.DefaultOptions(scene.PNG)
	o.Day, o.Output = d, filepath.Join(t.TempDir(), "cli.png")
	if _, err := scene.Export(context.Background(), v.ds, o); err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(o.Output)
	if !bytes.Equal(got, want) {
		t.Errorf("the window's PNG (%d bytes) differs from the command's (%d bytes)", len(got), len(want))
	}
}

// TestExportEveryFormat exports each format from the dialog, a GIF with its
// period, and finds each file written and the window alive.
func TestExportEveryFormat(t *testing.T) {
	v, win := newTestViewer(t, 1280, 800)
	seen := watchDialogs(t)
	dir := t.TempDir()
	for _, f := range exportFormats {
		out := filepath.Join(dir, "out"+f.ext)
		choose(out)
		fyne.DoAndWait(v.ShowExport)
		form := v.exportForm
		fyne.DoAndWait(func() {
			form.format.SetSelected(f.label)
			form.title.SetText("Test " + f.format)
			if f.format == scene.GIF {
				form.from.SetText("2021-08-01")
				form.to.SetText("2021-08-15")
				form.step.SetText("1w")
			}
		})
		tapButton(t, win, "Export…")
		seen.waitTitle(t, "Exported")
		seen.mu.Lock()
		seen.seen = nil
		seen.mu.Unlock()
		if st, err := os.Stat(out); err != nil || st.Size() == 0 {
			t.Errorf("%s: no file: %v", f.format, err)
		}
	}
	if win.Content() != v.content {
		t.Error("an export replaced the window's content")
	}
}

// TestExportRefusesBadFields keeps the dialog open with the reason.
func TestExportRefusesBadFields(t *testing.T) {
	v, win := newTestViewer(t, 1280, 800)
	seen := watchDialogs(t)
	fyne.DoAndWait(v.ShowExport)
	fyne.DoAndWait(func() {
		v.exportForm.format.SetSelected("Animated GIF of a period")
		v.exportForm.from.SetText("2021-09-01")
		v.exportForm.to.SetText("2021-08-01")
	})
	tapButton(t, win, "Export…")
	if text := seen.waitTitle(t, "Export refused"); !strings.Contains(text, "after") {
		t.Errorf("refusal %q", text)
	}
	fyne.DoAndWait(func() {
		v.exportForm.format.SetSelected("PNG image")
		v.exportForm.size.SetSelected("custom")
		v.exportForm.width.SetText("10")
	})
	tapButton(t, win, "Export…")
	if !strings.Contains(v.exportForm.problem.Text, "width 200") {
		t.Errorf("a 10-pixel width was not refused: %q", v.exportForm.problem.Text)
	}
}

func TestViewBoundFollowsZoom(t *testing.T) {
	v, _ := newTestViewer(t, 1280, 800)
	full, ok := viewBound(v.mapView.State().View)
	if !ok || full.Min[0] > 61 || full.Max[0] < 74 {
		t.Fatalf("the whole country's view bound is %v", full)
	}
	fyne.DoAndWait(func() { v.mapView.ZoomBy(4) })
	o := v.viewOptions(scene.PNG)
	if o.BBox == nil || o.BBox.Max[0]-o.BBox.Min[0] > (full.Max[0]-full.Min[0])/3 {
		t.Errorf("after zooming in the export's box is %v", o.BBox)
	}
	if o.Palette.Name != geo.DefaultPalette().Name || o.Day != v.Day() {
		t.Errorf("options %+v do not follow the window", o)
	}
}

func TestParseStep(t *testing.T) {
	for in, want := range map[string]int{"1d": 1, "7d": 7, "2w": 14, " 3 ": 3, "1W": 7} {
		if got, err := parseStep(in); err != nil || got != want {
			t.Errorf("parseStep(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0d", "-1d", "x", "1y", "9999w"} {
		if _, err := parseStep(in); err == nil {
			t.Errorf("parseStep(%q) took it", in)
		}
	}
}

func FuzzParseStep(f *testing.F) {
	for _, s := range []string{"1d", "2w", "7", "0", "-3d", "99999999999999999999d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseStep(s)
		if err == nil && (n < 1 || n > 3660) {
			t.Errorf("parseStep(%q) = %d", s, n)
		}
	})
}

// TestExportGIFCancel starts a long GIF and cancels it: the progress dialog
// showed frames, nothing is written, and the window stays.
func TestExportGIFCancel(t *testing.T) {
	v, win := newTestViewer(t, 1280, 800)
	seen := watchDialogs(t)
	out := filepath.Join(t.TempDir(), "long.gif")
	choose(out)
	fyne.DoAndWait(v.ShowExport)
	fyne.DoAndWait(func() {
		f := v.exportForm
		f.format.SetSelected("Animated GIF of a period")
		f.size.SetSelected(sizeChoices[2])
		f.from.SetText(v.slider.first.String())
		f.to.SetText(v.slider.last.String())
		f.step.SetText("1d")
	})
	tapButton(t, win, "Export…")
	seen.waitTitle(t, "Exporting long.gif")
	tapButton(t, win, "Cancel")
	waitFor(t, "the cancelled export", func() bool {
		seen.mu.Lock()
		defer seen.mu.Unlock()
		for _, s := range seen.seen {
			if s == "Exporting long.gif\ncancelled" {
				return true
			}
		}
		return false
	})
	if _, err := os.Stat(out); err == nil {
		t.Error("a cancelled GIF was written")
	}
	if ents, _ := os.ReadDir(filepath.Dir(out)); len(ents) != 0 {
		t.Errorf("the cancelled export left %v", ents)
	}
	if win.Content() != v.content {
		t.Error("the window lost its viewer")
	}
}

package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/datatest"
)

// TestStartProblemWrapsReason checks that a long reason is wrapped to the
// window's width over several lines, not cut off at its edge, and that the
// three ways on are offered.
func TestStartProblemWrapsReason(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	reason := errors.New("could not make the dataset: init /home/analyst/.local/share/afcontrol/afcontrol.gpkg: " +
		"fetch boundaries: the folder /media/usb/mirror lacks geoBoundaries-AFG-ADM1.geojson and geoBoundaries-AFG-ADM2.geojson")
	var p *startProblem
	fyne.DoAndWait(func() {
		p = showStartProblem(a, w, "/home/analyst/.local/share/afcontrol/afcontrol.gpkg", reason)
		w.Resize(fyne.NewSize(640, 480))
	})
	var width, height, line float32
	fyne.DoAndWait(func() {
		width, height = p.reason.Size().Width, p.reason.Size().Height
		line = widget.NewLabel("one line").MinSize().Height
	})
	if width > 640 || width < 400 {
		t.Errorf("the reason is %.0f px wide in a 640 px window", width)
	}
	if height < 1.5*line {
		t.Errorf("the reason is %.0f px high (one line is %.0f): it is not wrapped", height, line)
	}
	// At a narrow width the buttons take two rows; nothing may overlap.
	fyne.DoAndWait(func() { w.Resize(fyne.NewSize(520, 480)) })
	var reasonBottom, makeTop, fromTop, fromBottom, helpTop float32
	fyne.DoAndWait(func() {
		abs := a.Driver().AbsolutePositionForObject
		reasonBottom = abs(p.reason).Y + p.reason.Size().Height
		makeTop = abs(p.make).Y
		fromTop = abs(p.from).Y
		fromBottom = fromTop + p.from.Size().Height
		helpTop = abs(p.help).Y
	})
	if makeTop < reasonBottom || fromTop <= makeTop || helpTop < fromBottom {
		t.Errorf("overlap at 520 px: reason ends at %.0f, buttons start at %.0f and %.0f (second row ends at %.0f), help starts at %.0f",
			reasonBottom, makeTop, fromTop, fromBottom, helpTop)
	}
	if p.reason.Text != reason.Error() {
		t.Errorf("reason %q", p.reason.Text)
	}
	for _, b := range []struct {
		got, want string
	}{{p.open.Text, "Open another dataset…"}, {p.make.Text, "Make a new dataset here…"}, {p.from.Text, "Use a boundary folder…"}} {
		if b.got != b.want {
			t.Errorf("button %q, want %q", b.got, b.want)
		}
	}
}

// TestOpenSceneNamedMissing checks that a named dataset that is not there
// is an error naming it, and is not made in its place.
func TestOpenSceneNamedMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "moved.gpkg")
	_, _, _, where, err := openScene(path, func(string) {})
	if !errors.Is(err, errNoDataset) || !strings.Contains(err.Error(), path) || where != path {
		t.Fatalf("openScene(%s) = %q, %v", path, where, err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Error("a missing named dataset was made")
	}
}

// TestReadOnlyViewer opens a write-protected dataset and checks that the
// title says so, the changing menu items are greyed, and the File menu
// gives the reason.
func TestReadOnlyViewer(t *testing.T) {
	path := datatest.Copy(t)
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	ds, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ds.Close() })
	if ds.ReadOnly() == "" {
		t.Fatal("a write-protected dataset opened for writing")
	}
	v := viewerOn(t, ds)
	var title string
	items := map[string]*fyne.MenuItem{}
	fyne.DoAndWait(func() {
		v.applyReadOnly(ds.ReadOnly())
		title = v.win.Title()
		for _, m := range v.menu.main.Items {
			for _, it := range m.Items {
				items[it.Label] = it
			}
		}
	})
	if !strings.HasSuffix(title, "(read-only)") {
		t.Errorf("title %q does not say read-only", title)
	}
	for _, label := range []string{"Import boundaries…", "Import events…", "Add event…"} {
		if it := items[label]; it == nil || !it.Disabled {
			t.Errorf("%s is not greyed out", label)
		}
	}
	note := items["Read-only: "+ds.ReadOnly()]
	if note == nil {
		t.Errorf("the File menu does not give the reason %q", ds.ReadOnly())
	}
	if items["Open dataset…"] == nil || items["Open dataset…"].Disabled {
		t.Error("Open dataset… is not available")
	}
}

// viewerOn assembles the window's viewer on ds, as openInWindow does.
func viewerOn(tb testing.TB, ds *data.Dataset) *Viewer {
	tb.Helper()
	a := test.NewTempApp(tb)
	s, gen, err := loadScene(context.Background(), ds)
	if err != nil {
		tb.Fatal(err)
	}
	tallies, err := ds.Tallies(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	win := test.NewTempWindow(tb, nil)
	var v *Viewer
	fyne.DoAndWait(func() {
		v = newViewer(a, win, ds, s, tallies, gen)
		win.SetContent(v.content)
		win.Resize(fyne.NewSize(1000, 700))
	})
	return v
}

// TestAboutGivesTheBoundaryCredits checks that About shows the credits
// of the built-in boundaries.
func TestAboutGivesTheBoundaryCredits(t *testing.T) {
	if text := aboutText("dev"); !strings.Contains(text, boundaryCredits()) {
		t.Errorf("About says %q, without the boundaries' credits %q", text, boundaryCredits())
	}
}

// TestBoundaryCredits checks that About names each built-in file with its
// licence and the attribution.
func TestBoundaryCredits(t *testing.T) {
	c := boundaryCredits()
	for _, want := range []string{"geoBoundaries-AFG-ADM1.geojson", "geoBoundaries-AFG-ADM2.geojson", "Public Domain", "gbOpen", "Runfola et al. 2020"} {
		if !strings.Contains(c, want) {
			t.Errorf("About says %q; it lacks %q", c, want)
		}
	}
}

package ui

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
)

func TestSliderChangesLegendAndMap(t *testing.T) {
	v, _ := newTestViewer(t, 1280, 800)
	_, last, _ := v.scene.Control.Timeline.Range()
	waitDay(t, v, last)
	legendLast := v.legend.Texts()
	frameLast := bytes.Clone(v.mapView.Frame().Pix)

	june := day(t, "2021-06-01")
	v.slider.SetDay(june)
	waitDay(t, v, june)
	legendJune := v.legend.Texts()
	if slices.Equal(legendLast, legendJune) {
		t.Errorf("the legend did not change between %s and %s: %v", last, june, legendJune)
	}
	want := v.scene.Control.Timeline.Counts(june, timeline.Confirmed)
	wantRow := fmt.Sprintf("Taliban %d of %d (%s)", want.ByStatus[3], want.Total, geo.Share(want.ByStatus[3], want.Total))
	if legendJune[0] != wantRow {
		t.Errorf("legend on %s starts %q, want %q", june, legendJune[0], wantRow)
	}
	if bytes.Equal(frameLast, v.mapView.Frame().Pix) {
		t.Errorf("the map image is the same on %s and %s", last, june)
	}
	if got := v.chart.day; got != june {
		t.Errorf("chart cursor at %s, want %s", got, june)
	}
}

func TestKeysStepTheSlider(t *testing.T) {
	v, win := newTestViewer(t, 1280, 800)
	start := day(t, "2021-07-01")
	v.slider.SetDay(start)
	c := win.Canvas()
	c.Unfocus()
	steps := []struct {
		name string
		do   func()
		want int
	}{
		{"right", func() { c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyRight}) }, 1},
		{"left", func() { c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyLeft}) }, 0},
		{"shift+right", func() { shortcut(t, win, fyne.KeyRight) }, 7},
		{"shift+left", func() { shortcut(t, win, fyne.KeyLeft) }, 0},
		{"week button", func() { v.slider.Step(-7) }, -7},
	}
	for _, s := range steps {
		s.do()
		if got := int(v.slider.Day() - start); got != s.want {
			t.Errorf("after %s the slider is %d days from %s, want %d", s.name, got, start, s.want)
		}
	}
	waitDay(t, v, start-7)
}

func TestClickDistrictOpensPanel(t *testing.T) {
	v, win := newTestViewer(t, 1280, 800)
	i := districtNamed(t, v.scene.Control, "Qala-I- Naw", "Badghis")
	waitFor(t, "a settled frame", func() bool { return v.mapView.Shown().View == v.mapView.State().View })
	pos := inside(t, v.mapView, i)
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(v.mapView).Add(pos)

	test.MoveMouse(win.Canvas(), abs)
	title, detail := v.mapView.TipText()
	if title != "Qala-I- Naw" || !strings.HasPrefix(detail, "Badghis · ") || !strings.Contains(detail, v.Day().String()) {
		t.Errorf("hover tip = %q / %q, want the district, its province and the day", title, detail)
	}

	// The test driver runs the panel's fyne.Do on the goroutine that read
	// the history: wait for the panel's word that it is laid out before
	// drawing it here.
	loaded := make(chan struct{}, 1)
	v.panel.onLoaded = func() { notify(loaded) }
	test.TapCanvas(win.Canvas(), abs)
	select {
	case <-loaded:
	case <-time.After(10 * time.Second):
		t.Fatal("waited 10 s for the panel's history")
	}
	waitFor(t, "the panel's history", func() bool { return v.panel.District() == i && len(v.panel.Events()) > 0 })
	var found bool
	for _, e := range v.panel.Events() {
		if e.Date == "2021-07-07" && e.Source == "AFP 2021-07-07" && e.Status == "contested" {
			found = true
		}
	}
	if !found {
		t.Errorf("the panel of Qala-I- Naw lacks the AFP 2021-07-07 report: %+v", v.panel.Events())
	}
	// The panel is rebuilt on the UI goroutine after the history arrives.
	waitFor(t, "the panel to show the AFP report and the province summary", func() bool {
		md := test.RenderObjectToMarkup(v.panel)
		return strings.Contains(md, "AFP 2021-07-07") && strings.Contains(md, "Badghis on ")
	})

	// A click outside every district clears nothing but reports -1.
	v.openDistrict(-1)
	if v.panel.District() != -1 {
		t.Error("the panel still shows a district")
	}
}

func TestPanAndZoomRedraw(t *testing.T) {
	v, win := newTestViewer(t, 1000, 700)
	before := v.mapView.State().View
	centre := fyne.CurrentApp().Driver().AbsolutePositionForObject(v.mapView).Add(fyne.NewPos(200, 200))
	v.mapView.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(200, 200), AbsolutePosition: centre},
		Scrolled: fyne.Delta{DY: 25}})
	after := v.mapView.State().View
	if !(after.Scale > before.Scale*1.9 && after.Scale < before.Scale*2.1) {
		t.Errorf("a scroll of 25 scaled %g → %g, want twice", before.Scale, after.Scale)
	}
	// The plane point under the pointer stays under it.
	p0 := before.Plane(200, 200)
	p1 := after.Plane(200, 200)
	if d := (p0[0]-p1[0])*(p0[0]-p1[0]) + (p0[1]-p1[1])*(p0[1]-p1[1]); d > 1 {
		t.Errorf("zoom moved the point under the pointer by %g m", d)
	}
	test.Drag(win.Canvas(), centre, 30, -10)
	panned := v.mapView.State().View
	if panned.Scale != after.Scale || panned.X0 == after.X0 {
		t.Errorf("drag: %+v → %+v", after, panned)
	}
	waitFor(t, "the panned frame", func() bool { return v.mapView.Shown().View == panned })
	v.mapView.ResetView()
	if got := v.mapView.State().View; got != v.scene.Renderer.FitView(got.W, got.H) {
		t.Errorf("reset view = %+v", got)
	}
}

// inside returns a position (widget coordinates) on district i in the frame
// shown: the pixel of the district farthest inside it along its rows.
func inside(t *testing.T, m *MapView, i int) fyne.Position {
	t.Helper()
	ids, w := m.shown.ids.IDs, m.shown.ids.View.W
	if w < 1 {
		t.Fatal("no frame on screen")
	}
	best, bx, by := 0, -1, -1
	for y := 0; y < len(ids)/w; y++ {
		run := 0
		for x := 0; x < w; x++ {
			if int(ids[y*w+x]) == i+1 {
				run++
				if run > best {
					best, bx, by = run, x-run/2, y
				}
			} else {
				run = 0
			}
		}
	}
	if bx < 0 {
		t.Fatalf("district %d has no pixel", i)
	}
	sc := m.scale()
	return fyne.NewPos((float32(bx)+0.5)/sc, (float32(by)+0.5)/sc)
}

// shortcut sends Shift+key to the window's canvas.
func shortcut(t *testing.T, win fyne.Window, key fyne.KeyName) {
	t.Helper()
	win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(
		&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShift})
}

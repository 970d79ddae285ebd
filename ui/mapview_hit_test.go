package ui

import (
	"bytes"
	"image"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/afcontrol/afcontrol/data/timeline"
)

// TestHitTestWhileRendererBusy holds the renderer's lock, as a long
// re-rasterise does, and asks for a zoomed view that cannot be drawn until
// it is let go: hover, click and DistrictAt still answer at once, with the
// district under the pointer in the frame on screen, not in the view
// asked for.
func TestHitTestWhileRendererBusy(t *testing.T) {
	v, _ := newTestViewer(t, 1000, 700)
	m := v.mapView
	waitFor(t, "a settled frame", func() bool { return m.Shown().View == m.State().View })
	i := districtNamed(t, v.scene.Control, "Qala-I- Naw", "Badghis")
	pos := inside(t, m, i)
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(m).Add(pos)
	onScreen := m.Shown().View

	m.rmu.Lock()
	locked := true
	unlock := func() {
		if locked {
			locked = false
			m.rmu.Unlock()
		}
	}
	defer unlock()
	m.ZoomBy(4)
	if m.State().View == onScreen {
		t.Fatal("the zoom did not change the view asked for")
	}

	type answer struct {
		at, tapped    int
		title, detail string
		view          bool
	}
	done := make(chan answer, 1)
	go func() {
		var a answer
		a.at = m.DistrictAt(pos)
		a.tapped = -2
		m.OnTapped = func(d int) { a.tapped = d }
		m.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos, AbsolutePosition: abs}})
		a.title, a.detail = m.TipText()
		test.TapAt(m, pos)
		a.view = m.Shown().View == onScreen
		done <- a
	}()
	var a answer
	select {
	case a = <-done:
	case <-time.After(10 * time.Second):
		unlock()
		t.Fatal("the hit test waited for the renderer's lock")
	}
	unlock()
	if !a.view {
		t.Error("a new frame reached the screen while the renderer was held")
	}
	if a.at != i {
		t.Errorf("DistrictAt under Qala-I- Naw = %d, want %d", a.at, i)
	}
	if a.tapped != i {
		t.Errorf("a click on Qala-I- Naw gave %d, want %d", a.tapped, i)
	}
	if a.title != "Qala-I- Naw" {
		t.Errorf("the hover tip says %q / %q", a.title, a.detail)
	}
	// Let go, the zoom is drawn and the hit tests follow the new frame.
	want := m.State().View
	waitFor(t, "the zoomed frame", func() bool { return m.Shown().View == want })
	var at, px int
	fyne.DoAndWait(func() {
		at = m.DistrictAt(pos)
		x, y := m.framePixel(pos)
		px = m.shown.ids.HitTest(int(x), int(y))
	})
	if at != px {
		t.Errorf("after the zoom DistrictAt = %d, the frame's pixel holds %d", at, px)
	}
}

// TestMapRendererOwnsObjects: the renderer's objects are what the canvas
// shows of the map; its image is the frame on screen and follows each new
// frame, and the hover tip is its own, shown over a district and hidden
// off it.
func TestMapRendererOwnsObjects(t *testing.T) {
	v, _ := newTestViewer(t, 1000, 700)
	m := v.mapView
	waitFor(t, "a settled frame", func() bool { return m.Shown().View == m.State().View })
	r := test.WidgetRenderer(m).(*mapRenderer)
	shownImage := func() *canvas.Image {
		for _, o := range r.Objects() {
			if img, ok := o.(*canvas.Image); ok {
				return img
			}
		}
		t.Fatal("the map's renderer has no image")
		return nil
	}
	var same bool
	fyne.DoAndWait(func() { same = shownImage().Image == m.Frame() })
	if !same {
		t.Error("the renderer's image is not the frame on screen")
	}
	var last []byte
	fyne.DoAndWait(func() { last = bytes.Clone(m.Frame().Pix) })
	v.slider.SetDay(day(t, "2021-06-01"))
	waitDay(t, v, day(t, "2021-06-01"))
	fyne.DoAndWait(func() {
		pix := shownImage().Image.(*image.RGBA).Pix
		same = shownImage().Image == m.Frame() && !bytes.Equal(pix, last)
	})
	if !same {
		t.Error("the renderer's image did not follow the new frame")
	}

	i := districtNamed(t, v.scene.Control, "Qala-I- Naw", "Badghis")
	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(m)
	pos := inside(t, m, i)
	m.MouseIn(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos, AbsolutePosition: origin.Add(pos)}})
	if r.tip.box.Hidden || r.tip.title.Text != "Qala-I- Naw" {
		t.Errorf("over Qala-I- Naw the renderer's tip is hidden=%v, %q", r.tip.box.Hidden, r.tip.title.Text)
	}
	m.MouseOut()
	if !r.tip.box.Hidden || !r.tip.title.Hidden {
		t.Error("the tip stays after the pointer left the map")
	}
	if title, _ := m.TipText(); title != "" {
		t.Errorf("TipText after the pointer left = %q", title)
	}
}

// TestTipFollowsNewFrame keeps the pointer on Delta and turns the claims
// layer on: the tip, unmoved, says what the new frame shows there.
func TestTipFollowsNewFrame(t *testing.T) {
	s, m, frames, w := fixtureMap(t)
	w.Resize(fyne.NewSize(240, 200))
	for st := range frames {
		if st.View.W == 240 && st == m.State() {
			break
		}
	}
	pos := m.PositionOf(3)
	m.MouseIn(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos}})
	title, before := m.TipText()
	if title != "Delta" {
		t.Fatalf("the tip over Delta says %q", title)
	}
	m.SetDayState(newDayState(s, day(t, "2021-07-01"), timeline.WithClaims, 0))
	for st := range frames {
		if st.Layer == timeline.WithClaims && st == m.State() {
			break
		}
	}
	want := "South · Taliban (claimed) on 2021-07-01"
	if _, after := m.TipText(); after != want {
		t.Errorf("with the claims layer on the tip says %q (before: %q), want %q", after, before, want)
	}
}

package ui

import (
	"bytes"
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/afcontrol/afcontrol/geo"
)

// countColour counts the pixels of img inside r (canvas pixels) that are c.
func countColour(img image.Image, r image.Rectangle, c color.RGBA) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) == c {
				n++
			}
		}
	}
	return n
}

// areaOf returns where o is on the canvas, in canvas pixels (the test
// canvas has a scale of 1).
func areaOf(o fyne.CanvasObject) image.Rectangle {
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	s := o.Size()
	return image.Rect(int(p.X), int(p.Y), int(p.X+s.Width), int(p.Y+s.Height))
}

// TestPaletteSwitchRepaintsLegendAndChart switches the window through
// every palette: the legend's swatches and the chart's contested line take
// the new palette's colours, and those of the palettes before it are gone.
func TestPaletteSwitchRepaintsLegendAndChart(t *testing.T) {
	v, win := newTestViewer(t, 1280, 800)
	names := []string{"default", "high-contrast", "print"}
	all := geo.Palettes()
	for _, name := range names {
		p := all[name]
		fyne.DoAndWait(func() { v.setPalette(p) })
		// The test driver paints on the calling goroutine: let the map's
		// frame in the new palette arrive before the canvas is captured.
		waitFor(t, "the map in the "+name+" palette", func() bool {
			return v.mapView.shown.palette.Name == name && v.mapView.Shown() == v.mapView.State()
		})
		var shot image.Image
		fyne.DoAndWait(func() { shot = win.Canvas().Capture() })
		legend, chart := areaOf(v.legend), areaOf(v.chart)
		if legend.Empty() || chart.Empty() {
			t.Fatalf("legend at %v, chart at %v", legend, chart)
		}
		for _, st := range []geo.Status{geo.Government, geo.Taliban} {
			// A swatch is about 360 pixels; text in a grey can hit a few
			// dozen of the print palette's greys by chance.
			if n := countColour(shot, legend, p.Confirmed[st].Base); n < 300 {
				t.Errorf("%s palette: the legend has %d pixels of the %s swatch %v", name, n, st, p.Confirmed[st].Base)
			}
		}
		contested := lineColour(p, geo.Contested)
		if n := countColour(shot, chart, contested); n < 500 {
			t.Errorf("%s palette: the chart has %d pixels of the contested line's %v", name, n, contested)
		}
		for _, other := range names {
			if other == name {
				continue
			}
			q := all[other]
			if n := countColour(shot, legend, q.Confirmed[geo.Government].Base); n > 150 {
				t.Errorf("%s palette: the legend keeps %d pixels of the %s government swatch", name, n, other)
			}
			if c := lineColour(q, geo.Contested); c != contested {
				if n := countColour(shot, chart, c); n > 20 {
					t.Errorf("%s palette: the chart keeps %d pixels of the %s contested line", name, n, other)
				}
			}
		}
	}
}

// TestMapOutlineAndBackgroundFollowPalette selects a district in a palette
// of unusual halo and casing colours: the outline is drawn in exactly those,
// and the background behind the frame is the palette's outside colour.
func TestMapOutlineAndBackgroundFollowPalette(t *testing.T) {
	v, _ := newTestViewer(t, 1280, 800)
	m := v.mapView
	p := geo.DefaultPalette()
	p.Name = "default" // the name is kept in the preferences
	p.Halo = color.RGBA{0x12, 0xef, 0x34, 0xff}
	p.Casing = color.RGBA{0x56, 0x07, 0xab, 0xff}
	i := districtNamed(t, v.scene.Control, "Qala-I- Naw", "Badghis")
	fyne.DoAndWait(func() {
		v.setPalette(p)
		v.openDistrict(-1)
	})
	waitFor(t, "the unselected frame", func() bool {
		st := m.Shown()
		return st.Selected == -1 && st == m.State() && m.shown.palette == p
	})
	var plain []byte
	fyne.DoAndWait(func() { plain = bytes.Clone(m.Frame().Pix) })
	fyne.DoAndWait(func() { v.openDistrict(i) })
	waitFor(t, "the selected frame", func() bool {
		st := m.Shown()
		return st.Selected == i && st == m.State()
	})
	var line, casing, other int
	fyne.DoAndWait(func() {
		sel := m.Frame().Pix
		for k := 0; k+3 < len(sel); k += 4 {
			if bytes.Equal(sel[k:k+4], plain[k:k+4]) {
				continue
			}
			switch c := (color.RGBA{sel[k], sel[k+1], sel[k+2], sel[k+3]}); c {
			case p.Halo:
				line++
			case p.Casing:
				casing++
			default:
				other++
			}
		}
	})
	if line < 100 || casing < 50 || other > 0 {
		t.Errorf("the outline changed %d pixels to the halo, %d to the casing and %d to other colours", line, casing, other)
	}
	r := test.WidgetRenderer(m).(*mapRenderer)
	var bg color.Color
	fyne.DoAndWait(func() { bg = r.bg.FillColor })
	if bg != color.Color(p.Outside) {
		t.Errorf("the map's background is %v, want the palette's outside %v", bg, p.Outside)
	}
}

// TestOutlineWidths traces a 10×10 square district with the default widths
// (a line of 2 and a casing of 1) and with wider ones, and counts the rings.
func TestOutlineWidths(t *testing.T) {
	v := geo.View{W: 20, H: 20, Scale: 1}
	ids := make([]uint16, v.W*v.H)
	for y := 5; y < 15; y++ {
		for x := 5; x < 15; x++ {
			ids[y*v.W+x] = 8 // district 7
		}
	}
	for _, tt := range []struct {
		line, casing, wantLine, wantCasing int
	}{
		// Rings inside: 36, 28, 20, 12, 4 pixels (the last the centre);
		// outside, four-connected: 40, then 44.
		{2, 1, 36 + 28, 20 + 40},
		{3, 2, 36 + 28 + 20, 12 + 4 + 40 + 44},
		{0, 0, 36, 28 + 40},
	} {
		var o outline
		o.trace(ids, v, 7, tt.line, tt.casing)
		if len(o.linePx) != tt.wantLine || len(o.casingPx) != tt.wantCasing {
			t.Errorf("line %d, casing %d: %d line and %d casing pixels, want %d and %d",
				tt.line, tt.casing, len(o.linePx), len(o.casingPx), tt.wantLine, tt.wantCasing)
		}
		frame := image.NewRGBA(image.Rect(0, 0, v.W, v.H))
		lc, cc := color.RGBA{1, 2, 3, 0xff}, color.RGBA{4, 5, 6, 0xff}
		o.paint(frame, lc, cc)
		if got := frame.RGBAAt(5, 5); got != lc {
			t.Errorf("line %d: the district's corner is %v, want the line's %v", tt.line, got, lc)
		}
		if got := frame.RGBAAt(5, 4); got != cc {
			t.Errorf("line %d: the pixel above the corner is %v, want the casing's %v", tt.line, got, cc)
		}
		if got := frame.RGBAAt(10, 10); max(tt.line, 1)+max(tt.casing, 1) < 5 && got != (color.RGBA{}) {
			t.Errorf("line %d: the district's centre was painted %v", tt.line, got)
		}
	}
}

// TestSelectionWidthFollowsScaleAndTheme: on a canvas of scale 2 the map
// draws at twice the pixels and the selection's line is twice the theme's
// input border, so it looks as wide as on a scale-1 screen.
func TestSelectionWidthFollowsScaleAndTheme(t *testing.T) {
	_, m, frames, w := fixtureMap(t)
	w.Canvas().(test.WindowlessCanvas).SetScale(2)
	w.Resize(fyne.NewSize(240, 200))
	m.SetSelected(3)
	border := m.Theme().Size(theme.SizeNameInputBorder)
	want := int(2 * border)
	for st := range frames {
		if st.View.W == 480 && st.Selected == 3 && st == m.State() {
			break
		}
	}
	if got := m.State().Stroke; got != want {
		t.Errorf("at scale 2 the selection is %d pixels wide, want %d (twice the input border of %g)", got, want, border)
	}
	if m.outline.line != want || m.outline.casing != want/2 {
		t.Errorf("the outline was traced %d wide with a casing of %d, want %d and %d", m.outline.line, m.outline.casing, want, want/2)
	}
}

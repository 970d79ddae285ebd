package geo

import (
	"fmt"
	"image"
	"image/draw"

	"golang.org/x/image/font"
)

// DefaultAttribution is the boundary credit printed on every frame when the
// spec gives none.
const DefaultAttribution = "Boundaries: geoBoundaries, AIMS 2014"

// DefaultTitle is the heading printed on every frame when the spec gives
// none.
const DefaultTitle = "Reported district control, Afghanistan"

// FrameSpec says what a briefing frame shows besides the map's geometry.
type FrameSpec struct {
	Fills       []Fill // per district; missing entries are Unknown
	Date        string // the day shown, e.g. "2021-08-10"
	Claims      bool   // the claims layer is on
	Compare     string // the day compared with, or "" for no comparison
	Changed     []int  // districts outlined as changed since Compare
	Title       string // "" gives DefaultTitle
	Sources     string // optional line naming the reports' sources
	Attribution string // "" gives DefaultAttribution
	// Notes are the extra lines a briefing image carries (the sources of
	// the colours, the boundary set's full credit line), drawn wrapped on
	// a panel above the legend; none draws no panel.
	Notes []string
	// NorthArrow draws an arrow to true north in the top right corner.
	NorthArrow bool
}

// Layer returns the name of the layer a frame shows: "confirmed" or
// "confirmed + claims".
func (s FrameSpec) Layer() string {
	if s.Claims {
		return "confirmed + claims"
	}
	return "confirmed"
}

// RenderFrame returns a whole briefing image for the current view (call
// SetView first; before it the frame is fitted to 1920×1080): the map
// coloured by spec.Fills with borders and names, the changed districts
// outlined, and, over the map's corners, the title with the date and layer,
// the legend with counts per status, a scale bar and the attribution line,
// and the spec's north arrow and notes when it asks for them.
// It is the one entry point for the headless command; the window uses
// Recolour and LegendRows for the same pixels.
func (r *Renderer) RenderFrame(spec FrameSpec) *image.RGBA {
	if r.ids == nil {
		r.SetView(r.FitView(1920, 1080))
	}
	r.SetHighlight(spec.Changed)
	img := r.NewFrame()
	r.Recolour(img, spec.Fills)
	r.drawTitle(img, spec)
	legend := r.drawLegend(img, spec)
	r.drawFooter(img, spec)
	if spec.NorthArrow {
		r.drawNorthArrow(img)
	}
	r.drawNotes(img, spec.Notes, legend.Min.Y-int(8*r.textScale()))
	return img
}

// textScale returns the frame's text size factor: 1 at 1080 pixels high,
// smaller for small frames so the panels leave room for the map.
func (r *Renderer) textScale() float64 {
	s := float64(min(r.view.H, r.view.W*9/16)) / 1080
	return min(max(s, 0.55), 2)
}

func (r *Renderer) drawTitle(img *image.RGBA, spec FrameSpec) {
	k := r.textScale()
	title := spec.Title
	if title == "" {
		title = DefaultTitle
	}
	big := r.faces.face(true, 24*k)
	mid := r.faces.face(true, 19*k)
	small := r.faces.face(false, 14*k)
	lines := []struct {
		f font.Face
		s string
	}{{big, title}, {mid, "as of " + spec.Date}, {small, "layer: " + spec.Layer()}}
	if spec.Date == "" {
		lines[1].s = "date not given"
	}
	if spec.Compare != "" {
		lines = append(lines, struct {
			f font.Face
			s string
		}{small, "outlined: changed since " + spec.Compare})
	}
	pad := int(12 * k)
	w, h := 0, pad
	for _, l := range lines {
		w = max(w, font.MeasureString(l.f, l.s).Ceil())
		h += l.f.Metrics().Height.Ceil() + int(2*k)
	}
	rect := image.Rect(pad, pad, pad+w+2*pad, pad+h+pad/2)
	drawPanel(img, rect, r.palette)
	y := rect.Min.Y + pad/2
	for _, l := range lines {
		y += l.f.Metrics().Height.Ceil()
		drawString(img, l.f, rect.Min.X+pad, y-l.f.Metrics().Descent.Ceil(), l.s, r.palette.Text)
		y += int(2 * k)
	}
}

// drawLegend draws the legend panel in the bottom right corner and returns
// its rectangle.
func (r *Renderer) drawLegend(img *image.RGBA, spec FrameSpec) image.Rectangle {
	k := r.textScale()
	c := CountFills(spec.Fills, len(r.plane))
	rows := LegendRows(r.palette, c, spec.Claims)
	head := r.faces.face(true, 15*k)
	f := r.faces.face(false, 14*k)
	pad := int(12 * k)
	sw, sh := int(30*k), int(18*k)
	rowH := max(sh, f.Metrics().Height.Ceil()) + int(6*k)
	header := "Districts by reported control"
	coverage := c.Coverage()
	small := r.faces.face(false, 12*k)
	w := max(font.MeasureString(head, header).Ceil(), font.MeasureString(small, coverage).Ceil())
	for _, row := range rows {
		w = max(w, sw+pad+font.MeasureString(f, row.Text).Ceil())
	}
	n := len(rows)
	changedRow := spec.Compare != ""
	if changedRow {
		n++
	}
	h := head.Metrics().Height.Ceil() + int(8*k) + n*rowH + small.Metrics().Height.Ceil()
	x1, y1 := r.view.W-pad, r.view.H-pad
	rect := image.Rect(x1-w-2*pad, y1-h-2*pad, x1, y1)
	drawPanel(img, rect, r.palette)
	x := rect.Min.X + pad
	y := rect.Min.Y + pad + head.Metrics().Ascent.Ceil()
	drawString(img, head, x, y, header, r.palette.Text)
	y += head.Metrics().Descent.Ceil() + int(8*k)
	for _, row := range rows {
		drawSwatch(img, image.Rect(x, y, x+sw, y+sh), row.Swatch)
		drawString(img, f, x+sw+pad, y+sh/2+f.Metrics().Ascent.Ceil()/2-1, row.Text, r.palette.Text)
		y += rowH
	}
	if changedRow {
		mid := y + sh/2
		draw3 := func(th int, col image.Image) {
			rr := image.Rect(x, mid-th/2, x+sw, mid-th/2+th)
			draw.Draw(img, rr, col, image.Point{}, draw.Over)
		}
		draw3(int(5*k)+1, image.NewUniform(r.palette.Casing))
		draw3(int(2*k)+1, image.NewUniform(r.palette.Highlight))
		text := "changed since " + spec.Compare
		drawString(img, f, x+sw+pad, y+sh/2+f.Metrics().Ascent.Ceil()/2-1,
			fmt.Sprintf("%s (%d)", text, len(spec.Changed)), r.palette.Text)
		y += rowH
	}
	drawString(img, small, x, y+small.Metrics().Ascent.Ceil(), coverage, r.palette.Text)
	return rect
}

func (r *Renderer) drawFooter(img *image.RGBA, spec FrameSpec) {
	k := r.textScale()
	f := r.faces.face(false, 13*k)
	pad := int(12 * k)
	attr := spec.Attribution
	if attr == "" {
		attr = DefaultAttribution
	}
	lines := []string{attr}
	if spec.Sources != "" {
		lines = append([]string{"Sources: " + spec.Sources}, lines...)
	}
	lh := f.Metrics().Height.Ceil()
	w := 170
	for _, l := range lines {
		w = max(w, font.MeasureString(f, l).Ceil())
	}
	barH := int(34 * k)
	h := barH + len(lines)*lh
	rect := image.Rect(pad, r.view.H-pad-h-pad, pad+w+2*pad, r.view.H-pad)
	drawPanel(img, rect, r.palette)
	r.drawScaleBar(img, rect.Min.X+pad, rect.Min.Y+pad+lh, f)
	y := rect.Min.Y + pad + barH
	for _, l := range lines {
		y += lh
		drawString(img, f, rect.Min.X+pad, y-f.Metrics().Descent.Ceil(), l, r.palette.Text)
	}
}

package ui

import (
	"fmt"
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
)

// Legend lists the district counts per status for the day shown, each
// beside its swatch from the one geo palette (pattern included), and, when
// a comparison is on, how many districts changed.
type Legend struct {
	widget.BaseWidget

	palette geo.Palette
	rows    []legendRow
	changed string // "" when no comparison is on
}

// NewLegend returns an empty legend in palette p; SetCounts fills it.
func NewLegend(p geo.Palette) *Legend {
	l := &Legend{palette: p}
	l.ExtendBaseWidget(l)
	return l
}

// SetCounts shows counts c of a day in layer; the claims layer adds the
// claimed rows.
func (l *Legend) SetCounts(p geo.Palette, c geo.Counts, layer timeline.Layer) {
	l.palette = p
	l.rows = legendRows(p, c, layer == timeline.WithClaims)
	l.Refresh()
}

// SetChanged shows "n changed since day"; an empty since hides the row.
func (l *Legend) SetChanged(n int, since string) {
	l.changed = ""
	if since != "" {
		l.changed = fmt.Sprintf("%d changed since %s", n, since)
	}
	l.Refresh()
}

// Definitions returns the one-line definitions under the rows.
func (l *Legend) Definitions() []string {
	var out []string
	for _, r := range l.rows {
		out = append(out, r.definition)
	}
	return out
}

// Texts returns the rows' texts as shown, top to bottom.
func (l *Legend) Texts() []string {
	var out []string
	for _, r := range l.rows {
		out = append(out, r.text)
	}
	if l.changed != "" {
		out = append(out, l.changed)
	}
	return out
}

// CreateRenderer is part of fyne.Widget.
func (l *Legend) CreateRenderer() fyne.WidgetRenderer {
	r := &legendRenderer{l: l, header: canvas.NewText("Districts by reported control", nil)}
	r.header.TextStyle.Bold = true
	r.Refresh()
	return r
}

type legendRenderer struct {
	l       *Legend
	header  *canvas.Text
	swatch  []*canvas.Image
	text    []*canvas.Text
	defs    []*canvas.Text // one per row; "" for the changed row
	objects []fyne.CanvasObject
}

// swatchImage paints a swatch as an image of w×h pixels with a thin frame.
func swatchImage(s geo.Swatch, w, h int, frame [4]uint8) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := s.At(x, y)
			if x == 0 || y == 0 || x == w-1 || y == h-1 {
				c.R, c.G, c.B, c.A = frame[0], frame[1], frame[2], frame[3]
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func (r *legendRenderer) Refresh() {
	th := r.l.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	r.header.Color = fg
	r.header.TextSize = th.Size(theme.SizeNameText)
	n := len(r.l.rows)
	if r.l.changed != "" {
		n++
	}
	for len(r.text) < n {
		r.text = append(r.text, canvas.NewText("", fg))
		r.defs = append(r.defs, canvas.NewText("", fg))
		img := canvas.NewImageFromImage(nil)
		img.ScaleMode = canvas.ImageScalePixels
		r.swatch = append(r.swatch, img)
	}
	r.text, r.defs, r.swatch = r.text[:n], r.defs[:n], r.swatch[:n]
	b := r.l.palette.Border[0] // framed as a district is on the map
	edge := [4]uint8{b.R, b.G, b.B, 0xff}
	for i, row := range r.l.rows {
		r.text[i].Text = row.text
		r.defs[i].Text = row.definition
		r.swatch[i].Image = swatchImage(row.swatch, 28, 16, edge)
	}
	if r.l.changed != "" {
		i := n - 1
		r.text[i].Text = r.l.changed
		r.defs[i].Text = ""
		p := r.l.palette
		hl := geo.Swatch{Base: p.Highlight, Ink: p.Casing, Pattern: geo.Solid}
		r.swatch[i].Image = swatchImage(hl, 28, 16, [4]uint8{p.Casing.R, p.Casing.G, p.Casing.B, 0xff})
	}
	r.objects = append(r.objects[:0], r.header)
	for i := range r.text {
		r.text[i].Color = fg
		r.text[i].TextSize = th.Size(theme.SizeNameText)
		r.defs[i].Color = th.Color(theme.ColorNamePlaceHolder, v)
		r.defs[i].TextSize = th.Size(theme.SizeNameCaptionText)
		r.objects = append(r.objects, r.swatch[i], r.text[i], r.defs[i])
		r.text[i].Refresh()
		r.defs[i].Refresh()
		r.swatch[i].Refresh()
	}
	r.header.Refresh()
	r.Layout(r.l.Size())
}

// metrics returns the swatch size, the row height and the padding.
func (r *legendRenderer) metrics() (sw fyne.Size, rowH, pad float32) {
	th := r.l.Theme()
	pad = th.Size(theme.SizeNameInnerPadding)
	ts := th.Size(theme.SizeNameText)
	sw = fyne.NewSize(ts*2, ts*8/7)
	rowH = max(sw.Height, fyne.MeasureText("Mg", ts, fyne.TextStyle{}).Height) + pad/2
	return sw, rowH, pad
}

func (r *legendRenderer) Layout(fyne.Size) {
	sw, rowH, pad := r.metrics()
	hs := r.header.MinSize()
	r.header.Move(fyne.NewPos(pad, pad/2))
	r.header.Resize(hs)
	y := pad/2 + hs.Height + pad/2
	for i := range r.text {
		r.swatch[i].Move(fyne.NewPos(pad, y+(rowH-sw.Height)/2))
		r.swatch[i].Resize(sw)
		ts := r.text[i].MinSize()
		r.text[i].Move(fyne.NewPos(pad+sw.Width+pad, y+(rowH-ts.Height)/2))
		r.text[i].Resize(ts)
		y += rowH
		if r.defs[i].Text != "" {
			ds := r.defs[i].MinSize()
			r.defs[i].Move(fyne.NewPos(pad+sw.Width+pad, y-pad/2))
			r.defs[i].Resize(ds)
			y += ds.Height
		}
	}
}

func (r *legendRenderer) MinSize() fyne.Size {
	sw, rowH, pad := r.metrics()
	hs := r.header.MinSize()
	w := hs.Width
	h := pad/2 + hs.Height + pad/2 + float32(len(r.text))*rowH + pad/2
	for i, t := range r.text {
		w = max(w, sw.Width+pad+t.MinSize().Width)
		if r.defs[i].Text != "" {
			ds := r.defs[i].MinSize()
			w = max(w, sw.Width+pad+ds.Width)
			h += ds.Height
		}
	}
	return fyne.NewSize(w+2*pad, h)
}

func (r *legendRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *legendRenderer) Destroy() {}

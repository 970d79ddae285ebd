package brief

import (
	"fmt"
	"math"
	"strings"

	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/geom"
	"github.com/go-pdf/fpdf"
)

// labels sets the names, each scaled to the width of the box the renderer
// placed it in, over a light halo (the text outline stroked in the halo
// colour, then filled).
func (d *drawer) labels() {
	pdf := d.pdf
	halo := rgb3(d.p.Palette.Halo)
	text := rgb3(d.p.Palette.Text)
	for _, l := range d.p.Labels {
		s := l.Text
		style := ""
		if l.Province {
			s, style = strings.ToUpper(s), "B"
		}
		pdf.SetFont("go", style, 10)
		w10 := pdf.GetStringWidth(s)
		if w10 <= 0 {
			continue
		}
		const pad = 1 // the halo's width each side, in points
		bw, bh := l.X1-l.X0-2*pad, l.Y1-l.Y0-2*pad
		size := math.Min(10*bw/w10, bh*1.05)
		if size < 2 {
			continue
		}
		pdf.SetFont("go", style, size)
		x := (l.X0+l.X1)/2 - pdf.GetStringWidth(s)/2
		y := (l.Y0+l.Y1)/2 + size*0.35
		d.drawColour(halo)
		pdf.SetLineWidth(size * 0.22)
		pdf.SetLineJoinStyle("round")
		pdf.SetTextColor(int(halo[0]), int(halo[1]), int(halo[2]))
		pdf.RawWriteStr("1 Tr")
		pdf.Text(x, y, s)
		pdf.RawWriteStr("0 Tr")
		pdf.SetTextColor(int(text[0]), int(text[1]), int(text[2]))
		pdf.Text(x, y, s)
	}
}

// columnWidth is the share of the page's width that the side column takes.
const columnWidth = 0.25

// MapArea returns the width and height in points of the page's map area, the
// part left of the side column; the map's view is fitted to it.
func (s PageSize) MapArea() (w, h float64) {
	return s.Width * (1 - columnWidth), s.Height
}

type textLine struct {
	s     string
	style string
	size  float64
}

func (d *drawer) textColour() {
	c := rgb3(d.p.Palette.Text)
	d.pdf.SetTextColor(int(c[0]), int(c[1]), int(c[2]))
}

// width returns the width of s in points.
func (d *drawer) width(s, style string, size float64) float64 {
	d.pdf.SetFont("go", style, size)
	return d.pdf.GetStringWidth(s)
}

// column draws the side column, top to bottom: the title, the date, the
// layer and the comparison; the north arrow; the legend with counts; and at
// the foot the scale bar, the sources line and the attribution. Text wraps
// to the column's width.
func (d *drawer) column(title string) {
	pdf := d.pdf
	k := d.p.k()
	mw, _ := d.p.Size.MapArea()
	pad := 12 * k
	x0 := mw
	x, cw := x0+pad, d.p.Size.Width-x0-2*pad
	d.fillColour(rgb3(d.p.Palette.Panel))
	pdf.Rect(x0, 0, d.p.Size.Width-x0, d.p.Size.Height, "F")
	pdf.SetDrawColor(0x70, 0x70, 0x70)
	pdf.SetLineWidth(0.6)
	pdf.Line(x0, 0, x0, d.p.Size.Height)

	// Heading.
	lines := []textLine{{title, "B", 15 * k}, {"as of " + d.p.Date, "B", 12.5 * k}, {"layer: " + d.p.Layer, "", 9 * k}}
	if d.p.Date == "" {
		lines[1].s = "date not given"
	}
	if d.p.Compare != "" {
		lines = append(lines, textLine{"outlined: changed since " + d.p.Compare, "", 9 * k})
	}
	y := pad
	d.textColour()
	for _, l := range lines {
		for _, s := range d.wrap(l.s, l.style, l.size, cw, 3) {
			y += l.size * 1.2
			pdf.SetFont("go", l.style, l.size)
			pdf.Text(x, y-l.size*0.2, s)
		}
		y += 2 * k
	}

	// North arrow, right-aligned under the heading.
	y += 8 * k
	size := 34 * k
	fs := 11 * k
	cx := x + cw - size*0.3
	d.northArrow(cx, y, size, fs)
	y += fs*1.1 + size + 10*k

	// Legend.
	d.legend(x, y, cw)

	// Foot: attribution, sources above it, the scale bar above them.
	fsz := 7.5 * k
	lh := fsz * 1.3
	attr := d.p.Attribution
	if attr == "" {
		attr = geo.DefaultAttribution
	}
	foot := d.wrap(attr, "", fsz, cw, 4)
	if d.p.Sources != "" {
		foot = append(d.wrap("Sources: "+d.p.Sources, "", fsz, cw, 12), foot...)
	}
	yb := d.p.Size.Height - pad - float64(len(foot))*lh
	d.textColour()
	pdf.SetFont("go", "", fsz)
	for i, l := range foot {
		pdf.Text(x, yb+float64(i+1)*lh-fsz*0.3, l)
	}
	d.scaleBar(x, yb-10*k, cw, fsz)
}

// scaleBar draws a bar of four alternating quarters, at most maxW points
// long, with its left end at (x, y) and 0 and the length written above it.
func (d *drawer) scaleBar(x, y, maxW, fs float64) {
	pdf := d.pdf
	k := d.p.k()
	km, length := geo.ScaleBar(d.p.Proj, d.p.View, math.Min(maxW-20*k, 110*k))
	bh := 3.5 * k
	pdf.SetFillColor(0x20, 0x20, 0x20)
	pdf.Rect(x-0.4, y-0.4, length+0.8, bh+0.8, "F")
	for q := 1; q < 4; q += 2 {
		pdf.SetFillColor(0xff, 0xff, 0xff)
		pdf.Rect(x+float64(q)*length/4, y, length/4, bh, "F")
	}
	d.textColour()
	pdf.SetFont("go", "", fs)
	pdf.Text(x, y-2*k, "0")
	label := fmt.Sprintf("%g km", km)
	pdf.Text(x+length-d.width(label, "", fs)/2, y-2*k, label)
}

// swatch draws a legend swatch: the base colour, its pattern, a thin frame.
func (d *drawer) swatch(s geo.Swatch, x, y, w, h float64) {
	pdf := d.pdf
	d.fillColour(rgb3(s.Base))
	pdf.Rect(x, y, w, h, "F")
	if s.Pattern != geo.Solid || s.Sparse {
		pdf.ClipRect(x, y, w, h, false)
		d.pattern(s, [4]float64{x, y, x + w, y + h})
		pdf.ClipEnd()
	}
	pdf.SetDrawColor(0x50, 0x50, 0x50)
	pdf.SetLineWidth(0.4)
	pdf.Rect(x, y, w, h, "D")
}

// legend draws the header and one row per legend row, then the changed
// districts' line when there is a comparison, from (x, y) down.
func (d *drawer) legend(x, y, cw float64) {
	k := d.p.k()
	const header = "Districts by reported control"
	hs, fs := 9.5*k, 8.5*k
	gap := 7 * k
	sw, sh := 18*k, 11*k
	// Each row stays one line inside the column: the rows' size shrinks
	// until the widest fits beside its swatch.
	texts := make([]string, 0, len(d.p.Legend)+1)
	for _, r := range d.p.Legend {
		texts = append(texts, r.Text)
	}
	changed := fmt.Sprintf("changed since %s (%d)", d.p.Compare, len(d.p.Changed))
	if d.p.Compare != "" {
		texts = append(texts, changed)
	}
	widest := 0.0
	for _, t := range texts {
		widest = math.Max(widest, d.width(t, "", fs))
	}
	if room := cw - sw - gap; widest > room && room > 0 {
		fs *= room / widest
	}
	rowH := math.Max(sh, fs) + 5*k
	d.textColour()
	for _, l := range d.wrap(header, "B", hs, cw, 2) {
		y += hs * 1.25
		d.pdf.SetFont("go", "B", hs)
		d.pdf.Text(x, y-hs*0.2, l)
	}
	y += 5 * k
	for _, r := range d.p.Legend {
		d.swatch(r.Swatch, x, y, sw, sh)
		d.textColour()
		d.pdf.SetFont("go", "", fs)
		d.pdf.Text(x+sw+gap, y+sh/2+fs*0.35, r.Text)
		y += rowH
	}
	if d.p.Compare != "" {
		mid := y + sh/2
		bw := d.borderWidth(geom.CountryBorder)
		for pass, c := range [][3]uint8{rgb3(d.p.Palette.Casing), rgb3(d.p.Palette.Highlight)} {
			d.drawColour(c)
			d.pdf.SetLineWidth(bw * float64(2-pass) * 0.9)
			d.pdf.Line(x, mid, x+sw, mid)
		}
		d.textColour()
		d.pdf.SetFont("go", "", fs)
		d.pdf.Text(x+sw+gap, mid+fs*0.35, changed)
		y += rowH
	}
	if d.p.Coverage != "" {
		cs := 7.5 * k
		d.textColour()
		d.pdf.SetFont("go", "", cs)
		for _, l := range d.wrap(d.p.Coverage, "", cs, cw, 3) {
			y += cs * 1.25
			d.pdf.Text(x, y-cs*0.2, l)
		}
	}
}

// wrap splits s into lines no wider than maxW points in style at size fs, at
// spaces (a single word wider than maxW stays whole); past maxLines lines the
// last one ends with "…".
func (d *drawer) wrap(s, style string, fs, maxW float64, maxLines int) []string {
	lines := geo.WrapText(s, maxW, func(t string) float64 { return d.width(t, style, fs) })
	if len(lines) > maxLines {
		words := strings.Fields(lines[maxLines-1])
		for len(words) > 0 && d.width(strings.Join(words, " ")+" …", style, fs) > maxW {
			words = words[:len(words)-1]
		}
		lines = append(lines[:maxLines-1], strings.TrimSpace(strings.Join(words, " ")+" …"))
	}
	return lines
}

// northArrow draws the arrow, size points long, with its "N" above, the
// letter's top at y and the arrow centred on cx.
func (d *drawer) northArrow(cx, y, size, fs float64) {
	k := d.p.k()
	text := rgb3(d.p.Palette.Text)
	d.textColour()
	d.pdf.SetFont("go", "B", fs)
	d.pdf.Text(cx-d.width("N", "B", fs)/2, y+fs*0.75, "N")
	cy := y + fs*1.1 + size/2
	left, right := geo.ArrowShape(cx, cy, size, geo.NorthAngle(d.p.Proj, d.p.View))
	d.fillColour(text)
	d.drawColour(text)
	d.pdf.SetLineWidth(0.8 * k)
	d.pdf.SetLineJoinStyle("miter")
	d.pdf.Polygon(points(left), "FD")
	d.fillColour(rgb3(d.p.Palette.Panel))
	d.pdf.Polygon(points(right), "FD")
}

func points(t [3][2]float64) []fpdf.PointType {
	return []fpdf.PointType{{X: t[0][0], Y: t[0][1]}, {X: t[1][0], Y: t[1][1]}, {X: t[2][0], Y: t[2][1]}}
}

package geo

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// Counts is how many districts are in each status on a day. Confirmed and
// Claimed are indexed by Status; a claimed Unknown counts as a confirmed
// Unknown, so Confirmed and Claimed together always add up to Total.
// Tentative counts the districts of any status but Unknown whose status
// rests on a low-confidence report or an assessment, and Assessed those of
// them that rest on an assessment.
type Counts struct {
	Confirmed, Claimed  [4]int
	Total               int
	Tentative, Assessed int
}

// Sourced returns how many districts have a status other than Unknown.
func (c Counts) Sourced() int { return c.Total - c.Confirmed[Unknown] }

// Coverage returns the line that says how much of the map rests on sources:
// "312 of 398 districts with a sourced status on this day; 41 of them from
// assessments".
func (c Counts) Coverage() string {
	return fmt.Sprintf("%d of %d districts with a sourced status on this day; %d of them from assessments",
		c.Sourced(), c.Total, c.Assessed)
}

// CountFills counts the fills of n districts; districts past the end of
// fills are Unknown, fills past n are ignored, and a status outside the enum
// counts as Unknown.
func CountFills(fills []Fill, n int) Counts {
	c := Counts{Total: n}
	for i := 0; i < n; i++ {
		var f Fill
		if i < len(fills) {
			f = fills[i]
		}
		s := f.Status
		if s > Taliban {
			s = Unknown
		}
		if f.Claimed && s != Unknown {
			c.Claimed[s]++
		} else {
			c.Confirmed[s]++
		}
		if f.Tentative() {
			c.Tentative++
			if f.Basis == Assessed {
				c.Assessed++
			}
		}
	}
	return c
}

// LegendRow is one line of the legend: the swatch drawn beside it and its
// text, such as "Taliban 127 of 398 (32%)".
type LegendRow struct {
	Swatch Swatch
	Text   string
}

// StatusName returns the name a status goes by wherever the map is read:
// the window's legend and panels and every exported image and page.
// Unknown is "no sourced report" (a district without a dated, sourced
// report is not "unknown": nobody has reported on it); a value outside the
// enum is named as Unknown.
func StatusName(s Status) string {
	switch s {
	case Government:
		return "government / anti-Taliban forces"
	case Contested:
		return "contested"
	case Taliban:
		return "Taliban"
	default:
		return "no sourced report"
	}
}

// Share returns n of total as a whole percent, as the legends print it:
// "32%"; a share above 0 but under 0.5 % is "<1%" rather than "0%", and no
// total gives "0%".
func Share(n, total int) string {
	if total <= 0 {
		return "0%"
	}
	f := 100 * float64(n) / float64(total)
	if n > 0 && f < 0.5 {
		return "<1%"
	}
	return fmt.Sprintf("%.0f%%", math.Round(f))
}

// LegendRows returns the legend for counts in the order analysts read it:
// Taliban, contested, government, no sourced report, each with its count
// and share ("Taliban 127 of 398 (32%)"), then one row explaining the
// paler, dashed paint of tentative districts, with their count, and then,
// when claims is true, one row per claimed status ("Taliban, claimed 12 of
// 398 (3%)"). The rows word the statuses as the window's legend does
// (StatusName); the exported images and pages are drawn from them, and
// Counts.Coverage is the line that follows them.
func LegendRows(p Palette, c Counts, claims bool) []LegendRow {
	order := []Status{Taliban, Contested, Government, Unknown}
	var rows []LegendRow
	for _, s := range order {
		rows = append(rows, LegendRow{p.Swatch(Fill{Status: s}),
			fmt.Sprintf("%s %d of %d (%s)", StatusName(s), c.Confirmed[s], c.Total, Share(c.Confirmed[s], c.Total))})
	}
	rows = append(rows, LegendRow{p.Swatch(Fill{Status: Taliban, Basis: LowConfidence}),
		fmt.Sprintf("paler, dashed: low confidence or assessment %d", c.Tentative)})
	if claims {
		for _, s := range order[:3] {
			rows = append(rows, LegendRow{p.Swatch(Fill{Status: s, Claimed: true}),
				fmt.Sprintf("%s, claimed %d of %d (%s)", StatusName(s), c.Claimed[s], c.Total, Share(c.Claimed[s], c.Total))})
		}
	}
	return rows
}

// drawString draws s with its baseline's left end at (x, y).
func drawString(dst draw.Image, f font.Face, x, y int, s string, c color.RGBA) {
	d := font.Drawer{Dst: dst, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// drawPanel fills rect with the palette's panel colour, nearly opaque, and a
// thin frame, so text stays legible over the map.
func drawPanel(dst *image.RGBA, rect image.Rectangle, p Palette) {
	bg := p.Panel
	bg.A = 235
	draw.Draw(dst, rect, image.NewUniform(premul(bg)), image.Point{}, draw.Over)
	drawPanelEdge(dst, rect)
}

// drawPanelEdge frames rect in a one-pixel grey line.
func drawPanelEdge(dst *image.RGBA, rect image.Rectangle) {
	edge := image.NewUniform(color.RGBA{0x70, 0x70, 0x70, 0xff})
	for _, r := range []image.Rectangle{
		{rect.Min, image.Pt(rect.Max.X, rect.Min.Y+1)},
		{image.Pt(rect.Min.X, rect.Max.Y-1), rect.Max},
		{rect.Min, image.Pt(rect.Min.X+1, rect.Max.Y)},
		{image.Pt(rect.Max.X-1, rect.Min.Y), rect.Max},
	} {
		draw.Draw(dst, r, edge, image.Point{}, draw.Src)
	}
}

// drawSwatch paints a swatch into rect with its pattern, framed.
func drawSwatch(dst *image.RGBA, rect image.Rectangle, s Swatch) {
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			if image.Pt(x, y).In(dst.Rect) {
				dst.SetRGBA(x, y, s.At(x, y))
			}
		}
	}
	edge := color.RGBA{0x40, 0x40, 0x40, 0xff}
	for x := rect.Min.X; x < rect.Max.X; x++ {
		dst.SetRGBA(x, rect.Min.Y, edge)
		dst.SetRGBA(x, rect.Max.Y-1, edge)
	}
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		dst.SetRGBA(rect.Min.X, y, edge)
		dst.SetRGBA(rect.Max.X-1, y, edge)
	}
}

// ScaleBar returns a round length in kilometres (1, 2 or 5 times a power of
// ten) whose bar on view v, measured at the frame's centre, is at most
// maxPixels long, and that bar's length in pixels. A view too small for any
// bar gives the smallest round length below maxPixels all the same.
func ScaleBar(p Projection, v View, maxPixels float64) (km float64, pixels float64) {
	c := p.Inverse(v.Plane(float64(v.W)/2, float64(v.H)/2))
	kmPerPixel := 1 / (v.Scale * p.ScaleFactor(c[1])) / 1000
	limit := maxPixels * kmPerPixel
	step := math.Pow(10, math.Floor(math.Log10(limit)))
	km = step
	for _, m := range []float64{5, 2, 1} {
		if m*step <= limit {
			km = m * step
			break
		}
	}
	return km, km / kmPerPixel
}

// drawScaleBar draws a bar of alternating black and white quarters with its
// length written beside it, the bar's left end at (x, y).
func (r *Renderer) drawScaleBar(dst *image.RGBA, x, y int, f font.Face) {
	km, px := ScaleBar(r.Proj, r.view, 160)
	n := int(px + 0.5)
	black := color.RGBA{0x20, 0x20, 0x20, 0xff}
	white := color.RGBA{0xff, 0xff, 0xff, 0xff}
	draw.Draw(dst, image.Rect(x-1, y-1, x+n+1, y+7), image.NewUniform(black), image.Point{}, draw.Src)
	for q := 0; q < 4; q++ {
		c := white
		if q%2 == 0 {
			c = black
		}
		draw.Draw(dst, image.Rect(x+q*n/4, y, x+(q+1)*n/4, y+6), image.NewUniform(c), image.Point{}, draw.Src)
	}
	drawString(dst, f, x, y-5, "0", r.palette.Text)
	label := fmt.Sprintf("%g km", km)
	drawString(dst, f, x+n-font.MeasureString(f, label).Ceil()/2, y-5, label, r.palette.Text)
}

package brief

import (
	"image"
	"image/color"
	"image/draw"

	"github.com/afcontrol/afcontrol/geo"
)

// Quantiser maps rendered frames onto one fixed 256-colour palette built from
// a map palette, without dithering, so flat fills stay flat and every frame
// of an animation shares one colour table. Every colour the map palette
// names is in the table exactly; anti-aliased edges and text go to the
// nearest entry. A Quantiser is safe for concurrent use.
type Quantiser struct {
	pal   color.Palette
	exact map[uint32]uint8
	// cube holds the nearest entry for each cell of a 32×32×32 RGB grid,
	// for colours not in exact (the cell's centre decides).
	cube [1 << 15]uint8
}

// NewQuantiser builds the table for the map palette p: its swatches, borders,
// text, panel and background colours; the panel colour laid over each of
// them, as the frame's legend and title panels are; a ramp of greys; and
// blends of the fills with the line and text colours, for anti-aliasing,
// until 256 entries are used.
func NewQuantiser(p geo.Palette) *Quantiser {
	q := &Quantiser{exact: map[uint32]uint8{}}
	add := func(c color.RGBA) {
		c.A = 0xff
		if len(q.pal) < 256 {
			if _, ok := q.exact[key(c)]; !ok {
				q.exact[key(c)] = uint8(len(q.pal))
				q.pal = append(q.pal, c)
			}
		}
	}
	var fills []color.RGBA // most used first
	for _, st := range geo.Statuses {
		fills = append(fills, p.Confirmed[st].Base)
	}
	fills = append(fills, p.Outside)
	for _, set := range [][4]geo.Swatch{p.Confirmed, p.Claimed} {
		for _, s := range set {
			fills = append(fills, s.Base, s.Ink)
		}
	}
	// The tentative fills: paler, dashed in the text or halo colour.
	for _, claimed := range []bool{false, true} {
		for _, st := range geo.Statuses[1:] {
			s := p.Swatch(geo.Fill{Status: st, Claimed: claimed, Basis: geo.LowConfidence})
			fills = append(fills, s.Base, s.Ink)
		}
	}
	lines := []color.RGBA{p.Border[0], p.Border[1], p.Border[2], p.Text, p.Highlight, p.Casing, p.Halo}
	// The frame's panels: their fill, grey frame, and the scale bar's black
	// and white.
	chrome := []color.RGBA{p.Panel, {0x70, 0x70, 0x70, 0xff}, {0x20, 0x20, 0x20, 0xff}, {0xff, 0xff, 0xff, 0xff}}
	for _, set := range [][]color.RGBA{fills, lines, chrome} {
		for _, c := range set {
			add(c)
		}
	}
	for _, set := range [][]color.RGBA{fills, lines} {
		for _, c := range set {
			add(underPanel(p.Panel, c))
		}
	}
	for g := 0; g <= 255; g += 17 {
		add(color.RGBA{uint8(g), uint8(g), uint8(g), 0xff})
	}
	// Anti-aliased borders and text over the main fills first, then over
	// every fill, until the table is full.
	for _, n := range []int{5, len(fills)} {
		for _, t := range []float64{0.5, 0.25, 0.75} {
			for _, l := range lines {
				for _, c := range fills[:n] {
					add(blend(l, c, t))
				}
			}
		}
	}
	for r := 0; r < 32; r++ {
		for g := 0; g < 32; g++ {
			for b := 0; b < 32; b++ {
				c := color.RGBA{uint8(r<<3 | 4), uint8(g<<3 | 4), uint8(b<<3 | 4), 0xff}
				q.cube[r<<10|g<<5|b] = q.nearest(c)
			}
		}
	}
	return q
}

func key(c color.RGBA) uint32 { return uint32(c.R)<<16 | uint32(c.G)<<8 | uint32(c.B) }

// underPanel returns c seen through a frame panel: the panel colour at
// alpha 235 laid over c with image/draw, as the renderer lays it.
func underPanel(panel, c color.RGBA) color.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, 1, 1))
	m.SetRGBA(0, 0, c)
	draw.Draw(m, m.Bounds(), image.NewUniform(color.NRGBA{panel.R, panel.G, panel.B, 235}), image.Point{}, draw.Over)
	return m.RGBAAt(0, 0)
}

// blend returns a·(1-t) + b·t per channel, opaque.
func blend(a, b color.RGBA, t float64) color.RGBA {
	m := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t + 0.5) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 0xff}
}

// nearest returns the entry closest to c, weighting green most as the eye
// does; ties go to the earlier entry.
func (q *Quantiser) nearest(c color.RGBA) uint8 {
	best, bestD := 0, 1<<62
	for i, e := range q.pal {
		e := e.(color.RGBA)
		dr, dg, db := int(c.R)-int(e.R), int(c.G)-int(e.G), int(c.B)-int(e.B)
		d := 2*dr*dr + 4*dg*dg + 3*db*db
		if d < bestD {
			best, bestD = i, d
		}
	}
	return uint8(best)
}

// Palette returns the colour table (at most 256 entries, all opaque).
func (q *Quantiser) Palette() color.Palette { return q.pal }

// Index returns the table entry for c: the entry equal to c when there is
// one, else the nearest entry to the centre of c's cell in a 32-level RGB
// grid. Alpha is ignored (frames are opaque).
func (q *Quantiser) Index(c color.RGBA) uint8 {
	if i, ok := q.exact[key(c)]; ok {
		return i
	}
	return q.cube[int(c.R>>3)<<10|int(c.G>>3)<<5|int(c.B>>3)]
}

// Paletted returns img mapped onto the table, pixel by pixel.
func (q *Quantiser) Paletted(img *image.RGBA) *image.Paletted {
	b := img.Bounds()
	out := image.NewPaletted(b, q.pal)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		src := img.Pix[(y-b.Min.Y)*img.Stride:]
		dst := out.Pix[(y-b.Min.Y)*out.Stride:]
		last, lastI := uint32(1<<31), uint8(0)
		for x := 0; x < b.Dx(); x++ {
			p := src[4*x : 4*x+3 : 4*x+3]
			k := uint32(p[0])<<16 | uint32(p[1])<<8 | uint32(p[2])
			if k != last {
				last, lastI = k, q.Index(color.RGBA{p[0], p[1], p[2], 0xff})
			}
			dst[x] = lastI
		}
	}
	return out
}

package geo

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"golang.org/x/image/vector"
)

// stroke adds a polyline of the given width (pixels), drawn on view v, to the
// rasteriser as one quad per segment and a small square at every joint, all
// wound the same way so that overlaps add up (the rasteriser clamps coverage
// at full) instead of cancelling. Segments wholly outside the frame are
// skipped.
func stroke(z *vector.Rasterizer, v View, ls orb.LineString, width float64) {
	hw := width / 2
	lim := hw + 1
	fw, fh := float64(v.W), float64(v.H)
	for i := 1; i < len(ls); i++ {
		ax, ay := v.Pixel(ls[i-1])
		bx, by := v.Pixel(ls[i])
		if math.Max(ax, bx) < -lim || math.Min(ax, bx) > fw+lim ||
			math.Max(ay, by) < -lim || math.Min(ay, by) > fh+lim {
			continue
		}
		dx, dy := bx-ax, by-ay
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*hw, dx/l*hw
		z.MoveTo(float32(ax+nx), float32(ay+ny))
		z.LineTo(float32(bx+nx), float32(by+ny))
		z.LineTo(float32(bx-nx), float32(by-ny))
		z.LineTo(float32(ax-nx), float32(ay-ny))
		z.ClosePath()
		if i < len(ls)-1 && hw > 0.6 {
			// Joint: a square along the segment's direction, same winding.
			ex, ey := dx/l*hw, dy/l*hw
			z.MoveTo(float32(bx+nx-ex), float32(by+ny-ey))
			z.LineTo(float32(bx+nx+ex), float32(by+ny+ey))
			z.LineTo(float32(bx-nx+ex), float32(by-ny+ey))
			z.LineTo(float32(bx-nx-ex), float32(by-ny-ey))
			z.ClosePath()
		}
	}
}

// scratchRGBA returns the renderer's transparent W×H work image.
func (r *Renderer) scratchRGBA(scratch **image.RGBA) *image.RGBA {
	v := r.view
	if *scratch == nil || (*scratch).Rect.Dx() != v.W || (*scratch).Rect.Dy() != v.H {
		*scratch = image.NewRGBA(image.Rect(0, 0, v.W, v.H))
	} else {
		clear((*scratch).Pix)
	}
	return *scratch
}

// strokeMask strokes lines of the given width into mask (W×H at the
// origin) as anti-aliased coverage, replacing what mask held.
func strokeMask(mask *image.Alpha, z *vector.Rasterizer, v View, lines []orb.LineString, width float64) {
	z.Reset(v.W, v.H)
	z.DrawOp = draw.Src
	for _, ls := range lines {
		stroke(z, v, ls, width)
	}
	z.Draw(mask, mask.Bounds(), image.Opaque, image.Point{})
}

// linesLayer strokes each set of lines in its colour and width, in order,
// one over another, and keeps the result in l as a sparse layer.
func (r *Renderer) linesLayer(l *layer, sets [][]orb.LineString, widths []float64, colours []color.RGBA) {
	v := r.view
	if r.z == nil {
		r.z = vector.NewRasterizer(v.W, v.H)
	}
	for len(r.masks) < len(sets) {
		r.masks = append(r.masks, nil)
	}
	var used []int
	for k, lines := range sets {
		if len(lines) == 0 {
			continue
		}
		m := r.masks[k]
		if m == nil || m.Rect.Dx() != v.W || m.Rect.Dy() != v.H {
			m = image.NewAlpha(image.Rect(0, 0, v.W, v.H))
			r.masks[k] = m
		}
		strokeMask(m, r.z, v, lines, widths[k])
		used = append(used, k)
	}
	l.w = v.W
	l.idx, l.c = l.idx[:0], l.c[:0]
	if len(used) == 0 {
		return
	}
	for i := 0; i < v.W*v.H; i++ {
		var c [4]uint32 // premultiplied, 0–255
		hit := false
		for _, k := range used {
			a := uint32(r.masks[k].Pix[i])
			if a == 0 {
				continue
			}
			hit = true
			col := colours[k]
			ia := 255 - a
			c[0] = (uint32(col.R)*a + c[0]*ia + 127) / 255
			c[1] = (uint32(col.G)*a + c[1]*ia + 127) / 255
			c[2] = (uint32(col.B)*a + c[2]*ia + 127) / 255
			c[3] = a + (c[3]*ia+127)/255
		}
		if hit {
			l.idx = append(l.idx, int32(i))
			l.c = append(l.c, [4]uint8{uint8(c[0]), uint8(c[1]), uint8(c[2]), uint8(c[3])})
		}
	}
}

// drawBorders redraws the border layer for the current view: district lines
// thin, then province lines, then the country outline thickest, each from the
// same shared edges so that they meet.
func (r *Renderer) drawBorders() {
	g := r.level(SnapLevel(r.view.Scale))
	sets := make([][]orb.LineString, 3)
	for i, b := range r.borders {
		if k := int(b.Kind); k < 3 {
			sets[k] = append(sets[k], g.borders[i])
		}
	}
	p := r.palette
	r.linesLayer(&r.borderL, sets,
		[]float64{float64(p.BorderWidth[0]), float64(p.BorderWidth[1]), float64(p.BorderWidth[2])},
		p.Border[:])
}

// SetHighlight outlines districts (by index) with a strong line, for "changed
// since": a dark casing with a bright core along each district's whole
// boundary. Nil or empty clears the outlines; indexes out of range are
// ignored. The outlines are kept until the next SetHighlight and follow view
// changes.
func (r *Renderer) SetHighlight(districts []int) {
	if slices.Equal(districts, r.highlight) && r.ids != nil {
		return
	}
	r.highlight = append(r.highlight[:0], districts...)
	if r.ids != nil {
		r.drawHighlight()
	}
}

// drawHighlight redraws the highlight layer for the current view.
func (r *Renderer) drawHighlight() {
	r.hlL.idx, r.hlL.c = r.hlL.idx[:0], r.hlL.c[:0]
	if len(r.highlight) == 0 {
		return
	}
	v := r.view
	g := r.level(SnapLevel(v.Scale))
	var lines []orb.LineString
	for _, i := range r.highlight {
		if i < 0 || i >= len(g.districts) {
			continue
		}
		for _, poly := range g.districts[i] {
			for _, ring := range poly {
				lines = append(lines, orb.LineString(ring))
			}
		}
	}
	p := r.palette
	r.linesLayer(&r.hlL, [][]orb.LineString{lines, lines}, []float64{5, 2.2}, []color.RGBA{p.Casing, p.Highlight})
}

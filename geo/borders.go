package geo

import (
	"image/color"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// maxStrokeKinds is how many line sets one lineRaster pass can hold: one
// coverage byte per set in each 32-bit cell.
const maxStrokeKinds = 4

// lineRaster draws anti-aliased polylines of up to four kinds at once into
// one coverage buffer (a byte per kind per pixel) and remembers, per row, the
// columns it touched, so that turning it into a layer reads only those. It
// keeps its buffers between views.
type lineRaster struct {
	w, h   int
	cov    []uint32
	lo, hi []int32 // per row, first and last column touched (lo > hi: none)
}

// reset readies the raster for a w×h frame; the coverage buffer is already
// clear, since toLayer clears what it reads.
func (lr *lineRaster) reset(w, h int) {
	if lr.w != w || lr.h != h {
		lr.w, lr.h = w, h
		lr.cov = make([]uint32, w*h)
		lr.lo = make([]int32, h)
		lr.hi = make([]int32, h)
		for y := range lr.lo {
			lr.lo[y], lr.hi[y] = math.MaxInt32, -1
		}
	}
}

// stroke draws the polyline ls (plane coordinates, at least two points, with
// bound b) with pen as coverage of kind k. Each segment is a capsule: a pixel's coverage is the
// overlap of the line's cross-section with the pixel, measured along the
// distance from the pixel centre to the segment, so joints are round and
// segments of one kind never add up to more than the line. Lines and
// segments wholly outside the frame cost only a bounds check.
func (lr *lineRaster) stroke(v View, ls orb.LineString, b orb.Bound, pen *pen, k int) {
	reach := pen.reach
	pad := (reach + 1) / v.Scale
	vb := v.Bound()
	if b.Max[0] < vb.Min[0]-pad || b.Min[0] > vb.Max[0]+pad || b.Max[1] < vb.Min[1]-pad || b.Min[1] > vb.Max[1]+pad {
		return
	}
	shift := uint(8 * k)
	fw, fh := float64(lr.w), float64(lr.h)
	ax, ay := v.Pixel(ls[0])
	for i := 1; i < len(ls); i++ {
		bx, by := v.Pixel(ls[i])
		if !(max(ax, bx) < -reach || min(ax, bx) > fw+reach ||
			max(ay, by) < -reach || min(ay, by) > fh+reach) {
			lr.segment(ax, ay, bx, by, pen, shift)
		}
		ax, ay = bx, by
	}
}

// penSteps is the resolution of a pen's coverage table over squared
// distance: a step is reach²/2048, so even for the 6-pixel highlight casing
// the distance where coverage changes (near half the width) moves by under
// 1/500 pixel per step, far below what 8-bit coverage shows.
const penSteps = 2048

// pen is a line width ready for stroking: coverage (0–255) by squared
// distance from the line's centre in pixels, so the inner loop needs no
// square root.
type pen struct {
	reach  float64 // beyond this distance a pixel is not touched
	reach2 float64
	step   float64 // table index per square pixel
	cover  [penSteps + 1]uint8
}

// newPen returns the pen for a line width pixels wide. A pixel at distance d
// from the centre line is covered by the overlap of [d-½, d+½] with the
// line's cross-section [-width/2, width/2].
func newPen(width float64) *pen {
	hw := width / 2
	p := &pen{reach: hw + 0.5}
	p.reach2 = p.reach * p.reach
	p.step = penSteps / p.reach2
	for i := range p.cover {
		d := math.Sqrt(float64(i) / p.step)
		c := min(d+0.5, hw) - max(d-0.5, -hw)
		p.cover[i] = uint8(min(max(c, 0), 1)*255 + 0.5)
	}
	return p
}

// segment draws one capsule from (ax, ay) to (bx, by) in pixels.
func (lr *lineRaster) segment(ax, ay, bx, by float64, pen *pen, shift uint) {
	reach, reach2, step := pen.reach, pen.reach2, pen.step
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return
	}
	inv := 1 / l2
	rl := reach * math.Sqrt(l2)
	y0 := max(int(math.Ceil(min(ay, by)-reach-0.5)), 0)
	y1 := min(int(math.Floor(max(ay, by)+reach-0.5)), lr.h-1)
	// Columns are bounded by the segment's box grown by reach, and per row
	// by the band within reach of the segment's line and the band of its
	// length grown by reach at both ends, both linear in x.
	uMin, uMax := min(0, dx)-reach, max(0, dx)+reach
	for y := y0; y <= y1; y++ {
		py := float64(y) + 0.5 - ay
		lo, hi := uMin, uMax
		// |-dy·u + dx·py| <= rl
		lo, hi = clampLinear(lo, hi, -dy, dx*py, -rl, rl)
		// -rl <= dx·u + dy·py <= l2 + rl
		lo, hi = clampLinear(lo, hi, dx, dy*py, -rl, l2+rl)
		if lo > hi {
			continue
		}
		x0 := max(int(math.Ceil(ax+lo-0.5)), 0)
		x1 := min(int(math.Floor(ax+hi-0.5)), lr.w-1)
		if x0 > x1 {
			continue
		}
		row := lr.cov[y*lr.w+x0 : y*lr.w+x1+1]
		touched := false
		px := float64(x0) + 0.5 - ax
		for i := range row {
			t := (px*dx + py*dy) * inv
			if t < 0 {
				t = 0
			} else if t > 1 {
				t = 1
			}
			ex, ey := px-t*dx, py-t*dy
			px++
			d2 := ex*ex + ey*ey
			if d2 >= reach2 {
				continue
			}
			a := uint32(pen.cover[int(d2*step)])
			if old := row[i] >> shift & 0xff; a > old {
				row[i] += (a - old) << shift
				touched = true
			}
		}
		if touched {
			lr.lo[y] = min(lr.lo[y], int32(x0))
			lr.hi[y] = max(lr.hi[y], int32(x1))
		}
	}
}

// clampLinear narrows [lo, hi] to the u for which a·u + b lies in
// [minV, maxV].
func clampLinear(lo, hi, a, b, minV, maxV float64) (float64, float64) {
	switch {
	case a > 0:
		lo = max(lo, (minV-b)/a)
		hi = min(hi, (maxV-b)/a)
	case a < 0:
		lo = max(lo, (maxV-b)/a)
		hi = min(hi, (minV-b)/a)
	default:
		if b < minV || b > maxV {
			return 1, 0
		}
	}
	return lo, hi
}

// toLayer composites the kinds in order, kind 0 lowest, each in its colour
// with its coverage as alpha, into l (rows in order, so l is sorted), and
// clears what it read for the next view.
func (lr *lineRaster) toLayer(l *layer, colours []color.RGBA) {
	l.reset(lr.w)
	var pre [maxStrokeKinds][4]uint32
	for k, c := range colours {
		pre[k] = [4]uint32{uint32(c.R), uint32(c.G), uint32(c.B), 255}
	}
	n := len(colours)
	var lastCell, last uint32 // lastCell is never 0, which is skipped
	for y := 0; y < lr.h; y++ {
		if lr.lo[y] > lr.hi[y] {
			continue
		}
		base := y * lr.w
		row := lr.cov[base+int(lr.lo[y]) : base+int(lr.hi[y])+1]
		for i, cell := range row {
			if cell == 0 {
				continue
			}
			row[i] = 0
			// Runs of one coverage are common (a line's fully covered
			// core): composite each value once.
			if cell == lastCell {
				l.add(int32(base+int(lr.lo[y])+i), last)
				continue
			}
			var c [4]uint32 // premultiplied, 0–255
			for k := 0; k < n; k++ {
				a := cell >> (8 * k) & 0xff
				if a == 0 {
					continue
				}
				col := &pre[k]
				if a == 255 { // hides what is below, exactly
					c = *col
					continue
				}
				ia := 255 - a
				c[0] = (col[0]*a + c[0]*ia + 127) / 255
				c[1] = (col[1]*a + c[1]*ia + 127) / 255
				c[2] = (col[2]*a + c[2]*ia + 127) / 255
				c[3] = a + (c[3]*ia+127)/255
			}
			lastCell, last = cell, c[0]|c[1]<<8|c[2]<<16|c[3]<<24
			l.add(int32(base+int(lr.lo[y])+i), last)
		}
		lr.lo[y], lr.hi[y] = math.MaxInt32, -1
	}
}

// linesLayer strokes each set of lines (with their plane bounds) in its
// colour and width, in order, one over another, and keeps the result in l
// as a sparse layer. At most maxStrokeKinds sets.
func (r *Renderer) linesLayer(l *layer, sets [][]orb.LineString, bounds [][]orb.Bound, widths []float64, colours []color.RGBA) {
	v := r.view
	r.lines.reset(v.W, v.H)
	for k, lines := range sets {
		pen := newPen(widths[k])
		for i, ls := range lines {
			if len(ls) > 1 {
				r.lines.stroke(v, ls, bounds[k][i], pen, k)
			}
		}
	}
	r.lines.toLayer(l, colours)
}

// drawBorders redraws the border layer for the current view from g, the
// current view's level: district lines
// thin, then province lines, then the country outline thickest, each from the
// same shared edges so that they meet.
func (r *Renderer) drawBorders(g *levelGeom) {
	g.borderLines(r)
	p := r.palette
	r.linesLayer(&r.borderL, g.borderSets[:], g.borderBounds[:],
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
		r.drawHighlight(r.level(SnapLevel(r.view.Scale)))
	}
}

package geo

import (
	"image/color"
	"math"

	"github.com/paulmach/orb"
)

// The highlight's casing and core widths in pixels.
const (
	casingWidth = 6
	coreWidth   = 3.2
)

// outlineCache keeps, for one view and zoom level, each district's stroked
// outline (casing and core coverage) once it has been highlighted, so that
// a new set of highlighted districts costs only the strokes of districts
// not seen before in this view plus one merge of the cached coverage.
//
// Merging gives the same pixels as stroking every ring at once: a lineRaster
// keeps, per kind and pixel, the largest coverage of any segment, and the
// largest over districts of the largest over each district's segments is
// the largest over all segments.
type outlineCache struct {
	view    View
	level   *levelGeom
	casing  *pen
	core    *pen
	stamp   []uint32 // per district, gen when its outline is valid
	gen     uint32
	outline []outline
}

// outline is one district's coverage in a view: runs of pixels with
// nonzero coverage, in ascending pixel order.
type outline struct {
	runs []outlineRun
	cov  []uint16 // casing | core<<8, the runs' pixels one after another
}

// outlineRun is n consecutive pixels of one row from pixel index start.
type outlineRun struct {
	start, n int32
}

// forView readies the cache for view v at level g with n districts,
// dropping every outline when either differs from the last call.
func (c *outlineCache) forView(v View, g *levelGeom, n int) {
	if c.casing == nil {
		c.casing, c.core = newPen(casingWidth), newPen(coreWidth)
	}
	if len(c.stamp) != n {
		c.stamp = make([]uint32, n)
		c.outline = make([]outline, n)
		c.gen = 0
	}
	if c.gen == 0 || c.view != v || c.level != g {
		c.view, c.level = v, g
		c.gen++
		if c.gen == 0 { // wrapped: no stamp may look valid
			clear(c.stamp)
			c.gen = 1
		}
	}
}

// get returns district i's outline in the cache's view, stroking it into
// lr (which must be clear, and is left clear) when it is not cached yet.
func (c *outlineCache) get(i int, g *levelGeom, lr *lineRaster) *outline {
	o := &c.outline[i]
	if c.stamp[i] == c.gen {
		return o
	}
	v := c.view
	lr.reset(v.W, v.H)
	b := g.bounds[i]
	for _, poly := range g.districts[i] {
		for _, ring := range poly {
			if len(ring) > 1 {
				lr.stroke(v, orb.LineString(ring), b, c.casing, 0)
				lr.stroke(v, orb.LineString(ring), b, c.core, 1)
			}
		}
	}
	lr.takeOutline(o)
	c.stamp[i] = c.gen
	return o
}

// takeOutline moves the raster's coverage of kinds 0 and 1 into o,
// replacing what o held, and clears the raster.
func (lr *lineRaster) takeOutline(o *outline) {
	o.runs, o.cov = o.runs[:0], o.cov[:0]
	for y := 0; y < lr.h; y++ {
		if lr.lo[y] > lr.hi[y] {
			continue
		}
		base := y * lr.w
		lo, hi := base+int(lr.lo[y]), base+int(lr.hi[y])
		open := false
		for p := lo; p <= hi; p++ {
			cell := lr.cov[p]
			if cell == 0 {
				open = false
				continue
			}
			lr.cov[p] = 0
			if !open {
				o.runs = append(o.runs, outlineRun{start: int32(p)})
				open = true
			}
			o.runs[len(o.runs)-1].n++
			o.cov = append(o.cov, uint16(cell&0xffff))
		}
		lr.lo[y], lr.hi[y] = math.MaxInt32, -1
	}
}

// addOutline merges o into the raster: per pixel and kind the larger
// coverage.
func (lr *lineRaster) addOutline(o *outline) {
	k := 0
	for _, run := range o.runs {
		y := int(run.start) / lr.w
		x0 := int32(int(run.start) - y*lr.w)
		lr.lo[y] = min(lr.lo[y], x0)
		lr.hi[y] = max(lr.hi[y], x0+run.n-1)
		cells := lr.cov[run.start : run.start+run.n]
		for j, c := range o.cov[k : k+int(run.n)] {
			old := cells[j]
			a0, a1 := uint32(c&0xff), uint32(c>>8)
			b0, b1 := old&0xff, old>>8&0xff
			cells[j] = max(a0, b0) | max(a1, b1)<<8
		}
		k += int(run.n)
	}
}

// drawHighlight redraws the highlight layer for the current view from g,
// the current view's level, from the cached outlines of the highlighted
// districts, stroking only those not yet cached for this view.
func (r *Renderer) drawHighlight(g *levelGeom) {
	r.hlL.reset(r.view.W)
	if len(r.highlight) == 0 {
		return
	}
	g.snapDistricts(r)
	c := &r.outlines
	c.forView(r.view, g, len(g.districts))
	lr := &r.lines
	n := 0
	// Stroke first, merge after: stroking uses the raster on its own.
	for _, i := range r.highlight {
		if i >= 0 && i < len(g.districts) {
			c.get(i, g, lr)
			n++
		}
	}
	if n == 0 {
		return
	}
	lr.reset(r.view.W, r.view.H)
	for _, i := range r.highlight {
		if i >= 0 && i < len(g.districts) {
			lr.addOutline(&c.outline[i])
		}
	}
	p := r.palette
	lr.toLayer(&r.hlL, []color.RGBA{p.Casing, p.Highlight})
}

package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// SnapLevel returns the simplification level for a view scale (pixels per
// metre): the level whose grid, 2^level metres, is the largest power of two
// no coarser than half a pixel. Views whose scales differ by less than a
// factor of two share a level, so panning and small zoom steps reuse the same
// simplified geometry. A scale of zero or below gives a very coarse level.
func SnapLevel(scale float64) int {
	if !(scale > 0) {
		return 64
	}
	return int(math.Floor(math.Log2(0.5 / scale)))
}

// SnapGrid returns the grid size in metres of a simplification level.
func SnapGrid(level int) float64 { return math.Ldexp(1, level) }

// Snap simplifies projected districts by snapping every vertex to a square
// grid of size grid (metres) and dropping repeated vertices. Unlike
// Douglas–Peucker run on each district alone, snapping treats a vertex the
// same in every polygon that shares it, so neighbours keep identical shared
// edges and the raster has no gaps or slivers between them. Rings that
// collapse to fewer than three distinct vertices are dropped, polygons whose
// outer ring collapses are dropped, and a district may become empty. A grid of
// zero or below returns copies unchanged.
func Snap(districts []orb.MultiPolygon, grid float64) []orb.MultiPolygon {
	var s snapper
	out := make([]orb.MultiPolygon, len(districts))
	for i, mp := range districts {
		out[i], _ = s.multiPolygon(mp, grid)
	}
	return out
}

// snapper snaps geometry into large shared blocks of points, not one
// allocation per ring, since a zoom level snaps some 200,000 vertices.
type snapper struct {
	slab      []orb.Point
	tmp, thin orb.LineString
}

// take returns n points of fresh storage, full-capacity sliced so that an
// append to them never runs into the next caller's points.
func (s *snapper) take(n int) []orb.Point {
	if cap(s.slab)-len(s.slab) < n {
		s.slab = make([]orb.Point, 0, max(n, 1<<15))
	}
	k := len(s.slab)
	s.slab = s.slab[:k+n]
	return s.slab[k : k+n : k+n]
}

// multiPolygon is Snap for one district; it also returns the snapped
// district's bound (the zero Bound when it is empty).
func (s *snapper) multiPolygon(mp orb.MultiPolygon, grid float64) (orb.MultiPolygon, orb.Bound) {
	var out orb.MultiPolygon
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, poly := range mp {
		var sp orb.Polygon
		for j, ring := range poly {
			r := s.ring(ring, grid)
			if len(r) < 4 {
				if j == 0 {
					break
				}
				continue
			}
			if j == 0 {
				for _, p := range r {
					b.Min[0], b.Min[1] = min(b.Min[0], p[0]), min(b.Min[1], p[1])
					b.Max[0], b.Max[1] = max(b.Max[0], p[0]), max(b.Max[1], p[1])
				}
			}
			sp = append(sp, r)
		}
		if len(sp) > 0 {
			out = append(out, sp)
		}
	}
	if len(out) == 0 {
		return out, orb.Bound{}
	}
	return out, b
}

// ring returns the snapped ring, closed, without repeated vertices, or nil
// when fewer than three distinct vertices are left.
func (s *snapper) ring(ring orb.Ring, grid float64) orb.Ring {
	s.tmp = appendSnapped(s.tmp[:0], orb.LineString(ring), grid)
	out := s.tmp
	for len(out) > 1 && out[len(out)-1] == out[0] {
		out = out[:len(out)-1]
	}
	if len(out) < 3 {
		return nil
	}
	r := s.take(len(out) + 1)
	copy(r, out)
	r[len(out)] = out[0]
	return orb.Ring(r)
}

// line returns ls snapped as SnapLine does and then thinned by thinLine with
// tolerance tol.
func (s *snapper) line(ls orb.LineString, grid, tol float64) orb.LineString {
	s.tmp = appendSnapped(s.tmp[:0], ls, grid)
	s.thin = appendThinned(s.thin[:0], s.tmp, tol)
	out := s.take(len(s.thin))
	copy(out, s.thin)
	return orb.LineString(out)
}

// SnapLine simplifies a projected line the way Snap simplifies rings, keeping
// its two end points (snapped) so that lines which met still meet. A line that
// collapses to one point is returned as that single point.
func SnapLine(ls orb.LineString, grid float64) orb.LineString {
	return appendSnapped(make(orb.LineString, 0, len(ls)/2+2), ls, grid)
}

// appendSnapped appends ls snapped to out, as SnapLine returns it.
func appendSnapped(out, ls orb.LineString, grid float64) orb.LineString {
	inv := 1 / grid // grid is a power of two: multiplying is exact
	for _, p := range ls {
		if grid > 0 {
			// Ties to even: RoundToEven is one instruction on common
			// processors; either rule treats a shared vertex alike everywhere.
			p = orb.Point{math.RoundToEven(p[0]*inv) * grid, math.RoundToEven(p[1]*inv) * grid}
		}
		if n := len(out); n > 0 && out[n-1] == p {
			continue
		}
		out = append(out, p)
	}
	return out
}

// maxThinRun bounds how many vertices thinLine replaces by one chord, which
// keeps it linear in the line's length.
const maxThinRun = 32

// thinLine returns ls without the vertices that lie within tol of the chord
// joining the kept vertices either side of them; both ends are kept, so lines
// that met still meet. It is for drawing lines narrower than the districts'
// snapping grid shows: at a tolerance of a fraction of a pixel a border keeps
// its shape but loses the sub-pixel steps that cost time to stroke. A line of
// fewer than three vertices is returned as it is.
func thinLine(ls orb.LineString, tol float64) orb.LineString {
	if len(ls) < 3 {
		return ls
	}
	return appendThinned(nil, ls, tol)
}

// appendThinned appends ls thinned as thinLine does to out.
func appendThinned(out, ls orb.LineString, tol float64) orb.LineString {
	if len(ls) < 3 {
		return append(out, ls...)
	}
	out = append(out, ls[0])
	a := 0
	for j := 2; j < len(ls); j++ {
		if j-a > maxThinRun || !chordHolds(ls[a:j+1], tol) {
			a = j - 1
			out = append(out, ls[a])
		}
	}
	return append(out, ls[len(ls)-1])
}

// chordHolds reports whether every inner vertex of run lies within tol of the
// segment from its first to its last vertex.
func chordHolds(run orb.LineString, tol float64) bool {
	a, b := run[0], run[len(run)-1]
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	tol2 := tol * tol
	for _, p := range run[1 : len(run)-1] {
		px, py := p[0]-a[0], p[1]-a[1]
		t := 0.0
		if l2 > 0 {
			t = min(max((px*dx+py*dy)/l2, 0), 1)
		}
		ex, ey := px-t*dx, py-t*dy
		if ex*ex+ey*ey > tol2 {
			return false
		}
	}
	return true
}

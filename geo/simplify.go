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
	out := make([]orb.MultiPolygon, len(districts))
	for i, mp := range districts {
		out[i] = snapMultiPolygon(mp, grid)
	}
	return out
}

func snapMultiPolygon(mp orb.MultiPolygon, grid float64) orb.MultiPolygon {
	var out orb.MultiPolygon
	for _, poly := range mp {
		var sp orb.Polygon
		for j, ring := range poly {
			r := snapRing(ring, grid)
			if len(r) < 4 {
				if j == 0 {
					break
				}
				continue
			}
			sp = append(sp, r)
		}
		if len(sp) > 0 {
			out = append(out, sp)
		}
	}
	return out
}

// snapRing returns the snapped ring, closed, without repeated vertices.
func snapRing(ring orb.Ring, grid float64) orb.Ring {
	out := orb.Ring(SnapLine(orb.LineString(ring), grid))
	for len(out) > 1 && out[len(out)-1] == out[0] {
		out = out[:len(out)-1]
	}
	if len(out) < 3 {
		return nil
	}
	return append(out, out[0])
}

// SnapLine simplifies a projected line the way Snap simplifies rings, keeping
// its two end points (snapped) so that lines which met still meet. A line that
// collapses to one point is returned as that single point.
func SnapLine(ls orb.LineString, grid float64) orb.LineString {
	out := make(orb.LineString, 0, len(ls)/2+2)
	for _, p := range ls {
		if grid > 0 {
			p = orb.Point{math.Round(p[0]/grid) * grid, math.Round(p[1]/grid) * grid}
		}
		if n := len(out); n > 0 && out[n-1] == p {
			continue
		}
		out = append(out, p)
	}
	return out
}

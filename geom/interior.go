package geom

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// InteriorPoint returns a point guaranteed to lie inside mp, in the largest of
// its polygons by area, unlike the centroid, which can fall outside a concave or
// crescent-shaped district. It scans a few horizontal lines across the polygon
// and returns the middle of the widest stretch that lies inside, so the point
// also sits well away from the edges (a good label anchor). Holes are honoured:
// the point is never inside a hole. An empty multipolygon gives the zero point.
func InteriorPoint(mp orb.MultiPolygon) orb.Point {
	poly := largestPolygon(mp)
	if len(poly) == 0 || len(poly[0]) == 0 {
		return orb.Point{}
	}
	b := poly.Bound()
	best, bestWidth := orb.Point{}, -1.0
	const lines = 7
	for i := 1; i <= lines; i++ {
		y := b.Min[1] + (b.Max[1]-b.Min[1])*float64(i)/(lines+1)
		y = avoidVertexY(poly, y)
		if p, w, ok := widestInside(poly, y); ok && w > bestWidth {
			best, bestWidth = p, w
		}
	}
	if bestWidth < 0 {
		// Degenerate (zero-height) polygon: any vertex is on it.
		return poly[0][0]
	}
	return best
}

func largestPolygon(mp orb.MultiPolygon) orb.Polygon {
	var best orb.Polygon
	bestArea := -1.0
	for _, p := range mp {
		if len(p) == 0 {
			continue
		}
		if a := math.Abs(planar.Area(p[0])); a > bestArea {
			best, bestArea = p, a
		}
	}
	return best
}

// avoidVertexY moves y off any vertex latitude, to the midpoint between the
// nearest vertex latitudes below and above it, so that the scan line crosses
// edges cleanly and never runs along one.
func avoidVertexY(poly orb.Polygon, y float64) float64 {
	below, above := math.Inf(-1), math.Inf(1)
	for _, r := range poly {
		for _, p := range r {
			switch {
			case p[1] <= y && p[1] > below:
				below = p[1]
			case p[1] > y && p[1] < above:
				above = p[1]
			}
		}
	}
	if math.IsInf(below, 0) || math.IsInf(above, 0) {
		return y
	}
	return (below + above) / 2
}

// widestInside intersects the horizontal line at y with every ring of poly and
// returns the middle of the widest inside interval and its width.
func widestInside(poly orb.Polygon, y float64) (orb.Point, float64, bool) {
	var xs []float64
	for _, r := range poly {
		for i := 1; i < len(r); i++ {
			a, b := r[i-1], r[i]
			if (a[1] > y) == (b[1] > y) {
				continue
			}
			t := (y - a[1]) / (b[1] - a[1])
			xs = append(xs, a[0]+t*(b[0]-a[0]))
		}
	}
	if len(xs) < 2 {
		return orb.Point{}, 0, false
	}
	sort.Float64s(xs)
	best, width := orb.Point{}, -1.0
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > width {
			best, width = orb.Point{(xs[i] + xs[i+1]) / 2, y}, w
		}
	}
	return best, width, width >= 0
}

package data

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// validatePolygons checks what a boundary must be before it is stored:
// finite longitude/latitude in range, every ring closed with at least four
// points, at least three of them distinct and enclosing some area, and no
// ring crossing itself. The error names the ring and vertex.
// Rings that touch at a vertex or run along each other are allowed: real
// boundary files have them and they draw correctly.
func validatePolygons(mp orb.MultiPolygon) error {
	if len(mp) == 0 {
		return fmt.Errorf("geometry is empty")
	}
	for pi, poly := range mp {
		if len(poly) == 0 {
			return fmt.Errorf("polygon %d has no rings", pi+1)
		}
		for ri, ring := range poly {
			where := fmt.Sprintf("polygon %d ring %d", pi+1, ri+1)
			if len(mp) == 1 {
				where = fmt.Sprintf("ring %d", ri+1)
			}
			for vi, p := range ring {
				if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
					return fmt.Errorf("%s vertex %d: coordinate is not a number", where, vi+1)
				}
				if p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
					return fmt.Errorf("%s vertex %d: (%g, %g) is outside longitude -180..180, latitude -90..90", where, vi+1, p[0], p[1])
				}
			}
			if len(ring) < 4 {
				return fmt.Errorf("%s has %d points; a ring needs at least 4", where, len(ring))
			}
			if ring[0] != ring[len(ring)-1] {
				return fmt.Errorf("%s is not closed: it starts at (%g, %g) and ends at (%g, %g)", where,
					ring[0][0], ring[0][1], ring[len(ring)-1][0], ring[len(ring)-1][1])
			}
			if reason := degenerateRing(ring); reason != "" {
				return fmt.Errorf("%s is degenerate: %s", where, reason)
			}
			i, j, ok, err := ringSelfCrossing(ring)
			if err != nil {
				return fmt.Errorf("%s: %v", where, err)
			}
			if ok {
				return fmt.Errorf("%s crosses itself: edge %d (from (%g, %g)) crosses edge %d (from (%g, %g))",
					where, i+1, ring[i][0], ring[i][1], j+1, ring[j][0], ring[j][1])
			}
		}
	}
	return nil
}

func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

func properlyCross(a, b, c, d orb.Point) bool {
	d1, d2 := orient(a, b, c), orient(a, b, d)
	d3, d4 := orient(c, d, a), orient(c, d, b)
	return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
}

// degenerateRing says why a closed ring encloses nothing: fewer than three
// distinct points (four copies of one point pass the count of four), or all
// its points on one line (zero area). A ring that is fine gives "". A ring
// whose signed area is zero without being flat (a bowtie) is left to the
// self-crossing check, which says more.
func degenerateRing(ring orb.Ring) string {
	distinct := map[orb.Point]bool{}
	for _, p := range ring {
		distinct[p] = true
		if len(distinct) >= 3 {
			break
		}
	}
	if n := len(distinct); n < 3 {
		return fmt.Sprintf("it has %d distinct %s; a ring needs at least 3", n, plural(n, "point", "points"))
	}
	if flat(ring) {
		return "its points lie on one line, so it has zero area"
	}
	return ""
}

// flat reports whether every point of ring lies on the line through its
// first point and the next point that differs from it.
func flat(ring orb.Ring) bool {
	a := ring[0]
	var b orb.Point
	for _, p := range ring {
		if p != a {
			b = p
			break
		}
	}
	for _, p := range ring {
		if orient(a, b, p) != 0 {
			return false
		}
	}
	return true
}

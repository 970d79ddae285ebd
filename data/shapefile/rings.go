package shapefile

import (
	"fmt"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// groupBudget bounds the work of assigning holes to outer rings in one file, counted
// as bounding-box tests plus vertices visited by point-in-ring tests (about a tenth of
// a second of it). The 398 districts of Afghanistan need under two thousand; a hostile
// record of tens of thousands of overlapping rings would otherwise take time quadratic
// in its size.
const groupBudget = 100_000_000

// groupRings turns a record's rings, in file order, into polygons, or says why it
// cannot.
//
// Clockwise rings are outer rings and counter-clockwise ones holes, as the shapefile
// specification has it; a ring of zero area counts as outer. Each hole goes to the
// smallest outer ring that contains its first vertex (a point on the outer ring's edge
// counts as inside), so a hole in an island inside another hole lands in the island. A
// hole that no outer ring contains becomes an outer ring of its own and is reversed to
// run clockwise, which is how files written with the wrong winding still read.
// Polygons keep the file order of their outer rings (promoted holes after them), holes
// their file order. The rings are reused, not copied. work counts the steps taken, over
// all the records of a file; past groupBudget the record is refused.
func groupRings(rings []orb.Ring, work *int) (orb.MultiPolygon, string) {
	if len(rings) == 1 {
		if ringArea(rings[0]) > 0 {
			rings[0].Reverse()
		}
		return orb.MultiPolygon{{rings[0]}}, ""
	}

	type outer struct {
		ring  orb.Ring
		bound orb.Bound
		area  float64
		order int
		holes []orb.Ring
	}
	var outers []*outer
	var holes []orb.Ring
	for _, r := range rings {
		if a := ringArea(r); a <= 0 {
			outers = append(outers, &outer{ring: r, bound: r.Bound(), area: -a, order: len(outers)})
		} else {
			holes = append(holes, r)
		}
	}
	bySize := slices.Clone(outers)
	slices.SortStableFunc(bySize, func(a, b *outer) int { return cmpFloat(a.area, b.area) })

	numOuters := len(outers)
	for _, h := range holes {
		hb, ha := h.Bound(), ringArea(h)
		var home *outer
		for _, o := range bySize[firstNotSmaller(bySize, ha, func(o *outer) float64 { return o.area }):] {
			*work++
			if !boundWithin(hb, o.bound) {
				continue
			}
			*work += len(o.ring)
			if planar.RingContains(o.ring, h[0]) {
				home = o
				break
			}
		}
		if *work > groupBudget {
			return nil, fmt.Sprintf("%d outer rings and %d holes are too many to group into polygons", numOuters, len(holes))
		}
		if home == nil {
			h.Reverse()
			outers = append(outers, &outer{ring: h, order: len(outers)})
			continue
		}
		home.holes = append(home.holes, h)
	}

	mp := make(orb.MultiPolygon, len(outers))
	for _, o := range outers {
		poly := make(orb.Polygon, 0, 1+len(o.holes))
		poly = append(poly, o.ring)
		mp[o.order] = append(poly, o.holes...)
	}
	return mp, ""
}

// firstNotSmaller returns the index of the first element of the ascending list whose
// key is at least v, len(list) when none is. A ring cannot hold a hole larger than
// itself, so smaller outer rings are never tested.
func firstNotSmaller[T any](list []T, v float64, key func(T) float64) int {
	i, _ := slices.BinarySearchFunc(list, v, func(e T, v float64) int { return cmpFloat(key(e), v) })
	return i
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ringArea is the signed shoelace area of a closed ring: negative when it runs
// clockwise, positive counter-clockwise, zero for a degenerate ring. Coordinates are
// taken relative to the first vertex, which keeps the sum exact enough for the tiny
// rings real files hold.
func ringArea(r orb.Ring) float64 {
	if len(r) == 0 {
		return 0
	}
	x0, y0 := r[0][0], r[0][1]
	var sum float64
	for k := 0; k+1 < len(r); k++ {
		sum += (r[k][0]-x0)*(r[k+1][1]-y0) - (r[k+1][0]-x0)*(r[k][1]-y0)
	}
	return sum / 2
}

// boundWithin reports whether inner lies inside outer, edges included.
func boundWithin(inner, outer orb.Bound) bool {
	return inner.Min[0] >= outer.Min[0] && inner.Min[1] >= outer.Min[1] &&
		inner.Max[0] <= outer.Max[0] && inner.Max[1] <= outer.Max[1]
}

package data

import (
	"math"

	"github.com/paulmach/orb"
)

// nearTolerance is how far, in metres, a point may lie outside every
// district and still be placed in the nearest one (and flagged): boundary
// lines are drawn from surveys that disagree by a few hundred metres at the
// border posts (Torkham) and along district edges.
const nearTolerance = 2000.0

// nearest returns the district whose edge is closest to p and that distance
// in metres, considering only districts within nearTolerance; -1 when none
// is that close.
func (g *gazetteer) nearest(p orb.Point) (int, float64) {
	// Degrees of latitude and longitude per metre at p, for the bounding
	// box test and the distances (flat-earth over 2 km is exact enough).
	my := 110_540.0
	mx := 111_320.0 * math.Cos(p[1]*math.Pi/180)
	if mx < 1 {
		mx = 1
	}
	padX, padY := nearTolerance/mx, nearTolerance/my
	best, bestD := -1, nearTolerance
	for i, d := range g.districts {
		b := d.bound
		if p[0] < b.Min[0]-padX || p[0] > b.Max[0]+padX || p[1] < b.Min[1]-padY || p[1] > b.Max[1]+padY {
			continue
		}
		for _, poly := range d.geom {
			for _, r := range poly {
				for k := 1; k < len(r); k++ {
					dist := segmentDistance(p, r[k-1], r[k], mx, my)
					if dist <= bestD {
						best, bestD = i, dist
					}
				}
			}
		}
	}
	return best, bestD
}

// segmentDistance is the distance in metres from p to the segment a–b, with
// mx and my metres per degree of longitude and latitude.
func segmentDistance(p, a, b orb.Point, mx, my float64) float64 {
	ax, ay := (a[0]-p[0])*mx, (a[1]-p[1])*my
	bx, by := (b[0]-p[0])*mx, (b[1]-p[1])*my
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l))
	}
	x, y := ax+t*dx, ay+t*dy
	return math.Hypot(x, y)
}

package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// earthRadius is the radius of the sphere the projection works on, in metres.
// A sphere is within 0.5 % of the ellipsoid over Afghanistan, well below a
// pixel at any zoom a briefing map uses.
const earthRadius = 6371008.8

// Projection is a Lambert conformal conic projection on a sphere: lon/lat in
// degrees to a plane in metres, x east and y north. It keeps shapes true
// (conformal) and its scale is exact on the two standard parallels, so a
// country of Afghanistan's extent does not look stretched.
type Projection struct {
	lon0 float64 // central meridian, radians
	n    float64 // cone constant
	f    float64 // R·F
	rho0 float64 // radius of the origin's parallel
}

// LambertConic returns the projection with standard parallels lat1 and lat2,
// central meridian lon0 and origin latitude lat0, all in degrees. lat1 equal
// to lat2 gives the tangent cone. Parallels symmetric about the equator
// (lat1 == -lat2) have no cone and are not supported: the result is NaN.
func LambertConic(lat1, lat2, lon0, lat0 float64) Projection {
	p1, p2, p0 := rad(lat1), rad(lat2), rad(lat0)
	var n float64
	if lat1 == lat2 {
		n = math.Sin(p1)
	} else {
		n = math.Log(math.Cos(p1)/math.Cos(p2)) /
			math.Log(math.Tan(math.Pi/4+p2/2)/math.Tan(math.Pi/4+p1/2))
	}
	f := earthRadius * math.Cos(p1) * math.Pow(math.Tan(math.Pi/4+p1/2), n) / n
	return Projection{
		lon0: rad(lon0),
		n:    n,
		f:    f,
		rho0: f / math.Pow(math.Tan(math.Pi/4+p0/2), n),
	}
}

// Afghanistan is the projection every map of the country uses: standard
// parallels 31° N and 37° N, central meridian 67° E, origin at 34° N. Over the
// country (29–39° N) its scale error is under 1 %.
var Afghanistan = LambertConic(31, 37, 67, 34)

func rad(deg float64) float64 { return deg * math.Pi / 180 }
func deg(r float64) float64   { return r * 180 / math.Pi }

// Forward projects a lon/lat point (degrees) to the plane (metres). The origin
// maps to (0, 0). The pole away from the cone's apex (90° S here) maps to
// infinity.
func (p Projection) Forward(ll orb.Point) orb.Point {
	rho := p.f / p.pow(math.Tan(math.Pi/4+rad(ll[1])/2))
	sin, cos := math.Sincos(p.n * (rad(ll[0]) - p.lon0))
	return orb.Point{rho * sin, p.rho0 - rho*cos}
}

// pow returns math.Pow(t, p.n), the same bits in half the time where the
// cone constant lies between 1/2 and 1 (as for every parallels in
// Afghanistan's latitudes) and t is a positive finite number: there Pow
// computes Exp((n-1)·Log(t)) and multiplies it by t's mantissa, scaled by
// t's exponent, which rounds as one product with t does.
func (p Projection) pow(t float64) float64 {
	if p.n > 0.5 && p.n < 1 && t > 0 && t <= math.MaxFloat64 {
		return math.Exp((p.n-1)*math.Log(t)) * t
	}
	return math.Pow(t, p.n)
}

// Inverse maps a plane point (metres) back to lon/lat (degrees); it undoes
// Forward to within floating-point rounding.
func (p Projection) Inverse(xy orb.Point) orb.Point {
	dy := p.rho0 - xy[1]
	rho := math.Copysign(math.Hypot(xy[0], dy), p.n)
	theta := math.Atan2(math.Copysign(1, p.n)*xy[0], math.Copysign(1, p.n)*dy)
	lat := 2*math.Atan(math.Pow(p.f/rho, 1/p.n)) - math.Pi/2
	return orb.Point{deg(p.lon0 + theta/p.n), deg(lat)}
}

// ScaleFactor returns the ratio of plane distance to true distance at
// latitude lat (degrees): exactly 1 on the standard parallels, below 1
// between them and above 1 outside.
func (p Projection) ScaleFactor(lat float64) float64 {
	phi := rad(lat)
	rho := p.f / math.Pow(math.Tan(math.Pi/4+phi/2), p.n)
	return p.n * rho / (earthRadius * math.Cos(phi))
}

// LineString returns a projected copy of ls; an empty line gives an empty
// line.
func (p Projection) LineString(ls orb.LineString) orb.LineString {
	out := make(orb.LineString, len(ls))
	for i, q := range ls {
		out[i] = p.Forward(q)
	}
	return out
}

// MultiPolygon returns a projected copy of mp with the same rings in the same
// order; identical input vertices give identical output vertices, so shared
// edges stay shared.
func (p Projection) MultiPolygon(mp orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, len(mp))
	for i, poly := range mp {
		out[i] = make(orb.Polygon, len(poly))
		for j, ring := range poly {
			out[i][j] = orb.Ring(p.LineString(orb.LineString(ring)))
		}
	}
	return out
}

// projectedPath is a line already projected: its lon/lat vertices and their
// images in the plane, index for index. A path whose last vertex is its
// first is a closed ring and is walked round.
type projectedPath struct{ ll, xy orb.LineString }

// LineStringAlong returns ls projected, as LineString does, bit for bit, but
// where ls runs along one of paths (the same lon/lat vertices one after the
// other, either way round) it copies their images instead of projecting them
// again: district rings share their vertices with the border lines derived
// from them, and projecting is most of what building a renderer costs. A
// vertex is copied only from an equal one, which Forward maps to the same
// point. Finding where ls joins a path is a linear search, bounded to a few
// comparisons per vertex of ls in all, so a line that runs along none of
// paths costs little more than LineString.
func (p Projection) LineStringAlong(ls orb.LineString, paths []projectedPath) orb.LineString {
	out := make(orb.LineString, len(ls))
	budget := 8*len(ls) + 64 // comparisons left for searching
	cur, j, step := -1, 0, 0 // the path followed, the index in it, the way (0: not known yet)
	for k, q := range ls {
		if cur >= 0 {
			ll := paths[cur].ll
			found := false
			for _, s := range [2]int{1, -1} {
				if step != 0 && s != step {
					continue
				}
				if nj, ok := pathStep(ll, j, s); ok && ll[nj] == q {
					j, step, found = nj, s, true
					break
				}
			}
			if found {
				out[k] = paths[cur].xy[j]
				continue
			}
		}
		cur = -1
	search:
		for a := range paths {
			if budget <= 0 {
				break
			}
			ll := paths[a].ll
			for i := range ll {
				if ll[i] == q {
					cur, j, step = a, i, 0
					break search
				}
			}
			budget -= len(ll)
		}
		if cur >= 0 {
			out[k] = paths[cur].xy[j]
		} else {
			out[k] = p.Forward(q)
		}
	}
	return out
}

// pathStep returns the index one step s (1 or -1) from j along ll, round
// the ring when ll is closed; false off either end of an open line.
func pathStep(ll orb.LineString, j, s int) (int, bool) {
	n := len(ll)
	if n > 2 && ll[0] == ll[n-1] {
		return (j + s + n - 1) % (n - 1), true
	}
	j += s
	return j, j >= 0 && j < n
}

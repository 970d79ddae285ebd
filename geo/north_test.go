package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestNorthAngle(t *testing.T) {
	p := Afghanistan
	at := func(lon float64) float64 {
		c := p.Forward(orb.Point{lon, 34})
		v := View{W: 100, H: 100, Scale: 1e-3, X0: c[0] - 50e3, Y0: c[1] + 50e3}
		return NorthAngle(p, v) * 180 / math.Pi
	}
	if a := at(67); math.Abs(a) > 1e-6 {
		t.Errorf("on the central meridian north is %.4f° off up", a)
	}
	// East of the central meridian the meridians lean left (north points
	// anticlockwise of up), west of it right.
	if e, w := at(74), at(61); !(e < -2 && w > 2) {
		t.Errorf("north at 74° E is %.2f°, at 61° E %.2f°", e, w)
	}
}

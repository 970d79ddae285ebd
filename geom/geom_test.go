package geom

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func square(x0, y0, x1, y1 float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}
}

// TestInteriorPointAvoidsHoleAndNotch checks the point lies inside shapes
// whose centroid does not: a square with a hole in its middle and a C shape.
func TestInteriorPointAvoidsHoleAndNotch(t *testing.T) {
	holed := orb.MultiPolygon{{
		{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}},
		{{2, 2}, {2, 8}, {8, 8}, {8, 2}, {2, 2}},
	}}
	c := orb.MultiPolygon{{{{0, 0}, {10, 0}, {10, 2}, {2, 2}, {2, 8}, {10, 8}, {10, 10}, {0, 10}, {0, 0}}}}
	for name, mp := range map[string]orb.MultiPolygon{"holed": holed, "C": c} {
		p := InteriorPoint(mp)
		if !planar.MultiPolygonContains(mp, p) {
			t.Errorf("%s: %v is not inside", name, p)
		}
	}
	if p := InteriorPoint(nil); p != (orb.Point{}) {
		t.Errorf("empty: %v, want the zero point", p)
	}
}

// TestDeriveBordersKinds checks a row of three squares, the first two in one
// province: one district border, one province border, and the country
// border around the outside once.
func TestDeriveBordersKinds(t *testing.T) {
	ds := []orb.MultiPolygon{square(0, 0, 1, 1), square(1, 0, 2, 1), square(2, 0, 3, 1)}
	bs := DeriveBorders(ds, []int{0, 0, 1})
	var length [3]float64
	for _, b := range bs {
		length[b.Kind] += planar.Length(b.Line)
		if b.Kind == CountryBorder && b.Right != -1 {
			t.Errorf("country border with a right district: %+v", b)
		}
		if b.Kind != CountryBorder && b.Left >= b.Right {
			t.Errorf("border sides not ordered: %+v", b)
		}
	}
	if length != [3]float64{1, 1, 8} {
		t.Errorf("lengths by kind %v, want district 1, province 1, country 8", length)
	}
}

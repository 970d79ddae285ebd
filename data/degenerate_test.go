package data

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestDegenerateRing(t *testing.T) {
	for _, tc := range []struct {
		ring orb.Ring
		bad  bool
	}{
		{orb.Ring{{65, 33}, {66, 33}, {66, 34}, {65, 33}}, false},
		{orb.Ring{{65, 33}, {65, 33}, {65, 33}, {65, 33}}, true},
		{orb.Ring{{65, 33}, {66, 33}, {65, 33}, {66, 33}, {65, 33}}, true},
		{orb.Ring{{65, 33}, {66, 33}, {67, 33}, {65, 33}}, true},
		{orb.Ring{{65, 33}, {66, 34}, {67, 35}, {66, 34}, {65, 33}}, true},
		{orb.Ring{{65, 33}, {66, 34}, {66, 33}, {65, 34}, {65, 33}}, false}, // a bowtie: the crossing check refuses it
	} {
		if got := degenerateRing(tc.ring) != ""; got != tc.bad {
			t.Errorf("degenerateRing(%v) = %q, want degenerate %v", tc.ring, degenerateRing(tc.ring), tc.bad)
		}
	}
}

// FuzzDegenerateRing checks that validatePolygons never accepts a ring with
// fewer than three distinct points or with all its points on one line,
// whatever else is wrong or right with it.
func FuzzDegenerateRing(f *testing.F) {
	for _, s := range []string{
		"65 33, 66 33, 66 34, 65 34, 65 33",
		"65 33, 65 33, 65 33, 65 33",
		"65 33, 66 33, 67 33, 65 33",
		"65 33, 66 33, 66 34, 65 33; 65.2 33.1, 65.4 33.1, 65.6 33.1, 65.2 33.1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		mp := parsePolygons(s)
		if validatePolygons(mp) != nil {
			return
		}
		for _, poly := range mp {
			for _, ring := range poly {
				distinct := map[orb.Point]bool{}
				var pts []orb.Point
				for _, p := range ring {
					if !distinct[p] {
						pts = append(pts, p)
					}
					distinct[p] = true
				}
				onALine := true
				for _, p := range pts[min(2, len(pts)):] {
					if orient(pts[0], pts[1], p) != 0 {
						onALine = false
					}
				}
				if len(distinct) < 3 || onALine {
					t.Fatalf("a degenerate ring was accepted: %v", ring)
				}
			}
		}
	})
}

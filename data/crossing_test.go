package data

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// The grid check finds a crossing exactly when checking every pair does,
// on rings of random, clustered and axis-aligned vertices.
func TestRingSelfCrossingMatchesEveryPair(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 16))
	for trial := 0; trial < 3000; trial++ {
		n := 4 + r.IntN(60)
		ring := make(orb.Ring, n+1)
		for k := 0; k < n; k++ {
			switch trial % 3 {
			case 0:
				ring[k] = orb.Point{60 + 15*r.Float64(), 29 + 10*r.Float64()}
			case 1: // most vertices in one corner, one far away
				ring[k] = orb.Point{60 + 0.01*r.Float64(), 29 + 0.01*r.Float64()}
			case 2: // on a coarse lattice: shared vertices, collinear edges
				ring[k] = orb.Point{60 + float64(r.IntN(4)), 29 + float64(r.IntN(4))}
			}
		}
		if trial%3 == 1 {
			ring[n/2] = orb.Point{75, 39}
		}
		ring[n] = ring[0]
		i, j, ok, err := ringSelfCrossing(ring)
		if err != nil {
			t.Fatalf("ring %v: %v", ring, err)
		}
		if want := naiveSelfCrossing(ring); ok != want {
			t.Fatalf("ring %v: crossing %v, every pair says %v", ring, ok, want)
		}
		if ok && (j-i < 2 || (i == 0 && j == n-1) || !properlyCross(ring[i], ring[i+1], ring[j], ring[j+1])) {
			t.Fatalf("ring %v: edges %d and %d reported", ring, i, j)
		}
	}
}

func TestCheckVertexLimits(t *testing.T) {
	big := make(orb.Ring, 4_000_001)
	total := 0
	err := checkVertexLimits(orb.MultiPolygon{{big}}, &total)
	if err == nil || !strings.Contains(err.Error(), "ring 1 has 4000001 points, more than the 4000000") {
		t.Errorf("a ring over the limit: %v", err)
	}
	total = 7_999_990
	err = checkVertexLimits(orb.MultiPolygon{{make(orb.Ring, 5)}, {make(orb.Ring, 6)}}, &total)
	if err == nil || !strings.Contains(err.Error(), "more than the 8000000 points") {
		t.Errorf("a file over the limit: %v", err)
	}
	total = 0
	if err := checkVertexLimits(orb.MultiPolygon{{make(orb.Ring, 5)}}, &total); err != nil || total != 5 {
		t.Errorf("a small ring: %v, total %d", err, total)
	}
}

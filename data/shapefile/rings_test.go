package shapefile

import (
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func TestGroupRings(t *testing.T) {
	big := square(60, 30, 10)                // clockwise outer
	hole := ccw(square(61, 31, 6))           // inside big
	island := square(62, 32, 2)              // inside hole
	islandHole := ccw(square(62.5, 32.5, 1)) // inside island, so inside big too
	other := square(80, 30, 1)
	stray := ccw(square(90, 30, 1)) // a hole no outer contains
	edgeHole := ccw(orb.Ring{{60, 30}, {60, 31}, {61, 31}, {61, 30}, {60, 30}})

	tests := []struct {
		name  string
		rings []orb.Ring
		want  orb.MultiPolygon
	}{
		{"one outer", []orb.Ring{big}, orb.MultiPolygon{{big}}},
		{"one counter-clockwise ring is reversed", []orb.Ring{ccw(other)}, orb.MultiPolygon{{other}}},
		{"outer with hole", []orb.Ring{big, hole}, orb.MultiPolygon{{big, hole}}},
		{"hole before its outer", []orb.Ring{hole, big}, orb.MultiPolygon{{big, hole}}},
		{"two outers", []orb.Ring{big, other}, orb.MultiPolygon{{big}, {other}}},
		{"island in a hole", []orb.Ring{big, hole, island}, orb.MultiPolygon{{big, hole}, {island}}},
		{"hole goes to the smallest outer containing it", []orb.Ring{big, hole, island, islandHole},
			orb.MultiPolygon{{big, hole}, {island, islandHole}}},
		{"stray hole becomes an outer", []orb.Ring{big, stray}, orb.MultiPolygon{{big}, {ccw(stray)}}},
		{"hole touching the outer edge", []orb.Ring{big, edgeHole}, orb.MultiPolygon{{big, edgeHole}}},
		{"all counter-clockwise", []orb.Ring{ccw(big), ccw(other)}, orb.MultiPolygon{{big}, {other}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rings := make([]orb.Ring, len(tt.rings))
			for k, r := range tt.rings {
				rings[k] = r.Clone()
			}
			got, reason := groupRings(rings, new(int))
			if reason != "" {
				t.Fatal(reason)
			}
			if !got.Equal(tt.want) {
				t.Errorf("groupRings =\n%v\nwant\n%v", got, tt.want)
			}
		})
	}
}

func TestRingArea(t *testing.T) {
	tests := []struct {
		ring orb.Ring
		want float64
	}{
		{square(0, 0, 2), -4},
		{ccw(square(0, 0, 2)), 4},
		{orb.Ring{{0, 0}, {1, 1}, {2, 2}, {0, 0}}, 0},
	}
	for _, tt := range tests {
		if got := ringArea(tt.ring); got != tt.want {
			t.Errorf("ringArea(%v) = %v, want %v", tt.ring, got, tt.want)
		}
	}
}

// A record of many overlapping rings is refused in bounded time, not grouped in time
// quadratic in its size.
func TestGroupRingsBudget(t *testing.T) {
	var rings []orb.Ring
	for k := range 40000 {
		if k%2 == 0 {
			rings = append(rings, square(60, 30, 1))
		} else {
			rings = append(rings, ccw(square(70, 30, 1)))
		}
	}
	shp := buildSHP(shapePolygon, shpRecord{rings: rings})
	start := time.Now()
	_, err := readBytes(shp, buildDBF(nameField, []string{"x"}))
	checkFormatError(t, err, "t.shp", 1, "", "20000 outer rings and 20000 holes are too many to group")
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v to refuse", took)
	}
}

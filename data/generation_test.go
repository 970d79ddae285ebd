package data

import (
	"context"
	"path/filepath"
	"testing"
)

// TestBoundaryGeneration: a district import changes the district set's
// generation and not the province's, an undo (restore) brings the old
// generation back, and an event import leaves it as it is.
func TestBoundaryGeneration(t *testing.T) {
	d, _ := initedDataset(t)
	ctx := context.Background()
	gen := func() BoundaryGeneration {
		t.Helper()
		g, err := d.BoundaryGeneration(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	start := gen()
	if start.Province == 0 || start.District == 0 {
		t.Fatalf("an inited dataset has %s", start)
	}
	if _, err := d.ImportEvents(ctx, filepath.Join("testdata", "native-assessment.csv"), EventOptions{}); err != nil {
		t.Fatal(err)
	}
	if g := gen(); g != start {
		t.Errorf("an event import moved the generation from %s to %s", start, g)
	}
	rep, err := d.ImportBoundaries(ctx, []string{filepath.Join("testdata", "three-districts.geojson")}, BoundaryOptions{Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	after := gen()
	if after.District == start.District || after.Province != start.Province {
		t.Errorf("a district import moved the generation from %s to %s; want a new district set only", start, after)
	}
	for _, c := range rep.Sets {
		if _, err := d.RestoreBoundarySet(ctx, c.From, BoundaryOptions{Replace: true}); err != nil {
			t.Fatal(err)
		}
	}
	if g := gen(); g != start {
		t.Errorf("restoring the previous sets gives %s, want %s", g, start)
	}
}

package ui

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/afcontrol/afcontrol/data"
)

func TestUndoOfABoundaryImportBringsThePreviousSetBack(t *testing.T) {
	ds := testDataset(t)
	ctx := context.Background()
	three := filepath.Join("..", "data", "testdata", "three-districts.geojson")
	rep, err := ds.ImportBoundaries(ctx, []string{three}, data.BoundaryOptions{Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	step := boundaryEdit(ds, rep.Sets)
	count := func() int {
		c, err := ds.BoundaryCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return c.Districts
	}
	if err := step.undo(ctx); err != nil {
		t.Fatalf("undo: %v", err)
	}
	if n := count(); n != 398 {
		t.Errorf("after undo %d districts, want 398", n)
	}
	var unlinked int
	ds.DB().QueryRow("SELECT count(*) FROM events WHERE district_id IS NULL AND scope = 'district'").Scan(&unlinked)
	if unlinked != 0 {
		t.Errorf("after undo %d events have no district", unlinked)
	}
	if err := step.redo(ctx); err != nil {
		t.Fatalf("redo: %v", err)
	}
	if n := count(); n != 3 {
		t.Errorf("after redo %d districts, want 3", n)
	}
}

package ui

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/afcontrol/afcontrol/data"
)

// threeDistrictImport replaces the districts of a test dataset with the
// three of three-districts.geojson and returns the dataset, the import's
// report and the undoable step it makes.
func threeDistrictImport(t *testing.T) (*data.Dataset, data.BoundaryReport, edit) {
	t.Helper()
	ds := testDataset(t)
	three := filepath.Join("..", "data", "testdata", "three-districts.geojson")
	rep, err := ds.ImportBoundaries(context.Background(), []string{three}, data.BoundaryOptions{Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	return ds, rep, boundaryEdit(ds, rep.Sets)
}

func TestUndoOfABoundaryImportBringsThePreviousSetBack(t *testing.T) {
	ds, _, step := threeDistrictImport(t)
	ctx := context.Background()
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

// TestBoundaryUndoCanBeTriedAgain: an undo that stopped half way, one
// level restored and the other not, succeeds when tried again, as the
// history lets the analyst do after a failed step.
func TestBoundaryUndoCanBeTriedAgain(t *testing.T) {
	ds, rep, step := threeDistrictImport(t)
	ctx := context.Background()
	// The first level's restore went through before the step failed.
	if _, err := ds.RestoreBoundarySet(ctx, rep.Sets[0].From, data.BoundaryOptions{Replace: true}); err != nil {
		t.Fatal(err)
	}
	if err := step.undo(ctx); err != nil {
		t.Fatalf("undo tried again: %v", err)
	}
	if err := step.undo(ctx); err != nil {
		t.Fatalf("undo tried a third time: %v", err)
	}
	c, err := ds.BoundaryCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Districts != 398 {
		t.Errorf("after undo %d districts, want 398", c.Districts)
	}
}

package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/data"
)

// TestBoundaryAdvice checks that the window words its own advice for the
// refusals data leaves unworded, and keeps the error matchable.
func TestBoundaryAdvice(t *testing.T) {
	d, err := data.Create(filepath.Join(t.TempDir(), "d.gpkg"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	noName := filepath.Join("..", "data", "testdata", "bad", "boundaries-no-name-field.geojson")
	_, err = d.ImportBoundaries(context.Background(), []string{noName}, data.BoundaryOptions{})
	if !errors.Is(err, data.ErrFieldNotFound) {
		t.Fatalf("import: %v, want ErrFieldNotFound", err)
	}
	got := boundaryAdvice(err)
	if !errors.Is(got, data.ErrFieldNotFound) || !strings.Contains(got.Error(), "Rename the field") {
		t.Errorf("advice %q", got)
	}
	if other := errors.New("disk full"); boundaryAdvice(other) != other {
		t.Error("an error with no advice was changed")
	}
}

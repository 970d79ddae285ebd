package data

import (
	"archive/zip"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/data/shapefile"
	"github.com/afcontrol/afcontrol/data/shapefile/shapefiletest"
)

// TestShapefileErrorNumbersFromOne checks that a shapefile whose second
// record has a bad second ring is reported as feature 2, ring 2 (not
// "feature 2: record 1: ring 1"), and that the reader's own error, with
// its record and ring, is reachable through errors.As.
func TestShapefileErrorNumbersFromOne(t *testing.T) {
	t.Parallel()
	path := shapefiletest.WriteSet(t, t.TempDir(), shapefiletest.UnclosedHoleName, shapefiletest.UnclosedHole())
	_, err := readBoundaryFile(context.Background(), path)
	if err == nil {
		t.Fatal("read a shapefile with an unclosed ring")
	}
	want := path + ": feature 2: ring 2 is not closed"
	if msg := err.Error(); !strings.HasPrefix(msg, want) || strings.Contains(msg, "record") {
		t.Errorf("error %q, want it to start %q and number the record once", msg, want)
	}
	var fe *FeatureError
	if !errors.As(err, &fe) || fe.Feature != 2 || fe.File != path {
		t.Errorf("error %v: want a *FeatureError for feature 2 of %s", err, path)
	}
	var se *shapefile.FormatError
	if !errors.As(err, &se) {
		t.Fatalf("error %v does not reach the *shapefile.FormatError", err)
	}
	if se.File != "boundaries-unclosed-hole.shp" || se.Record != 2 || se.Ring != 2 || se.Vertex != 0 {
		t.Errorf("shapefile error %+v: want record 2, ring 2 of boundaries-unclosed-hole.shp", se)
	}
	if got := se.Error(); !strings.HasPrefix(got, "boundaries-unclosed-hole.shp: record 2: ring 2 is not closed") {
		t.Errorf("shapefile error reads %q", got)
	}
}

// TestBoundaryErrorsAreMatchable checks that the reasons callers branch on
// are sentinels errors.Is finds, under the *FeatureError that names the
// file, and that the messages carry no command-line advice.
func TestBoundaryErrorsAreMatchable(t *testing.T) {
	t.Parallel()
	d := newDataset(t)
	ctx := context.Background()
	noName := filepath.Join(badDir, "boundaries-no-name-field.geojson")
	_, err := d.ImportBoundaries(ctx, []string{noName}, BoundaryOptions{})
	var mf *MissingFieldError
	if !errors.Is(err, ErrFieldNotFound) || !errors.As(err, &mf) || mf.Role != "name" || mf.Given != "" || len(mf.Tried) == 0 {
		t.Errorf("no name field: %v (%+v), want ErrFieldNotFound with the fields tried", err, mf)
	}
	_, err = d.ImportBoundaries(ctx, []string{noName}, BoundaryOptions{NameField: "NAME_X"})
	if !errors.As(err, &mf) || mf.Given != "NAME_X" || !strings.Contains(err.Error(), `no field "NAME_X"`) {
		t.Errorf("named field missing: %v", err)
	}
	var fe *FeatureError
	if !errors.As(err, &fe) || fe.File != noName {
		t.Errorf("named field missing: %v does not name the file", err)
	}
	_, err = d.ImportBoundaries(ctx, []string{filepath.Join(t.TempDir(), "gone.geojson")}, BoundaryOptions{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist reachable", err)
	}
	notZip := filepath.Join(t.TempDir(), "set.zip")
	if err := os.WriteFile(notZip, []byte("not an archive"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = d.ImportBoundaries(ctx, []string{notZip}, BoundaryOptions{})
	if !errors.Is(err, zip.ErrFormat) || strings.Count(err.Error(), notZip) != 1 {
		t.Errorf("not a zip: %v, want zip.ErrFormat reachable and the path named once", err)
	}
	if _, err := d.RestoreBoundarySet(ctx, 12345, BoundaryOptions{}); !errors.Is(err, ErrNoBoundarySet) {
		t.Errorf("restore of no set: %v, want ErrNoBoundarySet", err)
	}
	for _, err := range []error{ErrWouldUnlink, ErrFieldNotFound, ErrNotLonLat, ErrNoBoundarySet, ErrSetActive, ErrSetNotKept} {
		if strings.Contains(err.Error(), "--") || strings.Contains(err.Error(), "afcontrol ") {
			t.Errorf("sentinel %q gives command-line advice", err)
		}
	}
}

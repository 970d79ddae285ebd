package data

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/afcontrol/afcontrol/data/gpkg"
	"github.com/paulmach/orb"
)

// awkwardDir returns a folder whose name holds the characters that end or
// change the path of an SQLite URI ('#', '%', and '?' where the system
// allows it), as analysts' folders do ("set #2", "100% checked").
func awkwardDir(t *testing.T) string {
	name := "set #2 100%41"
	if runtime.GOOS != "windows" {
		name += " what?"
	}
	dir := filepath.Join(t.TempDir(), name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestDatasetPathWithURICharacters checks that a dataset, an exported
// GeoPackage and a GeoPackage boundary file are written and read at their
// own paths when those hold '#', '%' or '?', not at the path cut short
// where SQLite's URI syntax would cut it.
func TestDatasetPathWithURICharacters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := awkwardDir(t)
	path := filepath.Join(dir, "afcontrol.gpkg")
	d, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	if d, err = Open(path); err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	d.Close()
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		t.Fatalf("the dataset is not at %s: %v", path, err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "set ")); err == nil {
		t.Error("a file was made at the path cut at '#'")
	}

	layer := gpkg.Layer{Name: "districts", GeometryType: "POLYGON", Columns: []gpkg.Column{{Name: "shapeName", Type: "TEXT"}}, Features: []gpkg.Feature{
		{Geom: orb.Polygon{{{65, 33}, {66, 33}, {66, 34}, {65, 34}, {65, 33}}}, Values: []any{"Square"}},
	}}
	out := filepath.Join(dir, "out #1.gpkg")
	if err := gpkg.WriteLayer(ctx, out, layer); err != nil {
		t.Fatalf("write %s: %v", out, err)
	}
	l, err := readGeoPackageLayer(ctx, out)
	if err != nil {
		t.Fatalf("read %s: %v", out, err)
	}
	if len(l.features) != 1 || l.features[0].attrs["shapeName"] != "Square" {
		t.Errorf("read %+v from %s", l.features, out)
	}
}

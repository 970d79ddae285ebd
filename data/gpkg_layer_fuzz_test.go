package data

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/afcontrol/afcontrol/data/gpkg"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// writeFuzzGeoPackage writes a GeoPackage of one feature table, table, whose
// geometry column is declared geomType in the SRS org:code, holding one row
// per blob with its name (as TEXT, or as a BLOB when nameBlob). It reports
// false when SQLite refuses to build it (a table name it reserves).
func writeFuzzGeoPackage(t *testing.T, path, table, geomType, org string, code int64, names []string, nameBlob bool, blobs [][]byte) bool {
	t.Helper()
	// No journal and no syncs: the file is thrown away, and fuzzing wants
	// many of them a second.
	db, err := sql.Open("sqlite", gpkg.FileURI(path, "_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	stmts := []struct {
		q    string
		args []any
	}{
		{`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
			organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)`, nil},
		{`CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT)`, nil},
		{`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
			srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL)`, nil},
		{"INSERT INTO gpkg_spatial_ref_sys VALUES ('fuzz', 7, ?, ?, 'undefined', NULL)", []any{org, code}},
		{"INSERT INTO gpkg_contents VALUES (?, 'features', ?)", []any{table, table}},
		{"INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 7, 0, 0)", []any{table, geomType}},
		{"CREATE TABLE " + quoteIdent(table) + " (fid INTEGER PRIMARY KEY, geom BLOB, shapeName, pop INTEGER)", nil},
	}
	for i, blob := range blobs {
		var name any = names[i]
		if nameBlob {
			name = []byte(names[i])
		}
		stmts = append(stmts, struct {
			q    string
			args []any
		}{"INSERT INTO " + quoteIdent(table) + " (geom, shapeName, pop) VALUES (?, ?, ?)", []any{blob, name, i * 1000}})
	}
	for _, s := range stmts {
		if _, err := db.Exec(s.q, s.args...); err != nil {
			return false
		}
	}
	return true
}

// fixturePolygonBlobs encodes the features of a GeoJSON fixture as
// GeoPackage geometry, with their names.
func fixturePolygonBlobs(f *testing.F, name string) ([]string, [][]byte) {
	f.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		f.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		f.Fatal(err)
	}
	var names []string
	var blobs [][]byte
	for _, feat := range fc.Features {
		blob, err := gpkg.Encode(feat.Geometry, gpkg.WGS84)
		if err != nil {
			f.Fatal(err)
		}
		names = append(names, feat.Properties.MustString("shapeName", ""))
		blobs = append(blobs, blob)
	}
	return names, blobs
}

// FuzzReadGeoPackageLayer builds a GeoPackage of two features from arbitrary
// geometry blobs, names, table name, declared geometry type and SRS, and
// checks that the GeoPackage boundary reader never panics; that its errors
// are *FeatureErrors naming the file and a feature of it; that what it
// reads is every row, with the geometry gpkg.Decode gives for its blob and
// no attribute outside its fields; and that the checks before storing name
// a feature of the file or pass only valid polygons. Seeds: the features of
// the GeoJSON fixtures in testdata, encoded, and damaged blobs.
func FuzzReadGeoPackageLayer(f *testing.F) {
	for _, fixture := range []string{"three-districts.geojson", "degenerate-ring.geojson", "zero-area-hole.geojson"} {
		names, blobs := fixturePolygonBlobs(f, fixture)
		for len(names) < 2 {
			names, blobs = append(names, names[0]), append(blobs, blobs[0])
		}
		f.Add("districts", "MULTIPOLYGON", "EPSG", int64(4326), names[0], blobs[0], names[1], blobs[1], false)
		f.Add("Districts \"AFG\"", "POLYGON", "epsg", int64(4326), names[1], blobs[1], names[0], blobs[0][:len(blobs[0])/2], true)
		f.Add("d", "GEOMETRY", "EPSG", int64(32642), names[0], blobs[0], "", []byte(nil), false)
	}
	f.Add("d", "MULTIPOLYGON", "EPSG", int64(4326), "A", []byte("GP\x00\x03\xe6\x10\x00\x00"), "B", []byte("GPX"), false)
	f.Fuzz(func(t *testing.T, table, geomType, org string, code int64, name1 string, blob1 []byte, name2 string, blob2 []byte, nameBlob bool) {
		if table == "" {
			return
		}
		path := filepath.Join(t.TempDir(), "in.gpkg")
		blobs := [][]byte{blob1, blob2}
		if !writeFuzzGeoPackage(t, path, table, geomType, org, code, []string{name1, name2}, nameBlob, blobs) {
			return
		}
		l, err := readGeoPackageLayer(context.Background(), path)
		if err != nil {
			var fe *FeatureError
			if !errors.As(err, &fe) || fe.File != path || fe.Feature < 0 || fe.Feature > len(blobs) || fe.Reason == "" {
				t.Fatalf("error %q is not a FeatureError naming the file and one of its %d features", err, len(blobs))
			}
			return
		}
		if len(l.features) != len(blobs) {
			t.Fatalf("read %d features of %d", len(l.features), len(blobs))
		}
		fields := map[string]bool{}
		for _, c := range l.fields {
			if c == "geom" || fields[c] {
				t.Fatalf("fields %v", l.fields)
			}
			fields[c] = true
		}
		for i, feat := range l.features {
			if feat.index != i {
				t.Fatalf("feature %d has index %d", i, feat.index)
			}
			var want orb.Geometry
			if blobs[i] != nil {
				if want, _, err = gpkg.Decode(blobs[i]); err != nil {
					t.Fatalf("feature %d: blob that does not decode (%v) was read", i+1, err)
				}
			}
			if !reflect.DeepEqual(feat.geom, want) {
				t.Fatalf("feature %d: geometry %v, the blob holds %v", i+1, feat.geom, want)
			}
			for k := range feat.attrs {
				if !fields[k] {
					t.Fatalf("feature %d: attribute %q is not among the fields %v", i+1, k, l.fields)
				}
			}
		}
		s, err := prepareSet(l, BoundaryOptions{})
		if err != nil {
			var fe *FeatureError
			if !errors.As(err, &fe) || fe.Feature < 0 || fe.Feature > len(blobs) {
				t.Fatalf("error %q does not name a feature of the file", err)
			}
			return
		}
		for _, nf := range s.features {
			if nf.name == "" || validatePolygons(nf.geom) != nil {
				t.Fatalf("prepared a feature with name %q and geometry %v", nf.name, nf.geom)
			}
		}
	})
}

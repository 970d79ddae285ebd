package data

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// readBytes returns the file's content, failing the test when it cannot.
func readBytes(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// copyFile copies src to dst, writable whatever the source's mode.
func copyFile(tb testing.TB, src, dst string) {
	tb.Helper()
	if err := os.WriteFile(dst, readBytes(tb, src), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// assertUntouched checks that a refused file kept its bytes and that opening
// it left no journal beside it.
func assertUntouched(tb testing.TB, path string, before []byte) {
	tb.Helper()
	if after := readBytes(tb, path); !bytes.Equal(before, after) {
		tb.Errorf("%s changed: %d bytes before, %d after", filepath.Base(path), len(before), len(after))
	}
	for _, side := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(path + side); err == nil {
			tb.Errorf("%s was left beside the refused file", filepath.Base(path+side))
		}
	}
}

// closedDataset creates a dataset at a new path, lets fill write to it, and
// closes it, so the whole dataset is in the one file.
func closedDataset(tb testing.TB, fill func(*Dataset)) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "dataset.gpkg")
	d, err := Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	if fill != nil {
		fill(d)
	}
	if err := d.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

func TestCreateOpenRoundTrip(t *testing.T) {
	path := closedDataset(t, func(d *Dataset) {
		if _, err := d.DB().Exec("INSERT INTO afcontrol_meta (key, value) VALUES ('probe', 'Zanda Jan')"); err != nil {
			t.Fatal(err)
		}
	})
	d, err := Open(path)
	if err != nil {
		t.Fatalf("Open of a dataset Create made: %v", err)
	}
	defer d.Close()
	if d.Path() != path {
		t.Errorf("Path() = %q, want %q", d.Path(), path)
	}
	var probe string
	if err := d.DB().QueryRow("SELECT value FROM afcontrol_meta WHERE key = 'probe'").Scan(&probe); err != nil || probe != "Zanda Jan" {
		t.Errorf("value written before closing: %q, %v", probe, err)
	}
	v, err := d.schemaVersion(context.Background())
	if err != nil || v != SchemaVersion {
		t.Errorf("schema version %d (%v), want %d", v, err, SchemaVersion)
	}
	rows, err := d.DB().Query("SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY table_name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var layers []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		layers = append(layers, s)
	}
	for _, want := range []string{"districts", "provinces"} {
		found := false
		for _, l := range layers {
			found = found || l == want
		}
		if !found {
			t.Errorf("gpkg_contents lists %v; %s is missing", layers, want)
		}
	}
	c, err := d.BoundaryCounts(context.Background())
	if err != nil || c != (BoundaryCounts{}) {
		t.Errorf("a new dataset holds %+v (%v), want nothing", c, err)
	}
}

func TestOpenOrCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.gpkg")
	d, err := OpenOrCreate(path)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	d, err = OpenOrCreate(path)
	if err != nil {
		t.Fatalf("second OpenOrCreate: %v", err)
	}
	d.Close()
}

func TestOpenRefusesFileThatIsNotSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dataset-not-sqlite.gpkg")
	copyFile(t, filepath.Join(badDir, "dataset-not-sqlite.gpkg"), path)
	before := readBytes(t, path)
	d, err := Open(path)
	if err == nil {
		d.Close()
		t.Fatal("Open accepted a text file")
	}
	if !errors.Is(err, ErrNotDataset) {
		t.Errorf("error %q does not wrap ErrNotDataset", err)
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "not an SQLite database") {
		t.Errorf("error %q should name the file and say it is not an SQLite database", err)
	}
	assertUntouched(t, path, before)
}

func TestOpenRefusesShortAndEmptyFiles(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string][]byte{
		"empty.gpkg":  nil,
		"header.gpkg": sqliteMagic, // the magic alone, cut before the rest of the header
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		if d, err := Open(path); !errors.Is(err, ErrNotDataset) {
			d.Close()
			t.Errorf("%s: got %v, want ErrNotDataset", name, err)
		}
		assertUntouched(t, path, content)
	}
}

// damagedDataset returns a dataset file with three pages in its middle
// overwritten with a fixed pseudo-random pattern, as a bad sector or a
// half-copied file would leave it, and its bytes.
func damagedDataset(t *testing.T) (string, []byte) {
	path := closedDataset(t, func(d *Dataset) {
		// The province file makes a database of some hundred pages, enough
		// for garbage in the middle to land on tables and their overflow.
		if _, err := d.ImportBoundaries(context.Background(), []string{mirrorFile(t, "geoBoundaries-AFG-ADM1.geojson")}, BoundaryOptions{}); err != nil {
			t.Fatal(err)
		}
	})
	b := readBytes(t, path)
	pageSize := int(b[16])<<8 | int(b[17])
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := len(b) / pageSize
	if pages < 10 {
		t.Fatalf("the dataset has only %d pages; the test needs more", pages)
	}
	x := uint32(2463534242)
	for i := (pages / 2) * pageSize; i < (pages/2+3)*pageSize; i++ {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, b
}

func assertDamageError(t *testing.T, err error, path string) {
	t.Helper()
	if !errors.Is(err, ErrNotDataset) {
		t.Errorf("error %q does not wrap ErrNotDataset", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "damaged") && !strings.Contains(msg, "cannot be read") {
		t.Errorf("error %q should say the database is damaged", msg)
	}
	if path != "" && !strings.Contains(msg, path) {
		t.Errorf("error %q should name the file", msg)
	}
	if strings.Count(msg, "\n") > 0 {
		t.Errorf("error should be one line: %q", msg)
	}
}

// A cleanly closed file is opened without reading every page; Check finds
// the damage.
func TestCheckFindsDamagedDatabase(t *testing.T) {
	path, b := damagedDataset(t)
	d, err := Open(path)
	if err != nil {
		// Damage on a page that opening reads is found at once: also right.
		assertDamageError(t, err, path)
		assertUntouched(t, path, b)
		return
	}
	err = d.Check(context.Background())
	d.Close()
	if err == nil {
		t.Fatal("Check accepted a damaged database")
	}
	assertDamageError(t, err, "")
	assertUntouched(t, path, b)
}

// After an unclean shutdown (a write-ahead log, or the rollback journal of
// an import that had the file to itself, left beside the file) Open runs
// the integrity check itself and refuses a damaged database.
func TestOpenAfterUncleanShutdownRefusesDamagedDatabase(t *testing.T) {
	for _, side := range []string{"-wal", "-journal"} {
		t.Run(side, func(t *testing.T) {
			path, b := damagedDataset(t)
			// A log or journal whose header is not valid is ignored by
			// SQLite's recovery, so only its presence matters here.
			if err := os.WriteFile(path+side, []byte("left by a crash"), 0o644); err != nil {
				t.Fatal(err)
			}
			d, err := Open(path)
			if err == nil {
				d.Close()
				t.Fatal("Open after an unclean shutdown accepted a damaged database")
			}
			assertDamageError(t, err, path)
			if !bytes.Equal(readBytes(t, path), b) {
				t.Error("the refused file changed")
			}
		})
	}
}

func TestCheckAcceptsSoundDatabase(t *testing.T) {
	path := closedDataset(t, func(*Dataset) {})
	if err := os.WriteFile(path+"-wal", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.Check(context.Background()); err != nil {
		t.Errorf("Check of a sound dataset: %v", err)
	}
}

func TestOpenRefusesForeignSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.sqlite")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('not ours')"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before := readBytes(t, path)
	d, err := Open(path)
	if err == nil {
		d.Close()
		t.Fatal("Open accepted an SQLite file afcontrol did not make")
	}
	if !errors.Is(err, ErrNotDataset) || !strings.Contains(err.Error(), "not an afcontrol GeoPackage") {
		t.Errorf("got %q, want ErrNotDataset saying it is not an afcontrol GeoPackage", err)
	}
	assertUntouched(t, path, before)
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := closedDataset(t, func(d *Dataset) {
		if _, err := d.DB().Exec("UPDATE afcontrol_meta SET value = ? WHERE key = 'schema_version'", strconv.Itoa(SchemaVersion+1)); err != nil {
			t.Fatal(err)
		}
	})
	before := readBytes(t, path)
	d, err := Open(path)
	if err == nil {
		d.Close()
		t.Fatal("Open accepted a dataset from a newer afcontrol")
	}
	if !errors.Is(err, ErrNewerSchema) {
		t.Errorf("error %q does not wrap ErrNewerSchema", err)
	}
	if errors.Is(err, ErrNotDataset) {
		t.Errorf("a newer dataset is still a dataset; error %q should not wrap ErrNotDataset", err)
	}
	if !strings.Contains(err.Error(), strconv.Itoa(SchemaVersion+1)) || !strings.Contains(err.Error(), "update afcontrol") {
		t.Errorf("error %q should give the file's schema and say to update afcontrol", err)
	}
	assertUntouched(t, path, before)
}

func TestCreateRefusesExistingFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "analyst.gpkg")
	content := []byte("an analyst's notes, not to be overwritten\n")
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	if d, err := Create(path); err == nil {
		d.Close()
		t.Fatal("Create overwrote an existing file")
	}
	assertUntouched(t, path, content)

	existing := closedDataset(t, nil)
	before := readBytes(t, existing)
	if d, err := Create(existing); err == nil {
		d.Close()
		t.Fatal("Create accepted the path of an existing dataset")
	}
	assertUntouched(t, existing, before)
}

func TestDatasetPragmas(t *testing.T) {
	path := closedDataset(t, nil)
	for _, step := range []string{"created", "reopened"} {
		var d *Dataset
		var err error
		if step == "created" {
			d, err = Create(filepath.Join(t.TempDir(), "fresh.gpkg"))
		} else {
			d, err = Open(path)
		}
		if err != nil {
			t.Fatal(err)
		}
		var appID, userVersion, foreignKeys int64
		var journal string
		for q, dst := range map[string]any{
			"PRAGMA application_id": &appID,
			"PRAGMA user_version":   &userVersion,
			"PRAGMA foreign_keys":   &foreignKeys,
			"PRAGMA journal_mode":   &journal,
		} {
			if err := d.DB().QueryRow(q).Scan(dst); err != nil {
				t.Fatalf("%s: %s: %v", step, q, err)
			}
		}
		if appID != 0x47504B47 {
			t.Errorf("%s: application_id = %#x, want 0x47504B47 (\"GPKG\")", step, appID)
		}
		if userVersion != 10300 {
			t.Errorf("%s: user_version = %d, want 10300 (GeoPackage 1.3.0)", step, userVersion)
		}
		if foreignKeys != 1 {
			t.Errorf("%s: foreign_keys = %d, want 1", step, foreignKeys)
		}
		if journal != "wal" {
			t.Errorf("%s: journal_mode = %q, want wal", step, journal)
		}
		// Foreign keys are not only switched on but enforced: a district
		// cannot name a boundary set that does not exist.
		_, err = d.DB().Exec(`INSERT INTO districts (geom, name, name_source, area_km2, inner_lon, inner_lat, boundary_set)
			VALUES (x'00', 'Nowhere', 'Nowhere', 1, 65, 34, 999)`)
		if err == nil || !strings.Contains(strings.ToUpper(err.Error()), "FOREIGN KEY") {
			t.Errorf("%s: a district with a missing boundary set was stored (err %v)", step, err)
		}
		d.Close()
	}
	b := readBytes(t, path)
	if b[18] != 2 || b[19] != 2 {
		t.Errorf("file header read/write versions %d/%d, want 2/2 (WAL)", b[18], b[19])
	}
}

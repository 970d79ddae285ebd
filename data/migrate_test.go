package data

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/afcontrol/afcontrol/data/gpkg"
	"github.com/paulmach/orb"
)

// schema2Dataset writes a dataset as afcontrol with schema 2 left it: one
// province, two districts, an event linked to the first and one unlinked.
func schema2Dataset(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.gpkg")
	d, err := openDB(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	square := func(x, y float64) []byte {
		b, err := gpkg.Encode(orb.MultiPolygon{{{{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}}}}, gpkg.WGS84)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	steps := []string{
		"PRAGMA journal_mode=WAL",
		"PRAGMA application_id=" + strconv.Itoa(gpkgApplicationID),
		migrations[0], migrations[1],
		"INSERT INTO afcontrol_meta VALUES ('schema_version', '2')",
		`INSERT INTO boundary_sets VALUES (1, 'province', 's', 'p.geojson', 'l', 'a', 'x', 1, '2024-01-01'),
			(2, 'district', 's', 'd.geojson', 'l', 'a', 'y', 2, '2024-01-01')`,
	}
	for _, q := range steps {
		if _, err := d.db.Exec(q); err != nil {
			t.Fatalf("%.40s: %v", q, err)
		}
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{"INSERT INTO provinces (fid, geom, name, name_source, boundary_set) VALUES (1, ?, 'Herat', 'Herat', 1)", []any{square(61, 33)}},
		{`INSERT INTO districts (fid, geom, name, name_source, province_id, province, area_km2, inner_lon, inner_lat, boundary_set)
			VALUES (1, ?, 'Guzara', 'Guzara', 1, 'Herat', 1, 61.5, 33.5, 2), (2, ?, 'Injil', 'Injil', 1, 'Herat', 1, 61.5, 33.6, 2)`,
			[]any{square(61, 33), square(61, 33.4)}},
		{`INSERT INTO events (date, province, district, district_id, status, kind, claim, source, confidence, created_at, updated_at)
			VALUES ('2021-08-01', 'Herat', 'Guzara', 1, 'taliban', 'captured', 0, 'S', 'high', 'now', 'now'),
			('2021-08-02', 'Herat', 'Nowhere', NULL, 'taliban', 'captured', 0, 'S', 'high', 'now', 'now')`, nil},
	} {
		if _, err := d.db.Exec(q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func TestMigrationKeysAnOlderDataset(t *testing.T) {
	d, err := Open(schema2Dataset(t))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	db := d.DB()
	var key string
	if err := db.QueryRow("SELECT stable_key FROM districts WHERE fid = 1").Scan(&key); err != nil || key != placeKey("Herat", "Guzara") {
		t.Errorf("district key %q, %v; want %q", key, err, placeKey("Herat", "Guzara"))
	}
	if err := db.QueryRow("SELECT district_key FROM events WHERE district = 'Guzara'").Scan(&key); err != nil || key != placeKey("Herat", "Guzara") {
		t.Errorf("event key %q, %v", key, err)
	}
	if n := queryInt(t, db, "SELECT count(*) FROM boundary_sets WHERE active"); n != 2 {
		t.Errorf("%d active sets after the migration, want both", n)
	}
	audit0 := queryInt(t, db, "SELECT count(*) FROM audit")
	if _, err := db.Exec("UPDATE events SET district_id = 2"); err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, db, "SELECT count(*) FROM audit"); n != audit0 {
		t.Errorf("relinking events wrote %d audit rows", n-audit0)
	}
	if _, err := db.Exec("UPDATE events SET notes = 'edited' WHERE district = 'Guzara'"); err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, db, "SELECT count(*) FROM audit"); n != audit0+1 {
		t.Errorf("an edit wrote %d audit rows, want 1", n-audit0)
	}
	sets, err := d.BoundarySets(context.Background())
	if err != nil || len(sets) != 2 || !sets[1].Active || !sets[1].Kept {
		t.Errorf("sets %+v, %v", sets, err)
	}
}

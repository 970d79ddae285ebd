package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

var uuidText = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestUIDs(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		u := newUID()
		if !uuidText.MatchString(u) || u[14] != '4' || seen[u] {
			t.Fatalf("newUID %q: not a fresh version 4 UUID", u)
		}
		seen[u] = true
	}
	a, b := nameUID("bundled row"), nameUID("bundled row")
	if a != b || a[14] != '5' || !uuidText.MatchString(a) || nameUID("another row") == a {
		t.Errorf("nameUID: %q, %q", a, b)
	}
}

// TestMigrationGivesEventsIDsWithoutAuditingThem opens a dataset of schema
// 2 (made by the first two migrations, with events and their audit rows)
// and checks that migration 3 gives every event its own id and revision 1
// and the audit rows their event's id, without writing an audit row.
func TestMigrationGivesEventsIDsWithoutAuditingThem(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.gpkg")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"PRAGMA application_id=" + strconv.Itoa(gpkgApplicationID), migrations[0], migrations[1],
		"INSERT INTO afcontrol_meta VALUES ('schema_version', '2')",
		`INSERT INTO boundary_sets VALUES (1, 'district', 's', 'f', 'l', 'a', 'x', 0, 'now')`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 50 {
		_, err := db.Exec(`INSERT INTO events (date, province, district, status, kind, claim, source, confidence, created_at, updated_at)
			VALUES ('2021-08-01', 'P', ?, 'taliban', 'captured', 0, 'src', 'low', 'now', 'now')`, "D"+strconv.Itoa(i))
		if err != nil {
			t.Fatal(err)
		}
		db.Exec("INSERT INTO audit (action, table_name, row_id) VALUES ('insert', 'events', last_insert_rowid())")
	}
	db.Close()

	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var events, distinct, bad, audits, unlinked int
	d.DB().QueryRow("SELECT count(*), count(DISTINCT uid), count(*) FILTER (WHERE rev <> 1 OR uid IS NULL) FROM events").Scan(&events, &distinct, &bad)
	d.DB().QueryRow("SELECT count(*), count(*) FILTER (WHERE uid IS NULL) FROM audit").Scan(&audits, &unlinked)
	if events != 50 || distinct != 50 || bad != 0 {
		t.Errorf("%d events, %d ids, %d without id or not revision 1", events, distinct, bad)
	}
	if audits != 50 || unlinked != 0 {
		t.Errorf("%d audit rows (want 50: the migration is not an edit), %d without the event's id", audits, unlinked)
	}
	rows, _ := d.DB().Query("SELECT uid FROM events")
	for rows.Next() {
		var u string
		rows.Scan(&u)
		if !uuidText.MatchString(u) {
			t.Errorf("backfilled id %q is not a UUID", u)
		}
	}
	rows.Close()
}

func TestEditsKeepTheIDAndRaiseTheRevision(t *testing.T) {
	d, _ := initedDataset(t)
	ctx := context.Background()
	e, err := d.AddEvent(ctx, handRow())
	if err != nil {
		t.Fatal(err)
	}
	idRev := func() (string, int64) {
		var u string
		var r int64
		d.DB().QueryRow("SELECT uid, rev FROM events WHERE fid = ?", e.FID).Scan(&u, &r)
		return u, r
	}
	uid, rev := idRev()
	if !uuidText.MatchString(uid) || rev != 1 {
		t.Fatalf("added event: id %q rev %d", uid, rev)
	}
	if _, err := d.UpdateEvent(ctx, e.FID, handRow()); err != nil {
		t.Fatal(err)
	}
	if u, r := idRev(); u != uid || r != 2 {
		t.Errorf("after an edit: id %q rev %d, want %q rev 2", u, r, uid)
	}
	del, err := d.DeleteEvent(ctx, e.FID)
	if err != nil {
		t.Fatal(err)
	}
	var tomb int64
	d.DB().QueryRow("SELECT rev FROM audit WHERE uid = ? AND action = 'delete'", uid).Scan(&tomb)
	if tomb != 3 {
		t.Errorf("the delete is audited as revision %d, want 3", tomb)
	}
	if err := d.RestoreEvent(ctx, del); err != nil {
		t.Fatal(err)
	}
	if u, r := idRev(); u != uid || r != 4 {
		t.Errorf("after restore: id %q rev %d, want %q rev 4", u, r, uid)
	}
	// The bundled timeline's ids are made from its rows: the same on every
	// laptop.
	var named int
	d.DB().QueryRow("SELECT count(*) FROM events WHERE origin = ? AND substr(uid, 15, 1) = '5'", bundledOrigin).Scan(&named)
	if named == 0 {
		t.Error("the bundled events have no name-based ids")
	}
}

// FuzzVersionJSON reads arbitrary bytes as a stored version (the conflicts
// table keeps versions as JSON) and checks that what it reads is written
// back as JSON that reads as the same version.
func FuzzVersionJSON(f *testing.F) {
	v := Version{UID: "6ba7b810-9dad-41d1-80b4-00c04fd430c8", Rev: 3, Date: "2021-08-01", Province: "Badghis",
		District: "Qala-I- Naw", Status: "taliban", Kind: "captured", Source: "A report", Confidence: "high",
		HasPoint: true, Lon: 63.1, Lat: 34.9, UpdatedAt: time.Date(2021, 8, 2, 3, 4, 5, 6, time.UTC), By: "alice"}
	f.Add([]byte(v.JSON()))
	f.Add([]byte(`{"uid":"x","deleted":true,"rev":9}`))
	f.Add([]byte(`{"updated_at":"not a time"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var v Version
		if err := json.Unmarshal(b, &v); err != nil {
			return
		}
		var w Version
		if err := json.Unmarshal([]byte(v.JSON()), &w); err != nil {
			t.Fatalf("%s does not read back: %v", v.JSON(), err)
		}
		if !w.SameAs(v) && !(v.Lon != v.Lon || v.Lat != v.Lat) || !w.UpdatedAt.Equal(v.UpdatedAt) || w.By != v.By {
			t.Fatalf("round trip changed the version:\n%+v\n%+v", v, w)
		}
		_ = v.Summary()
	})
}

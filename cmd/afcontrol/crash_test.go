package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/datatest"
)

// childEnv makes the test binary run as afcontrol (see TestMain), so that a
// crash test can kill a real afcontrol process without building one.
const childEnv = "AFCONTROL_TEST_CHILD"

// killAt runs afcontrol args as a child and kills it with SIGKILL after
// delay (or lets it finish when it is done sooner), reporting whether it
// was killed.
func killAt(t *testing.T, delay time.Duration, args ...string) bool {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("afcontrol %s failed on its own: %v", strings.Join(args, " "), err)
		}
		return false
	case <-time.After(delay):
		cmd.Process.Kill()
		<-done
		return true
	}
}

// snapshot is what a crash test compares: counts that an import changes
// together, and the database's own integrity verdict.
type snapshot struct {
	integrity                          string
	events, audit, unlinked, districts int
	kept                               int
	activeDistrictSet                  int64
	// schema is the indexes and triggers on events, which a large import
	// drops while it inserts and makes again before it commits.
	schema string
	// journal is the journal mode once the dataset is open again.
	journal string
}

func takeSnapshot(t *testing.T, path string) snapshot {
	t.Helper()
	// Opening recovers the WAL as the next afcontrol would.
	d, err := data.Open(path)
	if err != nil {
		t.Fatalf("after the kill the dataset does not open: %v", err)
	}
	defer d.Close()
	var s snapshot
	db := d.DB()
	q := func(query string, dst any) {
		if err := db.QueryRow(query).Scan(dst); err != nil && err != sql.ErrNoRows {
			t.Fatalf("%s: %v", query, err)
		}
	}
	q("PRAGMA integrity_check", &s.integrity)
	q("PRAGMA journal_mode", &s.journal)
	q("SELECT count(*) FROM events", &s.events)
	q("SELECT count(*) FROM audit", &s.audit)
	q("SELECT count(*) FROM events WHERE district_id IS NULL", &s.unlinked)
	q("SELECT count(*) FROM districts", &s.districts)
	q("SELECT count(*) FROM boundary_history", &s.kept)
	q("SELECT id FROM boundary_sets WHERE level = 'district' AND active", &s.activeDistrictSet)
	q("SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE tbl_name = 'events' AND type IN ('index', 'trigger') ORDER BY name)", &s.schema)
	return s
}

func copyDataset(t *testing.T, src string) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "crash.gpkg")
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// bigEventFile writes n native rows spread over a few districts.
func bigEventFile(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "big.csv")
	var b strings.Builder
	b.WriteString("date,province,district,status,kind,claim,actor,source,source_url,confidence,notes\n")
	places := []string{"Herat,Herat", "Badghis,Qala-i-Naw", "Kandahar,Arghandab", "Balkh,Mazar-i-Sharif", "Helmand,Lashkar Gah"}
	statuses := []string{"taliban", "contested", "government"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "2020-%02d-%02d,%s,%s,assessment,false,,Crash test %d,,medium,\n",
			1+i%12, 1+i%28, places[i%len(places)], statuses[i%len(statuses)], i)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestKilledWritesLeaveOldOrNew kills afcontrol part way through an event
// import and through a boundary replacement, at several points, and checks
// that the dataset is sound and holds either everything from before or
// everything from after, never a mix.
func TestKilledWritesLeaveOldOrNew(t *testing.T) {
	if testing.Short() {
		t.Skip("starts ten imports and kills most of them")
	}
	// Past the 100,000 rows after which an import drops the district index.
	const rows = 150_000
	template := datatest.Template(t)
	big := bigEventFile(t, rows)
	// From before the transaction begins to late in it; the last lets the
	// child finish (killAt returns when it exits), so that the new contents
	// are checked as well as the old.
	delays := []time.Duration{50 * time.Millisecond, 400 * time.Millisecond, 1200 * time.Millisecond, 2000 * time.Millisecond, 2800 * time.Millisecond, time.Minute}
	// The import takes about a second.
	importDelays := []time.Duration{50 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 600 * time.Millisecond, 800 * time.Millisecond, time.Minute}

	before := takeSnapshot(t, template)
	t.Run("events import", func(t *testing.T) {
		committed, journaled := false, false
		for _, delay := range importDelays {
			path := copyDataset(t, template)
			killed := killAt(t, delay, "events", "import", "--db", path, big)
			// The command has the file to itself, and writes through a
			// rollback journal, which opening plays back.
			if fi, err := os.Stat(path + "-journal"); err == nil && fi.Size() > 0 {
				journaled = true
			}
			s := takeSnapshot(t, path)
			if s.integrity != "ok" {
				t.Fatalf("killed at %s: integrity_check %q", delay, s.integrity)
			}
			if s.journal != "wal" {
				t.Errorf("killed at %s: the dataset opens in journal mode %q, want wal", delay, s.journal)
			}
			if s.schema != before.schema {
				t.Errorf("killed at %s: the indexes and triggers on events are %q, want %q", delay, s.schema, before.schema)
			}
			old := s.events == before.events && s.audit == before.audit
			whole := s.events == before.events+rows && s.audit == before.audit+rows
			if !old && !whole {
				t.Errorf("killed at %s: %d events and %d audit rows; want %d and %d, or %d and %d", delay,
					s.events, s.audit, before.events, before.audit, before.events+rows, before.audit+rows)
			}
			committed = committed || whole
			t.Logf("killed at %s: %v, import committed: %v", delay, killed, whole)
		}
		if !committed {
			t.Error("no import committed, not even the one left to finish")
		}
		if !journaled {
			t.Error("no killed import left a rollback journal: the command wrote through the log")
		}
	})

	// A dataset with the big file in it, so that relinking takes a while.
	base := copyDataset(t, template)
	d, err := data.Open(base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.ImportEvents(context.Background(), big, data.EventOptions{}); err != nil {
		t.Fatal(err)
	}
	d.Close()
	three, err := filepath.Abs(filepath.Join("..", "..", "data", "testdata", "three-districts.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	old := takeSnapshot(t, base)
	t.Run("boundaries import --replace", func(t *testing.T) {
		committed := false
		for _, delay := range delays {
			path := copyDataset(t, base)
			killed := killAt(t, delay, "boundaries", "import", "--replace", "--db", path, three)
			s := takeSnapshot(t, path)
			if s.integrity != "ok" {
				t.Fatalf("killed at %s: integrity_check %q", delay, s.integrity)
			}
			if s.events != old.events || s.audit != old.audit {
				t.Errorf("killed at %s: %d events and %d audit rows, want %d and %d: a boundary change never adds or deletes events",
					delay, s.events, s.audit, old.events, old.audit)
			}
			unchanged := s == old
			replaced := s.districts == 3 && s.kept == old.kept+398 && s.unlinked > old.unlinked && s.activeDistrictSet != old.activeDistrictSet
			if !unchanged && !replaced {
				t.Errorf("killed at %s: %+v is neither the dataset before (%+v) nor after the replacement", delay, s, old)
			}
			committed = committed || replaced
			t.Logf("killed at %s: %v, replacement committed: %v", delay, killed, replaced)
		}
		if !committed {
			t.Error("no replacement committed, not even the one left to finish")
		}
	})
}

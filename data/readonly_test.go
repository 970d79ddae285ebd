package data

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// readOnlyCopy puts a copy of the Init template in a folder of its own and
// applies protect to it; the folder is made writable again for its removal.
func readOnlyCopy(t *testing.T, protect func(dir, path string)) string {
	t.Helper()
	initedDataset(t) // makes the template
	dir := filepath.Join(t.TempDir(), "stick")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "a.gpkg")
	copyFile(t, initTemplate, path)
	protect(dir, path)
	t.Cleanup(func() {
		os.Chmod(dir, 0o755)
		os.Chmod(path, 0o644)
	})
	return path
}

func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, reason string
		protect      func(dir, path string)
	}{
		{"write-protected file", "file is write-protected", func(_, path string) { os.Chmod(path, 0o444) }},
		{"write-protected folder", "folder is write-protected", func(dir, _ string) { os.Chmod(dir, 0o555) }},
		{"chmod -R a-w", "file is write-protected", func(dir, path string) { os.Chmod(path, 0o444); os.Chmod(dir, 0o555) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := readOnlyCopy(t, tc.protect)
			before := readBytes(t, path)
			d, err := Open(path)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if !strings.Contains(d.ReadOnly(), tc.reason) {
				t.Errorf("ReadOnly() = %q, want it to say %q", d.ReadOnly(), tc.reason)
			}
			c, err := d.LoadControl(ctx)
			if err != nil || len(c.Districts) != 398 {
				t.Fatalf("LoadControl on a read-only dataset: %v", err)
			}
			if n, err := d.BoundaryCounts(ctx); err != nil || n.Provinces != 34 {
				t.Errorf("BoundaryCounts: %+v, %v", n, err)
			}
			csv := filepath.Join(t.TempDir(), "e.csv")
			os.WriteFile(csv, []byte("date,province,district,status,kind,claim,actor,source,source_url,confidence,notes\n2021-08-02,Herat,Guzara,taliban,captured,false,Taliban,TOLOnews,,low,\n"), 0o644)
			_, err = d.ImportEvents(ctx, csv, EventOptions{})
			if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("import into a read-only dataset: %v; want ErrReadOnly with the reason", err)
			}
			// No download is tried: the API address is one nothing answers.
			if _, err := d.FetchBoundaries(ctx, FetchOptions{Mirror: t.TempDir(), API: "http://192.0.2.1/"}); !errors.Is(err, ErrReadOnly) {
				t.Errorf("fetch into a read-only dataset: %v; want ErrReadOnly", err)
			}
			if err := d.Close(); err != nil {
				t.Fatal(err)
			}
			assertUntouched(t, path, before)
			for _, side := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(path + side); err == nil {
					t.Errorf("opening read-only left %s", filepath.Base(path+side))
				}
			}
		})
	}
}

// TestOpenReadOnlyRefusesOldSchema checks that a dataset which would need a
// migration is refused read-only with the reason, not half-read.
func TestOpenReadOnlyRefusesOldSchema(t *testing.T) {
	path := readOnlyCopy(t, func(string, string) {})
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.DB().Exec("UPDATE afcontrol_meta SET value = '1' WHERE key = 'schema_version'"); err != nil {
		t.Fatal(err)
	}
	d.Close()
	os.Chmod(path, 0o444)
	if d, err := Open(path); err == nil {
		d.Close()
		t.Fatal("an old read-only dataset opened")
	} else if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "older afcontrol") {
		t.Errorf("error %q", err)
	}
}

func TestOpenWritableIsNotReadOnly(t *testing.T) {
	d, _ := initedDataset(t)
	if r := d.ReadOnly(); r != "" {
		t.Errorf("a dataset in a temporary folder opened read-only: %s", r)
	}
}

// A write-protected dataset that an import is writing through a rollback
// journal (Alone: the importer may write what this user cannot) is read
// with SQLite's locks: opening it waits for the import instead of reading
// pages it is changing.
func TestOpenReadOnlyWaitsForAJournaledImport(t *testing.T) {
	saved := BusyWait
	BusyWait = 500 * time.Millisecond
	t.Cleanup(func() { BusyWait = saved })
	path := readOnlyCopy(t, func(_, path string) { os.Chmod(path, 0o444) })
	if os.Geteuid() != 0 {
		t.Skip("the importer must be able to write a file this user cannot: root")
	}
	ctx := context.Background()
	conn := otherConn(t, path)
	// A page cache of a few pages: the change spills into the file, and
	// the import holds the file's exclusive lock.
	for _, q := range []string{"PRAGMA journal_mode = DELETE", "PRAGMA cache_size = 2", "BEGIN IMMEDIATE",
		"UPDATE events SET notes = hex(randomblob(2000))"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	defer conn.ExecContext(ctx, "ROLLBACK")
	d, err := Open(path)
	if err == nil {
		d.Close()
		t.Fatal("a read-only open read the dataset while an import was writing its pages")
	}
	if !errors.Is(err, ErrBusy) {
		t.Errorf("error %v, want ErrBusy", err)
	}
}

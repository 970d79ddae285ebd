package data

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestWriteDuringAnotherWriteExplainsItself(t *testing.T) {
	_, path := initedDataset(t)
	saved, savedNotice := BusyWait, waitNotice
	BusyWait, waitNotice = time.Second, 100*time.Millisecond
	t.Cleanup(func() { BusyWait, waitNotice = saved, savedNotice })
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var mu sync.Mutex
	var waits []string
	d.OnWait = func(msg string) { mu.Lock(); waits = append(waits, msg); mu.Unlock() }

	// Another program in the middle of a long write holds the write lock.
	other, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")

	csv := filepath.Join(t.TempDir(), "more.csv")
	if err := os.WriteFile(csv, []byte("date,province,district,status,kind,claim,actor,source,source_url,confidence,notes\n"+
		"2021-08-20,Herat,Herat,taliban,captured,false,Taliban,Busy test,,high,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := contentChecksums(t, d.DB())
	_, err = d.ImportEvents(context.Background(), csv, EventOptions{})
	var busy *BusyError
	if !errors.As(err, &busy) || !errors.Is(err, ErrBusy) {
		t.Fatalf("import during another write: %v, want a *BusyError", err)
	}
	for _, want := range []string{path, "is busy", "another afcontrol", "try again"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	mu.Lock()
	if len(waits) != 1 || !strings.Contains(waits[0], "waiting for another afcontrol") || !strings.Contains(waits[0], path) {
		t.Errorf("told %q while waiting, want one message naming the file", waits)
	}
	mu.Unlock()
	assertSameContent(t, before, contentChecksums(t, d.DB()))
}

func TestSQLiteErrorsInTheProgramsWords(t *testing.T) {
	d := newDataset(t)
	_, err := d.db.Exec("INSERT INTO no_such_table VALUES (1)")
	if got := d.explain(err); got != err {
		t.Errorf("an SQL mistake was reworded: %v", got)
	}
	// A file that starts like SQLite but is not one.
	path := filepath.Join(t.TempDir(), "fake.gpkg")
	b := append([]byte("SQLite format 3\x00"), make([]byte, 4096)...)
	for i := 16; i < len(b); i++ {
		b[i] = 0xAB
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Open(path)
	if err == nil || !errors.Is(err, ErrNotDataset) || !strings.Contains(err.Error(), path) {
		t.Fatalf("opening a damaged file: %v", err)
	}
	if strings.HasPrefix(strings.TrimPrefix(err.Error(), "open dataset "+path+": "), "file is not a database") {
		t.Errorf("SQLite's text leads the message: %v", err)
	}
}

// A program that opens the dataset while an import writes to it through a
// rollback journal (Alone) opens it and reads it as it was, and sees the
// import once it commits.
func TestOpenDuringAnImportThroughTheJournal(t *testing.T) {
	first, path := initedDataset(t)
	first.Close()
	ctx := context.Background()
	// The import's connection: a rollback journal, and the write lock
	// with a change written but not committed.
	conn := otherConn(t, path+"?_pragma=busy_timeout(5000)")
	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode = DELETE").Scan(&mode); err != nil || mode != "delete" {
		t.Fatalf("journal mode %q, %v", mode, err)
	}
	var before int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM events").Scan(&before); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"BEGIN IMMEDIATE", "DELETE FROM events WHERE fid = (SELECT max(fid) FROM events)"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	d, err := Open(path)
	if err != nil {
		t.Fatalf("open during the import: %v", err)
	}
	defer d.Close()
	count := func() int {
		var n int
		if err := d.DB().QueryRow("SELECT count(*) FROM events").Scan(&n); err != nil {
			t.Fatalf("read during the import: %v", err)
		}
		return n
	}
	if n := count(); n != before {
		t.Errorf("%d events read during the import, want the %d from before it", n, before)
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal mode %q, %v", mode, err)
	}
	if n := count(); n != before-1 {
		t.Errorf("%d events read after the import, want %d", n, before-1)
	}
}

// otherConn opens a connection to the SQLite file at uri (its path, with
// any query), as another program would, closed when the test ends.
func otherConn(t *testing.T, uri string) *sql.Conn {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+uri)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

package data

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
)

// streamFile writes a native CSV of n rows over c's districts to dir/name;
// the rows whose index bad says are given the district "Narnia", which no
// gazetteer resolves. It returns the path.
func streamFile(t *testing.T, c *Control, dir, name string, n int, bad func(i int) bool) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(strings.Join(events.NativeColumns(), ",") + "\n")
	for i := 0; i < n; i++ {
		dist := c.Districts[i%len(c.Districts)]
		district := dist.Name
		if bad(i) {
			district = "Narnia"
		}
		fmt.Fprintf(&b, "2020-01-%02d,%s,%s,contested,contested,false,,Row %d,,low,\n", 1+i%28, dist.Province, district, i)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// triggersOf lists the triggers on events, to check that an import puts
// back the ones it drops.
func triggersOf(t *testing.T, d *Dataset) []string {
	t.Helper()
	rows, err := d.DB().Query("SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

func TestImportRefusedAfterWrittenBatches(t *testing.T) {
	// Three batches of good rows are written, the third staged, before the
	// bad last row; through the log, and through a rollback journal as
	// 'events import' writes.
	for _, alone := range []bool{false, true} {
		d, _ := initedDataset(t)
		d.Alone = alone
		c := loadControl(t, d)
		dir := t.TempDir()
		n := 3*eventBatch + 5
		path := streamFile(t, c, dir, "late.csv", n, func(i int) bool { return i == n-1 })
		before := contentChecksums(t, d.DB())
		_, err := d.ImportEvents(context.Background(), path, EventOptions{})
		var bad *BadRowsError
		if !errors.As(err, &bad) || bad.Rows != 1 || bad.More != 0 || len(bad.Problems) != 1 || bad.Problems[0].Line != n+1 {
			t.Fatalf("alone %v: error %v (%+v), want one bad row at line %d", alone, err, bad, n+1)
		}
		var rows events.RowErrors
		if !errors.As(err, &rows) || !strings.Contains(err.Error(), "Narnia") || !strings.Contains(err.Error(), "nothing imported") {
			t.Errorf("alone %v: error %q does not reach the row errors or name the row", alone, err)
		}
		assertSameContent(t, before, contentChecksums(t, d.DB()))
		if left, _ := filepath.Glob(filepath.Join(dir, "late.rejects*")); len(left) != 0 {
			t.Errorf("alone %v: a refused import left %v", alone, left)
		}
		var mode string
		if err := d.DB().QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("alone %v: journal mode %q after the refusal (%v), want wal", alone, mode, err)
		}
		d.Close()
	}
}

func TestImportCapsItsListOfProblems(t *testing.T) {
	d, _ := initedDataset(t)
	c := loadControl(t, d)
	n := 2*eventBatch + 3
	const badRows = maxListed + 37
	path := streamFile(t, c, t.TempDir(), "many-bad.csv", n, func(i int) bool { return i%10 == 3 && i/10 < badRows })
	_, err := d.ImportEvents(context.Background(), path, EventOptions{})
	var bad *BadRowsError
	if !errors.As(err, &bad) {
		t.Fatalf("error %v, want a *BadRowsError", err)
	}
	if bad.Rows != badRows || len(bad.Problems) != maxListed || bad.More != badRows-maxListed {
		t.Errorf("%d bad rows, %d listed, %d more; want %d, %d, %d", bad.Rows, len(bad.Problems), bad.More, badRows, maxListed, badRows-maxListed)
	}
	if !slices.IsSortedFunc(bad.Problems, func(a, b events.RowError) int { return a.Line - b.Line }) || bad.Problems[0].Line != 5 {
		t.Errorf("problems not the first ones in file order: first at line %d", bad.Problems[0].Line)
	}
	if want := fmt.Sprintf("… and %d more problems", badRows-maxListed); !strings.Contains(err.Error(), want) {
		t.Errorf("error does not end with %q:\n%s", want, err)
	}
	if got := strings.Count(err.Error(), "\n"); got != maxListed+1 {
		t.Errorf("error has %d lines after the first, want %d", got, maxListed+1)
	}
}

func TestImportSkipBadStreamsEveryReject(t *testing.T) {
	d, _ := initedDataset(t)
	c := loadControl(t, d)
	dir := t.TempDir()
	n := 3*eventBatch + 11
	isBad := func(i int) bool { return i%7 == 0 }
	path := streamFile(t, c, dir, "mixed.csv", n, isBad)
	badRows := 0
	for i := 0; i < n; i++ {
		if isBad(i) {
			badRows++
		}
	}
	triggers := triggersOf(t, d)
	rep, err := d.ImportEvents(context.Background(), path, EventOptions{SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != n-badRows || rep.Rejected != badRows || rep.Read != n {
		t.Errorf("report %+v, want %d imported, %d rejected, %d read", rep, n-badRows, badRows, n)
	}
	if got := queryInt(t, d.DB(), "SELECT count(*) FROM events WHERE origin = 'mixed.csv'"); got != n-badRows {
		t.Errorf("%d events stored, want %d", got, n-badRows)
	}
	b, err := os.ReadFile(rep.RejectsPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != badRows+1 || !strings.HasPrefix(lines[1], "2,") || !strings.Contains(lines[len(lines)-1], "Narnia") {
		t.Errorf("rejects file has %d lines, want a header and %d rows from line 2:\n%s…", len(lines), badRows, lines[:2])
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.part")); len(left) != 0 {
		t.Errorf("the import left %v", left)
	}
	if got := triggersOf(t, d); !slices.Equal(got, triggers) {
		t.Errorf("the triggers on events changed:\n%v\nwant\n%v", got, triggers)
	}
}

func TestImportFileErrorAfterRowsLeavesNothing(t *testing.T) {
	d, _ := initedDataset(t)
	c := loadControl(t, d)
	dir := t.TempDir()
	path := streamFile(t, c, dir, "cut.csv", 2*eventBatch, func(int) bool { return false })
	// A record over the limit at the end is a file-level error, met after
	// two batches were written.
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "2020-01-01,Herat,Shindand,contested,contested,false,,%s,,low,\n", strings.Repeat("x", 2<<20))
	f.Close()
	before := contentChecksums(t, d.DB())
	_, err = d.ImportEvents(context.Background(), path, EventOptions{SkipBad: true})
	if !errors.Is(err, events.ErrTooLarge) {
		t.Fatalf("error %v, want ErrTooLarge", err)
	}
	assertSameContent(t, before, contentChecksums(t, d.DB()))
}

func TestImportUIDsAreTimeOrderedAndUnique(t *testing.T) {
	s := newUIDSeq()
	prev := ""
	seen := map[string]bool{}
	for i := 0; i < 10_000; i++ {
		u := s.next()
		if len(u) != 36 || u[14] != '7' || !strings.ContainsRune("89ab", rune(u[19])) || seen[u] || u <= prev {
			t.Fatalf("id %d %q after %q: not a fresh version 7 UUID in order", i, u, prev)
		}
		seen[u] = true
		prev = u
	}
	if other := newUIDSeq().next(); seen[other] {
		t.Errorf("a second sequence repeats %q", other)
	}
}

// indexSQL returns the SQL of the index name, "" when there is none.
func indexSQL(t *testing.T, d *Dataset, name string) string {
	t.Helper()
	var text string
	err := d.DB().QueryRow("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", name).Scan(&text)
	if err != nil && err != sql.ErrNoRows {
		t.Fatal(err)
	}
	return text
}

// TestBulkImportDefersAnIndex imports a file long enough for the import
// to drop the district index while it inserts: the index is made again as
// it was, the map is the one an import with the index in place draws, and
// the pool's connections enforce foreign keys again afterwards. A refused
// file of the same length leaves the dataset, index included, as it was.
func TestBulkImportDefersAnIndex(t *testing.T) {
	was, stage := deferMinRows, stageMinRows
	t.Cleanup(func() { deferMinRows, stageMinRows = was, stage })
	ctx := context.Background()
	want := map[string]string{}
	var maps [3][]events.Status
	// Every index in place; the district index deferred; the rows staged.
	for i, min := range []int64{1 << 62, 2 * eventBatch, 1 << 62} {
		deferMinRows = min
		stageMinRows = 1 << 62
		if i == 2 {
			stageMinRows = 2 * eventBatch
		}
		d, _ := initedDataset(t)
		c := loadControl(t, d)
		dir := t.TempDir()
		for _, name := range []string{"events_district_date", "status_spans_district"} {
			want[name] = indexSQL(t, d, name)
			if want[name] == "" {
				t.Fatalf("the dataset has no index %s", name)
			}
		}
		n := 5*eventBatch + 7
		late := streamFile(t, c, dir, "late.csv", n, func(i int) bool { return i == n-1 })
		before := contentChecksums(t, d.DB())
		if _, err := d.ImportEvents(ctx, late, EventOptions{}); err == nil {
			t.Fatal("a file with a bad last row was imported")
		}
		assertSameContent(t, before, contentChecksums(t, d.DB()))

		good := streamFile(t, c, dir, "good.csv", n, func(int) bool { return false })
		rep, err := d.ImportEvents(ctx, good, EventOptions{})
		if err != nil || rep.Imported != n {
			t.Fatalf("imported %d of %d: %v", rep.Imported, n, err)
		}
		for name, text := range want {
			if got := indexSQL(t, d, name); got != text {
				t.Errorf("index %s after the import: %q, want %q", name, got, text)
			}
		}
		c = loadControl(t, d)
		maps[i] = c.Timeline.StatusOn(events.DayOf(2020, 1, 20), timeline.Confirmed, nil)
		var fk, temp int
		if err := d.DB().QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
			t.Errorf("foreign_keys %d after the import (%v), want 1", fk, err)
		}
		if err := d.DB().QueryRow("PRAGMA temp_store").Scan(&temp); err != nil || temp != 2 {
			t.Errorf("temp_store %d after the import (%v), want 2 (memory)", temp, err)
		}
		_, err = d.DB().Exec(`INSERT INTO events (date, province, district, district_id, status, kind, claim, source, confidence, created_at, updated_at)
			VALUES ('2020-01-01', 'Herat', 'Nowhere', 999999, 'taliban', 'captured', 0, 'test', 'low', '2026-01-01', '2026-01-01')`)
		if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
			t.Errorf("an event of a district that does not exist: %v, want a foreign key error", err)
		}
	}
	if !slices.Equal(maps[0], maps[1]) || !slices.Equal(maps[0], maps[2]) {
		t.Errorf("the maps after a deferred-index and a staged import differ from the one with the index in place")
	}
}

// cancelAfter reads r and cancels once n bytes have been read.
type cancelAfter struct {
	r      io.Reader
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.n -= n; c.n <= 0 {
		c.cancel()
	}
	return n, err
}

// TestImportCancelledLeavesNothing cancels an import after the district
// index was dropped and batches were written on the other goroutine: the
// error says it was cancelled, and the dataset, its indexes and triggers
// included, is as it was.
func TestImportCancelledLeavesNothing(t *testing.T) {
	was, stage := deferMinRows, stageMinRows
	t.Cleanup(func() { deferMinRows, stageMinRows = was, stage })
	for _, staged := range []bool{false, true} {
		// Rows written one by one with the district index dropped, or
		// staged past the second batch, through a rollback journal as
		// 'events import' writes them.
		deferMinRows, stageMinRows = eventBatch, 1<<62
		if staged {
			stageMinRows = 2 * eventBatch
		}
		d, _ := initedDataset(t)
		d.Alone = staged
		c := loadControl(t, d)
		path := streamFile(t, c, t.TempDir(), "long.csv", 12*eventBatch, func(int) bool { return false })
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		before := contentChecksums(t, d.DB())
		ctx, cancel := context.WithCancel(context.Background())
		_, _, err = d.importEvents(ctx, "long.csv", &cancelAfter{r: bytes.NewReader(b), n: len(b) / 2, cancel: cancel}, EventOptions{})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("staged %v: error %v, want context.Canceled", staged, err)
		}
		assertSameContent(t, before, contentChecksums(t, d.DB()))
		var mode string
		if err := d.DB().QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("staged %v: journal mode %q after the cancel (%v), want wal", staged, mode, err)
		}
		// The dataset takes the same file whole afterwards.
		rep, err := d.ImportEvents(context.Background(), path, EventOptions{})
		if err != nil || rep.Imported != 12*eventBatch {
			t.Fatalf("staged %v: imported %d after the cancel: %v", staged, rep.Imported, err)
		}
		d.Close()
	}
}

// TestImportKeepsOnlyTheIDsOfItsLines imports rows with long notes and a
// source id each: the import remembers every id, and must not keep the
// whole line each id was read from (the rows here are 8 KiB, 160 MB in
// all).
func TestImportKeepsOnlyTheIDsOfItsLines(t *testing.T) {
	d, _ := initedDataset(t)
	path := writeACLEDNotes(t, d, 20_000, 0, strings.Repeat("a long note ", 8<<10/12))
	// The live heap, as the last collection marked it: what the import
	// holds, not the garbage it has yet to collect.
	live := func() uint64 {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	runtime.GC()
	base := live()
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		for {
			if m := live(); m > peak.Load() {
				peak.Store(m)
			}
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	rep, err := d.ImportEvents(context.Background(), path, EventOptions{})
	close(done)
	if err != nil || rep.Imported != 20_000 {
		t.Fatalf("imported %d: %v", rep.Imported, err)
	}
	if grew := (peak.Load() - min(peak.Load(), base)) >> 20; grew > 80 {
		t.Errorf("the live heap grew by %d MB importing 160 MB of rows: it keeps their lines", grew)
	}
}

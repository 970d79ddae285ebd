package data

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/data/btree"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
)

// TestStagedImportIsTheSame imports the same native file and then the same
// ACLED export (points, source ids, fatalities, notes longer than a page),
// then reports of whole provinces into two datasets, one row
// at a time into the first and staged past the first rows into the second:
// every table but the times and global ids of the rows is the same, the
// indexes and triggers are, SQLite finds the second file sound, and the
// staging files are gone.
func TestStagedImportIsTheSame(t *testing.T) {
	was, group, most := stageMinRows, indexGroupKeys, maxDistrictKeys
	t.Cleanup(func() { stageMinRows, indexGroupKeys, maxDistrictKeys = was, group, most; stagedCopy = nil })
	ctx := context.Background()
	tmp := func() []string {
		// This process's: other test binaries import beside it.
		m, _ := filepath.Glob(filepath.Join(os.TempDir(), fmt.Sprintf("afcontrol-stage-%d-*", os.Getpid())))
		return m
	}
	before := tmp()
	var copied int64
	var asides []bool
	stagedCopy = func(n int64, aside bool) { copied += n; asides = append(asides, aside) }
	dir := t.TempDir()
	var native, acled, areas string
	var dumps [3]map[string][]string
	var maps [3][]events.Status
	// One at a time; staged, with the district index written a thousand
	// keys at a time (a few groups of many districts each); staged, with
	// the district index built again by SQLite.
	for i, min := range []int64{1 << 62, 1000, 1000} {
		stageMinRows = min
		indexGroupKeys, maxDistrictKeys = group, most
		switch i {
		case 1:
			indexGroupKeys = 1000
		case 2:
			maxDistrictKeys = 0
		}
		copied, asides = 0, nil
		d, _ := initedDataset(t)
		if native == "" {
			c := loadControl(t, d)
			native = filepath.Join(dir, "native.csv")
			writeNativeEvents(t, native, c, 6000)
			// Notes longer than a page: every record spills.
			acled = writeACLEDNotes(t, d, 5000, 0, strings.Repeat("Long notes. ", 600))
			// Every seventh row about a whole province.
			b, err := os.ReadFile(native)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")[:4001]
			lines[0] += ",source_id,scope"
			for j := 1; j < len(lines); j++ {
				if j%7 != 0 {
					lines[j] += ",,"
					continue
				}
				f := strings.Split(lines[j], ",")
				f[2], f[4] = "", "assessment"
				lines[j] = strings.Join(f, ",") + ",,province"
			}
			areas = filepath.Join(dir, "areas.csv")
			if err := os.WriteFile(areas, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, path := range []string{native, acled, areas} {
			was := copied
			rep, err := d.ImportEvents(ctx, path, EventOptions{})
			if err != nil || rep.Imported == 0 {
				t.Fatalf("%s: %+v, %v", path, rep, err)
			}
			// Staging starts after the batch that reaches stageAfter
			// (1,000 rows here, or an eighth of those stored).
			if n := int64(rep.Imported); i > 0 && (copied-was < n-2*eventBatch || copied-was > n-eventBatch) {
				t.Fatalf("%s: %d of %d events staged, want all past the first batch or two", path, copied-was, n)
			}
		}
		if i == 0 && copied != 0 {
			t.Fatalf("%d events staged with staging off", copied)
		}
		// The first import finds few events stored, and sets them aside
		// for the copy; the next two find more than half as many as they
		// stage.
		if want := []bool{true, false, false}; i > 0 && !slices.Equal(asides, want) {
			t.Fatalf("imports set the stored events aside: %v, want %v", asides, want)
		}
		var msg string
		if err := d.DB().QueryRow("PRAGMA integrity_check").Scan(&msg); err != nil || msg != "ok" {
			t.Fatalf("integrity_check: %q, %v", msg, err)
		}
		dumps[i] = map[string][]string{}
		for name, q := range map[string]string{
			"events": `SELECT fid, hex(geom), date, province, district, district_id, status, kind, claim, actor, source, source_url,
				confidence, notes, origin, district_key, scope, source_db, source_id, date_end, fatalities, admin3, location,
				geo_precision, time_precision, placed_by, reported_at, rev, typeof(uid), created_at = updated_at FROM events ORDER BY fid`,
			"audit":    "SELECT id, action, table_name, row_id, detail, rev, role, via, version, uid = (SELECT uid FROM events WHERE fid = row_id) FROM audit ORDER BY id",
			"spans":    "SELECT * FROM status_spans ORDER BY id",
			"schema":   "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name",
			"sequence": "SELECT * FROM sqlite_sequence ORDER BY name",
			"rtree":    "SELECT * FROM rtree_events_geom ORDER BY id",
			"by uid":   "SELECT count(*) FROM events e JOIN audit a INDEXED BY audit_uid ON a.uid = e.uid",
			"timeline": "SELECT hex(districts), hex(timeline) FROM timeline_index",
			"areas":    "SELECT fid FROM events INDEXED BY events_province_scope WHERE scope <> 'district' ORDER BY province, date",
			"district": "SELECT fid FROM events INDEXED BY events_district_date ORDER BY district_id, date",
		} {
			dumps[i][name] = dumpRows(t, d, q)
		}
		maps[i] = loadControl(t, d).Timeline.StatusOn(events.DayOf(2015, 6, 1), timeline.WithClaims, nil)
		d.Close()
	}
	for k := 1; k < len(dumps); k++ {
		for name, rows := range dumps[0] {
			other := dumps[k][name]
			if len(rows) != len(other) {
				t.Errorf("%s: %d rows one at a time, %d staged (pass %d)", name, len(rows), len(other), k)
				continue
			}
			for j := range rows {
				if rows[j] != other[j] {
					t.Errorf("%s row %d:\n  one at a time %s\n  staged (pass %d) %s", name, j, rows[j], k, other[j])
					break
				}
			}
		}
		if !slices.Equal(maps[0], maps[k]) {
			t.Errorf("the maps differ (pass %d)", k)
		}
	}
	if after := tmp(); len(after) != len(before) {
		t.Errorf("staging folders left behind: %v", after)
	}
}

// dumpRows returns every row of query as text.
func dumpRows(t *testing.T, d *Dataset, query string) []string {
	t.Helper()
	rows, err := d.DB().Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var out []string
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		line := ""
		for _, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			line += fmt.Sprintf("%T:%v|", v, v)
		}
		out = append(out, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTimelineOfChangesIsBuildTimeline builds the timeline of a dataset
// from its reports held in memory, as a staged import does beside the
// copy, and from the table: the two are the same, byte for byte, with
// claims, confidences and the area assessments of the bundled timeline.
func TestTimelineOfChangesIsBuildTimeline(t *testing.T) {
	ctx := context.Background()
	d, _ := initedDataset(t)
	c := loadControl(t, d)
	path := filepath.Join(t.TempDir(), "native.csv")
	writeNativeEvents(t, path, c, 3000)
	if _, err := d.ImportEvents(ctx, path, EventOptions{}); err != nil {
		t.Fatal(err)
	}
	fids, err := districtFIDs(ctx, d.DB())
	if err != nil {
		t.Fatal(err)
	}
	want, err := buildTimeline(ctx, d.DB(), fids)
	if err != nil {
		t.Fatal(err)
	}
	var log changeLog
	if err := readChanges(ctx, d.DB(), func(c changeRow) error { log.add(c); return nil }); err != nil {
		t.Fatal(err)
	}
	if log.n < 3000 {
		t.Fatalf("%d reports read", log.n)
	}
	feed, err := newAreaFeed(ctx, d.DB(), fids)
	if err != nil {
		t.Fatal(err)
	}
	area := 0
	for _, list := range feed.by {
		area += len(list)
	}
	if area == 0 {
		t.Fatal("no area assessments to rank")
	}
	got, err := timelineOfChanges(fids, feed, log.each)
	if err != nil || got == nil {
		t.Fatalf("%v, %v", got, err)
	}
	a, _ := want.AppendBinary(nil)
	b, _ := got.AppendBinary(nil)
	if !bytes.Equal(a, b) {
		t.Errorf("the timeline from memory (%d bytes) differs from the table's (%d bytes)", len(b), len(a))
	}
}

// TestDayStartsAreMadeRight checks the day starts made once against
// dayStart, at both ends of their years and past them.
func TestDayStartsAreMadeRight(t *testing.T) {
	last := firstStart + events.Day(startDays) - 1
	for _, d := range []events.Day{firstStart - 1, firstStart, last, last + 1, events.DayOf(2021, 8, 15), events.DayOf(1950, 3, 1)} {
		if got, want := dayStartOf(d), dayStart(d.String()); got != want {
			t.Errorf("day %v: %q, want %q", d, got, want)
		}
	}
}

// TestKilledImportsLeaveNoStagingBehind checks that a staging folder of a
// process that has ended (an import killed with its files in place) is
// removed when the next one starts, and that a running process's is not.
func TestKilledImportsLeaveNoStagingBehind(t *testing.T) {
	cmd := exec.Command("go", "version")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	dead := cmd.Process.Pid
	const prefix = "afcontrol-test-stage-"
	mk := func(pid int) string {
		dir, err := os.MkdirTemp("", fmt.Sprintf("%s%d-", prefix, pid))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "events.db"), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		return dir
	}
	left, alive, other := mk(dead), mk(os.Getppid()), mk(os.Getpid())
	mine, err := processTemp(prefix)
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(mine)
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Errorf("the folder of ended process %d is still there (%v)", dead, err)
	}
	for _, dir := range []string{alive, other, mine} {
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("%s: %v", dir, err)
		}
	}
	if !strings.HasPrefix(filepath.Base(mine), fmt.Sprintf("%s%d-", prefix, os.Getpid())) {
		t.Errorf("the new folder %s is not named for this process", mine)
	}
}

// An import that has the file to itself (Alone) writes through a rollback
// journal: the write-ahead log takes none of its pages, and the file is in
// WAL mode again after it. While another program has the file open, the
// same import goes through the log, and the other reads on.
func TestAloneImportWritesThroughAJournal(t *testing.T) {
	was := stageMinRows
	stageMinRows = 1000
	t.Cleanup(func() { stageMinRows = was })
	ctx := context.Background()
	csv := filepath.Join(t.TempDir(), "native.csv")
	for _, other := range []bool{false, true} {
		d, path := initedDataset(t)
		if !other {
			writeNativeEvents(t, csv, loadControl(t, d), 6000)
		}
		d.Alone = true
		var before, seen int
		if err := d.DB().QueryRow("SELECT count(*) FROM events").Scan(&before); err != nil {
			t.Fatal(err)
		}
		var o *sql.DB
		if other {
			var err error
			if o, err = sql.Open("sqlite", "file:"+path); err != nil {
				t.Fatal(err)
			}
			defer o.Close()
			o.SetMaxOpenConns(1)
			if err := o.QueryRow("SELECT count(*) FROM events").Scan(&seen); err != nil || seen != before {
				t.Fatalf("the other program reads %d events, %v; want %d", seen, err, before)
			}
		}
		rep, err := d.ImportEvents(ctx, csv, EventOptions{})
		if err != nil || rep.Imported != 6000 {
			t.Fatalf("other program open %v: %+v, %v", other, rep, err)
		}
		var mode, check string
		var n int
		if err := d.DB().QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("other program open %v: journal mode %q after the import (%v), want wal", other, mode, err)
		}
		if err := d.DB().QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
			t.Errorf("other program open %v: integrity_check %q, %v", other, check, err)
		}
		if err := d.DB().QueryRow("SELECT count(*) FROM events").Scan(&n); err != nil || n != before+6000 {
			t.Errorf("other program open %v: %d events, %v; want %d", other, n, err, before+6000)
		}
		var wal int64
		if fi, err := os.Stat(path + "-wal"); err == nil {
			wal = fi.Size()
		}
		// The import writes about 3 MB; the journal's way leaves the log
		// with the few pages of what follows it, if any.
		if journal := !other; journal && wal > 256<<10 || !journal && wal < 2<<20 {
			t.Errorf("other program open %v: the log is %d bytes after the import", other, wal)
		}
		t.Logf("other program open %v: the log is %d bytes", other, wal)
		if _, err := os.Stat(path + "-journal"); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("other program open %v: a rollback journal is left after the import (%v)", other, err)
		}
		if o != nil {
			if err := o.QueryRow("SELECT count(*) FROM events").Scan(&seen); err != nil || seen != before+6000 {
				t.Errorf("the other program reads %d events after the import, %v; want %d", seen, err, before+6000)
			}
		}
		d.Close()
	}
}

// The district index that staging writes from its reports file is in
// SQLite's order, in groups of several districts, one district past a
// group's size, and reports of no district: SQLite's own check of the
// written file, with its table, says so.
func TestStagedDistrictIndexIsInOrder(t *testing.T) {
	was := indexGroupKeys
	indexGroupKeys = 300
	t.Cleanup(func() { indexGroupKeys = was })
	dir := t.TempDir()
	const first = 1001
	r, err := newStagedReports(filepath.Join(dir, "reports"), first)
	if err != nil {
		t.Fatal(err)
	}
	defer r.close()
	f, err := btree.Create(filepath.Join(dir, "staged.db"), 4096)
	if err != nil {
		t.Fatal(err)
	}
	tab := f.Table("events", "CREATE TABLE events (fid INTEGER PRIMARY KEY, district_id INTEGER, date TEXT)")
	var rec btree.Record
	base := events.DayOf(2001, 1, 1)
	for i := int64(0); i < 5000; i++ {
		// District 7 has a fifth of the events, more than a group.
		district, has := 100+(i*7919)%40, i%9 != 0
		if i%5 == 0 {
			district = 7
		}
		day := base + events.Day((i*104729)%7000)
		if err := r.add(district, has, day, false, 0, 0, false); err != nil {
			t.Fatal(err)
		}
		rec.Reset()
		rec.Null()
		if has {
			rec.Int(district)
		} else {
			rec.Null()
		}
		rec.Text(day.String())
		if err := tab.Insert(first+i, rec.Append(nil)); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.flush(); err != nil {
		t.Fatal(err)
	}
	if !r.indexable() {
		t.Fatal("the reports cannot be indexed")
	}
	ix := f.Index(eventsDistrictDate, "events", "CREATE INDEX events_district_date ON events(district_id, date)")
	if err := r.writeIndex(ix, &rec); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "staged.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var msg string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&msg); err != nil || msg != "ok" {
		t.Fatalf("integrity_check: %q, %v", msg, err)
	}
	var n int
	if err := db.QueryRow("SELECT count(*) FROM events INDEXED BY events_district_date WHERE district_id = 7").Scan(&n); err != nil || n != 1000-1000/9-1 {
		t.Errorf("district 7 has %d events through the index, %v", n, err)
	}
}

// An import of new reports of single districts into a dataset whose
// timeline index is current merges them into the index: the index and the
// spans are those a build from every event gives, where old reports that
// outrank new ones on their day stay and the others give way. Once for
// every district, once for three.
func TestImportMergesIntoTheTimelineIndex(t *testing.T) {
	t.Cleanup(func() { intervalsMerged = nil })
	ctx := context.Background()
	d, _ := initedDataset(t)
	dir := t.TempDir()
	first := filepath.Join(dir, "first.csv")
	writeNativeEvents(t, first, loadControl(t, d), 4000)
	if _, err := d.ImportEvents(ctx, first, EventOptions{}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	statuses := []string{"government", "contested", "taliban"}
	again := func(name string, keep func(j int, f []string) bool) string {
		// The same district-days reported again by another source: the
		// status moved on, the confidence low, medium and high in turn.
		out := []string{lines[0]}
		for j, line := range lines[1:2001] {
			f := strings.Split(line, ",")
			if !keep(j, f) {
				continue
			}
			f[3] = statuses[(slices.Index(statuses, f[3])+1)%3]
			f[7], f[9] = "Second source", []string{"low", "medium", "high"}[j%3]
			out = append(out, strings.Join(f, ","))
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	dump := func() []string {
		return append(dumpRows(t, d, "SELECT hex(districts), hex(timeline) FROM timeline_index"),
			dumpRows(t, d, "SELECT district_id, layer, status, valid_from, valid_to, event_id FROM status_spans ORDER BY district_id, layer, valid_from")...)
	}
	for _, path := range []string{
		again("all.csv", func(int, []string) bool { return true }),
		again("three.csv", func(_ int, f []string) bool {
			return f[1] == "Herat" && (f[2] == "Guzara" || f[2] == "Shindand" || f[2] == "Injil")
		}),
	} {
		merged := 0
		intervalsMerged = func(n int) { merged += n }
		rep, err := d.ImportEvents(ctx, path, EventOptions{})
		if err != nil || rep.Imported == 0 {
			t.Fatalf("%s: %+v, %v", path, rep, err)
		}
		if merged != rep.Imported {
			t.Fatalf("%s: %d reports merged into the index, want the %d imported", path, merged, rep.Imported)
		}
		got := dump()
		if err := d.inTx(ctx, func(tx *sql.Tx) error { return rebuildAllIntervals(ctx, tx, "") }); err != nil {
			t.Fatal(err)
		}
		want := dump()
		if !slices.Equal(got, want) {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("%s: row %d of %d merged, %d built:\n merged %.200s\n built  %.200s", path, i, len(got), len(want), got[i], want[i])
				}
			}
			t.Fatalf("%s: %d rows merged, %d built", path, len(got), len(want))
		}
	}
}

package data

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
)

// referenceTimeline builds the timeline the slow, obvious way: every event
// read into memory, each area assessment expanded into a change of every
// district it covers, and all handed to timeline.Build.
func referenceTimeline(t *testing.T, d *Dataset, c *Control) *timeline.Timeline {
	t.Helper()
	idx := map[int64]int{}
	for i, dist := range c.Districts {
		idx[dist.FID] = i
	}
	rows, err := d.db.Query(`SELECT fid, coalesce(district_id, 0), substr(date, 1, 10), status, confidence, claim, scope, province FROM events
		WHERE status <> 'nochange' AND (scope = 'district' AND district_id IS NOT NULL OR scope <> 'district' AND kind = 'assessment')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var changes []timeline.Change
	for rows.Next() {
		var fid, district int64
		var date, status, conf, scope, province string
		var claim bool
		if err := rows.Scan(&fid, &district, &date, &status, &conf, &claim, &scope, &province); err != nil {
			t.Fatal(err)
		}
		day, err1 := events.ParseDay(date)
		st, err2 := events.ParseStatus(status)
		cf, err3 := events.ParseConfidence(conf)
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatalf("event %d: %v %v %v", fid, err1, err2, err3)
		}
		ch := timeline.Change{Day: day, Status: st, Confidence: cf, Claim: claim, Seq: fid}
		if scope == "district" {
			i, ok := idx[district]
			if !ok {
				continue
			}
			ch.District = i
			changes = append(changes, ch)
			continue
		}
		ch.Area = true
		for i, dist := range c.Districts {
			if scope == "country" || dist.Province == province {
				ch.District = i
				changes = append(changes, ch)
			}
		}
	}
	tl, err := timeline.Build(len(c.Districts), changes)
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

// sameAnswers compares two timelines on every day of their range and a
// little beyond, in both layers.
func sameAnswers(t *testing.T, what string, got, want *timeline.Timeline) {
	t.Helper()
	gf, gl, gok := got.Range()
	wf, wl, wok := want.Range()
	if gf != wf || gl != wl || gok != wok {
		t.Fatalf("%s: range %v..%v %v, want %v..%v %v", what, gf, gl, gok, wf, wl, wok)
	}
	for _, layer := range []timeline.Layer{timeline.Confirmed, timeline.WithClaims} {
		for day := wf - 1; day <= wl+1; day++ {
			g, w := got.StatusOn(day, layer, nil), want.StatusOn(day, layer, nil)
			for i := range w {
				gs, gok := got.Source(i, day, layer)
				ws, wok := want.Source(i, day, layer)
				if g[i] != w[i] || gs != ws || gok != wok {
					t.Fatalf("%s: %v %v district %d: %v from %d, want %v from %d", what, layer, day, i, g[i], gs, w[i], ws)
				}
			}
		}
	}
}

func indexRows(t *testing.T, d *Dataset) int {
	t.Helper()
	var n int
	if err := d.db.QueryRow("SELECT count(*) FROM timeline_index").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTimelineIndexKeptCurrent(t *testing.T) {
	t.Run("dense", testTimelineIndexKeptCurrent)
	// Too many district-days for slots: read along the index.
	t.Run("indexed", func(t *testing.T) {
		defer func(n int) { maxDenseDays = n }(maxDenseDays)
		maxDenseDays = 10
		testTimelineIndexKeptCurrent(t)
	})
}

func testTimelineIndexKeptCurrent(t *testing.T) {
	ctx := context.Background()
	d, _ := initedDataset(t)
	c, err := d.LoadControl(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if indexRows(t, d) != 1 {
		t.Fatal("loading the control did not keep the timeline index")
	}
	sameAnswers(t, "first load", c.Timeline, referenceTimeline(t, d, c))
	again, err := d.LoadControl(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameAnswers(t, "from the index", again.Timeline, c.Timeline)

	// Same-day reports of every confidence, claims and no-change rows, as
	// another program would write them, straight into the table: the
	// triggers empty the index and the next load sees them.
	r := rand.New(rand.NewPCG(16, 10))
	statuses := []string{"government", "contested", "taliban", "unknown", "nochange"}
	confs := []string{"low", "medium", "high"}
	tx, err := d.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3000; i++ {
		dist := c.Districts[r.IntN(20)]
		date := events.DayOf(2021, 7, 1) + events.Day(r.IntN(30))
		if _, err := tx.Exec(`INSERT INTO events (date, province, district, district_id, status, kind, claim, source, confidence, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 'test', ?, 'test', ?, '2026-01-01', '2026-01-01')`,
			date.String(), dist.Province, dist.Name, dist.FID, statuses[r.IntN(5)], r.IntN(3) == 0, confs[r.IntN(3)]); err != nil {
			t.Fatal(err)
		}
	}
	// Area assessments of the first districts' provinces and of the whole
	// country, some on the same days as the districts' own reports.
	for i := 0; i < 40; i++ {
		date := events.DayOf(2021, 7, 1) + events.Day(r.IntN(30))
		scope, province := "province", c.Districts[r.IntN(20)].Province
		if i%4 == 0 {
			scope, province = "country", ""
		}
		if _, err := tx.Exec(`INSERT INTO events (date, province, district, status, kind, claim, source, confidence, scope, created_at, updated_at)
			VALUES (?, ?, '', ?, 'assessment', ?, 'test', ?, ?, '2026-01-01', '2026-01-01')`,
			date.String(), province, statuses[r.IntN(4)], r.IntN(3) == 0, confs[r.IntN(3)], scope); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if indexRows(t, d) != 0 {
		t.Fatal("inserting events left the stale timeline index")
	}
	c, err = d.LoadControl(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameAnswers(t, "after inserts", c.Timeline, referenceTimeline(t, d, c))

	for _, change := range []string{
		"UPDATE events SET status = 'taliban' WHERE fid = (SELECT max(fid) FROM events)",
		"UPDATE events SET claim = NOT claim WHERE fid % 7 = 0",
		"DELETE FROM events WHERE fid % 5 = 0",
		"UPDATE events SET province = (SELECT province FROM districts WHERE fid = (SELECT min(fid) FROM districts)) WHERE scope = 'province'",
	} {
		if _, err := d.db.Exec(change); err != nil {
			t.Fatal(err)
		}
		if indexRows(t, d) != 0 {
			t.Fatalf("%s left the stale timeline index", change)
		}
		if c, err = d.LoadControl(ctx); err != nil {
			t.Fatal(err)
		}
		sameAnswers(t, change, c.Timeline, referenceTimeline(t, d, c))
	}
}

// A damaged or foreign index is ignored and rebuilt: the events are the
// record.
func TestTimelineIndexDamagedIsRebuilt(t *testing.T) {
	ctx := context.Background()
	d, _ := initedDataset(t)
	want, err := d.LoadControl(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, blob := range [][]byte{[]byte("AFTL\x01garbage"), {}, {0xff}} {
		if _, err := d.db.Exec("UPDATE timeline_index SET timeline = ?", blob); err != nil {
			t.Fatal(err)
		}
		got, err := d.LoadControl(ctx)
		if err != nil {
			t.Fatalf("blob %d: %v", i, err)
		}
		sameAnswers(t, fmt.Sprintf("blob %d", i), got.Timeline, want.Timeline)
	}
	// An index built for other districts is not used either.
	if _, err := d.db.Exec("UPDATE timeline_index SET districts = ?", encodeFIDs([]int64{1, 2, 3})); err != nil {
		t.Fatal(err)
	}
	got, err := d.LoadControl(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameAnswers(t, "other districts", got.Timeline, want.Timeline)
}

// A date another program wrote that afcontrol would not is named, not
// guessed at, whichever way the timeline is read.
func TestTimelineIndexBadStoredDate(t *testing.T) {
	for _, date := range []string{"2021-02-31", "07/08/2021", "1850-01-01"} {
		d, _ := initedDataset(t)
		var fid int64
		if err := d.db.QueryRow("SELECT min(fid) FROM events WHERE status <> 'nochange' AND district_id IS NOT NULL").Scan(&fid); err != nil {
			t.Fatal(err)
		}
		if _, err := d.db.Exec("UPDATE events SET date = ? WHERE fid = ?", date, fid); err != nil {
			t.Fatal(err)
		}
		_, err := d.LoadControl(context.Background())
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("event %d", fid)) {
			t.Errorf("date %q: error %v, want one naming event %d", date, err, fid)
		}
	}
}

// indexState is what a write leaves of the timeline: the stored index (nil
// when there is none), a fresh build from the events, and both layers of
// status intervals.
type indexState struct {
	stored, built []byte
	intervals     []Interval
}

func readIndexState(t *testing.T, d *Dataset) indexState {
	t.Helper()
	ctx := context.Background()
	var st indexState
	d.DB().QueryRow("SELECT timeline FROM timeline_index WHERE id = 1").Scan(&st.stored)
	fids, err := districtFIDs(ctx, d.DB())
	if err != nil {
		t.Fatal(err)
	}
	tl, err := buildTimeline(ctx, d.DB(), fids)
	if err != nil {
		t.Fatal(err)
	}
	if st.built, err = tl.AppendBinary(nil); err != nil {
		t.Fatal(err)
	}
	for _, layer := range []timeline.Layer{timeline.Confirmed, timeline.WithClaims} {
		iv, err := d.Intervals(ctx, layer)
		if err != nil {
			t.Fatal(err)
		}
		st.intervals = append(st.intervals, iv...)
	}
	return st
}

// markSpans moves the status spans of district fid to ids from 10,000,000,
// which a full rewrite of the spans, numbering them from 1, does not give.
func markSpans(t *testing.T, d *Dataset, fid int64) {
	t.Helper()
	if _, err := d.DB().Exec("UPDATE status_spans SET id = id + 10000000 WHERE district_id = ? AND id < 10000000", fid); err != nil {
		t.Fatal(err)
	}
}

// spansKept says whether district fid's spans still have their marked ids.
func spansKept(t *testing.T, d *Dataset, fid int64) bool {
	t.Helper()
	var id int64
	if err := d.DB().QueryRow("SELECT min(id) FROM status_spans WHERE district_id = ?", fid).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id >= 10_000_000
}

// TestSmallImportSplicesTheTimelineIndex imports reports of a few districts
// into a dataset whose timeline index is current: the index is kept, with
// those districts rebuilt in it, and is what a build from all the events
// gives; the status intervals are what a full rewrite gives, and those of
// the other districts were not rewritten. An area assessment, or a file
// that updates stored events, still rewrites everything, to the same end.
func TestSmallImportSplicesTheTimelineIndex(t *testing.T) {
	ctx := context.Background()
	d, _ := initedDataset(t)
	c := loadControl(t, d)
	dir := t.TempDir()
	untouched := c.Districts[len(c.Districts)-1].FID
	for _, tc := range []struct {
		name, path string
		spliced    bool
	}{
		{"thirty districts", streamFile(t, c, dir, "few.csv", 30, func(int) bool { return false }), true},
		{"an area assessment", filepath.Join("testdata", "native-assessment.csv"), false},
		{"ACLED points", writeACLED(t, d, 50, 0), true},
		{"ACLED rows, some of a whole province", filepath.Join("testdata", "acled-2021.csv"), false},
		{"ACLED updates", filepath.Join("testdata", "acled-2021-update.csv"), false},
	} {
		markSpans(t, d, untouched)
		loadControl(t, d) // the index is current
		if _, err := d.ImportEvents(ctx, tc.path, EventOptions{}); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got := readIndexState(t, d)
		if got.stored == nil || !bytes.Equal(got.stored, got.built) {
			t.Errorf("%s: the timeline index (%d bytes) is not the timeline of the events (%d bytes)", tc.name, len(got.stored), len(got.built))
		}
		if spliced := spansKept(t, d, untouched); spliced != tc.spliced {
			t.Errorf("%s: the spans of an untouched district were kept: %v, want %v", tc.name, spliced, tc.spliced)
		}
		if err := d.inTx(ctx, func(tx *sql.Tx) error { return rebuildIntervals(ctx, tx, nil) }); err != nil {
			t.Fatal(err)
		}
		full := readIndexState(t, d)
		if !reflect.DeepEqual(got.intervals, full.intervals) {
			t.Errorf("%s: the status intervals differ from a full rewrite", tc.name)
		}
	}
}

// TestEditsSpliceTheTimelineIndex adds, moves, deletes and restores a
// hand-entered report: after each, the timeline index is kept and is the
// timeline of the events, and the status intervals are a full rewrite's.
func TestEditsSpliceTheTimelineIndex(t *testing.T) {
	ctx := context.Background()
	d, _ := initedDataset(t)
	c := loadControl(t, d)
	untouched := c.Districts[len(c.Districts)-1].FID
	var fid int64
	var del DeletedEvent
	moved := handRow()
	moved.Province, moved.District, moved.Status = "Herat", "Shindand", events.Taliban
	for _, step := range []struct {
		name string
		do   func() error
	}{
		{"add", func() error { e, err := d.AddEvent(ctx, handRow()); fid = e.FID; return err }},
		{"move", func() error { _, err := d.UpdateEvent(ctx, fid, moved); return err }},
		{"delete", func() error { var err error; del, err = d.DeleteEvent(ctx, fid); return err }},
		{"restore", func() error { return d.RestoreEvent(ctx, del) }},
	} {
		markSpans(t, d, untouched)
		loadControl(t, d)
		if err := step.do(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		got := readIndexState(t, d)
		if got.stored == nil || !bytes.Equal(got.stored, got.built) {
			t.Errorf("%s: the timeline index (%d bytes) is not the timeline of the events (%d bytes)", step.name, len(got.stored), len(got.built))
		}
		if !spansKept(t, d, untouched) {
			t.Errorf("%s: the spans of an untouched district were rewritten", step.name)
		}
		if err := d.inTx(ctx, func(tx *sql.Tx) error { return rebuildIntervals(ctx, tx, nil) }); err != nil {
			t.Fatal(err)
		}
		if full := readIndexState(t, d); !reflect.DeepEqual(got.intervals, full.intervals) {
			t.Errorf("%s: the status intervals differ from a full rewrite", step.name)
		}
	}
}

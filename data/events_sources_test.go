package data

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
)

// sourcesDataset is a copy of the real dataset without the bundled events,
// so that the statuses tested come from the fixtures alone.
func sourcesDataset(t *testing.T) *Dataset {
	t.Helper()
	d, _ := initedDataset(t)
	if _, err := d.DB().Exec("DELETE FROM events"); err != nil {
		t.Fatal(err)
	}
	return d
}

func importFixture(t *testing.T, d *Dataset, name string, opt EventOptions) EventReport {
	t.Helper()
	rep, err := d.ImportEvents(context.Background(), filepath.Join("testdata", name), opt)
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	return rep
}

// decided returns the status of province/district on day and the source id
// and scope of the event that decides it ("" when none does).
func decided(t *testing.T, d *Dataset, c *Control, day, province, district string) (events.Status, string, string) {
	t.Helper()
	on, err := events.ParseDay(day)
	if err != nil {
		t.Fatal(err)
	}
	for _, dist := range c.Districts {
		if dist.Province == province && dist.Name == district {
			st := c.Timeline.StatusOn(on, timeline.Confirmed, nil)[dist.Index]
			seq, ok := c.Timeline.Source(dist.Index, on, timeline.Confirmed)
			if !ok {
				return st, "", ""
			}
			e, err := d.EventByFID(context.Background(), seq)
			if err != nil {
				t.Fatal(err)
			}
			return st, e.SourceID, e.Scope
		}
	}
	t.Fatalf("no district %s/%s", province, district)
	return 0, "", ""
}

func loadControl(t *testing.T, d *Dataset) *Control {
	t.Helper()
	c, err := d.LoadControl(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type statusCase struct {
	day, province, district string
	want                    events.Status
	id                      string // the deciding event's source id; "" for none
}

func checkStatuses(t *testing.T, d *Dataset, cases []statusCase) {
	t.Helper()
	c := loadControl(t, d)
	for _, tc := range cases {
		st, id, _ := decided(t, d, c, tc.day, tc.province, tc.district)
		if st != tc.want || id != tc.id {
			t.Errorf("%s %s/%s: %v decided by %q, want %v by %q", tc.day, tc.province, tc.district, st, id, tc.want, tc.id)
		}
	}
}

// acledCases are the statuses the ACLED fixtures must give.
var acledCases = []statusCase{
	{"2021-08-11", "Baghlan", "Dih Salah", events.Taliban, "AFG2001"},
	// The NRF overtaking Deh Salah is anti-Taliban control, not a Taliban capture.
	{"2021-08-21", "Baghlan", "Dih Salah", events.Government, "AFG2002"},
	{"2021-08-21", "Baghlan", "Andarab", events.Government, "AFG2003"},
	// "Government regains" by the Taliban's own state forces is Taliban control.
	{"2021-08-31", "Baghlan", "Andarab", events.Taliban, "AFG2004"},
	// A negotiated handover goes to the receiving actor.
	{"2021-08-13", "Ghazni", "Ghazni", events.Taliban, "AFG2005"},
	// geo_precision 3 colours no district, not even the capital's.
	{"2021-08-06", "Badghis", "Qala-I- Naw", events.Unknown, ""},
}

func TestImportACLEDMeaning(t *testing.T) {
	d := sourcesDataset(t)
	rep := importFixture(t, d, "acled-2021.csv", EventOptions{})
	if rep.Format != "acled" || rep.Imported != 9 || rep.Skipped["outside Afghanistan (Pakistan)"] != 1 {
		t.Errorf("report %+v, want 9 imported and the Pakistani row skipped", rep)
	}
	if len(rep.Nearest) != 1 || !strings.Contains(rep.Nearest[0], "Muhmand Dara") || !strings.HasPrefix(rep.Nearest[0], "line 9:") {
		t.Errorf("nearest %q, want the Torkham row placed in Muhmand Dara", rep.Nearest)
	}
	if len(rep.Disagreements) != 1 || !strings.Contains(rep.Disagreements[0], "Jawand") {
		t.Errorf("disagreements %q, want the row whose point is in Jawand", rep.Disagreements)
	}
	checkStatuses(t, d, acledCases)
	db := d.DB()
	for _, q := range []struct {
		query string
		want  int
	}{
		{"SELECT count(*) FROM events WHERE source_db = 'ACLED' AND source_id = 'AFG2005' AND kind = 'handover' AND status = 'taliban'", 1},
		{"SELECT count(*) FROM events WHERE source_id = 'AFG2006' AND scope = 'province' AND province = 'Badghis' AND district = '' AND district_id IS NULL AND geo_precision = 3", 1},
		{"SELECT count(*) FROM events WHERE source_id = 'AFG2007' AND district = 'Muhmand Dara' AND placed_by = 'nearest'", 1},
		{"SELECT count(*) FROM events WHERE source_id = 'AFG2008' AND district = 'Jawand' AND placed_by = 'point'", 1},
		{"SELECT count(*) FROM events WHERE source_id = 'AFG2009' AND confidence = 'low' AND time_precision = 2", 1},
		{"SELECT count(*) FROM events WHERE source_id = 'AFG2003' AND fatalities = 5 AND admin3 = 'Banu' AND location = 'Banu'", 1},
		{"SELECT count(*) FROM events WHERE source_id = 'PAK3001'", 0},
	} {
		if got := queryInt(t, db, q.query); got != q.want {
			t.Errorf("%s: %d, want %d", q.query, got, q.want)
		}
	}
	hist, err := d.ProvinceEvents(context.Background(), "Badghis")
	if err != nil || len(hist) != 1 || hist[0].SourceID != "AFG2006" || hist[0].Scope != "province" {
		t.Errorf("Badghis history %+v, %v; want the precision-3 event", hist, err)
	}
}

func TestImportACLEDForms(t *testing.T) {
	for _, tt := range []struct {
		file     string
		opt      EventOptions
		imported int
		skipped  string
	}{
		{"acled-pre2023-hdx.csv", EventOptions{}, 6, "HXL hashtag row"},
		{"acled-2021-unicode.txt", EventOptions{}, 9, "outside Afghanistan (Pakistan)"},
		{"acled-api.json", EventOptions{}, 3, ""},
	} {
		t.Run(tt.file, func(t *testing.T) {
			d := sourcesDataset(t)
			rep := importFixture(t, d, tt.file, tt.opt)
			if rep.Format != "acled" || rep.Imported != tt.imported || (tt.skipped != "" && rep.Skipped[tt.skipped] != 1) {
				t.Fatalf("report %+v, want %d acled events and %q skipped", rep, tt.imported, tt.skipped)
			}
			var cases []statusCase
			for _, c := range acledCases {
				if tt.file != "acled-api.json" || c.id == "AFG2002" || c.id == "AFG2004" || c.id == "AFG2005" {
					cases = append(cases, c)
				}
			}
			if tt.file == "acled-api.json" {
				cases = append(cases, statusCase{"2021-08-21", "Baghlan", "Andarab", events.Unknown, ""})
			}
			checkStatuses(t, d, cases)
		})
	}
}

func TestImportACLEDTwiceAndUpdated(t *testing.T) {
	d := sourcesDataset(t)
	db := d.DB()
	importFixture(t, d, "acled-2021.csv", EventOptions{})
	before := contentChecksums(t, db)
	rep := importFixture(t, d, "acled-2021.csv", EventOptions{Origin: "again"})
	if rep.Changed() || rep.Unchanged != 9 || rep.Imported != 0 {
		t.Errorf("second import %+v, want 9 unchanged and nothing else", rep)
	}
	assertSameContent(t, before, contentChecksums(t, db))

	audits := queryInt(t, db, "SELECT count(*) FROM audit")
	rep = importFixture(t, d, "acled-2021-update.csv", EventOptions{})
	if rep.Updated != 1 || rep.Imported != 1 || rep.Unchanged != 7 || rep.Deleted != 0 {
		t.Errorf("updated export %+v, want 1 updated, 1 new, 7 unchanged", rep)
	}
	if n := queryInt(t, db, "SELECT count(*) FROM events WHERE source_id = 'AFG2002' AND fatalities = 9 AND notes LIKE '%revised%'"); n != 1 {
		t.Errorf("AFG2002 not updated in place (%d rows)", n)
	}
	if n := queryInt(t, db, "SELECT count(*) FROM events WHERE source_id = 'AFG2002'"); n != 1 {
		t.Errorf("AFG2002 stored %d times", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM audit WHERE id > ? AND (action = 'update' AND detail LIKE '%[ACLED AFG2002]' AND row_id = (SELECT fid FROM events WHERE source_id = 'AFG2002')
		OR action = 'insert' AND row_id = (SELECT fid FROM events WHERE source_id = 'AFG2010'))`, audits); n != 2 || queryInt(t, db, "SELECT count(*) FROM audit") != audits+2 {
		t.Errorf("audit rows after the update: %d of %d, want exactly the update and the insert", n, queryInt(t, db, "SELECT count(*) FROM audit")-audits)
	}
	checkStatuses(t, d, []statusCase{{"2021-09-03", "Baghlan", "Dih Salah", events.Taliban, "AFG2010"}})

	audits = queryInt(t, db, "SELECT count(*) FROM audit")
	rep = importFixture(t, d, "acled-2021-update.csv", EventOptions{Sync: true})
	if rep.Deleted != 1 || rep.Unchanged != 9 || rep.Updated+rep.Imported != 0 {
		t.Errorf("sync %+v, want the one event the export dropped deleted", rep)
	}
	if n := queryInt(t, db, "SELECT count(*) FROM events WHERE source_id = 'AFG2009'"); n != 0 {
		t.Error("AFG2009 kept after --sync")
	}
	if n := queryInt(t, db, "SELECT count(*) FROM audit WHERE id > ? AND action = 'delete' AND detail LIKE '%Kohistan% [ACLED AFG2009]'", audits); n != 1 ||
		queryInt(t, db, "SELECT count(*) FROM audit") != audits+1 {
		t.Errorf("%d delete audit rows for AFG2009, want exactly 1", n)
	}
}

func TestImportACLEDActors(t *testing.T) {
	d := sourcesDataset(t)
	path := filepath.Join(t.TempDir(), "a.csv")
	body := "event_id_cnty,event_date,sub_event_type,actor1,admin1,admin2,source\n" +
		"AFG1,2021-08-20,Non-state actor overtakes territory,Local Defence Council,Baghlan,Deh Salah,S\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	before := contentChecksums(t, d.DB())
	_, err := d.ImportEvents(context.Background(), path, EventOptions{})
	if err == nil || !strings.Contains(err.Error(), `line 2: actor1 "Local Defence Council": actor "Local Defence Council" is not in the actor table`) {
		t.Fatalf("error %v, want one naming the unknown actor", err)
	}
	assertSameContent(t, before, contentChecksums(t, d.DB()))

	f, err := os.Open("testdata/actors-extra.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	actors, err := events.ReadActors("actors-extra.csv", f)
	if err != nil {
		t.Fatal(err)
	}
	importFixture(t, d, "acled-2021.csv", EventOptions{Actors: actors})
	// The user's table says the NRF counts as contested.
	checkStatuses(t, d, []statusCase{{"2021-08-21", "Baghlan", "Dih Salah", events.Contested, "AFG2002"}})
}

func TestImportUCDPScope(t *testing.T) {
	d := sourcesDataset(t)
	rep := importFixture(t, d, "ucdp-ged.csv", EventOptions{})
	if rep.Format != "ucdp" || rep.Imported != 4 || rep.Skipped["outside Afghanistan (Pakistan)"] != 1 {
		t.Errorf("report %+v", rep)
	}
	db := d.DB()
	for _, q := range []struct {
		query string
		want  int
	}{
		{"SELECT count(*) FROM events WHERE source_db = 'UCDP GED' AND source_id = '700102' AND scope = 'province' AND province = 'Daykundi' AND district_id IS NULL", 1},
		{"SELECT count(*) FROM events WHERE source_id = '700103' AND scope = 'country' AND province = '' AND district_id IS NULL AND confidence = 'low'", 1},
		{"SELECT count(*) FROM events WHERE district IN ('Nili', 'Jawand')", 0},
		{"SELECT count(*) FROM events WHERE source_id = '700105' AND substr(date_end, 1, 10) = '2021-08-12' AND confidence = 'medium' AND fatalities = 11", 1},
	} {
		if got := queryInt(t, db, q.query); got != q.want {
			t.Errorf("%s: %d, want %d", q.query, got, q.want)
		}
	}
	// The API's JSON of the same two events changes nothing.
	rep = importFixture(t, d, "ucdp-api.json", EventOptions{})
	if rep.Format != "ucdp" || rep.Unchanged != 2 || rep.Changed() {
		t.Errorf("API JSON after the CSV: %+v, want 2 unchanged", rep)
	}
}

func TestAreaAssessments(t *testing.T) {
	d := sourcesDataset(t)
	importFixture(t, d, "native-assessment.csv", EventOptions{})
	checkStatuses(t, d, []statusCase{
		{"2021-08-15", "Badakhshan", "Kohistan", events.Unknown, ""},
		{"2021-08-17", "Badakhshan", "Kohistan", events.Taliban, "ref-a1"},
		{"2021-08-17", "Badakhshan", "Wakhan", events.Taliban, "ref-a1"},
		// Same day: the district's own report beats the more confident assessment.
		{"2021-08-17", "Badakhshan", "Fayzabad", events.Government, "ref-a2"},
		// A later own report beats the assessment.
		{"2021-08-21", "Badakhshan", "Kohistan", events.Contested, "ref-a3"},
		{"2021-08-21", "Baghlan", "Dih Salah", events.Unknown, ""},
		// A later country assessment covers every district ...
		{"2021-09-06", "Badakhshan", "Kohistan", events.Taliban, "ref-a4"},
		{"2021-09-06", "Baghlan", "Dih Salah", events.Taliban, "ref-a4"},
		// ... but not one whose own report is of the same day.
		{"2021-09-06", "Badakhshan", "Fayzabad", events.Government, "ref-a5"},
	})
	c := loadControl(t, d)
	if _, _, scope := decided(t, d, c, "2021-08-17", "Badakhshan", "Wakhan"); scope != "province" {
		t.Errorf("deciding scope %q, want province", scope)
	}
}

func TestImportRefusesRepeatedIDsAndPartialSync(t *testing.T) {
	d := sourcesDataset(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	const head = "event_id_cnty,event_date,sub_event_type,actor1,admin1,admin2,source\n"
	twice := write("twice.csv", head+
		"AFG1,2021-08-20,Armed clash,Taliban,Baghlan,Deh Salah,S\n"+
		"AFG1,2021-08-21,Armed clash,Taliban,Baghlan,Deh Salah,S\n")
	before := contentChecksums(t, d.DB())
	_, err := d.ImportEvents(context.Background(), twice, EventOptions{SkipBad: true, Sync: true})
	var bad *BadRowsError
	if !errors.As(err, &bad) || !bad.Sync || bad.Rows != 1 || !strings.Contains(err.Error(), `line 3: source id "AFG1": repeats the id of line 2`) {
		t.Fatalf("error %v, want the repeated id named and the sync refused", err)
	}
	assertSameContent(t, before, contentChecksums(t, d.DB()))
	rep, err := d.ImportEvents(context.Background(), twice, EventOptions{SkipBad: true})
	if err != nil || rep.Imported != 1 || rep.Rejected != 1 {
		t.Errorf("--skip-bad: %+v, %v; want the first row in and the second rejected", rep, err)
	}
}

func TestImportACLEDDeletedList(t *testing.T) {
	d := sourcesDataset(t)
	importFixture(t, d, "acled-2021.csv", EventOptions{})
	rep := importFixture(t, d, "acled-deleted.csv", EventOptions{})
	if rep.Format != "acled" || rep.Deleted != 1 || rep.Imported+rep.Updated != 0 {
		t.Errorf("report %+v, want AFG2008 removed and the unknown id passed over", rep)
	}
	if n := queryInt(t, d.DB(), "SELECT count(*) FROM events WHERE source_id = 'AFG2008'"); n != 0 {
		t.Error("AFG2008 kept")
	}
	if n := queryInt(t, d.DB(), "SELECT count(*) FROM audit WHERE action = 'delete' AND detail LIKE '%[ACLED AFG2008]'"); n != 1 {
		t.Errorf("%d delete audit rows for AFG2008", n)
	}
}

// TestImportIndexesItsPoints imports ACLED points into a dataset with few
// (the spatial index is loaded whole) and then a few more (they go in one
// by one): after each, SQLite finds the index sound, and it holds every
// event's point and finds what a scan of the events finds.
func TestImportIndexesItsPoints(t *testing.T) {
	d, _ := initedDataset(t)
	ctx := context.Background()
	for _, n := range []struct{ rows, from int }{{3000, 0}, {200, 3000}} {
		if _, err := d.ImportEvents(ctx, writeACLED(t, d, n.rows, n.from), EventOptions{}); err != nil {
			t.Fatal(err)
		}
		var check string
		if err := d.DB().QueryRow("SELECT rtreecheck('rtree_events_geom')").Scan(&check); err != nil || check != "ok" {
			t.Fatalf("after %d rows: rtreecheck %q %v", n.rows, check, err)
		}
		var indexed, points, inWindow, scanned int
		d.DB().QueryRow("SELECT count(*) FROM rtree_events_geom").Scan(&indexed)
		d.DB().QueryRow("SELECT count(*) FROM events WHERE geom NOT NULL AND NOT ST_IsEmpty(geom)").Scan(&points)
		d.DB().QueryRow("SELECT count(*) FROM rtree_events_geom WHERE maxx >= 64 AND minx <= 69 AND maxy >= 33 AND miny <= 36").Scan(&inWindow)
		d.DB().QueryRow("SELECT count(*) FROM events WHERE ST_MaxX(geom) >= 64 AND ST_MinX(geom) <= 69 AND ST_MaxY(geom) >= 33 AND ST_MinY(geom) <= 36").Scan(&scanned)
		if indexed != points || points < n.from+n.rows || inWindow != scanned || inWindow == 0 {
			t.Errorf("after %d rows: %d indexed of %d points; %d in the window, %d by a scan", n.rows, indexed, points, inWindow, scanned)
		}
	}
}

// TestImportIDsFromAFile runs the tests of repeated ids, updates and sync
// with the import keeping only two ids in memory, so that the rest go to
// its file of ids, and checks that the file is gone afterwards.
func TestImportIDsFromAFile(t *testing.T) {
	was := idsInMemory
	t.Cleanup(func() { idsInMemory = was })
	idsInMemory = 2
	// This process's: other test binaries import beside it.
	mine := filepath.Join(os.TempDir(), fmt.Sprintf("afcontrol-ids-%d-*", os.Getpid()))
	before, _ := filepath.Glob(mine)
	t.Run("repeated ids and partial sync", TestImportRefusesRepeatedIDsAndPartialSync)
	t.Run("twice and updated", TestImportACLEDTwiceAndUpdated)
	t.Run("deleted list", TestImportACLEDDeletedList)
	t.Run("an id repeated after the move", func(t *testing.T) {
		d, _ := initedDataset(t)
		path := writeACLED(t, d, 5, 0)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(string(b), "\n")
		// Line 2's id is in the file by then, line 5's still waiting to go.
		if err := os.WriteFile(path, append(append(b, lines[1]...), lines[4]...), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err = d.ImportEvents(context.Background(), path, EventOptions{})
		var bad *BadRowsError
		if !errors.As(err, &bad) || bad.Rows != 2 || !strings.Contains(err.Error(), "line 7: source id") ||
			!strings.Contains(err.Error(), "repeats the id of line 2") || !strings.Contains(err.Error(), "repeats the id of line 5") {
			t.Errorf("error %v, want lines 7 and 8 refused for repeating the ids of lines 2 and 5", err)
		}
	})
	if after, _ := filepath.Glob(mine); len(after) != len(before) {
		t.Errorf("files of ids left behind: %v (were %v)", after, before)
	}
}

package data

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/afcontrol/afcontrol/assets"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
)

var (
	initOnce     sync.Once
	initTemplate string
	initErr      error
)

func TestMain(m *testing.M) {
	if path := os.Getenv("AFCONTROL_HOSTILE_FILE"); path != "" {
		os.Exit(hostileRingChild(path))
	}
	code := m.Run()
	if initTemplate != "" {
		os.RemoveAll(filepath.Dir(initTemplate))
	}
	removeEmbeddedMirror()
	os.Exit(code)
}

// initedDataset returns a copy of a dataset made by Init from the embedded
// boundaries:
// the real boundaries and the bundled reference timeline. Init runs once
// per test binary; each caller gets its own copy.
func initedDataset(tb testing.TB) (*Dataset, string) {
	tb.Helper()
	initOnce.Do(func() {
		dir, err := os.MkdirTemp("", "afcontrol-init-")
		if err != nil {
			initErr = err
			return
		}
		initTemplate = filepath.Join(dir, "template.gpkg")
		_, initErr = InitEmbedded(context.Background(), initTemplate, nil)
	})
	if initErr != nil {
		tb.Fatal(initErr)
	}
	path := filepath.Join(tb.TempDir(), "a.gpkg")
	copyFile(tb, initTemplate, path)
	d, err := Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	return d, path
}

func statusOf(c *Control, day string, layer timeline.Layer) map[[2]string]events.Status {
	d, err := events.ParseDay(day)
	if err != nil {
		panic(err)
	}
	out := map[[2]string]events.Status{}
	for i, s := range c.Timeline.StatusOn(d, layer, nil) {
		out[[2]string{c.Districts[i].Province, c.Districts[i].Name}] = s
	}
	return out
}

func TestInitLoadsReferenceTimeline(t *testing.T) {
	d, _ := initedDataset(t)
	ctx := context.Background()
	c, err := d.LoadControl(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Districts) != 398 {
		t.Fatalf("%d districts", len(c.Districts))
	}
	on0707 := statusOf(c, "2021-07-07", timeline.Confirmed)
	if got := on0707[[2]string{"Badghis", "Qala-I- Naw"}]; got != events.Contested {
		t.Errorf("Qala-i-Naw on 2021-07-07 is %v, want contested", got)
	}
	// The capitals' baseline is 2021-05-01 (every capital still held then).
	if got := statusOf(c, "2021-05-01", timeline.Confirmed)[[2]string{"Badghis", "Qala-I- Naw"}]; got != events.Government {
		t.Errorf("Qala-i-Naw on the 2021-05-01 baseline is %v, want government", got)
	}
	if got := statusOf(c, "2021-04-30", timeline.Confirmed)[[2]string{"Badghis", "Qala-I- Naw"}]; got != events.Unknown {
		t.Errorf("Qala-i-Naw before any report is %v, want unknown", got)
	}
	on0816 := statusOf(c, "2021-08-16", timeline.Confirmed)
	f, err := assets.Files.Open("capitals.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 35 {
		t.Fatalf("capitals.csv has %d rows, want 34 and a header", len(rows))
	}
	for _, r := range rows[1:] {
		province, district := r[0], r[2]
		got, ok := on0816[[2]string{province, district}]
		if !ok {
			t.Errorf("capital district %s (%s) is not in the dataset", district, province)
			continue
		}
		if province == "Panjshir" {
			if got == events.Taliban {
				t.Errorf("Panjshir's capital district %s is taliban on 2021-08-16; it held out into September", district)
			}
			continue
		}
		if got != events.Taliban {
			t.Errorf("capital district %s (%s) is %v on 2021-08-16, want taliban", district, province, got)
		}
	}
	tallies, err := d.Tallies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var claim100 bool
	for _, ta := range tallies {
		if ta.Claim && ta.Count >= 100 && strings.HasPrefix(ta.Date, "2021-07") {
			claim100 = true
		}
		if ta.Source == "" {
			t.Errorf("tally %+v has no source", ta)
		}
	}
	if !claim100 {
		t.Error("no tally holds the Taliban's July 2021 claim to 100 or more districts")
	}
	var unsourced int
	if err := d.DB().QueryRow("SELECT count(*) FROM events WHERE source = ''").Scan(&unsourced); err != nil || unsourced != 0 {
		t.Errorf("%d events without a source (%v)", unsourced, err)
	}
}

func TestImportEventsFromBadFiles(t *testing.T) {
	bad := badDir
	tests := []struct {
		file     string
		opt      EventOptions
		imported int      // rows stored when the file is accepted
		wantErr  []string // substrings of the error when it is refused
	}{
		{file: "events-valid-bom-crlf.csv", imported: 1},
		{file: "events-formula-injection.csv", imported: 1},
		{file: "events-latin1.csv", opt: EventOptions{Encoding: "windows-1252"}, imported: 1},
		{file: "events-latin1.csv", wantErr: []string{"events-latin1.csv", "line 2", "UTF-8"}},
		{file: "events-unknown-district.csv", wantErr: []string{"line 3", "Narnia", "nothing imported"}},
		{file: "events-bad-dates.csv", wantErr: []string{"line 3", "line 4", "line 5", "05/06/2021"}},
		{file: "events-ragged-row.csv", wantErr: []string{"line 3"}},
		{file: "events-unknown-status.csv", wantErr: []string{"line 2", "triumphant"}},
		{file: "events-missing-columns.csv", wantErr: []string{"events-missing-columns.csv", "province"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s", tt.file, tt.opt.Encoding), func(t *testing.T) {
			d, _ := initedDataset(t)
			before := contentChecksums(t, d.DB())
			n0 := queryInt(t, d.DB(), "SELECT count(*) FROM events")
			rep, err := d.ImportEvents(context.Background(), filepath.Join(bad, tt.file), tt.opt)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if rep.Imported != tt.imported || queryInt(t, d.DB(), "SELECT count(*) FROM events") != n0+tt.imported {
					t.Fatalf("imported %d, want %d", rep.Imported, tt.imported)
				}
				return
			}
			if err == nil {
				t.Fatalf("accepted (%d rows), want an error", rep.Imported)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
			assertSameContent(t, before, contentChecksums(t, d.DB()))
		})
	}
}

func TestImportEventsLatin1Decoded(t *testing.T) {
	d, _ := initedDataset(t)
	if _, err := d.ImportEvents(context.Background(), filepath.Join(badDir, "events-latin1.csv"),
		EventOptions{Encoding: "windows-1252"}); err != nil {
		t.Fatal(err)
	}
	var source string
	if err := d.DB().QueryRow("SELECT source FROM events WHERE origin = 'events-latin1.csv'").Scan(&source); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(source, "résumé") {
		t.Errorf("source %q was not decoded from windows-1252", source)
	}
}

func TestImportEventsSkipBadWritesRejects(t *testing.T) {
	d, _ := initedDataset(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "events.csv")
	copyFile(t, filepath.Join(badDir, "events-unknown-district.csv"), in)
	rep, err := d.ImportEvents(context.Background(), in, EventOptions{SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 1 || rep.Rejected != 1 {
		t.Fatalf("imported %d, rejected %d; want 1 and 1", rep.Imported, rep.Rejected)
	}
	if rep.Read != 2 || rep.ByName != 1 || rep.ByPoint != 0 {
		t.Errorf("read %d, by name %d, by point %d; want 2, 1 and 0", rep.Read, rep.ByName, rep.ByPoint)
	}
	b, err := os.ReadFile(rep.RejectsPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "Narnia") || !strings.Contains(string(b), "unknown district") {
		t.Errorf("rejects file does not give the row and its reason:\n%s", b)
	}
}

func TestImportEventsAudited(t *testing.T) {
	d, _ := initedDataset(t)
	n0 := queryInt(t, d.DB(), "SELECT count(*) FROM audit WHERE action = 'insert' AND table_name = 'events'")
	if n0 == 0 {
		t.Fatal("the bundled timeline left no audit rows")
	}
	if _, err := d.ImportEvents(context.Background(), filepath.Join(badDir, "events-valid-bom-crlf.csv"), EventOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, d.DB(), "SELECT count(*) FROM audit WHERE action = 'insert' AND table_name = 'events'"); n != n0+1 {
		t.Errorf("audit has %d insert rows, want %d", n, n0+1)
	}
}

func TestGazetteerResolves(t *testing.T) {
	d, _ := initedDataset(t)
	g, err := loadGazetteer(context.Background(), d.DB(), false)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		province, district string
		want               string // "Province/District", or "" for an error
		errWords           string
	}{
		{"Badghis", "Qala-i-Naw", "Badghis/Qala-I- Naw", ""},
		{"Badghis", "Qala-e-Naw", "Badghis/Qala-I- Naw", ""},
		{"", "qala i naw", "Badghis/Qala-I- Naw", ""},
		{"Hirat", "Shindand", "Herat/Shindand", ""},
		{"Ghazni", "Muqur", "Ghazni/Muqur", ""},
		{"", "Muqur", "", "ambiguous"},
		{"Badghis", "Atlantis", "", "unknown district"},
		{"Narnia", "Muqur", "", "unknown province"},
	}
	for _, tt := range tests {
		i, err := g.resolve(tt.province, tt.district)
		if tt.want == "" {
			if err == nil || !strings.Contains(err.Error(), tt.errWords) {
				t.Errorf("resolve(%q, %q) = %d, %v; want an error saying %q", tt.province, tt.district, i, err, tt.errWords)
			}
			continue
		}
		if err != nil {
			t.Errorf("resolve(%q, %q): %v", tt.province, tt.district, err)
			continue
		}
		if got := g.districts[i].province + "/" + g.districts[i].name; got != tt.want {
			t.Errorf("resolve(%q, %q) = %s, want %s", tt.province, tt.district, got, tt.want)
		}
	}
}

// BenchmarkImportNative100k imports 100,000 native rows, generated from the
// real district names, into a dataset holding the real boundaries: parsing,
// resolving every name through the gazetteer and storing, in one
// transaction. The promise is 3 s.
func BenchmarkImportNative100k(b *testing.B) {
	d, _ := initedDataset(b)
	c, err := d.LoadControl(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "events.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write(events.NativeColumns())
	statuses := []string{"government", "contested", "taliban"}
	for i := 0; i < 100_000; i++ {
		dist := c.Districts[i%len(c.Districts)]
		day := events.DayOf(2001+i%21, time.Month(1+i%12), 1+i%28)
		w.Write([]string{day.String(), dist.Province, dist.Name, statuses[i%3], "captured", "false", "Taliban",
			"Benchmark source", "", "medium", ""})
	}
	w.Flush()
	if err := errors.Join(w.Error(), f.Close()); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		rep, err := d.ImportEvents(context.Background(), path, EventOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Imported != 100_000 {
			b.Fatalf("imported %d", rep.Imported)
		}
	}
}

func TestImportEventsAcrossBatches(t *testing.T) {
	d, _ := initedDataset(t)
	c, err := d.LoadControl(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 2*insertBatch + 7 // two full statements and a short one
	path := filepath.Join(t.TempDir(), "many.csv")
	var b strings.Builder
	b.WriteString(strings.Join(events.NativeColumns(), ",") + "\n")
	for i := 0; i < n; i++ {
		dist := c.Districts[i%len(c.Districts)]
		fmt.Fprintf(&b, "2020-01-01,%s,%s,contested,contested,false,,Row %d,,low,\n", dist.Province, dist.Name, i)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	audit0 := queryInt(t, d.DB(), "SELECT count(*) FROM audit")
	rep, err := d.ImportEvents(context.Background(), path, EventOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != n || queryInt(t, d.DB(), "SELECT count(*) FROM events WHERE origin = 'many.csv'") != n {
		t.Fatalf("imported %d, want %d", rep.Imported, n)
	}
	if got := queryInt(t, d.DB(), "SELECT count(*) FROM audit") - audit0; got != n {
		t.Errorf("%d audit rows for %d inserts", got, n)
	}
	for _, i := range []int{0, insertBatch - 1, insertBatch, n - 1} {
		dist := c.Districts[i%len(c.Districts)]
		var name string
		var fid int64
		err := d.DB().QueryRow("SELECT district, district_id FROM events WHERE source = ?", fmt.Sprintf("Row %d", i)).Scan(&name, &fid)
		if err != nil || name != dist.Name || fid != dist.FID {
			t.Errorf("row %d stored as %q (%d), %v; want %q (%d)", i, name, fid, err, dist.Name, dist.FID)
		}
	}
}

func TestImportEventsOtherFormats(t *testing.T) {
	fixtures := filepath.Join("events", "testdata")
	tests := []struct {
		file   string
		format string
		// where is a district each file must place a row in, by name or point.
		where [2]string
	}{
		{"acled-sample.csv", "acled", [2]string{"Herat", "Karukh"}},
		{"ucdp-sample.csv", "ucdp", [2]string{"Herat", "Shindand"}},
		{"events-sample.geojson", "geojson", [2]string{"Badghis", "Qala-I- Naw"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			d, _ := initedDataset(t)
			rep, err := d.ImportEvents(context.Background(), filepath.Join(fixtures, tt.file), EventOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Format != tt.format || rep.Imported == 0 {
				t.Fatalf("format %q, %d rows; want %q and some rows", rep.Format, rep.Imported, tt.format)
			}
			n := queryInt(t, d.DB(), "SELECT count(*) FROM events WHERE origin = ? AND province = ? AND district = ?",
				tt.file, tt.where[0], tt.where[1])
			if n == 0 {
				t.Errorf("no row of %s placed in %s (%s)", tt.file, tt.where[1], tt.where[0])
			}
			if tt.format != "native" {
				if pts := queryInt(t, d.DB(), "SELECT count(*) FROM events WHERE origin = ? AND geom IS NOT NULL", tt.file); pts == 0 {
					t.Errorf("no row of %s kept its point", tt.file)
				}
			}
		})
	}
}

func TestImportEventsPointFarOutsideIsSkipped(t *testing.T) {
	d, _ := initedDataset(t)
	path := filepath.Join(t.TempDir(), "far.geojson")
	body := `{"type": "FeatureCollection", "features": [{"type": "Feature",
		"geometry": {"type": "Point", "coordinates": [2.35, 48.85]},
		"properties": {"date": "2021-07-07", "province": "", "district": "", "status": "contested", "kind": "attack",
		"claim": false, "source": "Test", "confidence": "low"}}]}`
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	before := contentChecksums(t, d.DB())
	rep, err := d.ImportEvents(context.Background(), path, EventOptions{})
	if err != nil || rep.Imported != 0 || rep.Skipped["point outside Afghanistan"] != 1 || rep.Changed() {
		t.Fatalf("report %+v, error %v; want the row skipped as outside Afghanistan", rep, err)
	}
	assertSameContent(t, before, contentChecksums(t, d.DB()))
}

func TestReplacingDistrictsKeepsEventsLinked(t *testing.T) {
	d, _ := initedDataset(t)
	ctx := context.Background()
	eventsBefore := hashRows(t, d.DB(), "SELECT * FROM events ORDER BY fid")
	audit0 := queryInt(t, d.DB(), "SELECT count(*) FROM audit")
	// The shapefile holds the same districts as the GeoJSON the dataset was
	// made from: every district continues one stored, so no event moves.
	rep, err := d.ImportBoundaries(ctx, []string{mirrorFile(t, "geoBoundaries-AFG-ADM2.shp")}, BoundaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Relinked != 0 || rep.Unlinked != 0 || rep.Unchanged {
		t.Errorf("report %+v: want a new set that moves no event", rep)
	}
	if got := hashRows(t, d.DB(), "SELECT * FROM events ORDER BY fid"); got != eventsBefore {
		t.Errorf("the events table changed: %s, was %s", got, eventsBefore)
	}
	if n := queryInt(t, d.DB(), "SELECT count(*) FROM audit"); n != audit0 {
		t.Errorf("%d audit rows written for a boundary set that changes no event", n-audit0)
	}
	c, err := d.LoadControl(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := statusOf(c, "2021-07-07", timeline.Confirmed)[[2]string{"Badghis", "Qala-I- Naw"}]; got != events.Contested {
		t.Errorf("after the new district set, Qala-i-Naw on 2021-07-07 is %v, want contested", got)
	}
}

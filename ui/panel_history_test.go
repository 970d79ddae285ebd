package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/scene"
)

// addHistory gives district i of s n more events, oldest first, the last
// one with the notes "newest".
func addHistory(tb testing.TB, ds *data.Dataset, s *scene.Scene, i, n int) {
	tb.Helper()
	d := s.Control.Districts[i]
	tx, err := ds.DB().Begin()
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	statuses := []string{"government", "contested", "taliban"}
	for k := 0; k < n; k++ {
		notes := fmt.Sprintf("report %d", k+1)
		if k == n-1 {
			notes = "newest"
		}
		if _, err := tx.Exec(`INSERT INTO events (date, province, district, district_id, status, kind, claim, source, source_url, confidence, notes, created_at, updated_at)
			VALUES (date('2000-01-01', '+' || ? || ' days'), ?, ?, ?, ?, 'captured', ?, 'Test source', 'https://example.org/r', 'medium', ?, '2026-01-01', '2026-01-01')`,
			k, d.Province, d.Name, d.FID, statuses[k%3], k%5 == 0, notes); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// openPanel shows district i in p, in a window of its own, and waits for
// its history to be read and drawn.
func openPanel(tb testing.TB, p *DistrictPanel, i int) string {
	tb.Helper()
	done := make(chan struct{}, 1)
	fyne.DoAndWait(func() {
		p.onLoaded = func() { notify(done) }
		p.ShowDistrict(i)
	})
	<-done
	var md string
	fyne.DoAndWait(func() { md = test.RenderObjectToMarkup(p) })
	return md
}

// A history of thousands of reports is a list whose rows exist only on
// screen, newest first.
func TestPanelHistoryIsVirtual(t *testing.T) {
	test.NewTempApp(t)
	ds := testDataset(t)
	s, err := scene.Load(context.Background(), ds)
	if err != nil {
		t.Fatal(err)
	}
	addHistory(t, ds, s, 0, 3000)
	p := NewDistrictPanel(s, ds, geo.DefaultPalette())
	win := test.NewTempWindow(t, p)
	win.Resize(fyne.NewSize(360, 700))
	md := openPanel(t, p, 0)
	if got := len(p.Events()); got < 3000 {
		t.Fatalf("%d events loaded, want at least 3000", got)
	}
	if !strings.Contains(md, "newest") {
		t.Error("the newest report is not at the top of the history")
	}
	if !strings.Contains(md, ">report 2999<") || strings.Contains(md, ">report 1<") {
		t.Error("the history does not run newest first, or draws rows thousands of rows down")
	}
	if len(p.rows) > 60 {
		t.Errorf("the list made %d rows for a window that shows a dozen", len(p.rows))
	}
	// Moving the day rewrites the status lines above the list; it builds
	// neither the rows nor the panel's layout again.
	before, rebuilds := len(p.rows), p.rebuilds
	objects := slices.Clone(p.box.Objects)
	next := p.state.Day + 400
	fyne.DoAndWait(func() { p.SetDay(newDayState(s, next, timeline.WithClaims, 0)) })
	if len(p.rows) != before {
		t.Errorf("a new day made %d new rows", len(p.rows)-before)
	}
	if p.rebuilds != rebuilds || !slices.Equal(objects, p.box.Objects) {
		t.Errorf("a new day laid the panel out again (%d times)", p.rebuilds-rebuilds)
	}
	if got := p.lines.status.Text; !strings.HasSuffix(got, " on "+next.String()) && !strings.Contains(got, " on "+next.String()+" ") {
		t.Errorf("the status line says %q after a move to %s", got, next)
	}
}

// BenchmarkPanelDistrict10k opens the panel of a district with 10,000
// events: reading its history and drawing the panel. The promise is 200 ms.
func BenchmarkPanelDistrict10k(b *testing.B) {
	test.NewTempApp(b)
	ds := testDataset(b)
	s, err := scene.Load(context.Background(), ds)
	if err != nil {
		b.Fatal(err)
	}
	addHistory(b, ds, s, 0, 10_000)
	p := NewDistrictPanel(s, ds, geo.DefaultPalette())
	win := test.NewTempWindow(b, p)
	win.Resize(fyne.NewSize(360, 900))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fyne.DoAndWait(func() { p.ShowDistrict(-1) })
		if md := openPanel(b, p, 0); !strings.Contains(md, "newest") {
			b.Fatal("the newest report is not shown")
		}
	}
}

package ui

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"github.com/afcontrol/afcontrol/data"
)

// TestImportEventsFromMenu runs File → Import events on a valid file: the
// window stays, the summary names what was read and stored, and the events
// are in the dataset and on the map's timeline.
func TestImportEventsFromMenu(t *testing.T) {
	v, win := newTestViewer(t, 1280, 800)
	seen := watchDialogs(t)
	choose(fixture(t, "events-valid.csv"))
	fyne.DoAndWait(menuItem(t, v, "File", "Import events").Action)
	text := seen.waitTitle(t, "Imported events-valid.csv")
	for _, want := range []string{"3 rows read", "3 imported", "0 placed by point, 3 by name", "0 skipped"} {
		if !strings.Contains(text, want) {
			t.Errorf("summary %q does not say %q", text, want)
		}
	}
	if n := eventsFrom(t, v, "Window import test %"); n != 3 {
		t.Errorf("%d events of the file in the dataset, want 3", n)
	}
	if win.Content() != v.content {
		t.Error("the import replaced the window's content")
	}
}

// TestImportRaggedRow imports a file with a ragged row: nothing is stored,
// the row and its reason are listed, and Import the good rows stores the
// others and writes the reject beside the file.
func TestImportRaggedRow(t *testing.T) {
	v, win := newTestViewer(t, 1280, 800)
	seen := watchDialogs(t)
	path := fixture(t, "events-ragged-row.csv")
	choose(path)
	fyne.DoAndWait(menuItem(t, v, "File", "Import events").Action)
	text := seen.waitTitle(t, "1 bad row, nothing imported")
	if !strings.Contains(text, "line 3: has 2 cells, want 11") {
		t.Errorf("the bad-rows dialog says %q, want line 3 and its reason", text)
	}
	if n := eventsFrom(t, v, "Ragged test good%"); n != 0 {
		t.Fatalf("%d rows stored from a refused file", n)
	}
	tapButton(t, win, "Import the good rows")
	text = seen.waitTitle(t, "Imported events-ragged-row.csv")
	if !strings.Contains(text, "2 imported") || !strings.Contains(text, "1 skipped") || !strings.Contains(text, "line 3") {
		t.Errorf("summary %q", text)
	}
	if n := eventsFrom(t, v, "Ragged test good%"); n != 2 {
		t.Errorf("%d good rows stored, want 2", n)
	}
	if _, err := os.Stat(strings.TrimSuffix(path, ".csv") + ".rejects.csv"); err != nil {
		t.Errorf("no rejects file: %v", err)
	}
}

// TestImportRefusedFile shows a file that is not events at all: the error
// names the file and the reason, in the window.
func TestImportRefusedFile(t *testing.T) {
	v, _ := newTestViewer(t, 1280, 800)
	seen := watchDialogs(t)
	p := fixture(t, "events-ragged-row.csv")
	if err := os.WriteFile(p, []byte("when,where\n2021-07-01,Herat\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	choose(p)
	fyne.DoAndWait(menuItem(t, v, "File", "Import events").Action)
	text := seen.waitTitle(t, "Error")
	if !strings.Contains(text, "events-ragged-row.csv") {
		t.Errorf("error %q does not name the file", text)
	}
}

func TestBoundaryQuestion(t *testing.T) {
	for _, tt := range []struct {
		rep                  data.BoundaryReport
		districts, provinces int
		ask                  bool
		want                 string
	}{
		{data.BoundaryReport{Districts: 398}, 398, 34, false, ""},
		{data.BoundaryReport{Districts: 380}, 398, 34, false, ""},
		{data.BoundaryReport{Districts: 2, Relinked: 5, Unlinked: 900}, 398, 34, true, "2 districts; the dataset has 398"},
		{data.BoundaryReport{Provinces: 3}, 398, 34, true, "3 provinces; the dataset has 34"},
		{data.BoundaryReport{Districts: 10}, 0, 0, false, ""},
	} {
		q := boundaryQuestion("x.geojson", tt.rep, tt.districts, tt.provinces)
		if (q != "") != tt.ask || !strings.Contains(q, tt.want) {
			t.Errorf("%+v against %d/%d: asked %q", tt.rep, tt.districts, tt.provinces, q)
		}
		if tt.rep.Unlinked == 900 && !strings.Contains(q, "900 would be left without a district") {
			t.Errorf("the question does not count the events left without a district: %q", q)
		}
	}
}

// TestBoundaryImportAsksFirst imports a district file of two features over
// the 398: the window asks first, with the counts, and keeping the
// dataset's boundaries leaves them all there.
func TestBoundaryImportAsksFirst(t *testing.T) {
	v, win := newTestViewer(t, 1280, 800)
	seen := watchDialogs(t)
	choose(fixture(t, "boundaries-two-districts.geojson"))
	fyne.DoAndWait(menuItem(t, v, "File", "Import boundaries").Action)
	q := seen.waitTitle(t, "Replace the boundaries?")
	if !strings.Contains(q, "2 districts; the dataset has 398") || !strings.Contains(q, "reported events would be linked") {
		t.Errorf("the question says %q", q)
	}
	tapButton(t, win, "Keep the dataset's")
	if text := seen.waitTitle(t, "Nothing imported"); !strings.Contains(text, "398 districts") {
		t.Errorf("the notice says %q", text)
	}
	var n int
	if err := v.ds.DB().QueryRow("SELECT count(*) FROM districts").Scan(&n); err != nil || n != 398 {
		t.Errorf("%d districts after keeping them (%v)", n, err)
	}
}

// TestDropImports drops a valid event file on the window: the same import,
// summary and all, and the window stays.
func TestDropImports(t *testing.T) {
	v, win := newTestViewer(t, 1280, 800)
	seen := watchDialogs(t)
	p := fixture(t, "events-valid.csv")
	fyne.DoAndWait(func() { v.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(p)}) })
	if text := seen.waitTitle(t, "Imported events-valid.csv"); !strings.Contains(text, "3 imported") {
		t.Errorf("summary %q", text)
	}
	if win.Content() != v.content {
		t.Error("the drop replaced the window's content")
	}
}

// TestNewDatasetRefusesExisting runs File → New dataset onto a file that
// exists: the job runs, fails, says why in the window, and the window and
// the file stay as they were.
func TestNewDatasetRefusesExisting(t *testing.T) {
	v, win := newTestViewer(t, 1280, 800)
	seen := watchDialogs(t)
	p := fixture(t, "events-valid.csv")
	choose(p)
	fyne.DoAndWait(menuItem(t, v, "File", "New dataset").Action)
	if text := seen.waitTitle(t, "Error"); !strings.Contains(text, "events-valid.csv") {
		t.Errorf("the error %q does not name the file", text)
	}
	if st, err := os.Stat(p); err != nil || st.Size() == 0 {
		t.Errorf("the existing file was touched: %v", err)
	}
	if win.Content() != v.content {
		t.Error("the window lost its viewer")
	}
}

// TestRefusedBoundaryFile imports a boundary file with an unclosed ring:
// the window names the file, the feature and the reason, and the dataset
// keeps its districts.
func TestRefusedBoundaryFile(t *testing.T) {
	v, _ := newTestViewer(t, 1280, 800)
	seen := watchDialogs(t)
	choose(fixture(t, "boundaries-unclosed-ring.geojson"))
	fyne.DoAndWait(menuItem(t, v, "File", "Import boundaries").Action)
	text := seen.waitTitle(t, "Error")
	for _, want := range []string{"boundaries-unclosed-ring.geojson", "feature 2"} {
		if !strings.Contains(text, want) {
			t.Errorf("the error %q does not say %q", text, want)
		}
	}
	var n int
	if err := v.ds.DB().QueryRow("SELECT count(*) FROM districts").Scan(&n); err != nil || n != 398 {
		t.Errorf("%d districts after a refused file (%v)", n, err)
	}
}

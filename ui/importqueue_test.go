package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"github.com/paulmach/orb"
)

// TestImportQueueOrder: imports run one at a time, and a boundary import
// goes before the event imports still waiting, not before the one running
// nor before boundary imports queued earlier.
func TestImportQueueOrder(t *testing.T) {
	var log []string
	q := &importQueue{v: &Viewer{}, trace: func(s string) { log = append(log, s) }}
	ends := map[string]func(){}
	job := func(name string, boundaries bool) queuedImport {
		return queuedImport{name: name, boundaries: boundaries, run: func(_ *Viewer, ended func()) { ends[name] = ended }}
	}
	q.add(job("e1", false))
	q.add(job("e2", false))
	q.add(job("b1", true))
	ends["e1"]()
	q.add(job("b2", true))
	q.add(job("e3", false))
	ends["b1"]()
	ends["b2"]()
	ends["e2"]()
	ends["e3"]()
	want := []string{"start e1", "end e1", "start b1", "end b1", "start b2", "end b2", "start e2", "end e2", "start e3", "end e3"}
	if !slices.Equal(log, want) {
		t.Errorf("imports ran as %q, want %q", log, want)
	}
	if !q.idle() {
		t.Error("the queue is not idle after every import ended")
	}
}

// TestDroppedBoundariesGoFirst drops an event file and a boundary file
// together, the events first: the boundaries are imported first, the
// events only after the window has taken them in, and an event naming a
// district that only the new boundaries have is placed in it.
func TestDroppedBoundariesGoFirst(t *testing.T) {
	v, win := newTestViewer(t, 1000, 700)
	var log []string
	seen := watchDialogs(t)
	t.Cleanup(func() {
		if t.Failed() {
			seen.mu.Lock()
			t.Logf("dialogs: %q", seen.seen)
			seen.mu.Unlock()
			fyne.DoAndWait(func() { t.Logf("imports: %q", log) })
		}
	})
	var fid int64
	var name, province string
	err := v.ds.DB().QueryRow(`SELECT fid, name, province FROM districts d
		WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.district_id = d.fid) ORDER BY fid LIMIT 1`).Scan(&fid, &name, &province)
	if err != nil {
		t.Fatal(err)
	}
	const renamed = "Qala Testabad"
	bounds := writeLevel(t, v.ds, "districts", "ADM2", func(f int64, n string, g orb.Geometry) (string, orb.Geometry) {
		if f == fid {
			n = renamed
		}
		return n, g
	})
	evs := filepath.Join(t.TempDir(), "events.csv")
	csv := "date,province,district,status,kind,claim,actor,source,source_url,confidence,notes\n" +
		fmt.Sprintf("2021-08-02,%s,%s,taliban,captured,false,Taliban,Queue test 2021-08-02,,high,\n", province, renamed)
	if err := os.WriteFile(evs, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	fyne.DoAndWait(func() {
		v.imports.trace = func(s string) { log = append(log, s) }
		v.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(evs), storage.NewFileURI(bounds)})
	})
	// The new set leaves events without a district, as the dataset's
	// had already: the window asks, and the analyst replaces.
	seen.waitTitle(t, "Replace the boundaries?")
	fyne.DoAndWait(func() {
		if len(log) != 1 {
			t.Errorf("while the boundary import waits for its answer, the imports are %q", log)
		}
	})
	tapButton(t, win, "Replace")
	var q *importQueue
	fyne.DoAndWait(func() { q = v.imports })
	waitFor(t, "both imports to end", func() bool { return len(log) == 4 && q.idle() })
	want := []string{"start districts.geojson", "end districts.geojson", "start events.csv", "end events.csv"}
	var got []string
	fyne.DoAndWait(func() { got = slices.Clone(log) })
	if !slices.Equal(got, want) {
		t.Fatalf("the dropped files were imported as %q, want %q", got, want)
	}
	var placed int
	if err := v.ds.DB().QueryRow(`SELECT count(*) FROM events e JOIN districts d ON d.fid = e.district_id
		WHERE d.name = ? AND e.source = 'Queue test 2021-08-02'`, renamed).Scan(&placed); err != nil {
		t.Fatal(err)
	}
	if placed != 1 {
		t.Errorf("%d events placed in %s, want 1", placed, renamed)
	}
	var nv *Viewer
	fyne.DoAndWait(func() { nv = q.v })
	if nv == v {
		t.Fatal("the boundary import did not build the viewer again")
	}
	t.Cleanup(func() { fyne.DoAndWait(nv.stopWatching) })
	if i := districtNamed(t, nv.scene.Control, renamed, province); i < 0 {
		t.Error("the window does not know the new district")
	}
}

// idle reports whether no import runs or waits.
func (q *importQueue) idle() bool { return !q.running && len(q.waiting) == 0 }

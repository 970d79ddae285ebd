package ui

import (
	"context"
	"os"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/datatest"
	"github.com/afcontrol/afcontrol/data/events"
)

func TestMain(m *testing.M) {
	loadInline = true
	code := m.Run()
	datatest.Cleanup()
	os.Exit(code)
}

// notify tells c without waiting: a signal already pending is enough.
func notify(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// testDataset opens a private copy of a dataset made by data.Init from the
// mirror: the real boundaries and the bundled reference timeline.
func testDataset(tb testing.TB) *data.Dataset { return datatest.Dataset(tb) }

func newTestViewer(tb testing.TB, w, h float32) (*Viewer, fyne.Window) {
	tb.Helper()
	a := test.NewTempApp(tb)
	ds := testDataset(tb)
	s, gen, err := loadScene(context.Background(), ds)
	if err != nil {
		tb.Fatal(err)
	}
	tallies, err := ds.Tallies(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	win := test.NewTempWindow(tb, nil)
	v := newViewer(a, win, ds, s, tallies, gen)
	tb.Cleanup(func() { fyne.DoAndWait(v.stopWatching) })
	win.SetContent(v.content)
	win.Resize(fyne.NewSize(w, h))
	waitFor(tb, "the first frame", func() bool { return v.mapView.Shown().View.W > 1 })
	return v, win
}

// waitFor polls cond until it holds, failing the test after ten seconds.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var ok bool
		fyne.DoAndWait(func() { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("waited 10 s for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// waitDay waits until the map shows day.
func waitDay(tb testing.TB, v *Viewer, day events.Day) {
	tb.Helper()
	waitFor(tb, "the frame of "+day.String(), func() bool {
		st := v.mapView.Shown()
		return st.Day == day && st.View == v.mapView.State().View
	})
}

func districtNamed(tb testing.TB, c *data.Control, name, province string) int {
	tb.Helper()
	for i, d := range c.Districts {
		if d.Name == name && d.Province == province {
			return i
		}
	}
	tb.Fatalf("no district %s in %s", name, province)
	return -1
}

func day(tb testing.TB, s string) events.Day {
	tb.Helper()
	d, err := events.ParseDay(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

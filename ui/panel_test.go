package ui

import (
	"context"
	"fyne.io/fyne/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/scene"
)

// The panel of a district that an area assessment decides names the
// assessment, and lists the province's area reports under the history.
func TestPanelShowsAreaReports(t *testing.T) {
	test.NewTempApp(t)
	ds := testDataset(t)
	ctx := context.Background()
	if _, err := ds.ImportEvents(ctx, filepath.Join("..", "data", "testdata", "native-assessment.csv"), data.EventOptions{}); err != nil {
		t.Fatal(err)
	}
	s, err := scene.Load(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	p := NewDistrictPanel(s, ds, geo.DefaultPalette())
	p.Resize(fyne.NewSize(420, 1000))
	p.SetDay(newDayState(s, events.DayOf(2021, 9, 7), timeline.Confirmed, 0))
	loaded := make(chan struct{}, 1)
	p.onLoaded = func() { notify(loaded) }
	p.ShowDistrict(districtNamed(t, s.Control, "Wakhan", "Badakhshan"))
	waitFor(t, "the history", func() bool {
		select {
		case <-loaded:
			return true
		default:
			return false
		}
	})
	md := test.RenderObjectToMarkup(p)
	// Long labels wrap: look for pieces that fit on one line.
	for _, want := range []string{"since 2021-09-06, by an assessment of the whole", "Badakhshan and country-wide: ",
		"Taliban · assessment · whole province", "Taliban · assessment · whole country"} {
		if !strings.Contains(md, want) {
			t.Errorf("the panel lacks %q", want)
		}
	}
}

// TestPanelFitsALaptopScreen opens districts with long histories and many
// province-wide reports in a 1366×768 window: the window's content must
// still fit the screen, so the slider and chart stay on it, and the reports
// are rows of the history list rather than widgets built up front.
func TestPanelFitsALaptopScreen(t *testing.T) {
	v, win := newTestViewer(t, 1366, 768)
	// The panel is laid out with the history on the goroutine that read it
	// (the test driver runs fyne.Do there): wait for it to say so.
	loaded := make(chan struct{}, 1)
	v.panel.onLoaded = func() { notify(loaded) }
	for _, name := range [][2]string{{"Wakhan", "Badakhshan"}, {"Qala-I- Naw", "Badghis"}, {"Panjab", "Bamyan"}} {
		i := districtNamed(t, v.scene.Control, name[0], name[1])
		fyne.DoAndWait(func() { v.selectDistrict(i) })
		select {
		case <-loaded:
		case <-time.After(10 * time.Second):
			t.Fatalf("waited 10 s for the history of %s", name[0])
		}
		var h float32
		var rows, listed int
		var header, needs fyne.Size
		fyne.DoAndWait(func() {
			h = win.Content().MinSize().Height
			rows, listed = v.panel.historyLength(), len(v.panel.events)+len(v.panel.area)
			header, needs = v.panel.box.Size(), v.panel.box.MinSize()
		})
		if header.Height < needs.Height {
			t.Errorf("%s: the panel's status lines get %.0f px of the %.0f they need", name[0], header.Height, needs.Height)
		}
		if h > 730 {
			t.Errorf("%s: the window needs %.0f px of height, more than the 730 a 768-pixel screen leaves under a title bar", name[0], h)
		}
		if rows != listed {
			t.Errorf("%s: the history lists %d rows of %d reports", name[0], rows, listed)
		}
	}
}

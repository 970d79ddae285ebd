package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

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
	p.SetDay(newDayState(s, events.DayOf(2021, 9, 7), timeline.Confirmed, 0))
	loaded := make(chan struct{}, 1)
	p.onLoaded = func() { loaded <- struct{}{} }
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

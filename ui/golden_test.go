package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
)

// The golden images below are drawn from the hand-made fixture scene, so
// they change only when the widgets do. To accept a deliberate change,
// move the image from testdata/failed/ over the one in testdata/.

func TestDateSliderGolden(t *testing.T) {
	test.NewTempApp(t)
	s := NewDateSlider(day(t, "2021-05-01"), day(t, "2021-09-30"), day(t, "2021-08-15"))
	w := test.NewTempWindow(t, s)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(900, s.MinSize().Height))
	test.AssertRendersToImage(t, "slider_fixture.png", w.Canvas())
	fyne.DoAndWait(func() { s.GoTo("2021-13-01") })
	w.Resize(fyne.NewSize(900, s.MinSize().Height))
	test.AssertRendersToImage(t, "slider_refused_fixture.png", w.Canvas())
}

func TestChartGolden(t *testing.T) {
	test.NewTempApp(t)
	sc := fixtureScene(t)
	tallies := []data.Tally{
		{Date: "2021-06-10", Source: "Fixture tracker", Counted: "districts controlled by the Taliban", Count: 2, OutOf: 4},
		{Date: "2021-06-20", Source: "Fixture claim", Counted: "districts controlled by the Taliban", Count: 3, OutOf: 5, Claim: true},
	}
	c := NewChart(sc.Control.Timeline, tallies, geo.DefaultPalette())
	c.SetDay(day(t, "2021-06-15"))
	w := test.NewTempWindow(t, c)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(700, 180))
	test.AssertRendersToImage(t, "chart_fixture.png", w.Canvas())
}

func TestDistrictPanelGolden(t *testing.T) {
	test.NewTempApp(t)
	sc := fixtureScene(t)
	p := NewDistrictPanel(sc, nil, geo.DefaultPalette())
	p.SetDay(newDayState(sc, day(t, "2021-07-01"), timeline.Confirmed, 0))
	p.ShowDistrict(0)
	p.events = []data.Event{
		{FID: 1, Date: "2021-06-01", Province: "North", District: "Alpha", Status: "taliban", Kind: "captured",
			Actor: "Taliban", Source: "Fixture agency 2021-06-01", SourceURL: "https://example.org/alpha", Confidence: "high",
			Notes: "District centre taken."},
	}
	p.loaded = p.loading
	p.rebuild()
	w := test.NewTempWindow(t, p)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(380, 460))
	test.AssertRendersToImage(t, "panel_fixture.png", w.Canvas())
}

package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/scene"
)

// fixtureScene is four square districts in two provinces, drawn by hand (no
// upstream boundaries), with one report each: Alpha taliban and Bravo
// contested from 2021-06-01, Charlie government and a claim that Delta is
// taliban from 2021-07-01.
func fixtureScene(t *testing.T) *scene.Scene {
	t.Helper()
	square := func(lon, lat float64) orb.MultiPolygon {
		return orb.MultiPolygon{{{{lon, lat}, {lon + 1, lat}, {lon + 1, lat + 1}, {lon, lat + 1}, {lon, lat}}}}
	}
	names := []struct{ name, province string }{{"Alpha", "North"}, {"Bravo", "North"}, {"Charlie", "South"}, {"Delta", "South"}}
	var districts []geo.District
	var ds []data.District
	for i, n := range names {
		districts = append(districts, geo.District{Name: n.name, Province: n.province, Geom: square(66+float64(i%2), 34-float64(i/2))})
		ds = append(ds, data.District{Index: i, FID: int64(i + 1), Name: n.name, Province: n.province})
	}
	r, err := geo.NewRenderer(districts, nil, []string{"North", "South"})
	if err != nil {
		t.Fatal(err)
	}
	june, july := day(t, "2021-06-01"), day(t, "2021-07-01")
	tl, err := timeline.Build(4, []timeline.Change{
		{District: 0, Day: june, Status: events.Taliban, Confidence: events.High, Seq: 1},
		{District: 1, Day: june, Status: events.Contested, Confidence: events.High, Seq: 2},
		{District: 2, Day: july, Status: events.Government, Confidence: events.High, Seq: 3},
		{District: 3, Day: july, Status: events.Taliban, Confidence: events.Low, Claim: true, Seq: 4},
	})
	if err != nil {
		t.Fatal(err)
	}
	c := &data.Control{Districts: ds, Timeline: tl, Provinces: []string{"North", "South"}, ProvinceOf: []int{0, 0, 1, 1}}
	return &scene.Scene{Control: c, Renderer: r}
}

func TestLegendGolden(t *testing.T) {
	test.NewTempApp(t)
	s := fixtureScene(t)
	fills := s.Fills(day(t, "2021-07-01"), timeline.WithClaims, nil)
	l := NewLegend(geo.DefaultPalette())
	l.SetCounts(geo.DefaultPalette(), geo.CountFills(fills, 4), timeline.WithClaims)
	l.SetChanged(2, "2021-06-15")
	want := []string{"Taliban 1 of 4 (25%)", "contested 1 of 4 (25%)", "government / anti-Taliban forces 1 of 4 (25%)",
		"no sourced report 0 of 4 (0%)", "paler, dashed: low confidence or assessment 0", "Taliban, claimed 1 of 4 (25%)", "contested, claimed 0 of 4 (0%)",
		"government / anti-Taliban forces, claimed 0 of 4 (0%)", "2 changed since 2021-06-15"}
	got := l.Texts()
	if len(got) != len(want) {
		t.Fatalf("legend rows %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("legend row %d = %q, want %q", i, got[i], want[i])
		}
	}
	w := test.NewTempWindow(t, l)
	w.SetPadded(false)
	w.Resize(l.MinSize())
	test.AssertRendersToImage(t, "legend_fixture.png", w.Canvas())
}

// fixtureMap is a map of the fixture scene on 2021-07-01 (confirmed layer)
// in an unpadded test window, with the channel its presented frames arrive
// on. The caller resizes the window when it has set the canvas up.
func fixtureMap(t *testing.T) (*scene.Scene, *MapView, chan mapState, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	s := fixtureScene(t)
	m := NewMapView(s, newDayState(s, day(t, "2021-07-01"), timeline.Confirmed, 0))
	frames := make(chan mapState, 8)
	m.presented = func(st mapState) { frames <- st }
	w := test.NewTempWindow(t, m)
	w.SetPadded(false)
	return s, m, frames, w
}

func TestMapViewGolden(t *testing.T) {
	s, m, frames, w := fixtureMap(t)
	w.Resize(fyne.NewSize(240, 200))
	m.SetDayState(newDayState(s, day(t, "2021-07-01"), timeline.WithClaims, day(t, "2021-06-15")))
	for st := range frames {
		if st.Layer == timeline.WithClaims && st.Compare != 0 && st.View.W == 240 && st.View == m.State().View {
			break
		}
	}
	test.AssertImageMatches(t, "mapview_fixture.png", m.Frame())

	// Hover and click find the districts by their pixels.
	for i := range 4 {
		if got := m.DistrictAt(m.PositionOf(i)); got != i {
			t.Errorf("district at the anchor of %d is %d", i, got)
		}
	}
	var tapped = -2
	m.OnTapped = func(i int) { tapped = i }
	test.TapAt(m, fyne.NewPos(2, 2))
	if tapped != -1 {
		t.Errorf("a click outside every district gave %d, want -1", tapped)
	}
	test.TapAt(m, m.PositionOf(3))
	if tapped != 3 {
		t.Errorf("a click on Delta gave %d", tapped)
	}
	if title, detail := m.HoverText(3); title != "Delta" || detail != "South · Taliban (claimed) on 2021-07-01" {
		t.Errorf("hover text for Delta = %q / %q", title, detail)
	}
}

func TestLegendDefinesEveryClass(t *testing.T) {
	test.NewTempApp(t)
	l := NewLegend(geo.DefaultPalette())
	l.SetCounts(geo.DefaultPalette(), geo.Counts{Confirmed: [4]int{geo.Unknown: 397, geo.Taliban: 1}, Total: 398}, timeline.WithClaims)
	texts, defs := l.Texts(), l.Definitions()
	for i, tx := range texts {
		if strings.Contains(strings.ToLower(tx), "unknown") {
			t.Errorf("row %q says unknown", tx)
		}
		if defs[i] == "" {
			t.Errorf("row %q has no definition", tx)
		}
	}
	if texts[0] != "Taliban 1 of 398 (<1%)" || texts[3] != "no sourced report 397 of 398 (100%)" {
		t.Errorf("rows %q", texts)
	}
}

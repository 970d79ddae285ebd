package ui

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestOneDayStatePerTick: a step of the slider computes the day once, with
// the comparison on, a district open and presentation mode showing, and
// every widget shows that same computation: the map's frame, the panel,
// the legend and the presentation's legend. The chart moves its cursor
// without drawing its image again.
func TestOneDayStatePerTick(t *testing.T) {
	v, _ := newTestViewer(t, 1280, 800)
	fyne.DoAndWait(func() {
		v.openDistrict(districtNamed(t, v.scene.Control, "Kandahar", "Kandahar"))
		v.since.SetText("2021-06-01")
		v.compare.SetChecked(true)
		v.claims.SetChecked(true)
		v.TogglePresentation()
	})
	t.Cleanup(func() { fyne.DoAndWait(v.TogglePresentation) })
	// The test driver runs fyne.Do on the caller's goroutine: let the
	// history's load end before the step touches the panel.
	waitFor(t, "the district's history", func() bool { return v.panel.loaded == v.panel.loading })
	want := day(t, "2021-07-20")
	var paints int
	fyne.DoAndWait(func() {
		paints = v.chart.rend.paints
		dayStates.Store(0)
		v.slider.SetDay(want)
	})
	waitDay(t, v, want)
	if n := dayStates.Load(); n != 1 {
		t.Errorf("one step of the slider computed the day %d times, want 1", n)
	}
	fyne.DoAndWait(func() {
		st := v.state
		if st.Day != want || st.Compare == 0 || !st.Claims() || len(st.Changed) == 0 {
			t.Fatalf("the state shown is %s, compare %s, layer %s, %d changed", st.Day, st.Compare, st.Layer, len(st.Changed))
		}
		if v.mapView.Shown().day != st {
			t.Error("the map drew another computation of the day")
		}
		if v.panel.state != st {
			t.Error("the panel shows another computation of the day")
		}
		wantRows := legendRows(v.palette, st.Counts, true)
		for _, l := range []*Legend{v.legend, v.present.legend} {
			got := l.Texts()
			if len(got) < len(wantRows) || got[0] != wantRows[0].text {
				t.Errorf("a legend shows %q, want the state's %q", got, wantRows[0].text)
			}
		}
		if v.chart.rend.paints != paints {
			t.Errorf("a step of the slider drew the chart's image %d times, want 0", v.chart.rend.paints-paints)
		}
		if x := v.chart.rend.cursor.Position1.X; x != v.chart.XOf(want) {
			t.Errorf("the chart's cursor is at x=%g, want %g", x, v.chart.XOf(want))
		}
	})
}

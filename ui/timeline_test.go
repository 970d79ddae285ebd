package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/scene"
)

func TestChartClickMovesSlider(t *testing.T) {
	v, win := newTestViewer(t, 1280, 800)
	want := day(t, "2021-07-15")
	x := v.chart.XOf(want)
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(v.chart).Add(fyne.NewPos(x, v.chart.Size().Height/2))
	test.TapCanvas(win.Canvas(), abs)
	if got := v.slider.Day(); got != want {
		t.Errorf("clicking the chart at %s moved the slider to %s", want, got)
	}
	waitDay(t, v, want)
}

func TestChartTallies(t *testing.T) {
	v, _ := newTestViewer(t, 1280, 800)
	var claims, reports int
	for _, tl := range v.chart.tallies {
		if tl.claim {
			claims++
		} else {
			reports++
		}
	}
	if claims == 0 || reports == 0 {
		t.Errorf("chart tallies: %d claims, %d reports; want both", claims, reports)
	}
	for _, tl := range v.chart.tallies {
		if tl.count >= 100 && tl.claim && tl.day == day(t, "2021-07-07") {
			return
		}
	}
	t.Error("the Taliban's claim of 100+ districts on 2021-07-07 is not on the chart")
}

func TestPlayAdvances(t *testing.T) {
	v, _ := newTestViewer(t, 1280, 800)
	start := day(t, "2021-06-01")
	v.slider.SetDay(start)
	v.slider.speed.SetSelected("1 month/s")
	v.slider.Play()
	waitFor(t, "play to move the day", func() bool { return v.slider.Day() > start+3 })
	v.slider.Pause()
	at := v.slider.Day()
	time.Sleep(150 * time.Millisecond)
	if v.slider.Day() != at || v.slider.Playing() {
		t.Error("the slider moved after Pause")
	}
}

// BenchmarkSliderToFrame measures, at 1920×1080, the time from a change of
// the slider to the new frame handed to the canvas.
func BenchmarkSliderToFrame(b *testing.B) {
	test.NewTempApp(b)
	ds := testDataset(b)
	s, err := scene.Load(b.Context(), ds)
	if err != nil {
		b.Fatal(err)
	}
	first, last, _ := s.Control.Timeline.Range()
	m := NewMapView(s, last)
	slider := NewDateSlider(first, last, last)
	slider.OnChanged = m.SetDay
	win := test.NewTempWindow(b, m)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(1920, 1080))
	frames := make(chan mapState, 16)
	m.presented = func(st mapState) { frames <- st }
	wait := func(d events.Day) {
		for st := range frames {
			if st.Day == d && st.View.W == 1920 {
				return
			}
		}
	}
	wait(last)
	n := int(last - first)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d := first + events.Day((i*37)%n)
		if d == slider.Day() {
			d++
		}
		slider.SetDay(d)
		wait(d)
	}
	_ = timeline.Confirmed
}

package ui

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
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
// the slider to the new frame handed to the canvas, with no district
// selected and with one outlined.
func BenchmarkSliderToFrame(b *testing.B) {
	test.NewTempApp(b)
	ds := testDataset(b)
	s, err := scene.Load(b.Context(), ds)
	if err != nil {
		b.Fatal(err)
	}
	for _, sel := range []struct {
		name     string
		district int
	}{{"none", -1}, {"selected", s.Renderer.Len() / 2}} {
		b.Run(sel.name, func(b *testing.B) {
			first, last, _ := s.Control.Timeline.Range()
			m := NewMapView(s, newDayState(s, last, timeline.Confirmed, 0))
			m.SetSelected(sel.district)
			slider := NewDateSlider(first, last, last)
			// As the window does: the day is computed once and handed over.
			slider.OnChanged = func(d events.Day) { m.SetDayState(newDayState(s, d, timeline.Confirmed, 0)) }
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
		})
	}
}

// BenchmarkWindowDayStep measures, at 1920×1080, a step of the whole
// window's slider to the new frame on screen: the day computed once, the
// map recoloured from it, the legend, the open district's status lines and
// the chart's cursor; "compare" adds the outlines of the districts changed
// since the compare day.
func BenchmarkWindowDayStep(b *testing.B) {
	for _, compare := range []bool{false, true} {
		name := "district"
		if compare {
			name = "compare"
		}
		b.Run(name, func(b *testing.B) {
			v, _ := newTestViewer(b, 1920, 1080)
			frames := make(chan mapState, 16)
			fyne.DoAndWait(func() {
				v.openDistrict(v.scene.Renderer.Len() / 2)
				v.compare.SetChecked(compare)
				v.mapView.presented = func(st mapState) { frames <- st }
			})
			// The test driver runs fyne.Do on the caller's goroutine: let
			// the history's load end before the steps touch the panel.
			waitFor(b, "the district's history", func() bool { return v.panel.loaded == v.panel.loading })
			first, last := v.slider.Range()
			n := int(last - first)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				d := first + events.Day((i*37)%n)
				fyne.DoAndWait(func() {
					if d == v.slider.Day() {
						d++
					}
					v.slider.SetDay(d)
				})
				for st := range frames {
					if st.Day == d && st.View == v.mapView.State().View {
						break
					}
				}
			}
		})
	}
}

// TestChartTallyTooltip hovers each tally's mark: the tip gives its value,
// what was counted, the outlet and the date; a tally of another total says
// how it is drawn, and is drawn as its share of the map's districts.
func TestChartTallyTooltip(t *testing.T) {
	v, _ := newTestViewer(t, 1280, 800)
	c := v.chart
	total := c.total()
	if total != len(v.scene.Control.Districts) {
		t.Fatalf("chart total %d, map %d", total, len(v.scene.Control.Districts))
	}
	top, height := c.plotY()
	scaled := 0
	for _, tl := range c.tallies {
		if tl.day < c.first || int(tl.day-c.first) >= len(c.series) {
			continue
		}
		pos := fyne.NewPos(c.XOf(tl.day), top+height-height*float32(tl.drawnCount(total))/float32(c.yMax()))
		fyne.DoAndWait(func() { c.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos}}) })
		title, detail := c.TipText()
		if title == "" {
			t.Fatalf("no tip over the tally %+v", tl)
		}
		got, _ := c.TallyAt(pos)
		if got.day != tl.day {
			continue // another mark on the same spot answered
		}
		tip := title + " " + detail
		for _, want := range []string{strconv.Itoa(tl.count), tl.counted, tl.source, tl.day.String()} {
			if !strings.Contains(tip, want) {
				t.Errorf("tip %q does not say %q", tip, want)
			}
		}
		if tl.outOf > 0 && tl.outOf != total {
			scaled++
			want := fmt.Sprintf("drawn as its share of %d: %d", total, tl.drawnCount(total))
			if !strings.Contains(tip, want) {
				t.Errorf("tip %q does not say %q", tip, want)
			}
		}
	}
	if scaled == 0 {
		t.Error("no tally of another total was hovered")
	}
	fyne.DoAndWait(func() { c.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(1, 1)}}) })
	if title, _ := c.TipText(); title != "" {
		t.Errorf("a tip away from the marks: %q", title)
	}
}

func TestTallyShare(t *testing.T) {
	for _, tt := range []struct {
		count, outOf, total, want int
	}{{71, 407, 398, 69}, {100, 400, 398, 100}, {224, 0, 398, 224}, {200, 398, 398, 200}, {421, 421, 398, 398}} {
		if got := (chartTally{count: tt.count, outOf: tt.outOf}).drawnCount(tt.total); got != tt.want {
			t.Errorf("%d of %d on a chart of %d drawn as %d, want %d", tt.count, tt.outOf, tt.total, got, tt.want)
		}
	}
}

// TestChartLinesFollowPalette: every palette's lines differ from each
// other and from the background.
func TestChartLinesFollowPalette(t *testing.T) {
	for name, p := range geo.Palettes() {
		seen := map[[3]uint8]geo.Status{}
		for _, st := range []geo.Status{geo.Government, geo.Contested, geo.Taliban} {
			c := lineColour(p, st)
			k := [3]uint8{c.R, c.G, c.B}
			if o, dup := seen[k]; dup {
				t.Errorf("%s palette: %s and %s lines share %v", name, o, st, c)
			}
			seen[k] = st
			if sw := p.Swatch(geo.Fill{Status: st}); sw.Pattern == geo.Solid && c != sw.Base {
				t.Errorf("%s palette: %s line %v is not its swatch %v", name, st, c, sw.Base)
			}
		}
	}
}

// TestChartDayMovesOnlyTheCursor: a new day moves the cursor, its own
// canvas object, and leaves the chart's image as it was; a new layer draws
// the image again.
func TestChartDayMovesOnlyTheCursor(t *testing.T) {
	test.NewTempApp(t)
	sc := fixtureScene(t)
	c := NewChart(sc.Control.Timeline, nil, geo.DefaultPalette())
	w := test.NewTempWindow(t, c)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(700, 180))
	c.SetDay(day(t, "2021-06-10"))
	paints, x0 := c.rend.paints, c.rend.cursor.Position1.X
	want := day(t, "2021-06-25")
	c.SetDay(want)
	if c.rend.paints != paints {
		t.Errorf("a new day drew the chart's image %d times, want 0", c.rend.paints-paints)
	}
	if x := c.rend.cursor.Position1.X; x == x0 || x != c.XOf(want) {
		t.Errorf("the cursor is at x=%g after a move from x=%g, want %g", x, x0, c.XOf(want))
	}
	c.SetLayer(timeline.WithClaims)
	if c.rend.paints == paints {
		t.Error("a new layer did not draw the chart's image again")
	}
}

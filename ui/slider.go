package ui

import (
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afcontrol/afcontrol/data/events"
)

// playSpeeds are the play speeds offered, in days per second.
var playSpeeds = []struct {
	name string
	days float64
}{{"1 day/s", 1}, {"3 days/s", 3}, {"1 week/s", 7}, {"2 weeks/s", 14}, {"1 month/s", 30}}

// DateSlider picks the day shown: a slider with one step per day across the
// data's range, the day written beside it, buttons to step by a day or a
// week, and play/pause with a speed choice. OnChanged is called on every
// change, while the slider is dragged too.
type DateSlider struct {
	widget.BaseWidget

	// OnChanged is called on the UI goroutine with the new day.
	OnChanged func(day events.Day)

	first, last events.Day
	slider      *widget.Slider
	date        *widget.Label
	play        *widget.Button
	speed       *widget.Select
	stop        chan struct{} // non-nil while playing
	rate        float64
}

// NewDateSlider returns a slider over first..last set at day.
func NewDateSlider(first, last, day events.Day) *DateSlider {
	s := &DateSlider{first: first, last: max(last, first), rate: 7}
	s.slider = widget.NewSlider(float64(first), float64(s.last))
	s.slider.Step = 1
	s.slider.Value = float64(min(max(day, first), s.last))
	s.slider.OnChanged = func(float64) { s.changed() }
	s.date = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Monospace: true})
	s.play = widget.NewButtonWithIcon("", theme.MediaPlayIcon(), s.TogglePlay)
	names := make([]string, len(playSpeeds))
	for i, p := range playSpeeds {
		names[i] = p.name
	}
	s.speed = widget.NewSelect(names, func(name string) {
		for _, p := range playSpeeds {
			if p.name == name {
				s.rate = p.days
			}
		}
		if s.stop != nil {
			s.Pause()
			s.Play()
		}
	})
	s.speed.SetSelected("1 week/s")
	s.writeDate()
	s.ExtendBaseWidget(s)
	return s
}

// CreateRenderer is part of fyne.Widget.
func (s *DateSlider) CreateRenderer() fyne.WidgetRenderer {
	step := func(icon fyne.Resource, days int) *widget.Button {
		b := widget.NewButtonWithIcon("", icon, func() { s.Step(days) })
		b.Importance = widget.LowImportance
		return b
	}
	left := container.NewHBox(
		step(theme.MediaSkipPreviousIcon(), -7), step(theme.NavigateBackIcon(), -1),
		s.play,
		step(theme.NavigateNextIcon(), 1), step(theme.MediaSkipNextIcon(), 7),
	)
	right := container.NewHBox(s.date, s.speed)
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, left, right, s.slider))
}

// Day returns the day selected.
func (s *DateSlider) Day() events.Day { return events.Day(math.Round(s.slider.Value)) }

// Range returns the first and last day the slider covers.
func (s *DateSlider) Range() (first, last events.Day) { return s.first, s.last }

// SetDay moves the slider to day, clamped to the range.
func (s *DateSlider) SetDay(day events.Day) {
	s.slider.SetValue(float64(min(max(day, s.first), s.last)))
}

// SetRange changes the days covered, keeping the selected day where it can.
func (s *DateSlider) SetRange(first, last events.Day) {
	day := s.Day()
	s.first, s.last = first, max(last, first)
	s.slider.Min, s.slider.Max = float64(s.first), float64(s.last)
	s.slider.Refresh()
	s.SetDay(day)
}

// Step moves the slider by days (negative: back).
func (s *DateSlider) Step(days int) { s.SetDay(s.Day() + events.Day(days)) }

// Playing reports whether the slider is playing.
func (s *DateSlider) Playing() bool { return s.stop != nil }

// TogglePlay plays or pauses.
func (s *DateSlider) TogglePlay() {
	if s.stop != nil {
		s.Pause()
		return
	}
	s.Play()
}

// Play advances the day at the chosen speed until the last day or Pause;
// at the last day it starts again from the first.
func (s *DateSlider) Play() {
	if s.stop != nil {
		return
	}
	if s.Day() >= s.last {
		s.SetDay(s.first)
	}
	stop := make(chan struct{})
	s.stop = stop
	s.play.SetIcon(theme.MediaPauseIcon())
	tick := time.Duration(float64(time.Second) / s.rate)
	go func() {
		t := time.NewTicker(max(tick, 40*time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.Do(func() {
					if s.stop != stop {
						return
					}
					step := max(1, int(math.Round(s.rate*max(tick, 40*time.Millisecond).Seconds())))
					s.Step(step)
					if s.Day() >= s.last {
						s.Pause()
					}
				})
			}
		}
	}()
}

// Pause stops playing.
func (s *DateSlider) Pause() {
	if s.stop == nil {
		return
	}
	close(s.stop)
	s.stop = nil
	s.play.SetIcon(theme.MediaPlayIcon())
}

func (s *DateSlider) changed() {
	s.writeDate()
	if s.OnChanged != nil {
		s.OnChanged(s.Day())
	}
}

func (s *DateSlider) writeDate() {
	d := s.Day()
	s.date.SetText(d.Time().Format("Mon ") + d.String())
}

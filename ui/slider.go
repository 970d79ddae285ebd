package ui

import (
	"fmt"
	"image/color"
	"math"
	"strings"
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
// data's range, the day beside it in a field that takes a typed date
// (YYYY-MM-DD, Enter; a bad or out-of-range date is refused in place with
// the reason), buttons to step by a day or a week, and play/pause with a
// speed choice. OnChanged is called on every change, while the slider is
// dragged too.
type DateSlider struct {
	widget.BaseWidget

	// OnChanged is called on the UI goroutine with the new day.
	OnChanged func(day events.Day)

	first, last events.Day
	slider      *widget.Slider
	date        *dateEntry
	weekday     *widget.Label
	problem     *widget.Label
	// OnDone is called after a typed date is taken or Escape leaves the
	// field, so that the keys go back to the map.
	OnDone func()
	play   *widget.Button
	speed  *widget.Select
	stop   chan struct{} // non-nil while playing
	rate   float64
}

// NewDateSlider returns a slider over first..last set at day.
func NewDateSlider(first, last, day events.Day) *DateSlider {
	s := &DateSlider{first: first, last: max(last, first), rate: 7}
	s.slider = widget.NewSlider(float64(first), float64(s.last))
	s.slider.Step = 1
	s.slider.Value = float64(min(max(day, first), s.last))
	s.slider.OnChanged = func(float64) { s.changed() }
	s.date = newDateEntry(s)
	s.weekday = widget.NewLabel("")
	s.problem = widget.NewLabel("")
	s.problem.Importance = widget.DangerImportance
	s.problem.Hide()
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
	right := container.NewHBox(s.weekday, s.date, s.speed)
	track := container.NewThemeOverride(s.slider, trackTheme{})
	return widget.NewSimpleRenderer(container.NewBorder(nil, s.problem, left, right, track))
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
	s.weekday.SetText(d.Time().Format("Mon"))
	s.date.SetText(d.String())
}

// GoTo moves to the typed date text, or returns why it cannot: the text is
// not a date, or the day is outside the data's range. A refusal is shown
// under the slider until the next good date.
func (s *DateSlider) GoTo(text string) error {
	err := s.goTo(strings.TrimSpace(text))
	if err != nil {
		s.problem.SetText(err.Error())
		s.problem.Show()
		return err
	}
	s.problem.Hide()
	return nil
}

func (s *DateSlider) goTo(text string) error {
	d, err := events.ParseDay(text)
	if err != nil {
		return fmt.Errorf("%q is not a date: %v", text, err)
	}
	if d < s.first || d > s.last {
		return fmt.Errorf("%s is outside the reports, %s to %s", d, s.first, s.last)
	}
	s.SetDay(d)
	s.writeDate()
	return nil
}

// Problem returns the refusal shown under the slider, "" when none.
func (s *DateSlider) Problem() string {
	if s.problem.Hidden {
		return ""
	}
	return s.problem.Text
}

// FocusDate puts the keyboard in the date field with its text selected, for
// Go to date (Ctrl+G).
func (s *DateSlider) FocusDate(c fyne.Canvas) {
	c.Focus(s.date)
	s.date.TypedShortcut(&fyne.ShortcutSelectAll{})
}

// trackTheme is the app's theme with a visible slider track: Fyne draws the
// track in the input background, which is nearly the window's background
// (1.1:1 in the light theme). The track gets 3:1, as WCAG asks of the parts
// of a control.
type trackTheme struct{}

// trackColours are the track's colours, per variant.
var trackColours = map[fyne.ThemeVariant]color.NRGBA{
	theme.VariantLight: {0x8c, 0x8c, 0x8c, 0xff},
	theme.VariantDark:  {0x75, 0x75, 0x78, 0xff},
}

func (trackTheme) current() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

// Color is part of fyne.Theme.
func (t trackTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameInputBackground {
		if lt, ok := t.current().(legibleTheme); ok && lt.held {
			v = lt.variant
		}
		return trackColours[v]
	}
	return t.current().Color(n, v)
}

// Font is part of fyne.Theme.
func (t trackTheme) Font(s fyne.TextStyle) fyne.Resource { return t.current().Font(s) }

// Icon is part of fyne.Theme.
func (t trackTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.current().Icon(n) }

// Size is part of fyne.Theme.
func (t trackTheme) Size(n fyne.ThemeSizeName) float32 { return t.current().Size(n) }

// dateEntry is the slider's date field: Enter goes to the date typed,
// Escape puts the shown day back.
type dateEntry struct {
	widget.Entry
	s *DateSlider
}

func newDateEntry(s *DateSlider) *dateEntry {
	e := &dateEntry{s: s}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder("YYYY-MM-DD")
	e.OnSubmitted = func(text string) {
		if s.GoTo(text) == nil && s.OnDone != nil {
			s.OnDone()
		}
	}
	return e
}

// MinSize is wide enough for a date and no wider.
func (e *dateEntry) MinSize() fyne.Size {
	m := e.Entry.MinSize()
	w := fyne.MeasureText("0000-00-000", e.Theme().Size(theme.SizeNameText), fyne.TextStyle{}).Width
	return fyne.NewSize(w+4*e.Theme().Size(theme.SizeNameInnerPadding), m.Height)
}

// TypedKey is part of fyne.Focusable.
func (e *dateEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		e.s.problem.Hide()
		e.s.writeDate()
		if e.s.OnDone != nil {
			e.s.OnDone()
		}
		return
	}
	e.Entry.TypedKey(k)
}

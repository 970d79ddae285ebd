package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// TestShiftArrowStepsAWeek presses Shift+→ and Shift+← as the desktop
// driver delivers them (Shift down, then a plain typed arrow) and as a
// shortcut: each moves seven days; a plain arrow moves one.
func TestShiftArrowStepsAWeek(t *testing.T) {
	v, win := newTestViewer(t, 1280, 800)
	start := day(t, "2021-07-01")
	fyne.DoAndWait(func() { v.slider.SetDay(start) })
	typed := win.Canvas().OnTypedKey()
	fyne.DoAndWait(func() {
		v.shiftKey(&fyne.KeyEvent{Name: desktop.KeyShiftLeft}, true)
		typed(&fyne.KeyEvent{Name: fyne.KeyRight})
	})
	if got := v.Day(); got != start+7 {
		t.Fatalf("Shift+→ moved %s to %s, want a week", start, got)
	}
	fyne.DoAndWait(func() {
		v.shiftKey(&fyne.KeyEvent{Name: desktop.KeyShiftLeft}, false)
		typed(&fyne.KeyEvent{Name: fyne.KeyRight})
	})
	if got := v.Day(); got != start+8 {
		t.Fatalf("→ after Shift went up moved to %s, want one more day", got)
	}
	shortcut(t, win, fyne.KeyLeft)
	if got := v.Day(); got != start+1 {
		t.Errorf("the Shift+← shortcut moved to %s, want a week back", got)
	}
	waitDay(t, v, start+1)
}

// TestSearchGivesKeysBack: after Enter in the search box and after Escape,
// no text field has the keyboard, so ← steps the day and does not move a
// text cursor.
func TestSearchGivesKeysBack(t *testing.T) {
	v, win := newTestViewer(t, 1280, 800)
	answered := make(chan struct{}, 1)
	v.search.onDone = func() { answered <- struct{}{} }
	c := win.Canvas()
	fyne.DoAndWait(func() { c.Focus(v.search) })
	test.Type(v.search, "herat")
	fyne.DoAndWait(func() { v.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	<-answered
	if f := c.Focused(); f != nil {
		t.Fatalf("after Enter the focus is on %T", f)
	}
	if v.panel.District() < 0 && v.panel.Province() < 0 {
		t.Error("Enter chose no place")
	}
	before := v.Day()
	fyne.DoAndWait(func() { c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyLeft}) })
	if v.Day() != before-1 {
		t.Errorf("← after the search moved %s to %s", before, v.Day())
	}
	fyne.DoAndWait(func() { c.Focus(v.search) })
	test.Type(v.search, "kab")
	fyne.DoAndWait(func() { v.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
	if f := c.Focused(); f != nil || v.search.Text != "" {
		t.Errorf("after Escape the focus is on %T and the box holds %q", f, v.search.Text)
	}
}

// TestTypedDate types dates into the field beside the slider: a good one
// moves the map there and gives the keys back, bad ones are refused in
// place with the reason and leave the day alone. Ctrl+G puts the keyboard
// in the field.
func TestTypedDate(t *testing.T) {
	v, win := newTestViewer(t, 1280, 800)
	c := win.Canvas()
	typed := c.(interface{ TypedShortcut(fyne.Shortcut) })
	fyne.DoAndWait(func() {
		typed.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyG, Modifier: fyne.KeyModifierShortcutDefault})
	})
	if c.Focused() != v.slider.date {
		t.Fatalf("Ctrl+G focused %T, want the date field", c.Focused())
	}
	want := day(t, "2021-08-15")
	test.Type(v.slider.date, "2021-08-15") // replaces the selected text
	fyne.DoAndWait(func() { v.slider.date.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	if v.Day() != want {
		t.Fatalf("typing 2021-08-15 and Enter shows %s (field %q)", v.Day(), v.slider.date.Text)
	}
	if c.Focused() != nil {
		t.Errorf("after Enter the focus is on %T", c.Focused())
	}
	waitDay(t, v, want)
	for _, bad := range []string{"2021-02-30", "15/08/2021", "2030-01-01"} {
		fyne.DoAndWait(func() {
			c.Focus(v.slider.date)
			v.slider.date.SetText(bad)
			v.slider.date.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		})
		if v.Day() != want || v.slider.Problem() == "" {
			t.Errorf("%q: day %s, refusal %q", bad, v.Day(), v.slider.Problem())
		}
	}
	fyne.DoAndWait(func() { v.slider.date.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
	if v.slider.date.Text != want.String() || v.slider.Problem() != "" {
		t.Errorf("Escape left %q and %q", v.slider.date.Text, v.slider.Problem())
	}
}

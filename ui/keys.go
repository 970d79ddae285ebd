package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// installKeys binds, on the window's canvas: ←/→ a day, Shift+←/→ a week,
// Page Up/Down a month, Home/End the first and last day, Space play/pause,
// +/−/0 zoom, Escape (close the panel, leave presentation), F5 presentation,
// F11 full screen, Ctrl+F search and Ctrl+G go to a date. A focused text
// field keeps its own keys; Enter and Escape in the search box and the date
// field give the keys back to the map.
func (v *Viewer) installKeys() {
	c := v.win.Canvas()
	// The desktop driver sends Shift+← as a plain ← typed key (it makes
	// shortcuts only of other modifiers), so the Shift keys are followed
	// here.
	if dc, ok := c.(desktop.Canvas); ok {
		dc.SetOnKeyDown(func(ev *fyne.KeyEvent) { v.shiftKey(ev, true) })
		dc.SetOnKeyUp(func(ev *fyne.KeyEvent) { v.shiftKey(ev, false) })
	}
	c.SetOnTypedKey(v.typedKey)
	c.SetOnTypedRune(func(r rune) {
		switch r {
		case '+', '=':
			v.mapView.ZoomBy(1.5)
		case '-':
			v.mapView.ZoomBy(1 / 1.5)
		case '0':
			v.mapView.ResetView()
		}
	})
	// Drivers that do send Shift+← as a shortcut (and the tests) land here.
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierShift}, func(fyne.Shortcut) { v.slider.Step(-7) })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierShift}, func(fyne.Shortcut) { v.slider.Step(7) })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { c.Focus(v.search) })
}

// shiftKey follows the Shift keys going down and up.
func (v *Viewer) shiftKey(ev *fyne.KeyEvent, down bool) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		v.shift = down
	}
}

// typedKey acts on a key typed while no text field has the focus.
func (v *Viewer) typedKey(ev *fyne.KeyEvent) {
	week := 1
	if v.shift {
		week = 7
	}
	switch ev.Name {
	case fyne.KeyLeft:
		v.slider.Step(-week)
	case fyne.KeyRight:
		v.slider.Step(week)
	case fyne.KeyPageUp:
		v.slider.Step(-30)
	case fyne.KeyPageDown:
		v.slider.Step(30)
	case fyne.KeyHome:
		v.slider.SetDay(v.slider.first)
	case fyne.KeyEnd:
		v.slider.SetDay(v.slider.last)
	case fyne.KeySpace:
		v.slider.TogglePlay()
	case fyne.KeyEscape:
		if v.present != nil {
			v.TogglePresentation()
			return
		}
		v.openDistrict(-1)
	case fyne.KeyF5:
		// Keys without a modifier never reach the canvas as shortcuts,
		// so the View menu's F5 and F11 are handled here.
		v.TogglePresentation()
	case fyne.KeyF11:
		v.win.SetFullScreen(!v.win.FullScreen())
	}
}

// focusMap takes the keyboard focus from any text field, so that the keys
// act on the map and the dataset again.
func (v *Viewer) focusMap() { v.win.Canvas().Unfocus() }

// GoToDate is Edit → Go to date… (Ctrl+G): the date field beside the
// slider takes the keyboard, its text selected; Enter goes there.
func (v *Viewer) GoToDate() {
	if v.present != nil {
		v.TogglePresentation()
	}
	v.slider.FocusDate(v.win.Canvas())
}

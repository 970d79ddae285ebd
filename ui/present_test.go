package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestPresentationMode(t *testing.T) {
	v, win := newTestViewer(t, 1200, 800)
	var before []string
	fyne.DoAndWait(func() {
		before = v.legend.Texts()
		v.TogglePresentation()
	})
	if v.present == nil || win.Content() != v.present.content {
		t.Fatal("presentation mode did not take over the window")
	}
	if !win.FullScreen() {
		t.Error("presentation mode is not full screen")
	}
	var shown []string
	fyne.DoAndWait(func() { shown = v.present.legend.Texts() })
	if strings.Join(shown, "|") != strings.Join(before, "|") {
		t.Errorf("presentation legend %q, window legend %q", shown, before)
	}
	if v.present.date.TextSize <= v.legend.Theme().Size("text")*presentationScale {
		t.Errorf("date text size %v is not large", v.present.date.TextSize)
	}
	first := v.present.date.Text
	shortcut(t, win, fyne.KeyLeft) // a week back
	waitFor(t, "the date to follow the slider", func() bool { return v.present.date.Text != first })
	if got, want := v.present.date.Text, v.Day().String(); got != want {
		t.Errorf("presentation shows %s, slider is at %s", got, want)
	}
	fyne.DoAndWait(v.TogglePresentation)
	if v.present != nil || win.Content() != v.content || v.mapArea.Objects[0] != v.mapView {
		t.Fatal("leaving presentation mode did not restore the window")
	}
	if win.FullScreen() {
		t.Error("still full screen after leaving presentation mode")
	}
}

// TestPresentationHidesMenu: the menu bar goes while presenting, the title
// and attribution are shown, and leaving restores the menu and the size.
func TestPresentationHidesMenu(t *testing.T) {
	v, win := newTestViewer(t, 1100, 700)
	before := win.Canvas().Size()
	fyne.DoAndWait(v.TogglePresentation)
	if win.MainMenu() != nil {
		t.Error("the menu bar is shown while presenting")
	}
	if v.present.title.Text == "" || v.present.credit.Text == "" {
		t.Errorf("title %q, attribution %q", v.present.title.Text, v.present.credit.Text)
	}
	fyne.DoAndWait(v.TogglePresentation)
	if win.MainMenu() != v.menu.main {
		t.Error("the menu bar did not come back")
	}
	if got := win.Canvas().Size(); got != before {
		t.Errorf("the window is %v after presenting, was %v", got, before)
	}
}

// TestRemembersDayAndSelection closes a viewer and opens another on the same
// preferences: the day, the district and the window size come back.
func TestRemembersDayAndSelection(t *testing.T) {
	v, win := newTestViewer(t, 1100, 700)
	d := day(t, "2021-07-20")
	i := districtNamed(t, v.scene.Control, "Qala-I- Naw", "Badghis")
	fyne.DoAndWait(func() {
		v.slider.SetDay(d)
		v.openDistrict(i)
		v.saveView()
	})
	prefs := v.app.Preferences()
	if got := savedSize(prefs.String(prefSize)); got != win.Canvas().Size() {
		t.Errorf("saved size %v, window %v", got, win.Canvas().Size())
	}
	// The second viewer shares the first one's renderer: let the first
	// map's frame end before the second one draws.
	waitFor(t, "the first map's last frame", func() bool {
		st := v.mapView.Shown()
		return st.Day == d && st.Selected == i && st.View == v.mapView.State().View
	})
	w2 := test.NewTempWindow(t, nil)
	var v2 *Viewer
	fyne.DoAndWait(func() { v2 = newViewer(v.app, w2, v.ds, v.scene, v.tallies, v.boundaries) })
	if v2.Day() != d || v2.panel.District() != i {
		t.Errorf("the new window shows %s and district %d, want %s and %d", v2.Day(), v2.panel.District(), d, i)
	}
}

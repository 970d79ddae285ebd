package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
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

package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestEventFormWordsAndFutureDate opens Add event: the statuses read as the
// legend reads them, none raw, and a date after today is warned about.
func TestEventFormWordsAndFutureDate(t *testing.T) {
	v, _ := newTestViewer(t, 1280, 800)
	fyne.DoAndWait(func() { v.addEvent(0) })
	f := v.eventForm
	for _, o := range f.status.Options {
		if o == "nochange" || o == "unknown" || o == "taliban" {
			t.Errorf("the form offers the raw status %q", o)
		}
	}
	if got := f.status.Selected; got != "Taliban" {
		t.Errorf("a new event's status reads %q", got)
	}
	if !f.warning.Hidden {
		t.Errorf("a warning on the shown day: %q", f.warning.Text)
	}
	next := today() + 3
	fyne.DoAndWait(func() { f.date.SetText(next.String()) })
	if f.warning.Hidden || !strings.Contains(f.warning.Text, "in the future") {
		t.Errorf("no warning for %s: %q", next, f.warning.Text)
	}
	fyne.DoAndWait(func() { f.status.SetSelected(statusLabel("nochange")) })
	row, err := f.row(v.scene.Control)
	if err != nil || row.Status.String() != "nochange" {
		t.Errorf("the no-change label stores %v, %v", row.Status, err)
	}
}

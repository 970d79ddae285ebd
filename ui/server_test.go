package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afcontrol/afcontrol/data"
)

func TestFileMenuHasTheServerItems(t *testing.T) {
	v, _ := newTestViewer(t, 1000, 700)
	var labels []string
	fyne.DoAndWait(func() {
		for _, it := range v.menu.main.Items[0].Items {
			labels = append(labels, it.Label)
		}
	})
	got := strings.Join(labels, "|")
	for _, want := range []string{"Open server…", "Sync", "Conflicts…"} {
		if !strings.Contains(got, want) {
			t.Errorf("File menu %q lacks %q", got, want)
		}
	}
}

// walk calls fn for o and every object inside it.
func walk(t *testing.T, o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, k := range c.Objects {
			walk(t, k, fn)
		}
	case fyne.Widget:
		for _, k := range test.TempWidgetRenderer(t, c).Objects() {
			walk(t, k, fn)
		}
	}
}

func TestConflictsViewShowsBothVersionsAndMarksReviewed(t *testing.T) {
	v, win := newTestViewer(t, 1000, 700)
	ctx := context.Background()
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	c := data.Conflict{ServerID: "s", Kept: "server",
		Laptop: data.Version{UID: "u1", Rev: 2, Date: "2021-08-01", Province: "Badghis", District: "Qala-I- Naw", Status: "government",
			Source: "Laptop source", Notes: "the laptop's notes", UpdatedAt: at},
		Server: data.Version{UID: "u1", Rev: 2, Date: "2021-08-01", Province: "Badghis", District: "Qala-I- Naw", Status: "taliban",
			Source: "Server source", Notes: "the server's notes", UpdatedAt: at.Add(time.Hour), By: "alice"}}
	if err := v.ds.RecordConflicts(ctx, []data.Conflict{c}); err != nil {
		t.Fatal(err)
	}
	fyne.DoAndWait(v.showConflicts)
	var text []string
	var button *widget.Button
	fyne.DoAndWait(func() {
		walk(t, win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
			switch o := o.(type) {
			case *widget.Label:
				text = append(text, o.Text)
			case *widget.Card:
				text = append(text, o.Title)
			case *widget.Button:
				if o.Text == "Mark reviewed" {
					button = o
				}
			}
		})
	})
	all := strings.Join(text, "\n")
	for _, want := range []string{"Badghis/Qala-I- Naw", "the laptop's notes", "Server — kept", "the server's notes", "by alice"} {
		if !strings.Contains(all, want) {
			t.Errorf("the Conflicts view does not show %q:\n%s", want, all)
		}
	}
	if button == nil {
		t.Fatal("no Mark reviewed button")
	}
	fyne.DoAndWait(func() { test.Tap(button) })
	left, err := v.ds.Conflicts(ctx, false)
	if err != nil || len(left) != 0 {
		t.Errorf("after Mark reviewed: %d conflicts to review, %v", len(left), err)
	}
}

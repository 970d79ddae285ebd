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
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/pg"
	"github.com/afcontrol/afcontrol/data/pg/pgtest"
	"github.com/afcontrol/afcontrol/data/timeline"
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
		walk(win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
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

// TestWindowFollowsTheServer opens a window on a server (its replica) and
// checks that an event another analyst syncs reaches the window's map
// through the server's notification, and that the password is kept out of
// the preferences.
func TestWindowFollowsTheServer(t *testing.T) {
	pgtest.Start()
	defer pgtest.Stop()
	pgtest.Need(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	ctx := context.Background()
	url := pgtest.NewDatabase(t)
	admin, err := pg.Init(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	laptop := testDataset(t)
	if _, err := admin.PushBoundaries(ctx, laptop); err != nil {
		t.Fatal(err)
	}
	admin.Close()
	alice, err := pg.Connect(ctx, pgtest.As("alice", url))
	if err != nil {
		t.Fatal(err)
	}
	defer alice.Close()
	if _, err := pg.Sync(ctx, laptop, alice); err != nil {
		t.Fatal(err)
	}

	bob := pg.WithPassword(pgtest.As("bob", url), "not-a-real-password") // trust auth ignores it
	ds, sc, gen, where, err := openServerScene(bob, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	defer ds.Close()
	a := test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	var v *Viewer
	fyne.DoAndWait(func() {
		v = newViewer(a, win, ds, sc, nil, gen)
		win.SetContent(v.content)
		v.follow(bob)
		rememberDataset(a, where)
	})
	defer fyne.DoAndWait(func() { v.follow("") })
	for _, p := range append(a.Preferences().StringList(prefRecent), a.Preferences().String(prefDataset), win.Title()) {
		if strings.Contains(p, "not-a-real-password") {
			t.Errorf("the password is in %q", p)
		}
	}

	r := events.Row{Date: events.DayOf(2024, 2, 1), Province: "Badghis", District: "Qala-I- Naw", Status: events.Government,
		Kind: "retaken", Source: "A colleague's report", Confidence: events.High}
	if _, err := laptop.AddEvent(ctx, r); err != nil {
		t.Fatal(err)
	}
	if _, err := pg.Sync(ctx, laptop, alice); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	waitFor(t, "the colleague's event on the window's map", func() bool {
		var st events.Status
		// The map's lock guards the control timeline that reload swaps in.
		v.mapView.rmu.Lock()
		c := v.scene.Control
		v.mapView.rmu.Unlock()
		for _, d := range c.Districts {
			if d.Name == r.District && d.Province == r.Province {
				st = c.Timeline.StatusOn(events.DayOf(2024, 2, 2), timeline.Confirmed, nil)[d.Index]
			}
		}
		return st == events.Government
	})
	t.Logf("a colleague's event reached the window in %v", time.Since(start))
}

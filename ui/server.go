package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/pg"
	"github.com/afcontrol/afcontrol/scene"
)

// A window opened on a PostgreSQL server shows the server's local replica
// (a GeoPackage in the user cache, see pg.OpenReplica), so reads are as
// fast as from a file. A follower (pg.Follow) keeps the replica current:
// other analysts' changes arrive through the server's notifications and
// reload the window as an import does, and the window's own edits are
// pushed at once (reload kicks the follower).

// follower is the background sync of one window's server.
type follower struct {
	cancel context.CancelFunc
	kick   chan struct{}
}

// followers is each window's follower; touched on the UI goroutine only.
var followers = map[fyne.Window]*follower{}

// serverMenuItems are the File menu's server items: Open server… always;
// Sync and Conflicts… with a dataset open.
func serverMenuItems(a fyne.App, w fyne.Window, v *Viewer) []*fyne.MenuItem {
	items := []*fyne.MenuItem{fyne.NewMenuItem("Open server…", func() { openServerDialog(a, w, "") })}
	if v != nil {
		items = append(items,
			fyne.NewMenuItem("Sync", v.syncNow),
			fyne.NewMenuItem("Conflicts…", v.showConflicts),
		)
	}
	return items
}

// openServerDialog asks for a server URL and its password and opens the
// server in the window. The password goes into the OS keyring when the
// analyst asks for it and there is one; otherwise it is asked for again
// next time. It never goes into the preferences.
func openServerDialog(a fyne.App, w fyne.Window, url string) {
	server := widget.NewEntry()
	server.SetPlaceHolder("postgres://analyst@server.example/afcontrol")
	server.SetText(url)
	password := widget.NewPasswordEntry()
	remember := widget.NewCheck("Keep the password in the system keyring", nil)
	note := widget.NewLabel("Without the keyring afcontrol keeps no password: it asks each time.\nThe password may also come from PGPASSWORD or ~/.pgpass.")
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	items := []*widget.FormItem{
		widget.NewFormItem("Server", server),
		widget.NewFormItem("Password", password),
		widget.NewFormItem("", remember),
		widget.NewFormItem("", note),
	}
	d := dialog.NewForm("Open server", "Open", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		raw := strings.TrimSpace(server.Text)
		if !pg.IsURL(raw) {
			showError(w, fmt.Errorf("%q is not a server address: it starts with postgres://", raw))
			return
		}
		raw = pg.WithPassword(raw, password.Text)
		if remember.Checked {
			if err := pg.SavePassword(raw); err != nil {
				dialog.ShowInformation("Password not kept", err.Error(), w)
			}
		}
		openInWindow(a, w, raw)
	}, w)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// openServerScene opens the local replica of the server at url (made and
// synced first) and loads it; where is the URL without its password, for
// the window's title and the recent list.
func openServerScene(url string, progress func(string)) (*data.Dataset, *scene.Scene, data.BoundaryGeneration, string, error) {
	ctx := context.Background()
	d, s, err := pg.OpenReplica(ctx, url, progress)
	if err != nil {
		return nil, nil, data.BoundaryGeneration{}, "", err
	}
	s.Close()
	sc, gen, err := loadScene(ctx, d)
	if err != nil {
		d.Close()
		return nil, nil, data.BoundaryGeneration{}, "", err
	}
	return d, sc, gen, pg.Redact(url), nil
}

// follow starts the window's follower when path is a server, after
// stopping the one of the dataset shown before.
func (v *Viewer) follow(path string) {
	if f := followers[v.win]; f != nil {
		f.cancel()
		delete(followers, v.win)
	}
	if !pg.IsURL(path) {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	f := &follower{cancel: cancel, kick: make(chan struct{}, 1)}
	followers[v.win] = f
	v.win.SetTitle("afcontrol — " + pg.Redact(path))
	go pg.Follow(ctx, v.ds, path, f.kick, func(rep pg.SyncReport, err error) {
		fyne.Do(func() {
			if ctx.Err() != nil {
				return
			}
			if err != nil {
				v.status.SetText("Server: " + err.Error())
				return
			}
			v.reload(func() { v.status.SetText(syncSummary(rep)) })
		})
	})
}

// kickServer asks the window's follower to sync now: after an edit, so
// the edit reaches the server at once. Without a server it does nothing.
func (v *Viewer) kickServer() {
	if f := followers[v.win]; f != nil {
		select {
		case f.kick <- struct{}{}:
		default: // a sync is asked for already
		}
	}
}

// syncSummary says what a sync did, for the status line.
func syncSummary(rep pg.SyncReport) string {
	s := fmt.Sprintf("Synced: %d sent, %d received", rep.Pushed, rep.Pulled)
	if n := len(rep.Conflicts); n > 0 {
		s += fmt.Sprintf("; %d %s edited here and on the server (File → Conflicts…)", n, plural(n, "event", "events"))
	}
	return s
}

// syncNow is File → Sync: with a server open, sync at once; with a file,
// sync with the server it synced with last, or ask which.
func (v *Viewer) syncNow() {
	if followers[v.win] != nil {
		v.kickServer()
		v.status.SetText("Syncing…")
		return
	}
	ds := v.ds
	last, ok, err := ds.LastSync(context.Background())
	if err != nil {
		showError(v.win, err)
		return
	}
	if !ok {
		v.askSyncServer("")
		return
	}
	v.syncWith(last.URL)
}

// askSyncServer asks for the server of a file's first sync.
func (v *Viewer) askSyncServer(url string) {
	server := widget.NewEntry()
	server.SetPlaceHolder("postgres://analyst@server.example/afcontrol")
	server.SetText(url)
	password := widget.NewPasswordEntry()
	dialog.ShowForm("Sync with a server", "Sync", "Cancel", []*widget.FormItem{
		widget.NewFormItem("Server", server),
		widget.NewFormItem("Password", password),
	}, func(ok bool) {
		if ok {
			v.syncWith(pg.WithPassword(strings.TrimSpace(server.Text), password.Text))
		}
	}, v.win)
}

// syncWith syncs the window's dataset file with the server at url behind a
// progress dialog, then reloads and says what happened. A refused login
// asks for the password.
func (v *Viewer) syncWith(url string) {
	ds := v.ds
	var rep pg.SyncReport
	var loginErr error
	runJob(v.win, "Syncing with "+pg.Redact(url), func(ctx context.Context, p *jobProgress) error {
		progress := p.Say
		progress("connecting")
		s, err := pg.Connect(ctx, url)
		if err != nil {
			if !pg.HasPassword(url) && strings.Contains(err.Error(), "password") {
				loginErr = err
				return nil
			}
			return err
		}
		defer s.Close()
		progress("sending and receiving changes")
		rep, err = pg.Sync(ctx, ds, s)
		return err
	}, func() {
		if loginErr != nil {
			v.askSyncServer(pg.Redact(url))
			return
		}
		v.reload(func() {
			v.status.SetText(syncSummary(rep))
			if len(rep.Conflicts) > 0 {
				v.showConflicts()
			}
		})
	}, func(err error) { showError(v.win, err) })
}

// showConflicts is the Conflicts view: every event edited both here and on
// a server between two syncs, with both versions and which was kept, each
// with a button to mark it reviewed.
func (v *Viewer) showConflicts() {
	ds := v.ds
	all := widget.NewCheck("Show reviewed", nil)
	list := container.NewVBox()
	var fill func()
	fill = func() {
		cs, err := ds.Conflicts(context.Background(), all.Checked)
		list.RemoveAll()
		if err != nil {
			list.Add(widget.NewLabel(err.Error()))
			return
		}
		if len(cs) == 0 {
			list.Add(widget.NewLabel("No conflicts to review."))
		}
		for _, c := range cs {
			list.Add(conflictCard(c, func() {
				if err := ds.MarkReviewed(context.Background(), c.ID); err != nil {
					showError(v.win, err)
				}
				fill()
			}))
		}
		list.Refresh()
	}
	all.OnChanged = func(bool) { fill() }
	fill()
	intro := widget.NewLabel("Edited here and on the server between two syncs. The later edit was kept; both versions are in the audit.")
	intro.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("Conflicts", "Close", container.NewBorder(container.NewVBox(intro, all), nil, nil, nil,
		container.NewVScroll(list)), v.win)
	d.Resize(fyne.NewSize(720, 480))
	d.Show()
}

// conflictCard shows one conflict: where, both versions, which was kept.
func conflictCard(c data.Conflict, reviewed func()) *widget.Card {
	side := func(label string, ver data.Version, kept bool) *widget.Label {
		mark := ""
		if kept {
			mark = " — kept"
		}
		l := widget.NewLabel(label + mark + ": " + ver.Summary())
		l.Wrapping = fyne.TextWrapWord
		if kept {
			l.TextStyle.Bold = true
		}
		return l
	}
	content := container.NewVBox(
		side("This dataset", c.Laptop, c.Kept == "laptop"),
		side("Server", c.Server, c.Kept == "server"),
	)
	title := c.Place()
	if c.Reviewed {
		title += " (reviewed)"
	} else {
		b := widget.NewButton("Mark reviewed", reviewed)
		content.Add(b)
	}
	return widget.NewCard(title, "listed "+c.At, content)
}

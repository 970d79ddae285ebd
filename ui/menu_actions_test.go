package ui

import (
	"context"
	"errors"
	"testing"

	"fyne.io/fyne/v2"
)

// TestEveryMenuAction runs every item of every menu, child menus included,
// and closes what it opens: none may panic, and the window keeps a viewer.
func TestEveryMenuAction(t *testing.T) {
	v, win := newTestViewer(t, 1280, 800)
	watchDialogs(t)
	var run func(items []*fyne.MenuItem)
	n := 0
	run = func(items []*fyne.MenuItem) {
		for _, it := range items {
			if it.ChildMenu != nil {
				run(it.ChildMenu.Items)
			}
			if it.Action == nil || it.IsQuit || it.Disabled {
				continue
			}
			n++
			fyne.DoAndWait(it.Action)
			fyne.DoAndWait(func() {
				for o := win.Canvas().Overlays().Top(); o != nil; o = win.Canvas().Overlays().Top() {
					win.Canvas().Overlays().Remove(o)
				}
				if v.present != nil {
					v.TogglePresentation()
				}
			})
		}
	}
	for _, m := range v.menu.main.Items {
		run(m.Items)
	}
	if n < 15 {
		t.Errorf("ran %d menu actions; the menus have more", n)
	}
	if win.Content() != v.content {
		t.Error("the window lost its viewer")
	}
}

// TestJobRunnerEnds runs jobs that succeed, fail and are cancelled: each
// ends with the window alive (the job runner once panicked closing its own
// dialog), and only the success calls done.
func TestJobRunnerEnds(t *testing.T) {
	_, win := newTestViewer(t, 800, 600)
	seen := watchDialogs(t)
	done := make(chan string, 3)
	fyne.DoAndWait(func() {
		runJob(win, "job ok", func(ctx context.Context, p *jobProgress) error {
			p.Say("working")
			p.Step(1, 2, "half")
			return nil
		}, func() { done <- "ok" }, nil)
	})
	if got := <-done; got != "ok" {
		t.Fatal(got)
	}
	fyne.DoAndWait(func() {
		runJob(win, "job fails", func(context.Context, *jobProgress) error { return errors.New("disk full") },
			func() { done <- "done after failure" }, func(err error) { done <- "failed: " + err.Error() })
	})
	if got := <-done; got != "failed: disk full" {
		t.Fatal(got)
	}
	started := make(chan struct{})
	fyne.DoAndWait(func() {
		runJob(win, "job cancelled", func(ctx context.Context, _ *jobProgress) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		}, func() { done <- "done after cancel" }, func(error) { done <- "failed after cancel" })
	})
	<-started
	tapButton(t, win, "Cancel")
	seen.waitTitle(t, "job cancelled") // in progress
	waitFor(t, "the cancelled job to end", func() bool {
		seen.mu.Lock()
		defer seen.mu.Unlock()
		return len(seen.seen) > 0 && seen.seen[len(seen.seen)-1] == "job cancelled\ncancelled"
	})
	select {
	case got := <-done:
		t.Errorf("a cancelled job ended with %q", got)
	default:
	}
}

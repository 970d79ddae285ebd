package ui

import (
	"context"

	"fyne.io/fyne/v2"
)

// edit is one change to the dataset that can be undone and done again;
// both run off the UI goroutine.
type edit struct {
	label      string
	undo, redo func(ctx context.Context) error
}

// editHistory is the undo and redo stacks. A step that fails leaves both
// as they were, so the analyst can try again once the cause is gone (the
// file was locked by another program, the disk was full).
type editHistory struct {
	done, undone []edit
	busy         bool // a step runs; another waits for it to end
}

// record pushes a change just made; it clears what could be redone.
func (h *editHistory) record(e edit) {
	h.done = append(h.done, e)
	h.undone = nil
}

// Undo reverts the last change, off the UI goroutine, then reloads.
func (v *Viewer) Undo() { v.step(&v.history.done, &v.history.undone, true) }

// Redo makes the last undone change again.
func (v *Viewer) Redo() { v.step(&v.history.undone, &v.history.done, false) }

// step runs the last edit of from (its undo, or its redo) and, once it has
// succeeded, moves it to to. While it runs, Undo and Redo do nothing, so
// two steps never race over the same edit.
func (v *Viewer) step(from, to *[]edit, undo bool) {
	if len(*from) == 0 || v.history.busy {
		return
	}
	n := len(*from)
	e := (*from)[n-1]
	run := e.redo
	if undo {
		run = e.undo
	}
	v.history.busy = true
	go func() {
		err := run(context.Background())
		fyne.Do(func() {
			v.history.busy = false
			if err != nil {
				showError(v.win, err)
				return
			}
			// An edit recorded meanwhile sits above e: take e alone out.
			if len(*from) >= n {
				*from = append((*from)[:n-1], (*from)[n:]...)
			}
			*to = append(*to, e)
			v.updateEditMenu()
			v.reload(nil)
		})
	}()
}

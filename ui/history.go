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

// editHistory is the undo and redo stacks.
type editHistory struct {
	done, undone []edit
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

func (v *Viewer) step(from, to *[]edit, undo bool) {
	if len(*from) == 0 {
		return
	}
	e := (*from)[len(*from)-1]
	*from = (*from)[:len(*from)-1]
	run := e.redo
	if undo {
		run = e.undo
	}
	go func() {
		err := run(context.Background())
		fyne.Do(func() {
			if err != nil {
				showError(v.win, err)
				return
			}
			*to = append(*to, e)
			v.updateEditMenu()
			v.reload(nil)
		})
	}()
}

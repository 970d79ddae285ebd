package ui

import (
	"context"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
)

// TestUndoRedoShortcuts checks that the standard Undo and Redo shortcuts,
// which the desktop driver sends for Ctrl+Z and Ctrl+Y, step the edit history.
func TestUndoRedoShortcuts(t *testing.T) {
	v, win := newTestViewer(t, 1000, 700)
	var undone, redone atomic.Int32
	fyne.DoAndWait(func() {
		v.history.record(edit{
			label: "test edit",
			undo:  func(context.Context) error { undone.Add(1); return nil },
			redo:  func(context.Context) error { redone.Add(1); return nil },
		})
	})
	typed := win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) })
	fyne.DoAndWait(func() { typed.TypedShortcut(&fyne.ShortcutUndo{}) })
	waitFor(t, "the undo", func() bool { return undone.Load() == 1 && len(v.history.undone) == 1 })
	fyne.DoAndWait(func() { typed.TypedShortcut(&fyne.ShortcutRedo{}) })
	waitFor(t, "the redo", func() bool { return redone.Load() == 1 && len(v.history.done) == 1 })
	if undone.Load() != 1 {
		t.Errorf("undo ran %d times", undone.Load())
	}
}

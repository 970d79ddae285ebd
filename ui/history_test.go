package ui

import (
	"context"
	"errors"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/afcontrol/afcontrol/data"
)

// TestFailedStepKeepsTheStacks: an undo or a redo that fails leaves the
// edit where it was, so trying again once the cause is gone works.
func TestFailedStepKeepsTheStacks(t *testing.T) {
	v, _ := newTestViewer(t, 1280, 800)
	failUndo, failRedo := true, true
	var undone, redone int
	step := edit{label: "test edit",
		undo: func(context.Context) error {
			if failUndo {
				return errors.New("database is locked")
			}
			undone++
			return nil
		},
		redo: func(context.Context) error {
			if failRedo {
				return errors.New("disk full")
			}
			redone++
			return nil
		}}
	var earlier edit
	earlier.label = "earlier edit"
	fyne.DoAndWait(func() {
		v.history.record(earlier)
		v.history.record(step)
	})
	idle := func() bool { return !v.history.busy }
	stacks := func() (done, undone []string) {
		fyne.DoAndWait(func() {
			for _, e := range v.history.done {
				done = append(done, e.label)
			}
			for _, e := range v.history.undone {
				undone = append(undone, e.label)
			}
		})
		return done, undone
	}
	check := func(when string, wantDone, wantUndone int, top string) {
		t.Helper()
		d, u := stacks()
		if len(d) != wantDone || len(u) != wantUndone {
			t.Fatalf("%s: done %q, undone %q; want %d and %d", when, d, u, wantDone, wantUndone)
		}
		if top != "" && d[len(d)-1] != top && u[len(u)-1] != top {
			t.Fatalf("%s: %q is on neither stack's top", when, top)
		}
	}

	fyne.DoAndWait(v.Undo)
	waitFor(t, "the failed undo", idle)
	check("after a failed undo", 2, 0, "test edit")

	failUndo = false
	fyne.DoAndWait(v.Undo)
	waitFor(t, "the undo", idle)
	if undone != 1 {
		t.Fatalf("the undo ran %d times, want 1", undone)
	}
	check("after the undo", 1, 1, "test edit")

	fyne.DoAndWait(v.Redo)
	waitFor(t, "the failed redo", idle)
	check("after a failed redo", 1, 1, "test edit")

	failRedo = false
	fyne.DoAndWait(v.Redo)
	waitFor(t, "the redo", idle)
	if redone != 1 {
		t.Fatalf("the redo ran %d times, want 1", redone)
	}
	check("after the redo", 2, 0, "test edit")
}

// TestFailedDeleteKeepsWhatToRestore: the step that deletes an event again
// (redo of a deletion, undo of an addition) keeps the event it deleted
// before when it fails, so the next undo still has it to put back.
func TestFailedDeleteKeepsWhatToRestore(t *testing.T) {
	ds := testDataset(t)
	ctx := context.Background()
	evs, err := ds.DistrictEvents(ctx, firstDistrictWithEvents(t, ds))
	if err != nil {
		t.Fatal(err)
	}
	gone, err := ds.DeleteEvent(ctx, evs[0].FID)
	if err != nil {
		t.Fatal(err)
	}
	// The event is deleted already: deleting it again fails.
	if err := deleteInto(ctx, ds, evs[0].FID, &gone); !errors.Is(err, data.ErrNoEvent) {
		t.Fatalf("deleting a deleted event: %v, want ErrNoEvent", err)
	}
	if err := ds.RestoreEvent(ctx, gone); err != nil {
		t.Fatalf("restoring after the failed delete: %v", err)
	}
}

func firstDistrictWithEvents(tb testing.TB, ds *data.Dataset) int64 {
	tb.Helper()
	var fid int64
	if err := ds.DB().QueryRow("SELECT district_id FROM events WHERE district_id IS NOT NULL LIMIT 1").Scan(&fid); err != nil {
		tb.Fatal(err)
	}
	return fid
}

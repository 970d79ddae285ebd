package pg

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
)

// TestFollowSeesAnotherEditorsInsertWithinASecond runs the code the window
// runs for a server (Follow, then a reload of the control timeline) and
// checks that an insert made through another connection reaches it through
// the notification within a second.
func TestFollowSeesAnotherEditorsInsertWithinASecond(t *testing.T) {
	url := serverWithBoundaries(t)
	editor := laptop(t)
	syncOK(t, editor, as("alice", url))
	window := laptop(t)
	// A change of its own, so that its first sync reports: from then on it
	// is listening.
	if _, err := window.AddEvent(context.Background(), row(t, window, 3, "the window's own report")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	reports := make(chan SyncReport, 16)
	kick := make(chan struct{}, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		Follow(ctx, window, as("bob", url), kick, func(rep SyncReport, err error) {
			if err != nil {
				t.Errorf("follow: %v", err)
				return
			}
			reports <- rep
		})
	}()
	defer func() { cancel(); wg.Wait() }()
	select {
	case <-reports:
	case <-time.After(10 * time.Second):
		t.Fatal("the first sync did not report")
	}

	r := row(t, editor, 42, "a colleague's report")
	r.Status = events.Taliban
	r.Date = events.DayOf(2023, 6, 1)
	if _, err := editor.AddEvent(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	s := connect(t, as("alice", url))
	start := time.Now()
	if _, err := Sync(context.Background(), editor, s); err != nil {
		t.Fatal(err)
	}
	var rep SyncReport
	select {
	case rep = <-reports:
	case <-time.After(time.Second):
		t.Fatal("the insert did not reach the other connection within 1 s")
	}
	c, err := window.LoadControl(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	if rep.Pulled != 1 {
		t.Errorf("follow pulled %d events, want 1", rep.Pulled)
	}
	i := -1
	for _, d := range c.Districts {
		if d.Name == r.District && d.Province == r.Province {
			i = d.Index
		}
	}
	day := events.DayOf(2023, 6, 2)
	if st := c.Timeline.StatusOn(day, timeline.Confirmed, nil)[i]; st != events.Taliban {
		t.Errorf("the window's map shows %v for %s on %s, want taliban", st, r.District, day)
	}
	if elapsed > time.Second {
		t.Errorf("insert to window state took %v, want ≤ 1 s", elapsed)
	}
	t.Logf("insert to window state: %v", elapsed)

	// A kick (the window after an edit) sends the window's own change at
	// once, without a notification.
	mine := row(t, window, 50, "the window's second report")
	if _, err := window.AddEvent(context.Background(), mine); err != nil {
		t.Fatal(err)
	}
	kick <- struct{}{}
	select {
	case rep = <-reports:
		if rep.Pushed != 1 {
			t.Errorf("after a kick, follow pushed %d events, want 1", rep.Pushed)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a kick did not sync")
	}
	// And the connection still hears notifications after a kick.
	if _, err := editor.AddEvent(context.Background(), row(t, editor, 60, "a colleague's third report")); err != nil {
		t.Fatal(err)
	}
	if _, err := Sync(context.Background(), editor, s); err != nil {
		t.Fatal(err)
	}
	select {
	case rep = <-reports:
	case <-time.After(2 * time.Second):
		t.Fatal("no notification after a kick")
	}
}

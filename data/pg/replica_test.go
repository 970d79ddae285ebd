package pg

import (
	"context"
	"os"
	"testing"
)

func TestReplicaIsMadeFromTheServerAndKeptCurrent(t *testing.T) {
	url := serverWithBoundaries(t)
	ctx := context.Background()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	a := laptop(t)
	e := firstEvent(t, a, 3)
	e.Notes = "edited before the replica was made"
	r, _ := e.Row()
	if _, err := a.UpdateEvent(ctx, e.FID, r); err != nil {
		t.Fatal(err)
	}
	syncOK(t, a, as("alice", url))

	d, s, err := OpenReplica(ctx, as("bob", url), nil)
	if err != nil {
		t.Fatal(err)
	}
	path := d.Path()
	sameState(t, "new replica vs server", localState(t, d), serverState(t, url))
	if cs, _ := d.Conflicts(ctx, true); len(cs) != 0 {
		t.Errorf("a new replica listed %d conflicts", len(cs))
	}
	c, err := d.LoadControl(ctx)
	if err != nil || len(c.Districts) != 398 {
		t.Fatalf("replica districts: %v", err)
	}
	d.Close()
	s.Close()

	if _, err := a.AddEvent(ctx, row(t, a, 5, "after the replica")); err != nil {
		t.Fatal(err)
	}
	syncOK(t, a, as("alice", url))
	d, s, err = OpenReplica(ctx, as("bob", url), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	defer d.Close()
	if d.Path() != path {
		t.Errorf("second open used %s, want the replica %s", d.Path(), path)
	}
	sameState(t, "reopened replica vs server", localState(t, d), serverState(t, url))
	if _, err := os.Stat(path); err != nil {
		t.Error(err)
	}
}

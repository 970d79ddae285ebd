package pg

import (
	"context"
	"time"

	"github.com/afcontrol/afcontrol/data"
	"github.com/jackc/pgx/v5"
)

// Channel is the notification channel on which the server announces every
// committed change to the events (the payload is the last change number).
const Channel = "afcontrol_events"

// Follow keeps dataset d current with the server at url until ctx ends:
// it syncs once, then again each time the server announces a change or
// kick receives (a window sends on kick after each edit; nil for none), so
// that other analysts' new and edited events reach d within moments and
// d's own changes reach the server. After each sync that changed d, and
// after each failure, it calls changed (from Follow's goroutine) so that
// the caller can reload what it shows; on a failure it waits, connects
// again and carries on. It returns ctx's error.
func Follow(ctx context.Context, d *data.Dataset, url string, kick <-chan struct{}, changed func(SyncReport, error)) error {
	wait := time.Second
	for {
		err := follow(ctx, d, url, kick, changed)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		changed(SyncReport{}, err)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Minute)
	}
}

// follow is one connected spell of Follow: it returns on the first error.
func follow(ctx context.Context, d *data.Dataset, url string, kick <-chan struct{}, changed func(SyncReport, error)) error {
	listener, err := pgx.Connect(ctx, SavedPassword(url))
	if err != nil {
		return explain(err)
	}
	defer listener.Close(context.Background())
	// Listen before the first sync, so that no change falls between them.
	if _, err := listener.Exec(ctx, "LISTEN "+Channel); err != nil {
		return explain(err)
	}
	s, err := Connect(ctx, url)
	if err != nil {
		return err
	}
	defer s.Close()
	for {
		rep, err := Sync(ctx, d, s)
		if err != nil {
			return err
		}
		if rep.Pulled > 0 || rep.Pushed > 0 || len(rep.Conflicts) > 0 {
			changed(rep, nil)
		}
		if err := wake(ctx, listener, kick); err != nil {
			return err
		}
	}
}

// wake waits for a notification on listener or a kick, whichever comes
// first. A kick interrupts the wait through its context; the connection
// stays usable (pgx ends the wait with a deadline, not by closing it).
func wake(ctx context.Context, listener *pgx.Conn, kick <-chan struct{}) error {
	wait, cancel := context.WithCancel(ctx)
	defer cancel()
	kicked := make(chan struct{})
	go func() {
		select {
		case <-kick:
			close(kicked)
			cancel()
		case <-wait.Done():
		}
	}()
	_, err := listener.WaitForNotification(wait)
	select {
	case <-kicked:
		return nil
	default:
	}
	if err != nil && ctx.Err() == nil {
		return err
	}
	return ctx.Err()
}

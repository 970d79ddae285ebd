package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
)

// watchInterval is how often the window looks for commits that another
// program (an import from the command line, a second window) made to its
// dataset; it also looks whenever the window comes to the front.
const watchInterval = 2 * time.Second

// watchDataset reloads the map, legend, chart and panel when the dataset
// changes under the viewer, keeping the view and the day. It stops when the
// viewer is no longer the window's content or the window closes.
func (v *Viewer) watchDataset() {
	ctx := context.Background()
	w, err := v.ds.Watch(ctx)
	if err != nil {
		return // a dataset that cannot be watched is still shown
	}
	v.stop = make(chan struct{})
	v.watcher = w
	stop := v.stop
	look := make(chan struct{}, 1)
	v.app.Lifecycle().SetOnEnteredForeground(func() {
		select {
		case look <- struct{}{}:
		default:
		}
	})
	go func() {
		defer w.Close()
		tick := time.NewTicker(watchInterval)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
			case <-look:
			case <-stop:
				return
			}
			changed, err := w.Changed(ctx)
			if err != nil || !changed {
				continue
			}
			current := false
			fyne.DoAndWait(func() {
				if current = v.win.Content() == v.content; current {
					v.reload(nil)
				}
			})
			if !current {
				return
			}
		}
	}()
}

// stopWatching ends watchDataset's loop; it may be called more than once.
func (v *Viewer) stopWatching() {
	if v.stop != nil {
		close(v.stop)
		v.stop = nil
	}
}

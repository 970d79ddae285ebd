package ui

import (
	"context"
	"path/filepath"

	"fyne.io/fyne/v2"

	"github.com/afcontrol/afcontrol/data"
)

// newDataset asks where to make a new dataset and makes it, from
// $AFCONTROL_MIRROR or the network, then opens it. An existing dataset is
// never replaced: data.Init refuses it and the window says so.
func newDataset(a fyne.App, w fyne.Window) {
	chooseSave(w, "afcontrol.gpkg", "", func(path string) {
		runJob(w, "Making "+filepath.Base(path), func(ctx context.Context, p *jobProgress) error {
			_, err := data.Init(ctx, path, data.FetchOptions{Progress: p.Say})
			return err
		}, func() { openInWindow(a, w, path) }, nil)
	})
}

// openDataset asks for a dataset file and opens it in the window.
func openDataset(a fyne.App, w fyne.Window) {
	chooseOpen(w, []string{".gpkg"}, "", func(path string) { openInWindow(a, w, path) })
}

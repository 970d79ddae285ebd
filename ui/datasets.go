package ui

import (
	"context"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/afcontrol/afcontrol/data"
)

// newDataset asks where to make a new dataset and makes it, from
// $AFCONTROL_MIRROR or the network, then opens it.
func newDataset(a fyne.App, w fyne.Window) {
	d := dialog.NewFileSave(func(uc fyne.URIWriteCloser, err error) {
		if err != nil || uc == nil {
			return
		}
		path := uc.URI().Path()
		uc.Close()
		os.Remove(path) // Init refuses an existing file; the dialog made an empty one
		runJob(w, "Making "+filepath.Base(path), func(ctx context.Context, progress func(string)) error {
			_, err := data.Init(ctx, path, data.FetchOptions{Progress: progress})
			return err
		}, func() { openInWindow(a, w, path) })
	}, w)
	d.SetFileName("afcontrol.gpkg")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".gpkg"}))
	d.Show()
}

// openDataset asks for a dataset file and opens it in the window.
func openDataset(a fyne.App, w fyne.Window) {
	d := dialog.NewFileOpen(func(uc fyne.URIReadCloser, err error) {
		if err != nil || uc == nil {
			return
		}
		path := uc.URI().Path()
		uc.Close()
		openInWindow(a, w, path)
	}, w)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".gpkg"}))
	d.Show()
}

package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// runJob runs work off the UI goroutine behind a progress dialog with a
// Cancel button that cancels work's context; then calls done on success or
// shows the error.
func runJob(w fyne.Window, title string, work func(ctx context.Context, progress func(string)) error, done func()) {
	ctx, cancel := context.WithCancel(context.Background())
	msg := widget.NewLabel("Starting…")
	msg.Truncation = fyne.TextTruncateEllipsis
	bar := widget.NewProgressBarInfinite()
	d := dialog.NewCustom(title, "Cancel", container.NewVBox(msg, bar), w)
	d.SetOnClosed(cancel)
	d.Resize(fyne.NewSize(460, 0))
	d.Show()
	go func() {
		err := work(ctx, func(s string) { fyne.Do(func() { msg.SetText(s) }) })
		fyne.Do(func() {
			canceled := ctx.Err() != nil
			d.SetOnClosed(nil)
			d.Hide()
			cancel()
			bar.Stop()
			switch {
			case canceled:
			case err != nil:
				showError(w, err)
			default:
				done()
			}
		})
	}()
}

package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// jobProgress is what a job tells its dialog while it works. Its methods
// may be called from any goroutine.
type jobProgress struct {
	msg *widget.Label
	bar *widget.ProgressBar
	inf *widget.ProgressBarInfinite
}

// Say shows what the job is doing.
func (p *jobProgress) Say(msg string) { fyne.Do(func() { p.msg.SetText(msg) }) }

// Step shows done of total steps done, with a note.
func (p *jobProgress) Step(done, total int, note string) {
	fyne.Do(func() {
		if total > 0 {
			p.inf.Stop()
			p.inf.Hide()
			p.bar.Show()
			p.bar.SetValue(float64(done) / float64(total))
		}
		if note != "" {
			p.msg.SetText(note)
		}
	})
}

// runJob runs work off the UI goroutine behind a progress dialog whose
// Cancel button cancels work's context. When work ends, on the UI
// goroutine: nothing more if it was cancelled, done on success, else failed
// with the error (nil failed: the error is shown).
func runJob(w fyne.Window, title string, work func(ctx context.Context, p *jobProgress) error, done func(), failed func(error)) {
	runCancellableJob(w, title, work, done, failed, nil)
}

// runCancellableJob is runJob that calls cancelled, when not nil, after a
// job that was cancelled: so a caller that waits for the job's end hears
// of every end.
func runCancellableJob(w fyne.Window, title string, work func(ctx context.Context, p *jobProgress) error,
	done func(), failed func(error), cancelled func()) {
	ctx, cancel := context.WithCancel(context.Background())
	p := &jobProgress{msg: widget.NewLabel("Starting…"), bar: widget.NewProgressBar(), inf: widget.NewProgressBarInfinite()}
	p.msg.Truncation = fyne.TextTruncateEllipsis
	p.bar.Hide()
	d := dialog.NewCustom(title, "Cancel", container.NewVBox(p.msg, p.bar, p.inf), w)
	// Closing the dialog, by Cancel or when the work ends, cancels the
	// context; the work's own outcome is read before that.
	d.SetOnClosed(cancel)
	d.Resize(fyne.NewSize(460, 0))
	told(title, "in progress")
	d.Show()
	go func() {
		err := work(ctx, p)
		fyne.Do(func() {
			canceled := ctx.Err() != nil || errors.Is(err, context.Canceled)
			p.inf.Stop()
			d.Hide()
			switch {
			case canceled:
				told(title, "cancelled")
				if cancelled != nil {
					cancelled()
				}
			case err != nil && failed != nil:
				failed(err)
			case err != nil:
				showError(w, err)
			case done != nil:
				done()
			}
		})
	}()
}

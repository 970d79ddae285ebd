package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afcontrol/afcontrol/data"
)

// errNoDataset says that a dataset named explicitly (on the command line,
// in the recent list) is not there; only the default dataset is made when
// missing.
var errNoDataset = errors.New("no dataset file is there")

// startProblem is the window's content when its dataset cannot be made or
// opened: what went wrong, wrapped to the window's width, and the three
// ways on.
type startProblem struct {
	content          fyne.CanvasObject
	reason, help     *widget.Label
	open, make, from *widget.Button
}

// showStartProblem puts the reason err in w, with buttons to open another
// dataset, to make a new one (beside path), or to make one from a
// boundary folder instead of the boundaries inside the program.
func showStartProblem(a fyne.App, w fyne.Window, path string, err error) *startProblem {
	p := &startProblem{}
	heading := widget.NewLabelWithStyle("afcontrol could not open its dataset", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.reason = widget.NewLabel(err.Error())
	p.reason.Wrapping = fyne.TextWrapWord
	p.reason.Selectable = true
	p.open = widget.NewButton("Open another dataset…", func() { openDataset(a, w) })
	p.make = widget.NewButton("Make a new dataset here…", func() {
		chooseNewDataset(w, path, func(target string) { makeDataset(a, w, target, "") })
	})
	p.make.Importance = widget.HighImportance
	p.from = widget.NewButton("Use a boundary folder…", func() {
		chooseBoundaryFolder(w, func(mirror string) {
			chooseNewDataset(w, path, func(target string) { makeDataset(a, w, target, mirror) })
		})
	})
	p.help = widget.NewLabel("A new dataset takes its boundaries from those built into afcontrol; " +
		"a boundary folder is an offline copy of the geoBoundaries files for Afghanistan (with its SHA256SUMS), " +
		"for example on a USB stick.")
	p.help.Wrapping = fyne.TextWrapWord
	p.help.Importance = widget.LowImportance
	buttons := container.NewGridWrap(fyne.NewSize(240, p.open.MinSize().Height), p.make, p.open, p.from)
	p.content = container.NewVScroll(container.NewPadded(container.New(wrapColumn{}, heading, p.reason, buttons, p.help)))
	w.SetContent(p.content)
	w.SetTitle("afcontrol")
	w.SetMainMenu(startMenu(a, w))
	return p
}

// chooseNewDataset asks where to make a new dataset, starting in path's
// folder, and calls then with the path chosen; an existing file there is
// not replaced (data.Init refuses it).
func chooseNewDataset(w fyne.Window, path string, then func(target string)) {
	d := dialog.NewFileSave(func(uc fyne.URIWriteCloser, err error) {
		if err != nil || uc == nil {
			return
		}
		target := uc.URI().Path()
		uc.Close()
		// The dialog made an empty file; Init refuses any existing file.
		if st, err := os.Stat(target); err == nil && st.Size() == 0 {
			os.Remove(target)
		}
		then(target)
	}, w)
	name := "afcontrol.gpkg"
	if path != "" {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			name = filepath.Base(path)
		}
		if l, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(path))); err == nil {
			d.SetLocation(l)
		}
	}
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".gpkg"}))
	d.Show()
}

// chooseBoundaryFolder asks for a folder holding the geoBoundaries files.
func chooseBoundaryFolder(w fyne.Window, then func(dir string)) {
	dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil || l == nil {
			return
		}
		then(l.Path())
	}, w).Show()
}

// makeDataset makes a new dataset at target, from the boundary folder
// mirror or, when it is "", the boundaries inside the program, and opens
// it in w. A failure is shown over the problem screen, which stays.
func makeDataset(a fyne.App, w fyne.Window, target, mirror string) {
	runJob(w, "Making "+filepath.Base(target), func(ctx context.Context, p *jobProgress) error {
		if mirror == "" {
			_, err := data.InitEmbedded(ctx, target, p.Say)
			return err
		}
		_, err := data.Init(ctx, target, data.FetchOptions{Mirror: mirror, Progress: p.Say})
		return err
	}, func() { openInWindow(a, w, target) }, func(err error) { showError(w, err) })
}

// missingDataset is the error for a named dataset that is not there.
func missingDataset(path string) error {
	return fmt.Errorf("%s: %w; it may have been moved, renamed or be on a drive that is not connected", path, errNoDataset)
}

// wrapColumn stacks its objects at the full width, each as high as it
// needs at that width. A wrapped label or a wrapping grid knows its height
// only once it has its width, which a VBox gives it too late: the lines
// below would overlap it.
type wrapColumn struct{}

// Layout gives every object the width, then places each under the last at
// the height it asks for at that width.
func (wrapColumn) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	var y float32
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		o.Resize(fyne.NewSize(size.Width, o.Size().Height))
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(size.Width, h))
		o.Move(fyne.NewPos(0, y))
		y += h + pad
	}
}

// MinSize is the widest object's minimum width and the heights the objects
// ask for at their current widths.
func (wrapColumn) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var w, h float32
	n := 0
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		w = max(w, m.Width)
		h += m.Height
		n++
	}
	if n > 1 {
		h += theme.Padding() * float32(n-1)
	}
	return fyne.NewSize(w, h)
}

package ui

import (
	"os"
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// Test hooks. The end-to-end test drives the real binary under Xvfb, where
// reading text off the screen would need OCR and Fyne's own file chooser has
// no keyboard path: AFCONTROL_DIALOG_LOG names a file that receives every
// dialog's title and text as it is shown, and AFCONTROL_CHOOSE lists (with
// the system's path list separator) the files the next file choosers answer
// with, one each, as if the analyst had picked them.
var (
	hookMu    sync.Mutex
	dialogLog = os.Getenv("AFCONTROL_DIALOG_LOG")
	chosen    = filepath.SplitList(os.Getenv("AFCONTROL_CHOOSE"))
	// onDialog, when set (tests), is called with every dialog's title and text.
	onDialog func(title, text string)
)

// told records a dialog's title and text for the test hooks.
func told(title, text string) {
	hookMu.Lock()
	f, path := onDialog, dialogLog
	hookMu.Unlock()
	if f != nil {
		f(title, text)
	}
	if path == "" {
		return
	}
	out, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	defer out.Close()
	out.WriteString("== " + title + "\n" + strings.TrimRight(text, "\n") + "\n")
}

// nextChosen returns the next file the AFCONTROL_CHOOSE hook answers with.
func nextChosen() (string, bool) {
	hookMu.Lock()
	defer hookMu.Unlock()
	if len(chosen) == 0 || chosen[0] == "" {
		return "", false
	}
	p := chosen[0]
	chosen = chosen[1:]
	return p, true
}

// showError tells the analyst what went wrong, in the window.
func showError(w fyne.Window, err error) {
	told("Error", err.Error())
	dialog.ShowError(err, w)
}

// showInfo shows a short notice.
func showInfo(w fyne.Window, title, text string) {
	told(title, text)
	dialog.ShowInformation(title, text, w)
}

// chooseOpen asks for a file to read with one of exts (".csv"), starting
// in folder when it exists, and calls pick with its path.
func chooseOpen(w fyne.Window, exts []string, folder string, pick func(path string)) {
	if p, ok := nextChosen(); ok {
		pick(p)
		return
	}
	d := dialog.NewFileOpen(func(uc fyne.URIReadCloser, err error) {
		if path, ok := chosenPath(w, uc, err); ok {
			pick(path)
		}
	}, w)
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	setFolder(d, folder)
	d.Show()
}

// chosenPath is the path a file chooser answered with, its file closed;
// false when it was cancelled, or failed (the failure is shown).
func chosenPath(w fyne.Window, f interface {
	URI() fyne.URI
	Close() error
}, err error) (string, bool) {
	if err != nil {
		showError(w, err)
		return "", false
	}
	if f == nil {
		return "", false
	}
	path := f.URI().Path()
	f.Close()
	return path, true
}

// chooseSave asks where to write a file, suggesting name in folder, and
// calls pick with the path. The path is not created: the exports and Init
// write their own files, atomically.
func chooseSave(w fyne.Window, name, folder string, pick func(path string)) {
	if p, ok := nextChosen(); ok {
		pick(p)
		return
	}
	d := dialog.NewFileSave(func(uc fyne.URIWriteCloser, err error) {
		path, ok := chosenPath(w, uc, err)
		if !ok {
			return
		}
		// The chooser made an empty file; a cancelled export must not leave it.
		if st, err := os.Stat(path); err == nil && st.Size() == 0 {
			os.Remove(path)
		}
		pick(path)
	}, w)
	d.SetFileName(name)
	setFolder(d, folder)
	d.Show()
}

func setFolder(d *dialog.FileDialog, folder string) {
	if folder == "" {
		return
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(folder)); err == nil {
		d.SetLocation(l)
	}
}

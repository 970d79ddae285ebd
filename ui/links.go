package ui

import (
	"fmt"
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// webURL parses a source's address and returns it only when it is an
// absolute http or https URL with a host: nothing else is ever opened.
func webURL(s string) (*url.URL, bool) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, false
	}
	return u, true
}

// openURL opens u in the system's browser or file manager; a failure is
// told in the window.
func (v *Viewer) openURL(u *url.URL) {
	if err := v.app.OpenURL(u); err != nil {
		showError(v.win, fmt.Errorf("could not open %s: %w", u, err))
	}
}

// sourceLink shows a source's name as a link (http and https only), with
// its address beside it in selectable text and a button that copies it.
// openURL is called to open it, so that a failure can be told.
func sourceLink(name, addr string, open func(*url.URL), clip fyne.Clipboard) fyne.CanvasObject {
	u, ok := webURL(addr)
	if !ok {
		l := widget.NewLabel(name)
		l.Wrapping = fyne.TextWrapWord
		if addr == "" {
			return l
		}
		bad := widget.NewLabel("address not opened (not http or https): " + addr)
		bad.Wrapping = fyne.TextWrapBreak
		bad.Selectable = true
		return container.NewVBox(l, bad)
	}
	link := widget.NewHyperlink(name, nil)
	link.Wrapping = fyne.TextWrapWord
	link.OnTapped = func() { open(u) }
	text := widget.NewLabel(u.String())
	text.Wrapping = fyne.TextWrapBreak
	text.Selectable = true
	text.SizeName = theme.SizeNameCaptionText
	copyButton := widget.NewButtonWithIcon("", theme.ContentCopyIcon(), func() {
		if clip != nil {
			clip.SetContent(u.String())
		}
	})
	copyButton.Importance = widget.LowImportance
	return container.NewVBox(link, container.NewBorder(nil, nil, nil, copyButton, text))
}

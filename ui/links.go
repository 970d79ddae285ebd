package ui

import (
	"fmt"
	"net/url"
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

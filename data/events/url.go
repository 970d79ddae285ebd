package events

import (
	"net/url"
	"strings"
)

// SafeURL returns s when it is an absolute http or https URL with a host
// and no spaces or control characters, which a spreadsheet, a GIS or a
// browser can only open as a web page; anything else ("javascript:…",
// "file:…", a relative path, text) gives "" and false. The empty string
// gives "" and true: no link is a safe link.
func SafeURL(s string) (string, bool) {
	if s == "" {
		return "", true
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return "", false
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	return s, true
}

package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// showAbout shows the version, the data sources, the attribution and the
// licences.
func showAbout(w fyne.Window) {
	link := func(text, addr string) *widget.Hyperlink {
		u, _ := url.Parse(addr)
		return widget.NewHyperlink(text, u)
	}
	version := fyne.CurrentApp().Metadata().Version
	if version == "" {
		version = "dev"
	}
	content := container.NewVBox(widget.NewLabel(aboutText(version)),
		link("geoBoundaries", "https://www.geoboundaries.org"),
		link("afcontrol source code", "https://github.com/afcontrol/afcontrol"))
	dialog.ShowCustom("About afcontrol", "Close", content, w)
}

// aboutText is what About says of afcontrol at version: what the map
// shows, the built-in boundaries file by file (boundaryCredits), and the
// sources and licences of the rest.
func aboutText(version string) string {
	return "afcontrol " + version + " — reported district control in Afghanistan over time.\n\n" +
		"Every colour on the map comes from a dated, sourced report; claims are kept apart\n" +
		"from confirmed reports and drawn dotted when the claims layer is on.\n\n" +
		boundaryCredits() + "\n" +
		"Reference timeline: written from public reporting, each row with its source.\n" +
		"Built with Fyne (BSD 3-Clause), orb (MIT), modernc.org/sqlite (BSD 3-Clause),\n" +
		"Go fonts (BSD 3-Clause)."
}

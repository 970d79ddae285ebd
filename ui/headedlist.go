package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// headedList lays out a header (the district's name, status lines and
// history heading) above a list (its history): the header at its full
// height, the list in all the room under it, and never less than listRoom.
// The side column scrolls, so a long header or a short screen costs a
// scroll rather than a window taller than the screen.
type headedList struct{}

// listRoom is the least height the history list gets: a few rows.
const listRoom = 360

func (headedList) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 2 {
		return
	}
	header, list := objs[0], objs[1]
	pad := theme.Padding()
	// Wrapped labels need more height once they know their width: size the
	// header to the width first, then to what it needs at that width.
	header.Move(fyne.NewPos(0, 0))
	header.Resize(fyne.NewSize(size.Width, header.MinSize().Height))
	h := header.MinSize().Height
	header.Resize(fyne.NewSize(size.Width, h))
	list.Move(fyne.NewPos(0, h+pad))
	list.Resize(fyne.NewSize(size.Width, max(listRoom, size.Height-h-pad)))
}

func (headedList) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) != 2 {
		return fyne.Size{}
	}
	header, list := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(max(header.Width, list.Width), header.Height+theme.Padding()+listRoom)
}

package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// mapTip is the small box that follows the pointer over the map and the
// chart: a title and a detail line, at the pointer's position at. Its
// owner's renderer holds its objects and calls applyTheme before showing it.
type mapTip struct {
	box           *canvas.Rectangle
	title, detail *canvas.Text
	at            fyne.Position
}

// newMapTip returns a hidden tip; applyTheme gives it its colours.
func newMapTip() *mapTip {
	t := &mapTip{box: canvas.NewRectangle(color.Transparent),
		title: canvas.NewText("", color.Transparent), detail: canvas.NewText("", color.Transparent)}
	t.title.TextStyle.Bold = true
	t.hide()
	return t
}

func (t *mapTip) applyTheme(th fyne.Theme, v fyne.ThemeVariant) {
	t.box.FillColor = th.Color(theme.ColorNameOverlayBackground, v)
	t.box.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	t.box.StrokeWidth = th.Size(theme.SizeNameInputBorder)
	t.box.CornerRadius = th.Size(theme.SizeNameInputRadius)
	t.title.Color = th.Color(theme.ColorNameForeground, v)
	t.detail.Color = th.Color(theme.ColorNameForeground, v)
	t.title.TextSize = th.Size(theme.SizeNameText)
	t.detail.TextSize = th.Size(theme.SizeNameCaptionText)
}

func (t *mapTip) hide() {
	t.box.Hidden, t.title.Hidden, t.detail.Hidden = true, true, true
	t.refresh()
}

func (t *mapTip) refresh() {
	t.box.Refresh()
	t.title.Refresh()
	t.detail.Refresh()
}

// place shows the tip below and to the right of the pointer, kept inside
// the map.
func (t *mapTip) place(area fyne.Size, th fyne.Theme) {
	pad := th.Size(theme.SizeNameInnerPadding)
	ts := t.title.MinSize()
	ds := t.detail.MinSize()
	size := fyne.NewSize(max(ts.Width, ds.Width)+2*pad, ts.Height+ds.Height+pad)
	pos := t.at.AddXY(2*pad, 2*pad)
	if pos.X+size.Width > area.Width {
		pos.X = t.at.X - size.Width - pad
	}
	if pos.Y+size.Height > area.Height {
		pos.Y = t.at.Y - size.Height - pad
	}
	pos.X, pos.Y = max(pos.X, 0), max(pos.Y, 0)
	t.box.Move(pos)
	t.box.Resize(size)
	t.title.Move(pos.AddXY(pad, pad/2))
	t.title.Resize(ts)
	t.detail.Move(pos.AddXY(pad, pad/2+ts.Height))
	t.detail.Resize(ds)
	t.box.Hidden, t.title.Hidden, t.detail.Hidden = false, false, false
	t.refresh()
}

package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"github.com/afcontrol/afcontrol/geo"
)

// presentationScale is how much larger text is in presentation mode, so a
// room can read the date and the counts from a projector.
const presentationScale = 2

// presentation is the briefing view: the map full screen with only the date,
// the layer and the legend over it, in large type. The keys keep working:
// ←/→ and Shift+←/→ step through days, space plays, Escape or F5 leaves.
type presentation struct {
	title, date, layer, credit *canvas.Text
	legend                     *Legend
	content                    fyne.CanvasObject
	size                       fyne.Size // the window's size before, restored after
}

// TogglePresentation enters presentation mode, with no menu bar, or leaves
// it and restores the window as it was: its menu, content and size.
func (v *Viewer) TogglePresentation() {
	if p := v.present; p != nil {
		v.present = nil
		v.mapArea.Objects[0] = v.mapView
		v.mapArea.Refresh()
		v.win.SetFullScreen(false)
		v.win.SetMainMenu(v.menu.main)
		v.win.SetContent(v.content)
		v.win.Resize(p.size)
		return
	}
	p := &presentation{legend: NewLegend(v.palette), size: v.win.Canvas().Size()}
	fg := theme.Color(theme.ColorNameForeground)
	p.title = canvas.NewText("Reported district control in Afghanistan", fg)
	p.title.TextStyle = fyne.TextStyle{Bold: true}
	p.date = canvas.NewText("", fg)
	p.date.TextStyle = fyne.TextStyle{Bold: true}
	p.layer = canvas.NewText("", fg)
	attr := v.scene.Credit
	if attr == "" {
		attr = geo.DefaultAttribution
	}
	p.credit = canvas.NewText(attr, fg)
	bg := canvas.NewRectangle(withAlpha(theme.Color(theme.ColorNameBackground), 0xe0))
	card := container.NewStack(bg, container.NewPadded(container.NewVBox(p.title, p.date, p.layer, p.legend, p.credit)))
	big := container.NewThemeOverride(card, scaledTheme{fyne.CurrentApp().Settings().Theme(), presentationScale})
	// Bottom right: beside the map of Afghanistan, a 16:9 screen is empty there.
	overlay := container.NewVBox(layout.NewSpacer(), container.NewHBox(layout.NewSpacer(), container.NewPadded(big)))
	p.content = container.NewStack(v.mapView, overlay)
	v.present = p
	p.update(v)
	v.win.SetMainMenu(nil)
	v.win.SetContent(p.content)
	v.win.SetFullScreen(true)
}

// update shows the day v shows: its date, layer and counts.
func (p *presentation) update(v *Viewer) {
	th := fyne.CurrentApp().Settings().Theme()
	size := th.Size(theme.SizeNameText) * presentationScale
	p.date.Text, p.date.TextSize = v.state.Day.String(), size*1.4
	p.layer.Text, p.layer.TextSize = "layer: "+v.state.Layer.String(), size*0.8
	p.title.TextSize = size
	p.credit.TextSize = size * 0.5
	p.legend.SetCounts(v.palette, v.state.Counts, v.state.Layer)
	p.title.Refresh()
	p.date.Refresh()
	p.layer.Refresh()
	p.credit.Refresh()
}

// scaledTheme is a theme whose sizes are scaled, for large type.
type scaledTheme struct {
	fyne.Theme
	scale float32
}

func (t scaledTheme) Size(n fyne.ThemeSizeName) float32 { return t.Theme.Size(n) * t.scale }

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}

package ui

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// legibleTheme is Fyne's default theme with the colours of its secondary
// text raised to a contrast of at least 4.5:1 (WCAG AA) against every
// background they are drawn on, in the light and the dark variant: the
// default's placeholder, disabled, link and error colours measure 1.3 to
// 4.5:1. When held is set, the theme keeps to one variant whatever the
// system says.
type legibleTheme struct {
	fyne.Theme
	held    bool
	variant fyne.ThemeVariant
}

// legibleColours are the colours legibleTheme changes, per variant.
var legibleColours = map[fyne.ThemeVariant]map[fyne.ThemeColorName]color.NRGBA{
	theme.VariantLight: {
		theme.ColorNameForeground:  {0x30, 0x30, 0x30, 0xff},
		theme.ColorNamePlaceHolder: {0x5e, 0x5e, 0x5e, 0xff},
		theme.ColorNameDisabled:    {0x66, 0x66, 0x66, 0xff},
		theme.ColorNameHyperlink:   {0x16, 0x52, 0xc4, 0xff},
		theme.ColorNamePrimary:     {0x1c, 0x5a, 0xd6, 0xff},
		theme.ColorNameError:       {0xb7, 0x1c, 0x1c, 0xff},
		theme.ColorNameSuccess:     {0x1b, 0x6e, 0x20, 0xff},
		theme.ColorNameWarning:     {0x8a, 0x4b, 0x00, 0xff},
	},
	theme.VariantDark: {
		theme.ColorNamePlaceHolder: {0xb2, 0xb2, 0xb2, 0xff},
		theme.ColorNameDisabled:    {0x9a, 0x9a, 0x9a, 0xff},
		theme.ColorNameHyperlink:   {0x7c, 0xb0, 0xff, 0xff},
		theme.ColorNamePrimary:     {0x1c, 0x5a, 0xd6, 0xff},
		theme.ColorNameError:       {0xff, 0x7a, 0x6e, 0xff},
	},
}

// Color is part of fyne.Theme.
func (t legibleTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.held {
		v = t.variant
	}
	if c, ok := legibleColours[v][n]; ok {
		return c
	}
	return t.Theme.Color(n, v)
}

// applyTheme sets "light", "dark" or, for anything else, the system's
// choice, each in the legible colours.
func applyTheme(a fyne.App, name string) {
	switch name {
	case "light":
		a.Settings().SetTheme(legibleTheme{theme.DefaultTheme(), true, theme.VariantLight})
	case "dark":
		a.Settings().SetTheme(legibleTheme{theme.DefaultTheme(), true, theme.VariantDark})
	default:
		a.Settings().SetTheme(legibleTheme{Theme: theme.DefaultTheme()})
	}
}

// textRoles are the window's text colours and the backgrounds each is drawn
// on: every pair must reach 4.5:1.
var textRoles = []struct {
	text fyne.ThemeColorName
	on   []fyne.ThemeColorName
}{
	{theme.ColorNameForeground, []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground,
		theme.ColorNameOverlayBackground, theme.ColorNameMenuBackground, theme.ColorNameButton}},
	{theme.ColorNamePlaceHolder, []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameOverlayBackground}},
	{theme.ColorNameDisabled, []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground,
		theme.ColorNameOverlayBackground, theme.ColorNameMenuBackground}},
	{theme.ColorNameHyperlink, []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameOverlayBackground}},
	{theme.ColorNameError, []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameOverlayBackground}},
	{theme.ColorNameForegroundOnPrimary, []fyne.ThemeColorName{theme.ColorNamePrimary}},
}

// contrast is the WCAG contrast ratio of two colours, from 1 to 21; a
// translucent colour is first laid over the opaque other.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(over(a, b)), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func over(fg, bg color.Color) color.Color {
	n := color.NRGBAModel.Convert(fg).(color.NRGBA)
	if n.A == 0xff {
		return n
	}
	m := color.NRGBAModel.Convert(bg).(color.NRGBA)
	a := float64(n.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*a + float64(y)*(1-a))) }
	return color.NRGBA{mix(n.R, m.R), mix(n.G, m.G), mix(n.B, m.B), 0xff}
}

func luminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	lin := func(x uint8) float64 {
		v := float64(x) / 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(n.R) + 0.7152*lin(n.G) + 0.0722*lin(n.B)
}

package ui

import (
	"image/color"

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

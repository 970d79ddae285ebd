package ui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestTextContrast measures every text colour of the window against every
// background it is drawn on, from the theme the window uses, in both
// variants: each must reach 4.5:1.
func TestTextContrast(t *testing.T) {
	a := test.NewTempApp(t)
	for _, name := range []string{"light", "dark"} {
		applyTheme(a, name)
		th := a.Settings().Theme()
		for _, r := range textRoles {
			for _, bg := range r.on {
				fg, back := th.Color(r.text, 0), th.Color(bg, 0)
				if got := contrast(fg, back); got < 4.5 {
					t.Errorf("%s theme: %s %v on %s %v: contrast %.2f:1, want 4.5:1", name, r.text, fg, bg, back, got)
				}
			}
		}
	}
	// The default theme fails, so the test can.
	if got := contrast(theme.DefaultTheme().Color(theme.ColorNameDisabled, theme.VariantDark),
		theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark)); got >= 4.5 {
		t.Errorf("the default dark theme's disabled text measures %.2f:1; the check is not checking", got)
	}
}

func TestContrastOfKnownPairs(t *testing.T) {
	black, white := color.Black, color.White
	for _, tt := range []struct {
		a, b color.Color
		want float64
	}{{black, white, 21}, {white, white, 1}, {color.NRGBA{0x76, 0x76, 0x76, 0xff}, white, 4.54}} {
		if got := contrast(tt.a, tt.b); got < tt.want-0.01 || got > tt.want+0.01 {
			t.Errorf("contrast(%v, %v) = %.2f, want %.2f", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestSliderTrackVisible: the date slider's track reaches 3:1 against the
// window's background in both themes.
func TestSliderTrackVisible(t *testing.T) {
	a := test.NewTempApp(t)
	for _, name := range []string{"light", "dark"} {
		applyTheme(a, name)
		th := a.Settings().Theme()
		track := trackTheme{}.Color(theme.ColorNameInputBackground, theme.VariantDark)
		if name == "light" {
			track = trackTheme{}.Color(theme.ColorNameInputBackground, theme.VariantLight)
		}
		bg := th.Color(theme.ColorNameBackground, 0)
		if got := contrast(track, bg); got < 3 {
			t.Errorf("%s theme: slider track %v on %v: %.2f:1, want 3:1", name, track, bg, got)
		}
		if got := contrast(th.Color(theme.ColorNameForeground, 0), track); got < 1.5 {
			t.Errorf("%s theme: the slider's filled part is hard to tell from its track (%.2f:1)", name, got)
		}
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

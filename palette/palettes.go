package palette

import "image/color"

// rgb turns 0xRRGGBB into an opaque colour.
func rgb(v uint32) color.RGBA {
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

// DefaultPalette is the screen palette. Government is a mid blue, Taliban a
// dark red-brown and contested a light amber hatched with that brown, so the
// three differ in lightness as well as hue (they stay apart for deuteranopes,
// protanopes and on a grey-scale printer); unknown is a quiet warm grey.
// Claims are pale tints of their status dotted with its colour.
func DefaultPalette() Palette {
	return Palette{
		Name: "default",
		Confirmed: [4]Swatch{
			Unknown:    {Base: rgb(0xd9d6cf), Ink: rgb(0xd9d6cf)},
			Government: {Base: rgb(0x4f8fcf), Ink: rgb(0x4f8fcf)},
			Contested:  {Base: rgb(0xf3c664), Ink: rgb(0x8a3a20), Pattern: Hatch},
			Taliban:    {Base: rgb(0x8a2b1a), Ink: rgb(0x8a2b1a)},
		},
		Claimed: [4]Swatch{
			Unknown:    {Base: rgb(0xd9d6cf), Ink: rgb(0xd9d6cf)},
			Government: {Base: rgb(0xc2d9f0), Ink: rgb(0x2f6fb0), Pattern: Dots},
			Contested:  {Base: rgb(0xfbe8bd), Ink: rgb(0x8a3a20), Pattern: CrossHatch},
			Taliban:    {Base: rgb(0xd08c7c), Ink: rgb(0x6a1e10), Pattern: Dots},
		},
		Outside:     rgb(0xf7f6f2),
		Border:      [3]color.RGBA{rgb(0x5a5a5a), rgb(0x262626), rgb(0x111111)},
		BorderWidth: [3]float32{0.6, 2, 3.2},
		Highlight:   rgb(0xff00c8),
		Casing:      rgb(0x000000),
		Text:        rgb(0x1c1c1c),
		Halo:        rgb(0xffffff),
		Panel:       rgb(0xffffff),
		Lighten:     100,
	}
}

// HighContrastPalette is for projectors and low vision: saturated, widely
// separated lightness, heavier borders and patterns in black.
func HighContrastPalette() Palette {
	p := DefaultPalette()
	p.Name = "high-contrast"
	p.Confirmed = [4]Swatch{
		Unknown:    {Base: rgb(0xffffff), Ink: rgb(0xffffff)},
		Government: {Base: rgb(0x0057b8), Ink: rgb(0x0057b8)},
		Contested:  {Base: rgb(0xffd21f), Ink: rgb(0x000000), Pattern: Hatch},
		Taliban:    {Base: rgb(0x5c0a00), Ink: rgb(0x5c0a00)},
	}
	p.Claimed = [4]Swatch{
		Unknown:    {Base: rgb(0xffffff), Ink: rgb(0xffffff)},
		Government: {Base: rgb(0xa8cdf5), Ink: rgb(0x000000), Pattern: Dots},
		Contested:  {Base: rgb(0xffeea0), Ink: rgb(0x000000), Pattern: CrossHatch},
		Taliban:    {Base: rgb(0xd9705c), Ink: rgb(0x000000), Pattern: Dots},
	}
	p.Outside = rgb(0xe0e0e0)
	p.Border = [3]color.RGBA{rgb(0x000000), rgb(0x000000), rgb(0x000000)}
	p.BorderWidth = [3]float32{0.9, 2.6, 4}
	p.Text = rgb(0x000000)
	p.Lighten = 70
	return p
}

// PrintPalette is for black-and-white printers: greys of well separated
// lightness, with hatching for contested and dots or cross-hatching for
// claims, so every class survives a photocopier.
func PrintPalette() Palette {
	p := DefaultPalette()
	p.Name = "print"
	p.Confirmed = [4]Swatch{
		Unknown:    {Base: rgb(0xffffff), Ink: rgb(0xffffff)},
		Government: {Base: rgb(0xbdbdbd), Ink: rgb(0xbdbdbd)},
		Contested:  {Base: rgb(0xffffff), Ink: rgb(0x303030), Pattern: Hatch},
		Taliban:    {Base: rgb(0x4a4a4a), Ink: rgb(0x4a4a4a)},
	}
	p.Claimed = [4]Swatch{
		Unknown:    {Base: rgb(0xffffff), Ink: rgb(0xffffff)},
		Government: {Base: rgb(0xe6e6e6), Ink: rgb(0x606060), Pattern: Dots},
		Contested:  {Base: rgb(0xffffff), Ink: rgb(0x303030), Pattern: CrossHatch},
		Taliban:    {Base: rgb(0x9a9a9a), Ink: rgb(0x000000), Pattern: Dots},
	}
	p.Outside = rgb(0xf2f2f2)
	p.Border = [3]color.RGBA{rgb(0x808080), rgb(0x202020), rgb(0x000000)}
	p.Highlight = rgb(0xffffff)
	p.Casing = rgb(0x000000)
	p.Lighten = 64
	return p
}

// Palettes returns every palette by name: "default", "high-contrast" and
// "print".
func Palettes() map[string]Palette {
	return map[string]Palette{
		"default":       DefaultPalette(),
		"high-contrast": HighContrastPalette(),
		"print":         PrintPalette(),
	}
}

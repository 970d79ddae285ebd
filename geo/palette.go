package geo

import "image/color"

// Status is the reported control of a district on a day. The order is the
// order of the legend's rows reversed: Unknown, Government, Contested,
// Taliban.
type Status uint8

// The control classes a district can be in.
const (
	Unknown Status = iota
	Government
	Contested
	Taliban
)

// Statuses lists every status in order, for legends and counts.
var Statuses = [...]Status{Unknown, Government, Contested, Taliban}

// String returns "unknown", "government", "contested" or "taliban"; a value
// outside the enum gives "unknown".
func (s Status) String() string {
	switch s {
	case Government:
		return "government"
	case Contested:
		return "contested"
	case Taliban:
		return "taliban"
	}
	return "unknown"
}

// Fill is how one district is painted on a day: its status, and whether that
// status rests on a claim nobody has confirmed (only set when the claims
// layer is on). A claimed Unknown is painted as Unknown.
type Fill struct {
	Status  Status
	Claimed bool
}

// Pattern is the texture laid over a swatch's base colour, so that classes
// stay apart without colour (grey-scale print, colour blindness). Patterns
// are fixed to the pixel grid with a period of 8 pixels.
type Pattern uint8

// The patterns a swatch can carry.
const (
	Solid      Pattern = iota
	Hatch              // diagonal lines, rising to the right
	CrossHatch         // both diagonals
	Dots               // a 2×2 dot every 4 pixels, staggered
)

// at reports whether pixel (x, y) shows the pattern's ink.
func (p Pattern) at(x, y int) bool {
	switch p {
	case Hatch:
		return (x+y)&7 < 2
	case CrossHatch:
		return (x+y)&7 < 2 || (x-y)&7 < 2
	case Dots:
		if y&7 >= 4 {
			x += 4
		}
		return x&7 < 2 && y&3 < 2
	}
	return false
}

// Swatch is the paint of one class: a base colour, and an ink colour drawn
// where the pattern is set.
type Swatch struct {
	Base, Ink color.RGBA
	Pattern   Pattern
}

// At returns the swatch's colour at pixel (x, y).
func (s Swatch) At(x, y int) color.RGBA {
	if s.Pattern.at(x, y) {
		return s.Ink
	}
	return s.Base
}

// Palette is the one colour definition used by the window, the legend and the
// images. Confirmed and Claimed are indexed by Status.
type Palette struct {
	Name      string
	Confirmed [4]Swatch
	Claimed   [4]Swatch
	Outside   color.RGBA // pixels that belong to no district
	// Borders by BorderKind: district, province, country.
	Border      [3]color.RGBA
	BorderWidth [3]float32
	Highlight   color.RGBA // outline of districts that changed
	Casing      color.RGBA // thin line either side of the highlight
	Text, Halo  color.RGBA
	Panel       color.RGBA // legend background
}

// Swatch returns the paint for a fill. A claimed Unknown, or a status outside
// the enum, gives the Unknown swatch.
func (p Palette) Swatch(f Fill) Swatch {
	if f.Status > Taliban || f.Status == Unknown {
		return p.Confirmed[Unknown]
	}
	if f.Claimed {
		return p.Claimed[f.Status]
	}
	return p.Confirmed[f.Status]
}

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

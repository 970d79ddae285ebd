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

// Basis is what a district's status rests on. Reported is the zero value.
type Basis uint8

// The bases a status can rest on.
const (
	// Reported: the district's own report, of medium or high confidence.
	Reported Basis = iota
	// LowConfidence: the district's own report, whose source is unsure (of
	// the day, or of the fact).
	LowConfidence
	// Assessed: an assessment covering the district (of a province, the
	// country, or the district itself) rather than a report of an event.
	Assessed
)

// Fill is how one district is painted on a day: its status, whether that
// status rests on a claim nobody has confirmed (only set when the claims
// layer is on), and what it rests on. A claimed or tentative Unknown is
// painted as Unknown.
type Fill struct {
	Status  Status
	Claimed bool
	Basis   Basis
}

// Tentative reports whether the fill's status rests on a low-confidence
// report or an assessment; an Unknown fill is never tentative, and a Basis
// outside the enum counts as tentative.
func (f Fill) Tentative() bool {
	return f.Basis != Reported && f.Status != Unknown && f.Status <= Taliban
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
// where the pattern is set. A tentative swatch also carries a sparse mark,
// a short horizontal dash in every 8×8 cell, drawn over both in Mark.
type Swatch struct {
	Base, Ink color.RGBA
	Pattern   Pattern
	Sparse    bool
	Mark      color.RGBA
}

// sparseAt reports whether pixel (x, y) is on the tentative mark: a dash
// five pixels long on row 3 of every 8×8 cell, a row the dot pattern
// leaves empty, so the dash reads apart from every pattern.
func sparseAt(x, y int) bool {
	return y&7 == 3 && x&7 < 5
}

// At returns the swatch's colour at pixel (x, y).
func (s Swatch) At(x, y int) color.RGBA {
	if s.Sparse && sparseAt(x, y) {
		return s.Mark
	}
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
	// Lighten is how far a tentative fill's colours move towards white, in
	// 256ths; the sparse dash that marks it is drawn in Text or Halo,
	// whichever stands out more from the lightened base.
	Lighten uint8
}

// Swatch returns the paint for a fill. A claimed Unknown, or a status outside
// the enum, gives the Unknown swatch; a tentative fill gives its status's
// swatch lightened and marked with the sparse dash.
func (p Palette) Swatch(f Fill) Swatch {
	if f.Status > Taliban || f.Status == Unknown {
		return p.Confirmed[Unknown]
	}
	sw := p.Confirmed[f.Status]
	if f.Claimed {
		sw = p.Claimed[f.Status]
	}
	if f.Tentative() {
		sw = p.tentative(sw)
	}
	return sw
}

// tentative returns sw lightened by p.Lighten and marked with the sparse
// dash in the text or halo colour, whichever differs more in lightness from
// the new base.
func (p Palette) tentative(sw Swatch) Swatch {
	sw.Base = lighten(sw.Base, p.Lighten)
	sw.Ink = lighten(sw.Ink, p.Lighten)
	sw.Sparse = true
	l := luma(sw.Base)
	if l-luma(p.Text) > luma(p.Halo)-l {
		sw.Mark = p.Text
	} else {
		sw.Mark = p.Halo
	}
	return sw
}

// lighten moves c towards white by k/256.
func lighten(c color.RGBA, k uint8) color.RGBA {
	f := func(v uint8) uint8 { return v + uint8((int(255-v)*int(k)+128)>>8) }
	return color.RGBA{f(c.R), f(c.G), f(c.B), c.A}
}

// luma is the Rec. 601 brightness of c, 0 to 255.
func luma(c color.RGBA) int {
	return (299*int(c.R) + 587*int(c.G) + 114*int(c.B)) / 1000
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

package palette

import "image/color"

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

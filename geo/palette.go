package geo

import "github.com/afcontrol/afcontrol/palette"

// The palette lives in package palette, so that data can write QGIS styles
// in the map's colours without importing geo. These names keep geo's
// callers compiling; new code should use package palette directly.

// Status is palette.Status.
type Status = palette.Status

// The control classes, as in package palette.
const (
	Unknown    = palette.Unknown
	Government = palette.Government
	Contested  = palette.Contested
	Taliban    = palette.Taliban
)

// Statuses lists every status in order, for legends and counts.
var Statuses = palette.Statuses

// Basis is palette.Basis.
type Basis = palette.Basis

// The bases a status can rest on, as in package palette.
const (
	Reported      = palette.Reported
	LowConfidence = palette.LowConfidence
	Assessed      = palette.Assessed
)

// Fill is palette.Fill.
type Fill = palette.Fill

// Pattern is palette.Pattern.
type Pattern = palette.Pattern

// The patterns a swatch can carry, as in package palette.
const (
	Solid      = palette.Solid
	Hatch      = palette.Hatch
	CrossHatch = palette.CrossHatch
	Dots       = palette.Dots
)

// Swatch is palette.Swatch.
type Swatch = palette.Swatch

// Palette is palette.Palette.
type Palette = palette.Palette

// DefaultPalette returns palette.DefaultPalette().
func DefaultPalette() Palette { return palette.DefaultPalette() }

// HighContrastPalette returns palette.HighContrastPalette().
func HighContrastPalette() Palette { return palette.HighContrastPalette() }

// PrintPalette returns palette.PrintPalette().
func PrintPalette() Palette { return palette.PrintPalette() }

// Palettes returns palette.Palettes().
func Palettes() map[string]Palette { return palette.Palettes() }

package palette

import "image/color"

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

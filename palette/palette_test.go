package palette

import (
	"fmt"
	"math"
	"testing"
)

// Colour-vision deficiency simulation matrices (Machado, Oliveira and
// Fernandes 2009, severity 1.0), applied in linear RGB.
var cvd = map[string][3][3]float64{
	"normal": {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
	"protanopia": {
		{0.152286, 1.052583, -0.204868},
		{0.114503, 0.786281, 0.099216},
		{-0.003882, -0.048116, 1.051998}},
	"deuteranopia": {
		{0.367322, 0.860646, -0.227968},
		{0.280085, 0.672501, 0.047413},
		{-0.011820, 0.042940, 0.968881}},
}

func linear(c uint8) float64 {
	v := float64(c) / 255
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

// meanLinear is the swatch's colour as seen from a distance: the mean of its
// 8×8 tile in linear RGB.
func meanLinear(s Swatch) [3]float64 {
	var m [3]float64
	for y := 0; y < 8; y++ {
		for x := 0; x < 8; x++ {
			c := s.At(x, y)
			m[0] += linear(c.R) / 64
			m[1] += linear(c.G) / 64
			m[2] += linear(c.B) / 64
		}
	}
	return m
}

// lab converts linear sRGB to CIE L*a*b* (D65).
func lab(c [3]float64) [3]float64 {
	x := 0.4124*c[0] + 0.3576*c[1] + 0.1805*c[2]
	y := 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
	z := 0.0193*c[0] + 0.1192*c[1] + 0.9505*c[2]
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x/0.95047), f(y), f(z/1.08883)
	return [3]float64{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

func seen(s Swatch, m [3][3]float64) [3]float64 {
	c := meanLinear(s)
	var o [3]float64
	for i := range o {
		o[i] = math.Max(0, math.Min(1, m[i][0]*c[0]+m[i][1]*c[1]+m[i][2]*c[2]))
	}
	return lab(o)
}

func deltaE(a, b [3]float64) float64 {
	return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
}

func allFills() []Fill {
	fs := []Fill{{Status: Unknown}, {Status: Government}, {Status: Contested}, {Status: Taliban}}
	for _, s := range []Status{Government, Contested, Taliban} {
		fs = append(fs, Fill{Status: s, Claimed: true})
	}
	return fs
}

// tentativeFills returns every status, confirmed and claimed, resting on a
// low-confidence report.
func tentativeFills() []Fill {
	var fs []Fill
	for _, s := range []Status{Government, Contested, Taliban} {
		fs = append(fs, Fill{Status: s, Basis: LowConfidence}, Fill{Status: s, Claimed: true, Basis: LowConfidence})
	}
	return fs
}

func fillName(f Fill) string {
	n := f.Status.String()
	if f.Claimed {
		n += " (claimed)"
	}
	if f.Tentative() {
		n += " (tentative)"
	}
	return n
}

// TestPaletteTentative checks that in every palette a tentative fill is
// paler than, or equal in lightness to, its firm fill and always carries the
// dash, that its dash stands out from its base (ΔL* ≥ 25, so it survives
// grey-scale print), that the basis of an Unknown fill changes nothing, and
// that the tentative fills of different statuses keep apart as the firm ones
// do (ΔL* ≥ 10 or a different pattern).
func TestPaletteTentative(t *testing.T) {
	for _, p := range []Palette{DefaultPalette(), HighContrastPalette(), PrintPalette()} {
		if sw := p.Swatch(Fill{Status: Unknown, Basis: Assessed}); sw != p.Confirmed[Unknown] {
			t.Errorf("%s: assessed unknown paints %+v", p.Name, sw)
		}
		fs := tentativeFills()
		for _, f := range fs {
			firm, tent := f, f
			firm.Basis = Reported
			a, b := p.Swatch(firm), p.Swatch(tent)
			if !b.Sparse || a.Sparse {
				t.Errorf("%s: %s: dash on firm %v, on tentative %v", p.Name, fillName(f), a.Sparse, b.Sparse)
			}
			if la, lb := lab(meanLinear(Swatch{Base: a.Base})), lab(meanLinear(Swatch{Base: b.Base})); lb[0] < la[0]-0.5 {
				t.Errorf("%s: %s: tentative base L* %.0f darker than firm %.0f", p.Name, fillName(f), lb[0], la[0])
			}
			lBase, lMark := lab(meanLinear(Swatch{Base: b.Base}))[0], lab(meanLinear(Swatch{Base: b.Mark}))[0]
			if math.Abs(lBase-lMark) < 25 {
				t.Errorf("%s: %s: dash L* %.0f too close to base L* %.0f", p.Name, fillName(f), lMark, lBase)
			}
		}
		for i := range fs {
			for j := i + 1; j < len(fs); j++ {
				a, b := p.Swatch(fs[i]), p.Swatch(fs[j])
				la, lb := lab(meanLinear(a))[0], lab(meanLinear(b))[0]
				if math.Abs(la-lb) < 10 && a.Pattern == b.Pattern {
					t.Errorf("%s: %s (L* %.0f) vs %s (L* %.0f): same pattern, lightness too close",
						p.Name, fillName(fs[i]), la, fillName(fs[j]), lb)
				}
			}
		}
	}
}

// TestPaletteColourBlindSafe checks that, for normal, protanope and
// deuteranope vision, the four confirmed statuses differ clearly by colour
// alone (CIE ΔE ≥ 15) and every pair of the seven fills differs by colour
// (ΔE ≥ 8) or by pattern.
func TestPaletteColourBlindSafe(t *testing.T) {
	for _, p := range []Palette{DefaultPalette(), HighContrastPalette()} {
		for vision, m := range cvd {
			fs := allFills()
			for i := range fs {
				for j := i + 1; j < len(fs); j++ {
					a, b := p.Swatch(fs[i]), p.Swatch(fs[j])
					d := deltaE(seen(a, m), seen(b, m))
					name := fmt.Sprintf("%s/%s: %s vs %s", p.Name, vision, fillName(fs[i]), fillName(fs[j]))
					if !fs[i].Claimed && !fs[j].Claimed && d < 15 {
						t.Errorf("%s: ΔE %.1f < 15", name, d)
					}
					if d < 8 && a.Pattern == b.Pattern {
						t.Errorf("%s: ΔE %.1f < 8 and same pattern", name, d)
					}
				}
			}
		}
	}
}

// TestPaletteGreyScale checks that on a grey-scale printer every pair of
// fills differs in lightness (L* ≥ 10 apart) or in pattern, for every
// palette.
func TestPaletteGreyScale(t *testing.T) {
	for _, p := range []Palette{DefaultPalette(), HighContrastPalette(), PrintPalette()} {
		fs := allFills()
		for i := range fs {
			for j := i + 1; j < len(fs); j++ {
				a, b := p.Swatch(fs[i]), p.Swatch(fs[j])
				la, lb := lab(meanLinear(a))[0], lab(meanLinear(b))[0]
				if math.Abs(la-lb) < 10 && a.Pattern == b.Pattern {
					t.Errorf("%s: %s (L* %.0f) vs %s (L* %.0f): same pattern, lightness too close",
						p.Name, fillName(fs[i]), la, fillName(fs[j]), lb)
				}
			}
		}
		// The outside of the country must not read as a district.
		if d := math.Abs(lab(meanLinear(Swatch{Base: p.Outside}))[0] - lab(meanLinear(p.Confirmed[Unknown]))[0]); d < 3 && p.Outside != p.Confirmed[Unknown].Base {
			t.Errorf("%s: outside and unknown lightness %.1f apart", p.Name, d)
		}
	}
}

func TestPaletteNames(t *testing.T) {
	for name, p := range Palettes() {
		if p.Name != name {
			t.Errorf("Palettes()[%q].Name = %q", name, p.Name)
		}
	}
	if sw := DefaultPalette().Swatch(Fill{Status: Unknown, Claimed: true}); sw != DefaultPalette().Confirmed[Unknown] {
		t.Errorf("claimed unknown paints %+v", sw)
	}
}

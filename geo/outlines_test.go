package geo

import (
	"image/color"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// strokedHighlight draws r's highlight for its current view from scratch,
// every ring of every highlighted district stroked at once, as the layer
// was drawn before outlines were cached.
func strokedHighlight(r *Renderer) layer {
	var l layer
	l.reset(r.view.W)
	if len(r.highlight) == 0 {
		return l
	}
	g := r.level(SnapLevel(r.view.Scale))
	g.snapDistricts(r)
	var lines []orb.LineString
	var bounds []orb.Bound
	for _, i := range r.highlight {
		if i < 0 || i >= len(g.districts) {
			continue
		}
		for _, poly := range g.districts[i] {
			for _, ring := range poly {
				lines = append(lines, orb.LineString(ring))
				bounds = append(bounds, g.bounds[i])
			}
		}
	}
	p := r.palette
	r.linesLayer(&l, [][]orb.LineString{lines, lines}, [][]orb.Bound{bounds, bounds},
		[]float64{casingWidth, coreWidth}, []color.RGBA{p.Casing, p.Highlight})
	return l
}

// TestHighlightIncrementalMatchesStroked changes the highlighted set at
// random (growing, shrinking, replaced, with duplicates and indexes out of
// range), now and then moving the view or changing the palette, and checks
// after every step that the highlight layer built from cached outlines is
// the one stroked from scratch, pixel for pixel.
func TestHighlightIncrementalMatchesStroked(t *testing.T) {
	r := fit1080(t)
	defer r.SetHighlight(nil)
	defer r.SetPalette(DefaultPalette())
	fit := r.FitView(1920, 1080)
	views := []View{fit, fit.Pan(37, -11), fit.ZoomAt(700, 400, 2.3), fit.ZoomAt(960, 540, 0.6), {W: 640, H: 360, Scale: fit.Scale, X0: fit.X0, Y0: fit.Y0}}
	palettes := []Palette{DefaultPalette(), PrintPalette(), HighContrastPalette()}
	rng := rand.New(rand.NewPCG(10, 27))
	n := r.Len()
	var set []int
	drawn := 0
	steps := 60
	if testing.Short() {
		steps = 15
	}
	for step := range steps {
		switch rng.IntN(10) {
		case 0:
			set = nil
		case 1:
			set = nil
			for range 1 + rng.IntN(n) {
				set = append(set, rng.IntN(n))
			}
		case 2:
			// Indexes out of range are ignored, duplicates draw once.
			set = append(set, -1, n, n+5)
			if len(set) > 3 {
				set = append(set, set[0])
			}
		case 3:
			r.SetView(views[rng.IntN(len(views))])
		case 4:
			r.SetPalette(palettes[rng.IntN(len(palettes))])
		default:
			// A day's step: a few districts come and go.
			for range rng.IntN(8) {
				if len(set) > 0 && rng.IntN(2) == 0 {
					k := rng.IntN(len(set))
					set = slices.Delete(set, k, k+1)
				} else {
					set = append(set, rng.IntN(n))
				}
			}
		}
		r.SetHighlight(set)
		want := strokedHighlight(r)
		if len(want.idx) > 0 {
			drawn++
		}
		if !slices.Equal(r.hlL.idx, want.idx) || !slices.Equal(r.hlL.c, want.c) || r.hlL.w != want.w {
			t.Fatalf("step %d (%d districts, view %+v): highlight has %d pixels, stroked from scratch %d, or they differ",
				step, len(set), r.view, len(r.hlL.idx), len(want.idx))
		}
	}
	if drawn < steps/2 {
		t.Errorf("only %d of %d steps drew an outline: the comparison proves little", drawn, steps)
	}
}

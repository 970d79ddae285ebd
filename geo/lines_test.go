package geo

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// strokeOne draws ls with a pen of the given width on a fresh w×h raster
// (plane = pixels, y down) and returns the coverage of kind 0 per pixel.
func strokeOne(w, h int, ls orb.LineString, width float64) []float64 {
	v := View{W: w, H: h, Scale: 1, X0: 0, Y0: 0}
	// View flips y; give plane points with y negated so pixels are as written.
	flip := make(orb.LineString, len(ls))
	for i, p := range ls {
		flip[i] = orb.Point{p[0], -p[1]}
	}
	var lr lineRaster
	lr.reset(w, h)
	lr.stroke(v, flip, lineBound(flip), newPen(width), 0)
	out := make([]float64, w*h)
	for i, c := range lr.cov {
		out[i] = float64(c&0xff) / 255
	}
	return out
}

func TestStrokeCoverage(t *testing.T) {
	for _, width := range []float64{0.6, 2, 3.2} {
		// A horizontal line across the frame: every inner column holds
		// width pixels of ink, and the pixel on the centre line is as
		// covered as the line is wide (up to fully).
		cov := strokeOne(40, 20, orb.LineString{{-5, 10.5}, {45, 10.5}}, width)
		for x := 5; x < 35; x++ {
			sum := 0.0
			for y := 0; y < 20; y++ {
				sum += cov[y*40+x]
			}
			if math.Abs(sum-width) > 0.02 {
				t.Fatalf("width %v: column %d holds %.3f pixels of ink", width, x, sum)
			}
		}
		if got, want := cov[10*40+20], math.Min(width, 1); math.Abs(got-want) > 0.01 {
			t.Errorf("width %v: centre pixel coverage %.3f, want %.3f", width, got, want)
		}
		// Nothing beyond half the width plus half a pixel.
		for y := 0; y < 20; y++ {
			if d := math.Abs(float64(y) + 0.5 - 10.5); d >= width/2+0.5 && cov[y*40+20] != 0 {
				t.Errorf("width %v: pixel row %d, %.1f from the line, has coverage %.3f", width, y, d, cov[y*40+20])
			}
		}
	}
}

func TestStrokeJointsDoNotAddUp(t *testing.T) {
	// The same diagonal drawn as one segment and as forty short ones must
	// give the same coverage: overlapping capsules of one kind take the
	// maximum, so joints are neither darker nor gapped.
	one := strokeOne(40, 40, orb.LineString{{3, 5}, {35, 31}}, 2)
	var many orb.LineString
	for i := 0; i <= 40; i++ {
		f := float64(i) / 40
		many = append(many, orb.Point{3 + 32*f, 5 + 26*f})
	}
	split := strokeOne(40, 40, many, 2)
	for i := range one {
		if math.Abs(one[i]-split[i]) > 2.0/255 {
			t.Fatalf("pixel (%d, %d): one segment %.3f, forty segments %.3f", i%40, i/40, one[i], split[i])
		}
	}
}

func TestLinesLayerKindsAndReuse(t *testing.T) {
	// Two kinds crossing: where both cover a pixel fully, the later kind's
	// colour wins; the raster is clear again after toLayer, so a second
	// pass with nothing drawn yields an empty layer.
	v := View{W: 30, H: 30, Scale: 1, X0: 0, Y0: 0}
	h := orb.LineString{{0, -15.5}, {30, -15.5}}
	vert := orb.LineString{{15.5, 0}, {15.5, -30}}
	var lr lineRaster
	lr.reset(v.W, v.H)
	lr.stroke(v, h, lineBound(h), newPen(3), 0)
	lr.stroke(v, vert, lineBound(vert), newPen(3), 1)
	var l layer
	red, blue := color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}
	lr.toLayer(&l, []color.RGBA{red, blue})
	for k := 1; k < len(l.idx); k++ {
		if l.idx[k] <= l.idx[k-1] {
			t.Fatalf("layer not in pixel order at %d", k)
		}
	}
	at := func(x, y int) uint32 {
		for k, i := range l.idx {
			if int(i) == y*v.W+x {
				return l.c[k]
			}
		}
		return 0
	}
	if got := at(15, 15); got != pack(blue) {
		t.Errorf("crossing pixel %08x, want blue %08x", got, pack(blue))
	}
	if got := at(5, 15); got != pack(red) {
		t.Errorf("pixel on the first line %08x, want red %08x", got, pack(red))
	}
	if got := at(5, 5); got != 0 {
		t.Errorf("pixel off both lines %08x, want none", got)
	}
	lr.toLayer(&l, []color.RGBA{red, blue})
	if len(l.idx) != 0 {
		t.Errorf("second toLayer found %d pixels; the raster was not cleared", len(l.idx))
	}
}

func TestThinLine(t *testing.T) {
	// A zig-zag of amplitude 0.1 along a straight run, then a corner.
	var ls orb.LineString
	for i := 0; i <= 20; i++ {
		ls = append(ls, orb.Point{float64(i), 0.1 * float64(i%2)})
	}
	ls = append(ls, orb.Point{20, 10})
	got := thinLine(ls, 0.25)
	if got[0] != ls[0] || got[len(got)-1] != ls[len(ls)-1] {
		t.Fatalf("ends moved: %v", got)
	}
	if len(got) >= len(ls)/2 {
		t.Errorf("zig-zag within tolerance kept %d of %d vertices", len(got), len(ls))
	}
	if !containsPoint(got, orb.Point{20, 0}) && !containsPoint(got, orb.Point{19, 0.1}) {
		t.Errorf("corner near (20, 0) dropped: %v", got)
	}
	// Every input vertex lies within tol of the output.
	for _, p := range ls {
		best := math.Inf(1)
		for i := 1; i < len(got); i++ {
			best = math.Min(best, segDist(p, got[i-1], got[i]))
		}
		if best > 0.25+1e-9 {
			t.Errorf("vertex %v is %.3f from the thinned line", p, best)
		}
	}
	if short := (orb.LineString{{0, 0}, {1, 1}}); len(thinLine(short, 1)) != 2 {
		t.Errorf("two-point line changed")
	}
}

func containsPoint(ls orb.LineString, q orb.Point) bool {
	for _, p := range ls {
		if p == q {
			return true
		}
	}
	return false
}

func segDist(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Min(math.Max(((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l2, 0), 1)
	}
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}

func TestOverMatchesImageDraw(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		a := uint8(rng.IntN(256))
		src := color.RGBA{uint8(rng.IntN(int(a) + 1)), uint8(rng.IntN(int(a) + 1)), uint8(rng.IntN(int(a) + 1)), a}
		dst := color.RGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255}
		img := image.NewRGBA(image.Rect(0, 0, 1, 1))
		img.SetRGBA(0, 0, dst)
		draw.Draw(img, img.Rect, image.NewUniform(src), image.Point{}, draw.Over)
		want := img.RGBAAt(0, 0)
		got := over(pack(dst), pack(src))
		g := color.RGBA{uint8(got), uint8(got >> 8), uint8(got >> 16), uint8(got >> 24)}
		for _, d := range [][2]uint8{{g.R, want.R}, {g.G, want.G}, {g.B, want.B}, {g.A, want.A}} {
			if max(d[0], d[1])-min(d[0], d[1]) > 1 {
				t.Fatalf("%v over %v = %v, image/draw gives %v", src, dst, g, want)
			}
		}
	}
}

func TestDilateMatchesDisc(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	m := image.NewAlpha(image.Rect(0, 0, 23, 11))
	for i := range m.Pix {
		if rng.IntN(9) == 0 {
			m.Pix[i] = uint8(rng.IntN(256))
		}
	}
	for _, rad := range []int{1, 2, 3} {
		got := dilate(m, rad)
		for y := 0; y < 11; y++ {
			for x := 0; x < 23; x++ {
				var want uint8
				for dy := -rad; dy <= rad; dy++ {
					for dx := -rad; dx <= rad; dx++ {
						if dx*dx+dy*dy <= rad*rad+1 {
							want = max(want, m.AlphaAt(x+dx, y+dy).A)
						}
					}
				}
				if g := got.AlphaAt(x, y).A; g != want {
					t.Fatalf("radius %d, (%d, %d): %d, want %d", rad, x, y, g, want)
				}
			}
		}
	}
}

func TestSetViewAgainGivesSamePixels(t *testing.T) {
	// Buffers are reused between views; going away and back must redraw
	// exactly what was drawn first, also for a frame narrower than the view.
	r := fixtureRenderer(t)
	spec := FrameSpec{Fills: []Fill{{Status: Government}, {Status: Contested}, {Status: Taliban, Claimed: true}}, Date: "d", Changed: []int{1}}
	a := r.FitView(320, 200)
	r.SetView(a)
	first := r.RenderFrame(spec)
	r.SetView(a.ZoomAt(100, 80, 3))
	r.RenderFrame(spec)
	r.SetView(a)
	again := r.RenderFrame(spec)
	if n := differing(first, again, 0); n != 0 {
		t.Errorf("%d pixels differ after going away and back", n)
	}
	narrow := image.NewRGBA(image.Rect(0, 0, 200, 150))
	r.Recolour(narrow, spec.Fills)
	full := r.NewFrame()
	r.Recolour(full, spec.Fills)
	if n := differing(narrow, full.SubImage(narrow.Rect), 0); n != 0 {
		t.Errorf("narrow frame: %d pixels differ from the full frame's corner", n)
	}
}

package geo

import (
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb/geojson"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/golden")

// fixtureRenderer returns a renderer over testdata/fixture.geojson: six
// invented districts in two invented provinces, with a hole filled by an
// enclave, a district in two parts, and a slanted shared edge.
func fixtureRenderer(t testing.TB) *Renderer {
	t.Helper()
	b, err := os.ReadFile("testdata/fixture.geojson")
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	var ds []District
	for _, f := range fc.Features {
		ds = append(ds, District{
			Name:     f.Properties.MustString("name"),
			Province: f.Properties.MustString("province"),
			Geom:     asMultiPolygon(f.Geometry),
		})
	}
	r, err := NewRenderer(ds, nil, []string{"Northvale", "Southmarch"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func writePNG(t testing.TB, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func readPNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return png.Decode(f)
}

// differing counts the pixels whose colour differs by more than tol in any
// channel (0–255); images of different sizes differ everywhere.
func differing(a, b image.Image, tol uint32) int {
	if a.Bounds().Size() != b.Bounds().Size() {
		return a.Bounds().Dx() * a.Bounds().Dy()
	}
	n := 0
	ab, bb := a.Bounds(), b.Bounds()
	for y := 0; y < ab.Dy(); y++ {
		for x := 0; x < ab.Dx(); x++ {
			r1, g1, b1, a1 := a.At(ab.Min.X+x, ab.Min.Y+y).RGBA()
			r2, g2, b2, a2 := b.At(bb.Min.X+x, bb.Min.Y+y).RGBA()
			for _, d := range [][2]uint32{{r1, r2}, {g1, g2}, {b1, b2}, {a1, a2}} {
				if max(d[0], d[1])-min(d[0], d[1]) > tol*257 {
					n++
					break
				}
			}
		}
	}
	return n
}

func TestGolden(t *testing.T) {
	all := func(f Fill) []Fill { return []Fill{f, f, f, f, f, f} }
	mixed := []Fill{{Status: Government}, {Status: Contested}, {Status: Taliban}, {Status: Government}, {Status: Unknown}, {Status: Taliban}}
	claimed := []Fill{{Status: Government}, {Status: Taliban, Claimed: true}, {Status: Taliban}, {Status: Contested, Claimed: true}, {Status: Unknown}, {Status: Government, Claimed: true}}
	// Every status firm and tentative side by side: a low-confidence
	// report, an assessment, and a tentative claim.
	tentative := []Fill{{Status: Taliban}, {Status: Taliban, Basis: LowConfidence}, {Status: Government, Basis: Assessed},
		{Status: Contested, Basis: LowConfidence}, {Status: Government}, {Status: Taliban, Claimed: true, Basis: Assessed}}
	const w, h = 640, 400
	tests := []struct {
		name    string
		palette Palette
		zoom    float64 // around the frame's centre
		spec    FrameSpec
	}{
		{"fit-unknown", DefaultPalette(), 1, FrameSpec{Fills: all(Fill{}), Date: "2021-05-01"}},
		{"fit-mixed", DefaultPalette(), 1, FrameSpec{Fills: mixed, Date: "2021-07-15"}},
		{"fit-claims-compare", DefaultPalette(), 1, FrameSpec{Fills: claimed, Date: "2021-08-10", Claims: true, Compare: "2021-07-15", Changed: []int{1, 3, 5}}},
		{"zoom-mixed", DefaultPalette(), 2.5, FrameSpec{Fills: mixed, Date: "2021-07-15"}},
		{"print-claims", PrintPalette(), 1, FrameSpec{Fills: claimed, Date: "2021-08-10", Claims: true}},
		{"high-contrast", HighContrastPalette(), 1, FrameSpec{Fills: mixed, Date: "2021-07-15"}},
		{"tentative-default", DefaultPalette(), 1, FrameSpec{Fills: tentative, Date: "2021-08-14", Claims: true}},
		{"tentative-high-contrast", HighContrastPalette(), 1, FrameSpec{Fills: tentative, Date: "2021-08-14", Claims: true}},
		{"tentative-print", PrintPalette(), 1, FrameSpec{Fills: tentative, Date: "2021-08-14", Claims: true}},
	}
	r := fixtureRenderer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r.SetPalette(tt.palette)
			r.SetView(r.FitView(w, h).ZoomAt(w/2, h/2, tt.zoom))
			got := r.RenderFrame(tt.spec)
			path := filepath.Join("testdata", "golden", tt.name+".png")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				writePNG(t, path, got)
				return
			}
			want, err := readPNG(path)
			if err != nil {
				t.Fatalf("%v (run go test ./geo -update to create it)", err)
			}
			// Budget: anti-aliasing and glyph edges may move by a shade
			// between compilers; a changed colour or a moved line may not.
			if n, budget := differing(got, want, 24), w*h/500; n > budget {
				// Kept beside the golden files (git ignores them) so the
				// failure can be looked at after the test has ended.
				out := filepath.Join("testdata", "failed", tt.name+".png")
				if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
					t.Fatal(err)
				}
				writePNG(t, out, got)
				t.Errorf("%s: %d pixels differ (budget %d); got written to %s", path, n, budget, out)
			}
		})
	}
}

// TestGoldenTentativeShows checks that a district drawn tentative differs
// from the same status drawn firm over most of its pixels, in every palette,
// so the golden images above hold a difference that can be seen.
func TestGoldenTentativeShows(t *testing.T) {
	r := fixtureRenderer(t)
	r.SetView(r.FitView(640, 400))
	for _, p := range []Palette{DefaultPalette(), HighContrastPalette(), PrintPalette()} {
		r.SetPalette(p)
		for _, s := range []Status{Government, Contested, Taliban} {
			a := r.RenderFrame(FrameSpec{Fills: []Fill{{Status: s}}, Date: "d"})
			b := r.RenderFrame(FrameSpec{Fills: []Fill{{Status: s, Basis: Assessed}}, Date: "d"})
			// A tentative fill is paler and dashed; where the base is
			// already white (contested in print) its hatch pales, so at
			// least a fifth of the district's pixels change, more than
			// the dash alone (5 of 64).
			if n, px := differing(a, b, 12), r.PixelCount(0); n < px/5 {
				t.Errorf("%s: assessed %s changed %d pixels of %d", p.Name, s, n, px)
			}
		}
	}
}

// TestGoldenCatchesChange checks that the comparison is sharp enough to see
// one district change colour.
func TestGoldenCatchesChange(t *testing.T) {
	r := fixtureRenderer(t)
	r.SetView(r.FitView(640, 400))
	a := r.RenderFrame(FrameSpec{Fills: []Fill{{Status: Government}}, Date: "d"})
	b := r.RenderFrame(FrameSpec{Fills: []Fill{{Status: Taliban}}, Date: "d"})
	if n := differing(a, b, 24); n < r.PixelCount(0)/2 {
		t.Errorf("recolouring district 0 changed %d pixels, it has %d", n, r.PixelCount(0))
	}
}

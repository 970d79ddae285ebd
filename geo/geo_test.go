package geo

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/geom"
	"github.com/paulmach/orb"
)

func TestProjectionRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		ll   orb.Point
	}{
		{"origin", orb.Point{67, 34}},
		{"herat", orb.Point{62.2, 34.35}},
		{"wakhan tip", orb.Point{74.9, 37.1}},
		{"south-west corner", orb.Point{60.5, 29.4}},
	}
	for _, tt := range tests {
		xy := Afghanistan.Forward(tt.ll)
		back := Afghanistan.Inverse(xy)
		if math.Abs(back[0]-tt.ll[0]) > 1e-9 || math.Abs(back[1]-tt.ll[1]) > 1e-9 {
			t.Errorf("%s: %v -> %v -> %v", tt.name, tt.ll, xy, back)
		}
	}
	if o := Afghanistan.Forward(orb.Point{67, 34}); math.Abs(o[0]) > 1e-6 || math.Abs(o[1]) > 1e-6 {
		t.Errorf("origin projects to %v, want (0, 0)", o)
	}
}

func TestScaleFactor(t *testing.T) {
	tests := []struct {
		lat      float64
		min, max float64
	}{
		{31, 1 - 1e-9, 1 + 1e-9},
		{37, 1 - 1e-9, 1 + 1e-9},
		{34, 0.99, 1},
		{29, 1, 1.01},
		{39, 1, 1.01},
	}
	for _, tt := range tests {
		if k := Afghanistan.ScaleFactor(tt.lat); k < tt.min || k > tt.max {
			t.Errorf("ScaleFactor(%v) = %v, want in [%v, %v]", tt.lat, k, tt.min, tt.max)
		}
	}
	// One degree of latitude is about 111.2 km on the sphere.
	a, b := Afghanistan.Forward(orb.Point{67, 33.5}), Afghanistan.Forward(orb.Point{67, 34.5})
	if d := (b[1] - a[1]) / Afghanistan.ScaleFactor(34) / 1000; math.Abs(d-111.2) > 0.3 {
		t.Errorf("one degree of latitude measures %.2f km", d)
	}
}

func TestView(t *testing.T) {
	b := orb.Bound{Min: orb.Point{-1000, -500}, Max: orb.Point{1000, 500}}
	v := FitView(b, 400, 300, 20)
	for _, c := range []orb.Point{b.Min, b.Max} {
		x, y := v.Pixel(c)
		if x < 19.999 || x > 380.001 || y < 19.999 || y > 280.001 {
			t.Errorf("corner %v at pixel (%v, %v), outside the margin", c, x, y)
		}
	}
	tests := []struct {
		name string
		v    View
		px   orb.Point // pixel whose plane point must not move
	}{
		{"zoom in", v.ZoomAt(100, 50, 2), orb.Point{100, 50}},
		{"zoom out", v.ZoomAt(399, 299, 0.25), orb.Point{399, 299}},
		{"bad factor", v.ZoomAt(10, 10, 0), orb.Point{10, 10}},
	}
	for _, tt := range tests {
		want := v.Plane(tt.px[0], tt.px[1])
		got := tt.v.Plane(tt.px[0], tt.px[1])
		if math.Abs(got[0]-want[0]) > 1e-6 || math.Abs(got[1]-want[1]) > 1e-6 {
			t.Errorf("%s: pixel %v shows %v, was %v", tt.name, tt.px, got, want)
		}
	}
	p := v.Pan(30, -10)
	x, y := p.Pixel(v.Plane(5, 5))
	if math.Abs(x-35) > 1e-9 || math.Abs(y+5) > 1e-9 {
		t.Errorf("pan moved pixel (5,5) to (%v, %v), want (35, -5)", x, y)
	}
	if e := FitView(orb.Bound{}, 0, 0, 10); e.W != 1 || e.H != 1 || !(e.Scale > 0) {
		t.Errorf("empty FitView = %+v", e)
	}
}

func TestRasterizeTiles(t *testing.T) {
	// Two triangles splitting a square along a diagonal, and a square with a
	// hole: shared edges give no gaps and no double pixels.
	sq := func(x0, y0, x1, y1 float64) orb.Ring {
		return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
	}
	districts := []orb.MultiPolygon{
		{{{{0, 0}, {10.3, 0}, {0, 7.7}, {0, 0}}}},
		{{{{10.3, 0}, {10.3, 7.7}, {0, 7.7}, {10.3, 0}}}},
		{{sq(12, 0, 20, 8), sq(14, 2, 17, 5)}},
	}
	v := View{W: 24, H: 10, Scale: 1, X0: 0, Y0: 10}
	ids := make([]uint16, v.W*v.H)
	count := make([]int, 3)
	Rasterize(ids, v, districts, count)
	// Rows are flipped: plane y in [0, 7.7) is pixel rows 3..9 (centres 2.5 .. 9.5 → y 7.5 .. 0.5).
	tri := 0
	for y := 0; y < v.H; y++ {
		for x := 0; x < 10; x++ {
			id := ids[y*v.W+x]
			py := 10 - (float64(y) + 0.5)
			if py < 7.7 && float64(x)+0.5 < 10.3 && id == 0 {
				t.Errorf("gap at pixel (%d, %d)", x, y)
			}
			if id == 1 || id == 2 {
				tri++
			}
		}
	}
	if tri != count[0]+count[1] || tri != 80 {
		t.Errorf("triangles cover %d pixels (counts %v), want 80", tri, count)
	}
	if got := ids[(10-3-1)*v.W+15]; got != 0 {
		t.Errorf("pixel in the hole has id %d", got)
	}
	if count[2] != 64-9 {
		t.Errorf("square with hole has %d pixels, want 55", count[2])
	}
}

func TestSnapKeepsSharedEdges(t *testing.T) {
	a := orb.MultiPolygon{{{{0, 0}, {3.2, 0.1}, {6.9, 4.4}, {0, 5}, {0, 0}}}}
	b := orb.MultiPolygon{{{{3.2, 0.1}, {9, 0}, {9, 5}, {6.9, 4.4}, {3.2, 0.1}}}}
	s := Snap([]orb.MultiPolygon{a, b}, 2)
	if s[0][0][0][1] != s[1][0][0][0] || s[0][0][0][2] != s[1][0][0][3] {
		t.Errorf("shared vertices snapped apart: %v / %v", s[0], s[1])
	}
	if tiny := Snap([]orb.MultiPolygon{{{{{0, 0}, {0.1, 0}, {0, 0.1}, {0, 0}}}}}, 1); len(tiny[0]) != 0 {
		t.Errorf("sub-grid polygon kept: %v", tiny[0])
	}
}

// NewRenderer's errors number districts, polygons, rings and vertices from
// 1, as every error of the program does.
func TestNewRendererErrors(t *testing.T) {
	good := orb.MultiPolygon{{{{66, 34}, {67, 34}, {67, 35}, {66, 34}}}}
	ok := District{Name: "Fine", Province: "P", Geom: good}
	tests := []struct {
		name string
		ds   []District
		want string
	}{
		{"none", nil, "renderer: no districts"},
		{"unknown province", []District{{Name: "A", Province: "Nowhere", Geom: good}}, `renderer: district 1 "A": province "Nowhere" is not in the province list`},
		{"empty geometry", []District{ok, {Name: "B", Province: "P"}}, `renderer: district 2 "B": geometry: no polygon`},
		{"NaN", []District{{Name: "A", Province: "P", Geom: orb.MultiPolygon{{{{66, 34}, {math.NaN(), 34}, {67, 35}, {66, 34}}}}}},
			`renderer: district 1 "A": geometry: polygon 1 ring 1 vertex 2 (NaN, 34) is not a lon/lat`},
		{"latitude 95 in a second polygon's hole", []District{ok, ok, {Name: "C", Province: "P", Geom: orb.MultiPolygon{good[0], {good[0][0], {{66, 34}, {67, 95}, {67, 35}, {66, 34}}}}}},
			`renderer: district 3 "C": geometry: polygon 2 ring 2 vertex 2 (67, 95) is not a lon/lat`},
		{"infinite anchor", []District{{Name: "A", Province: "P", Geom: good, Anchor: orb.Point{math.Inf(1), 34}}},
			`renderer: district 1 "A": anchor (+Inf, 34) is not a lon/lat`},
	}
	for _, tt := range tests {
		_, err := NewRenderer(tt.ds, nil, []string{"P"})
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}

// A district's given anchor is where its label goes; without one, the
// renderer computes the interior point.
func TestNewRendererAnchor(t *testing.T) {
	square := orb.MultiPolygon{{{{66, 34}, {68, 34}, {68, 36}, {66, 36}, {66, 34}}}}
	given := orb.Point{66.25, 35.75}
	r, err := NewRenderer([]District{
		{Name: "Given", Province: "P", Geom: square, Anchor: given},
		{Name: "Computed", Province: "P", Geom: square},
	}, nil, []string{"P"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Anchor(0), r.Proj.Forward(given); got != want {
		t.Errorf("given anchor: %v, want %v", got, want)
	}
	if got, want := r.Anchor(1), r.Proj.Forward(geom.InteriorPoint(square)); got != want {
		t.Errorf("computed anchor: %v, want %v", got, want)
	}
	if r.Anchor(0) == r.Anchor(1) {
		t.Fatalf("the test's given anchor is the interior point")
	}
}

func TestHitTestFixture(t *testing.T) {
	r := fixtureRenderer(t)
	r.SetView(r.FitView(640, 400))
	for i := 0; i < r.Len(); i++ {
		x, y := r.View().Pixel(r.Anchor(i))
		if got := r.HitTest(int(x), int(y)); got != i {
			t.Errorf("HitTest at %s's anchor = %d", r.Name(i), got)
		}
	}
	for _, p := range [][2]int{{-1, 0}, {0, -1}, {640, 0}, {0, 400}, {0, 0}} {
		if got := r.HitTest(p[0], p[1]); got != -1 {
			t.Errorf("HitTest%v = %d, want -1", p, got)
		}
	}
}

func TestCountFillsAndLegend(t *testing.T) {
	fills := []Fill{{Status: Taliban}, {Status: Taliban, Claimed: true}, {Status: Unknown, Claimed: true}, {Status: 9}}
	c := CountFills(fills, 5)
	want := Counts{Confirmed: [4]int{3, 0, 0, 1}, Claimed: [4]int{0, 0, 0, 1}, Total: 5}
	if c != want {
		t.Errorf("CountFills = %+v, want %+v", c, want)
	}
	rows := LegendRows(DefaultPalette(), c, true)
	var texts []string
	for _, r := range rows {
		texts = append(texts, r.Text)
	}
	// The window's words: no row of an exported legend says "unknown".
	wantTexts := []string{"Taliban 1 of 5 (20%)", "contested 0 of 5 (0%)", "government / anti-Taliban forces 0 of 5 (0%)",
		"no sourced report 3 of 5 (60%)", "paler, dashed: low confidence or assessment 0",
		"Taliban, claimed 1 of 5 (20%)", "contested, claimed 0 of 5 (0%)", "government / anti-Taliban forces, claimed 0 of 5 (0%)"}
	if strings.Join(texts, "|") != strings.Join(wantTexts, "|") {
		t.Errorf("legend rows:\n got %q\nwant %q", texts, wantTexts)
	}
	if !rows[4].Swatch.Sparse {
		t.Errorf("the tentative row's swatch carries no dash: %+v", rows[4].Swatch)
	}
	for s, name := range []string{"unknown", "government", "contested", "taliban"} {
		if Status(s).String() != name {
			t.Errorf("Status(%d) = %q", s, Status(s))
		}
	}
}

func TestStatusNameAndShare(t *testing.T) {
	for s, want := range map[Status]string{Unknown: "no sourced report", Government: "government / anti-Taliban forces",
		Contested: "contested", Taliban: "Taliban", 9: "no sourced report"} {
		if got := StatusName(s); got != want {
			t.Errorf("StatusName(%d) = %q, want %q", s, got, want)
		}
	}
	for _, tc := range []struct {
		n, total int
		want     string
	}{{0, 0, "0%"}, {0, 398, "0%"}, {1, 398, "<1%"}, {127, 398, "32%"}, {398, 398, "100%"}, {397, 398, "100%"}} {
		if got := Share(tc.n, tc.total); got != tc.want {
			t.Errorf("Share(%d, %d) = %q, want %q", tc.n, tc.total, got, tc.want)
		}
	}
}

// TestCoverage checks the tentative counts and the coverage line: an
// Unknown fill is never tentative or assessed, whatever its basis.
func TestCoverage(t *testing.T) {
	fills := []Fill{
		{Status: Taliban},
		{Status: Taliban, Basis: LowConfidence},
		{Status: Government, Basis: Assessed},
		{Status: Contested, Claimed: true, Basis: Assessed},
		{Status: Unknown, Basis: Assessed},
		{Status: 9, Basis: LowConfidence},
	}
	c := CountFills(fills, 7)
	if c.Tentative != 3 || c.Assessed != 2 || c.Sourced() != 4 {
		t.Errorf("CountFills = %+v: tentative %d, assessed %d, sourced %d; want 3, 2, 4", c, c.Tentative, c.Assessed, c.Sourced())
	}
	if got, want := c.Coverage(), "4 of 7 districts with a sourced status on this day; 2 of them from assessments"; got != want {
		t.Errorf("Coverage = %q, want %q", got, want)
	}
	if got := (Counts{}).Coverage(); got != "0 of 0 districts with a sourced status on this day; 0 of them from assessments" {
		t.Errorf("empty Coverage = %q", got)
	}
}

func TestScaleBar(t *testing.T) {
	v := BoundView(Afghanistan, orb.Bound{Min: orb.Point{60, 29}, Max: orb.Point{75, 39}}, 1920, 1080, 0)
	km, px := ScaleBar(Afghanistan, v, 160)
	if px > 160 || px < 160/2.5 {
		t.Errorf("bar %v px for %v km", px, km)
	}
	if m := km / math.Pow(10, math.Floor(math.Log10(km))); m != 1 && m != 2 && m != 5 {
		t.Errorf("bar length %v km is not round", km)
	}
}

// TestForwardMatchesPow checks that Forward's shortcut for math.Pow gives
// the very bits of the formula with Pow, so projected geometry, and with
// it every frame, is the same as before the shortcut.
func TestForwardMatchesPow(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, p := range []Projection{Afghanistan, LambertConic(20, 60, 10, 40), LambertConic(45, 45, 0, 45), LambertConic(10, 20, 0, 15)} {
		ref := func(ll orb.Point) orb.Point {
			rho := p.f / math.Pow(math.Tan(math.Pi/4+rad(ll[1])/2), p.n)
			theta := p.n * (rad(ll[0]) - p.lon0)
			return orb.Point{rho * math.Sin(theta), p.rho0 - rho*math.Cos(theta)}
		}
		pts := []orb.Point{{67, 0}, {67, 34}, {0, -90}, {0, 90}, {180, 89.999999}, {-180, -89.999999}}
		for range 200000 {
			pts = append(pts, orb.Point{r.Float64()*360 - 180, r.Float64()*180 - 90})
		}
		for _, ll := range pts {
			got, want := p.Forward(ll), ref(ll)
			for k := range 2 {
				if math.Float64bits(got[k]) != math.Float64bits(want[k]) && !(math.IsNaN(got[k]) && math.IsNaN(want[k])) {
					t.Fatalf("n=%v: Forward(%v) = %v, with Pow %v", p.n, ll, got, want)
				}
			}
		}
	}
}

// An id buffer that SetView reuses (cleared) holds what a fresh one (not
// cleared) does.
func TestSetViewReusedBufferIsFresh(t *testing.T) {
	r := fixtureRenderer(t)
	small := r.FitView(300, 200)
	r.SetView(r.FitView(640, 400))
	r.SetView(small.Pan(37, -21))
	r.SetView(small)
	fresh := fixtureRenderer(t)
	fresh.SetView(small)
	got, want := r.IDs(), fresh.IDs()
	if len(got) != len(want) {
		t.Fatalf("%d ids, want %d", len(got), len(want))
	}
	diff, empty := 0, 0
	for i := range want {
		if got[i] != want[i] {
			diff++
		}
		if want[i] == 0 {
			empty++
		}
	}
	if diff != 0 || empty == 0 || empty == len(want) {
		t.Errorf("%d of %d ids differ; %d empty", diff, len(want), empty)
	}
}

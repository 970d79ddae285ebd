package geo

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/afcontrol/afcontrol/assets"
	"github.com/afcontrol/afcontrol/geom"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

// realData is the 398 ADM2 districts with provinces assigned from ADM1.
type realData struct {
	districts []District
	provinces []string
	renderer  *Renderer
	err       error
}

var loadReal = sync.OnceValue(func() *realData {
	rd := &realData{}
	rd.err = rd.load()
	return rd
})

// realRenderer returns the renderer over the real districts: the
// geoBoundaries files built into the program.
func realRenderer(tb testing.TB) (*Renderer, *realData) {
	tb.Helper()
	rd := loadReal()
	if rd.err != nil {
		tb.Fatal(rd.err)
	}
	return rd.renderer, rd
}

// readCollection reads one of the embedded boundary files by its upstream name.
func readCollection(name string) (*geojson.FeatureCollection, error) {
	m, err := assets.Boundaries()
	if err != nil {
		return nil, err
	}
	var b []byte
	for _, f := range m.Files {
		if f.Name == name {
			if b, err = assets.ReadBoundary(f); err != nil {
				return nil, err
			}
		}
	}
	if b == nil {
		return nil, fmt.Errorf("%s is not among the embedded boundaries", name)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return fc, nil
}

func asMultiPolygon(g orb.Geometry) orb.MultiPolygon {
	switch g := g.(type) {
	case orb.Polygon:
		return orb.MultiPolygon{g}
	case orb.MultiPolygon:
		return g
	}
	return nil
}

func (rd *realData) load() error {
	adm2, err := readCollection("geoBoundaries-AFG-ADM2.geojson")
	if err != nil {
		return err
	}
	adm1, err := readCollection("geoBoundaries-AFG-ADM1.geojson")
	if err != nil {
		return err
	}
	var provGeom []orb.MultiPolygon
	for _, f := range adm1.Features {
		rd.provinces = append(rd.provinces, f.Properties.MustString("shapeName"))
		provGeom = append(provGeom, asMultiPolygon(f.Geometry))
	}
	for i, f := range adm2.Features {
		mp := asMultiPolygon(f.Geometry)
		if mp == nil {
			return fmt.Errorf("ADM2 feature %d: geometry %T", i, f.Geometry)
		}
		p := provinceOf(geom.InteriorPoint(mp), mp, provGeom)
		rd.districts = append(rd.districts, District{
			Name: f.Properties.MustString("shapeName"), Province: rd.provinces[p], Geom: mp,
		})
	}
	rd.renderer, err = NewRenderer(rd.districts, nil, rd.provinces)
	return err
}

// provinceOf returns the ADM1 polygon containing the district's interior
// point; the ADM1 polygons are coarser than the districts, so a point that
// falls in none goes to the province nearest to it by vertex distance.
func provinceOf(p orb.Point, mp orb.MultiPolygon, provs []orb.MultiPolygon) int {
	for j, pg := range provs {
		if planar.MultiPolygonContains(pg, p) {
			return j
		}
	}
	best, bestD := 0, -1.0
	for j, pg := range provs {
		for _, poly := range pg {
			for _, q := range poly[0] {
				if d := planar.DistanceSquared(p, q); bestD < 0 || d < bestD {
					best, bestD = j, d
				}
			}
		}
	}
	return best
}

// sampleFills returns a varied day: statuses by district index.
func sampleFills(n int, claims bool) []Fill {
	fills := make([]Fill, n)
	for i := range fills {
		fills[i].Status = Status((i * 7 / 3) % 4)
		if claims && i%11 == 0 {
			fills[i].Claimed = true
		}
	}
	return fills
}

// TestRealPreview draws the busiest frame (claims, a comparison, three
// changed districts) and checks that the change outlines are drawn around
// the changed districts and nowhere else on the map. GEO_PREVIEW=DIR keeps
// the image for a look.
func TestRealPreview(t *testing.T) {
	r, _ := realRenderer(t)
	const w, h = 1920, 1080
	r.SetView(r.FitView(w, h))
	changed := []int{5, 17, 200}
	spec := FrameSpec{Fills: sampleFills(r.Len(), true), Date: "2021-08-10", Claims: true}
	plain := r.RenderFrame(spec)
	plainPix := append([]uint8(nil), plain.Pix...)
	spec.Compare, spec.Changed = "2021-07-01", changed
	img := r.RenderFrame(spec)
	if dir := os.Getenv("GEO_PREVIEW"); dir != "" {
		writePNG(t, filepath.Join(dir, "preview.png"), img)
	}
	// The pixel boxes of the changed districts, grown by the outline's width.
	var boxes []image.Rectangle
	for _, d := range changed {
		b := image.Rectangle{Min: image.Pt(w, h)}
		for i, id := range r.IDs() {
			if int(id) == d+1 {
				x, y := i%w, i/w
				b = b.Union(image.Rect(x, y, x+1, y+1))
			}
		}
		if b.Empty() {
			t.Fatalf("changed district %d has no pixels", d)
		}
		boxes = append(boxes, b.Inset(-8))
	}
	inside, outside := 0, 0
	for i := 0; i < w*h; i++ {
		if string(img.Pix[4*i:4*i+4]) == string(plainPix[4*i:4*i+4]) || r.IDs()[i] == 0 {
			continue // unchanged, or off the map (legend, title, sea)
		}
		p := image.Pt(i%w, i/w)
		in := false
		for _, b := range boxes {
			in = in || p.In(b)
		}
		if in {
			inside++
		} else {
			outside++
		}
	}
	if inside < 300 {
		t.Errorf("only %d pixels of outline around the changed districts", inside)
	}
	if outside > inside/20 {
		t.Errorf("%d map pixels changed away from the changed districts (%d near them)", outside, inside)
	}
}

func fit1080(tb testing.TB) *Renderer {
	r, _ := realRenderer(tb)
	r.SetPalette(DefaultPalette())
	r.SetLabels(true)
	r.SetView(r.FitView(1920, 1080))
	return r
}

func TestRealEveryDistrictHasPixels(t *testing.T) {
	r := fit1080(t)
	if r.Len() != 398 {
		t.Fatalf("%d districts, want 398", r.Len())
	}
	seen := make([]int, r.Len())
	for _, id := range r.IDs() {
		if id != 0 {
			seen[id-1]++
		}
	}
	for i, n := range seen {
		if n == 0 {
			t.Errorf("district %d %s has no pixel", i, r.Name(i))
		}
		if n != r.PixelCount(i) {
			t.Errorf("district %d: %d pixels, PixelCount says %d", i, n, r.PixelCount(i))
		}
	}
}

// TestRealNoGaps flood-fills the empty pixels from the frame's edge: any
// empty pixel it cannot reach lies inside the country, between districts.
func TestRealNoGaps(t *testing.T) {
	for _, zoom := range []float64{1, 3, 9} {
		r, _ := realRenderer(t)
		v := r.FitView(1920, 1080).ZoomAt(1250, 300, zoom)
		r.SetView(v)
		ids := r.IDs()
		w, h := v.W, v.H
		outside := make([]bool, len(ids))
		var stack []int
		push := func(i int) {
			if ids[i] == 0 && !outside[i] {
				outside[i] = true
				stack = append(stack, i)
			}
		}
		for x := 0; x < w; x++ {
			push(x)
			push((h-1)*w + x)
		}
		for y := 0; y < h; y++ {
			push(y * w)
			push(y*w + w - 1)
		}
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := i%w, i/w
			if x > 0 {
				push(i - 1)
			}
			if x < w-1 {
				push(i + 1)
			}
			if y > 0 {
				push(i - w)
			}
			if y < h-1 {
				push(i + w)
			}
		}
		gaps := 0
		for i, id := range ids {
			if id == 0 && !outside[i] {
				gaps++
				if gaps <= 5 {
					t.Errorf("zoom %v: empty pixel (%d, %d) inside the country", zoom, i%w, i/w)
				}
			}
		}
		if gaps > 0 {
			t.Errorf("zoom %v: %d empty pixels inside the country", zoom, gaps)
		}
	}
}

func TestRealRecolourChangesOneDistrict(t *testing.T) {
	r := fit1080(t)
	fills := sampleFills(r.Len(), false)
	a, b := r.NewFrame(), r.NewFrame()
	r.SetLabels(false) // labels cover pixels of their district; test the fill alone
	defer r.SetLabels(true)
	r.Recolour(a, fills)
	const d = 123
	fills2 := append([]Fill(nil), fills...)
	fills2[d] = Fill{Status: (fills[d].Status + 1) % 4}
	r.Recolour(b, fills2)
	ids := r.IDs()
	changed, inside := 0, 0
	for i, id := range ids {
		diff := a.Pix[4*i] != b.Pix[4*i] || a.Pix[4*i+1] != b.Pix[4*i+1] || a.Pix[4*i+2] != b.Pix[4*i+2]
		if int(id)-1 == d {
			inside++
		}
		if !diff {
			continue
		}
		changed++
		if int(id)-1 != d {
			t.Fatalf("pixel (%d, %d) of district %d changed", i%1920, i/1920, int(id)-1)
		}
	}
	if changed < inside*8/10 {
		t.Errorf("%d of district %d's %d pixels changed", changed, d, inside)
	}
}

func TestRealHitTest(t *testing.T) {
	r := fit1080(t)
	v := r.View()
	miss := 0
	for i := 0; i < r.Len(); i++ {
		x, y := v.Pixel(r.Anchor(i))
		if got := r.HitTest(int(x), int(y)); got != i {
			miss++
			t.Errorf("HitTest at district %d %s's interior point = %d", i, r.Name(i), got)
		}
	}
	if miss > 0 {
		t.Errorf("%d of %d anchors missed", miss, r.Len())
	}
}

func TestRealLabels(t *testing.T) {
	r := fit1080(t)
	labels := r.Labels()
	provinces, districts := 0, 0
	for i, a := range labels {
		if a.District < 0 {
			provinces++
		} else {
			districts++
		}
		for _, b := range labels[i+1:] {
			if a.Box.Overlaps(b.Box) {
				t.Errorf("labels %q %v and %q %v overlap", a.Text, a.Box, b.Text, b.Box)
			}
		}
		ids := r.IDs()
		for y := a.Box.Min.Y; y < a.Box.Max.Y; y++ {
			for x := a.Box.Min.X; x < a.Box.Max.X; x++ {
				id := int(ids[y*1920+x]) - 1
				if id < 0 || (a.District >= 0 && id != a.District) || (a.District < 0 && r.Province(id) != a.Province) {
					t.Fatalf("label %q covers pixel (%d, %d) of district %d, outside its polygon", a.Text, x, y, id)
				}
			}
		}
	}
	t.Logf("%d province and %d district names placed", provinces, districts)
	if provinces < 30 {
		t.Errorf("only %d of 34 province names placed at 1920×1080", provinces)
	}
}

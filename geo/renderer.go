package geo

import (
	"fmt"
	"image"
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/afcontrol/afcontrol/geom"
	"github.com/paulmach/orb"
)

// District is one district as the renderer takes it: its name, its
// province's name and its boundary in lon/lat degrees.
type District struct {
	Name, Province string
	Geom           orb.MultiPolygon
	// Anchor is where the district's label goes, in lon/lat: a point inside
	// Geom, such as the interior point a dataset stores with its boundaries.
	// The zero Point means none given: NewRenderer computes
	// geom.InteriorPoint(Geom).
	Anchor orb.Point
}

// levelGeom is the geometry simplified for one zoom level, in plane metres.
// Its parts are made on first use, each once, so that the border lines can
// be made on one goroutine while the districts are made on another.
type levelGeom struct {
	grid float64

	districtsOnce sync.Once
	districts     []orb.MultiPolygon // made by snapDistricts
	bounds        []orb.Bound        // per district; empty districts have the zero Bound

	// The border lines by kind (district, province, country) and their
	// bounds, so that a view skips lines it does not show; made by
	// borderLines on first use.
	bordersOnce  sync.Once
	borderSets   [3][]orb.LineString
	borderBounds [3][]orb.Bound
}

// snapDistricts makes g's districts and their bounds once; it may run on a
// goroutine of its own, as it reads only what does not change after
// NewRenderer.
func (g *levelGeom) snapDistricts(r *Renderer) {
	g.districtsOnce.Do(func() {
		var sn snapper
		g.districts = make([]orb.MultiPolygon, len(r.plane))
		g.bounds = make([]orb.Bound, len(r.plane))
		for i, mp := range r.plane {
			g.districts[i], g.bounds[i] = sn.multiPolygon(mp, g.grid)
		}
	})
}

// borderLines makes g's border lines from the renderer's projected borders
// once; it may run on a goroutine of its own, as it reads only what does not
// change after NewRenderer.
func (g *levelGeom) borderLines(r *Renderer) {
	g.bordersOnce.Do(func() {
		var sn snapper
		for i, b := range r.bplane {
			k := int(r.borders[i].Kind)
			if k >= len(g.borderSets) || len(b) == 0 {
				continue
			}
			// Borders are drawn, not filled: thinning them within a fraction
			// of a pixel (the grid is a quarter to a half pixel) does not show.
			ls := sn.line(b, g.grid, g.grid)
			g.borderSets[k] = append(g.borderSets[k], ls)
			g.borderBounds[k] = append(g.borderBounds[k], lineBound(ls))
		}
	})
}

// maxLevels bounds the simplification cache; a session rarely visits more
// zoom levels than this without returning to one.
const maxLevels = 8

// Renderer draws the district control map. It is built once from the
// boundaries; SetView rasterises for a view, and Recolour and RenderFrame
// paint a day's statuses onto it. A Renderer is not safe for concurrent use.
type Renderer struct {
	Proj Projection

	names     []string
	provinces []string
	province  []int              // province index per district
	plane     []orb.MultiPolygon // projected, full resolution
	bound     orb.Bound          // of all districts, plane
	anchors   []orb.Point        // label anchor per district, plane
	borders   []geom.Border      // lon/lat, as given
	bplane    []orb.LineString   // borders projected

	palette Palette
	labels  bool

	levels     map[int]*levelGeom
	levelOrder []int

	view         View
	ids          []uint16
	counts       []int
	mom          moments // pixel centroids per district, for labels
	spans        spanFiller
	lines        lineRaster
	borderL      layer
	labelL       layer
	hlL          layer
	highlight    []int
	outlines     outlineCache // the highlighted districts' strokes, per view
	placed       []Label
	placedStamps []stampKey // the image of each placed label
	lut          [8][]uint32
	lutFills     []Fill
	lutValid     bool
	faces        faceCache
	stamps       map[stampKey]*image.RGBA
}

// NewRenderer builds a renderer for districts, whose province names must each
// appear in provinces. borders are the shared edges from DeriveBorders over
// the same districts (in lon/lat, in the same order); nil derives them here.
// It fails when there are no districts, a district's province is not listed,
// a district has no polygon, or a coordinate or an anchor is not a finite
// lon/lat; the error names the district by its number, counted from 1 in
// the order given, and its name, and a bad vertex by polygon, ring and
// vertex, each counted from 1.
func NewRenderer(districts []District, borders []geom.Border, provinces []string) (*Renderer, error) {
	if len(districts) == 0 {
		return nil, fmt.Errorf("renderer: no districts")
	}
	if len(districts) >= math.MaxUint16 {
		return nil, fmt.Errorf("renderer: %d districts, at most %d", len(districts), math.MaxUint16-1)
	}
	pindex := make(map[string]int, len(provinces))
	for i, p := range provinces {
		pindex[p] = i
	}
	r := &Renderer{
		Proj:      Afghanistan,
		names:     make([]string, len(districts)),
		provinces: make([]string, len(provinces)),
		province:  make([]int, len(districts)),
		plane:     make([]orb.MultiPolygon, len(districts)),
		anchors:   make([]orb.Point, len(districts)),
		palette:   DefaultPalette(),
		labels:    true,
		levels:    map[int]*levelGeom{},
		faces:     faceCache{},
		stamps:    map[stampKey]*image.RGBA{},
	}
	for i, p := range provinces {
		r.provinces[i] = displayName(p)
	}
	geoms := make([]orb.MultiPolygon, len(districts))
	anchors := make([]orb.Point, len(districts))
	for i, d := range districts {
		p, ok := pindex[d.Province]
		if !ok {
			return nil, fmt.Errorf("renderer: district %d %q: province %q is not in the province list", i+1, d.Name, d.Province)
		}
		if err := checkLonLat(d.Geom); err != nil {
			return nil, fmt.Errorf("renderer: district %d %q: %w", i+1, d.Name, err)
		}
		if d.Anchor != (orb.Point{}) && !(d.Anchor[0] >= -180 && d.Anchor[0] <= 180 && d.Anchor[1] > -90 && d.Anchor[1] < 90) {
			return nil, fmt.Errorf("renderer: district %d %q: anchor (%v, %v) is not a lon/lat", i+1, d.Name, d.Anchor[0], d.Anchor[1])
		}
		r.names[i] = displayName(d.Name)
		r.province[i] = p
		geoms[i] = d.Geom
		anchors[i] = d.Anchor
	}
	if borders == nil {
		borders = geom.DeriveBorders(geoms, r.province)
	}
	r.borders = borders
	r.bplane = make([]orb.LineString, len(borders))
	bounds := make([]orb.Bound, len(districts))
	r.project(geoms, anchors, bounds)
	r.bound = bounds[0]
	for _, b := range bounds[1:] {
		r.bound = r.bound.Union(b)
	}
	return r, nil
}

// project fills the renderer's projected districts, their bounds and label
// anchors, and its projected borders, from the lon/lat geoms, anchors and
// r.borders; a zero anchor is computed as the district's interior point.
// Projecting is most of the cost of a new renderer. The borders are
// projected first, and each district's rings copy the images of the
// vertices they share with the borders along them (every vertex, when the
// borders were derived from these districts), so that a vertex shared by
// two districts and their border is projected once, not three times. Each
// phase is shared among one goroutine per CPU (at most four), which take
// batches in turn; each result is the same whichever goroutine makes it,
// and the same as projecting every vertex (see LineStringAlong).
func (r *Renderer) project(geoms []orb.MultiPolygon, anchors []orb.Point, bounds []orb.Bound) {
	parallel(len(r.borders), func(i int) {
		r.bplane[i] = r.Proj.LineString(r.borders[i].Line)
	})
	along := make([][]int, len(geoms)) // the borders of each district
	for i, b := range r.borders {
		if b.Left >= 0 && b.Left < len(geoms) {
			along[b.Left] = append(along[b.Left], i)
		}
		if b.Right >= 0 && b.Right < len(geoms) && b.Right != b.Left {
			along[b.Right] = append(along[b.Right], i)
		}
	}
	parallel(len(geoms), func(i int) {
		paths := make([]projectedPath, len(along[i]))
		for k, b := range along[i] {
			paths[k] = projectedPath{r.borders[b].Line, r.bplane[b]}
		}
		mp := make(orb.MultiPolygon, len(geoms[i]))
		for k, poly := range geoms[i] {
			mp[k] = make(orb.Polygon, len(poly))
			for l, ring := range poly {
				mp[k][l] = orb.Ring(r.Proj.LineStringAlong(orb.LineString(ring), paths))
			}
		}
		r.plane[i] = mp
		bounds[i] = outerBound(mp)
		a := anchors[i]
		if a == (orb.Point{}) {
			a = geom.InteriorPoint(geoms[i])
		}
		r.anchors[i] = r.Proj.Forward(a)
	})
}

// parallel calls fn(i) for every i below n, on one goroutine per CPU (at
// most four) taking batches in turn, and returns when all have returned.
func parallel(n int, fn func(i int)) {
	const batch = 16
	var next atomic.Int64
	work := func() {
		for {
			i0 := int(next.Add(batch)) - batch
			if i0 >= n {
				return
			}
			for i := i0; i < min(i0+batch, n); i++ {
				fn(i)
			}
		}
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), 4, (n+batch-1)/batch) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}

// checkLonLat reports an empty geometry or a vertex that is not a finite
// lon/lat, numbering polygons, rings and vertices from 1.
func checkLonLat(mp orb.MultiPolygon) error {
	if len(mp) == 0 || len(mp[0]) == 0 || len(mp[0][0]) < 4 {
		return fmt.Errorf("geometry: no polygon")
	}
	for i, poly := range mp {
		for j, ring := range poly {
			for k, p := range ring {
				if !(p[0] >= -180 && p[0] <= 180 && p[1] > -90 && p[1] < 90) {
					return fmt.Errorf("geometry: polygon %d ring %d vertex %d (%v, %v) is not a lon/lat", i+1, j+1, k+1, p[0], p[1])
				}
			}
		}
	}
	return nil
}

// displayName trims a name and folds runs of white space into one space
// (real files carry "Zanda  Jan\n").
func displayName(s string) string { return strings.Join(strings.Fields(s), " ") }

// Len returns the number of districts.
func (r *Renderer) Len() int { return len(r.plane) }

// Province returns the province index of district i.
func (r *Renderer) Province(i int) int { return r.province[i] }

// FitView returns the view that shows every district in a w×h frame, with a
// margin of 3 % of the smaller side.
func (r *Renderer) FitView(w, h int) View {
	return FitView(r.bound, w, h, min(w, h)*3/100)
}

// DistrictView returns the view that shows district i whole in a w×h frame,
// for "zoom to" from a search; an index out of range gives FitView.
func (r *Renderer) DistrictView(i, w, h int) View {
	if i < 0 || i >= len(r.plane) {
		return r.FitView(w, h)
	}
	return FitView(r.plane[i].Bound(), w, h, min(w, h)/6)
}

// SetPalette changes the palette; the next Recolour uses it and the border
// and label layers are redrawn for the current view.
func (r *Renderer) SetPalette(p Palette) {
	r.palette = p
	r.lutValid = false
	clear(r.stamps) // drawn in the old palette's text colours
	if r.ids != nil {
		r.drawLayers()
	}
}

// Palette returns the palette in use.
func (r *Renderer) Palette() Palette { return r.palette }

// SetLabels turns province and district names on or off.
func (r *Renderer) SetLabels(on bool) {
	if r.labels == on {
		return
	}
	r.labels = on
	if r.ids != nil {
		r.drawLabels()
	}
}

// View returns the current view (the zero View before the first SetView).
func (r *Renderer) View() View { return r.view }

// SetView rasterises the district id buffer, the borders and the labels for
// v. Geometry is simplified once per zoom level (see SnapLevel) and cached,
// so panning costs only the rasterising. The pixel under each district's
// anchor (a point inside it) always belongs to that district, so every
// district in view has at least one pixel, even one too small to hold a
// pixel centre, and a click on a label finds its district; where two anchors
// share a pixel the later district keeps it. A lone empty pixel with
// districts on all four sides (a sliver left by simplification or by a ring
// that touches itself) goes to its left neighbour. A view whose frame is
// smaller than 1×1 is taken as 1×1.
func (r *Renderer) SetView(v View) {
	v.W, v.H = max(v.W, 1), max(v.H, 1)
	if !(v.Scale > 0) || math.IsInf(v.Scale, 0) {
		v = r.FitView(v.W, v.H)
	}
	r.view = v
	g := r.level(SnapLevel(v.Scale))
	// The line layers need only the geometry: draw them on a second
	// goroutine while this one fills the id buffer and places the labels.
	lines := r.startLines(g)
	defer lines.Wait()
	g.snapDistricts(r)
	fresh := cap(r.ids) < v.W*v.H
	if fresh {
		r.ids = make([]uint16, v.W*v.H)
	}
	r.ids = r.ids[:v.W*v.H]
	if r.counts == nil {
		n := len(r.plane)
		r.counts = make([]int, n)
		r.mom = moments{n: r.counts, sx: make([]float64, n), sy: make([]float64, n)}
	}
	clear(r.counts)
	clear(r.mom.sx)
	clear(r.mom.sy)
	r.spans.rasterize(r.ids, v, g.districts, g.bounds, nil, &r.mom, fresh)
	r.healPinholes()
	for i := range r.anchors {
		x, y := v.Pixel(r.anchors[i])
		if x < 0 || y < 0 || x >= float64(v.W) || y >= float64(v.H) {
			continue
		}
		k := int(y)*v.W + int(x)
		if old := r.ids[k]; old != uint16(i+1) {
			px, py := float64(int(x)), float64(int(y))
			if old != 0 {
				r.counts[old-1]--
				r.mom.sx[old-1] -= px
				r.mom.sy[old-1] -= py
			}
			r.ids[k] = uint16(i + 1)
			r.counts[i]++
			r.mom.sx[i] += px
			r.mom.sy[i] += py
		}
	}
	r.drawLabels()
}

// healPinholes gives every empty pixel whose four neighbours all belong to
// districts to its left neighbour.
func (r *Renderer) healPinholes() {
	w, h := r.view.W, r.view.H
	ids := r.ids
	for y := 1; y < h-1; y++ {
		row := ids[y*w : (y+1)*w]
		for x := 1; x < w-1; x++ {
			if row[x] != 0 {
				continue
			}
			k := y*w + x
			if l := row[x-1]; l != 0 && row[x+1] != 0 && ids[k-w] != 0 && ids[k+w] != 0 {
				row[x] = l
				r.counts[l-1]++
				r.mom.sx[l-1] += float64(x)
				r.mom.sy[l-1] += float64(y)
			}
		}
	}
}

// level returns the geometry simplified for a zoom level, from the cache or
// made now.
func (r *Renderer) level(l int) *levelGeom {
	if g, ok := r.levels[l]; ok {
		return g
	}
	g := &levelGeom{grid: SnapGrid(l)}
	if len(r.levelOrder) >= maxLevels {
		delete(r.levels, r.levelOrder[0])
		r.levelOrder = r.levelOrder[1:]
	}
	r.levels[l] = g
	r.levelOrder = append(r.levelOrder, l)
	return g
}

// drawLayers redraws the cached border, highlight and label layers.
func (r *Renderer) drawLayers() {
	lines := r.startLines(r.level(SnapLevel(r.view.Scale)))
	r.drawLabels()
	lines.Wait()
}

// startLines starts redrawing the border and highlight layers for the
// current view from g on another goroutine. Until Wait returns, the caller
// must not touch those layers, the line raster or the highlight list, nor
// change the view or palette; the id buffer and the labels are free.
func (r *Renderer) startLines(g *levelGeom) *sync.WaitGroup {
	var wg sync.WaitGroup
	wg.Go(func() {
		r.drawBorders(g)
		r.drawHighlight(g)
	})
	return &wg
}

// HitTest returns the district under pixel (x, y) of the current view, or -1
// where there is none, outside the frame, or before the first SetView. It is
// one lookup in the id buffer.
func (r *Renderer) HitTest(x, y int) int {
	if x < 0 || y < 0 || x >= r.view.W || y >= r.view.H || r.ids == nil {
		return -1
	}
	return int(r.ids[y*r.view.W+x]) - 1
}

// IDs returns the id buffer of the current view (district i as i+1, 0 for
// none, row by row). It is the renderer's own buffer: read it, do not keep it
// past the next SetView.
func (r *Renderer) IDs() []uint16 { return r.ids }

// PixelCount returns how many pixels district i has in the current view.
func (r *Renderer) PixelCount(i int) int { return r.counts[i] }

// Name returns district i's display name (white space folded).
func (r *Renderer) Name(i int) string { return r.names[i] }

// Anchor returns district i's label anchor, a point inside its largest
// polygon, in plane metres.
func (r *Renderer) Anchor(i int) orb.Point { return r.anchors[i] }

// outerBound returns mp.Bound(), the bound of the outer rings, in a loop
// without orb's per-point calls, which cost a fifth of NewRenderer. It
// takes a coordinate only when it is beyond the bound so far, as orb does,
// so a bound it gives is orb's, bit for bit.
func outerBound(mp orb.MultiPolygon) orb.Bound {
	b, empty := orb.Bound{}, true
	for _, poly := range mp {
		if len(poly) == 0 || len(poly[0]) == 0 {
			continue
		}
		ring := poly[0]
		if empty {
			b, empty = orb.Bound{Min: ring[0], Max: ring[0]}, false
		}
		for _, p := range ring {
			if p[0] < b.Min[0] {
				b.Min[0] = p[0]
			}
			if p[0] > b.Max[0] {
				b.Max[0] = p[0]
			}
			if p[1] < b.Min[1] {
				b.Min[1] = p[1]
			}
			if p[1] > b.Max[1] {
				b.Max[1] = p[1]
			}
		}
	}
	if empty {
		return mp.Bound()
	}
	return b
}

// lineBound returns the bound of a line of at least one point.
func lineBound(ls orb.LineString) orb.Bound {
	b := orb.Bound{Min: ls[0], Max: ls[0]}
	for _, p := range ls[1:] {
		b.Min[0], b.Min[1] = min(b.Min[0], p[0]), min(b.Min[1], p[1])
		b.Max[0], b.Max[1] = max(b.Max[0], p[0]), max(b.Max[1], p[1])
	}
	return b
}

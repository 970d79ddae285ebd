package geo

import (
	"fmt"
	"image"
	"math"
	"strings"

	"github.com/paulmach/orb"
	"golang.org/x/image/vector"
)

// District is one district as the renderer takes it: its name, its
// province's name and its boundary in lon/lat degrees.
type District struct {
	Name, Province string
	Geom           orb.MultiPolygon
}

// levelGeom is the geometry simplified for one zoom level, in plane metres.
type levelGeom struct {
	districts []orb.MultiPolygon
	borders   []orb.LineString
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
	borders   []Border           // lon/lat, as given
	bplane    []orb.LineString   // borders projected

	palette Palette
	labels  bool

	levels     map[int]*levelGeom
	levelOrder []int

	view      View
	ids       []uint16
	counts    []int
	borderL   layer
	labelL    layer
	hlL       layer
	highlight []int
	placed    []Label
	lut       [8][]uint32
	lutFills  []Fill
	lutValid  bool
	scratch   *image.RGBA
	z         *vector.Rasterizer
	faces     faceCache
	masks     []*image.Alpha
}

// NewRenderer builds a renderer for districts, whose province names must each
// appear in provinces. borders are the shared edges from DeriveBorders over
// the same districts (in lon/lat, in the same order); nil derives them here.
// It fails when there are no districts, a district's province is not listed,
// a district has no polygon, or a coordinate is not a finite lon/lat; the
// error names the district by index and name.
func NewRenderer(districts []District, borders []Border, provinces []string) (*Renderer, error) {
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
	}
	for i, p := range provinces {
		r.provinces[i] = displayName(p)
	}
	geoms := make([]orb.MultiPolygon, len(districts))
	for i, d := range districts {
		p, ok := pindex[d.Province]
		if !ok {
			return nil, fmt.Errorf("renderer: district %d %q: province %q is not in the province list", i, d.Name, d.Province)
		}
		if err := checkLonLat(d.Geom); err != nil {
			return nil, fmt.Errorf("renderer: district %d %q: %w", i, d.Name, err)
		}
		r.names[i] = displayName(d.Name)
		r.province[i] = p
		geoms[i] = d.Geom
		r.plane[i] = r.Proj.MultiPolygon(d.Geom)
		r.anchors[i] = r.Proj.Forward(InteriorPoint(d.Geom))
		if i == 0 {
			r.bound = r.plane[i].Bound()
		} else {
			r.bound = r.bound.Union(r.plane[i].Bound())
		}
	}
	if borders == nil {
		borders = DeriveBorders(geoms, r.province)
	}
	r.borders = borders
	r.bplane = make([]orb.LineString, len(borders))
	for i, b := range borders {
		r.bplane[i] = r.Proj.LineString(b.Line)
	}
	return r, nil
}

// checkLonLat reports an empty geometry or a vertex that is not a finite
// lon/lat.
func checkLonLat(mp orb.MultiPolygon) error {
	if len(mp) == 0 || len(mp[0]) == 0 || len(mp[0][0]) < 4 {
		return fmt.Errorf("geometry: no polygon")
	}
	for _, poly := range mp {
		for _, ring := range poly {
			for k, p := range ring {
				if !(p[0] >= -180 && p[0] <= 180 && p[1] > -90 && p[1] < 90) {
					return fmt.Errorf("geometry: vertex %d (%v, %v) is not a lon/lat", k, p[0], p[1])
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
	if cap(r.ids) < v.W*v.H {
		r.ids = make([]uint16, v.W*v.H)
	}
	r.ids = r.ids[:v.W*v.H]
	if r.counts == nil {
		r.counts = make([]int, len(r.plane))
	}
	clear(r.counts)
	Rasterize(r.ids, v, g.districts, r.counts)
	r.healPinholes()
	for i := range r.anchors {
		x, y := v.Pixel(r.anchors[i])
		if x < 0 || y < 0 || x >= float64(v.W) || y >= float64(v.H) {
			continue
		}
		k := int(y)*v.W + int(x)
		if old := r.ids[k]; old != uint16(i+1) {
			if old != 0 {
				r.counts[old-1]--
			}
			r.ids[k] = uint16(i + 1)
			r.counts[i]++
		}
	}
	r.drawLayers()
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
	grid := SnapGrid(l)
	g := &levelGeom{districts: Snap(r.plane, grid), borders: make([]orb.LineString, len(r.bplane))}
	for i, b := range r.bplane {
		g.borders[i] = SnapLine(b, grid)
	}
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
	r.drawBorders()
	r.drawHighlight()
	r.drawLabels()
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

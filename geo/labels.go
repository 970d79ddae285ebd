package geo

import (
	"image"
	"image/color"
	"image/draw"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// Label is a name placed on the map.
type Label struct {
	Text     string
	District int             // district index, or -1 for a province name
	Province int             // province index
	Box      image.Rectangle // pixels covered, halo included
}

// haloRadius is the width in pixels of the light rim drawn around text.
const haloRadius = 2

// textStyle is one way of setting a name.
type textStyle struct {
	bold    bool
	size    float64
	upper   bool
	track   int // extra pixels between letters
	colourA uint8
}

var (
	provinceStyles = []textStyle{
		{bold: true, size: 12.5, upper: true, track: 1, colourA: 255},
		{bold: true, size: 11, upper: true, track: 0, colourA: 255},
		{bold: true, size: 10.5, colourA: 255},
		{bold: true, size: 9, colourA: 255},
	}
	districtStyles = []textStyle{
		{size: 10, colourA: 235},
		{size: 8.5, colourA: 235},
	}
)

// Labels returns the names placed in the current view, provinces first.
func (r *Renderer) Labels() []Label { return r.placed }

// textSize returns the width and height of s set in style st, without halo.
func (r *Renderer) textSize(s string, st textStyle) (int, int, font.Face) {
	f := r.faces.face(st.bold, st.size)
	w := font.MeasureString(f, s).Ceil() + st.track*(utf8.RuneCountInString(s)-1)
	m := f.Metrics()
	return w, (m.Ascent + m.Descent).Ceil(), f
}

// drawLabels places and draws the names for the current view: every province
// name that fits inside its province, then district names, largest districts
// first, wherever one fits inside its district. A name is placed only where
// its whole box, halo included, lies on pixels of its own province or
// district and overlaps no name already placed; a few positions around the
// anchor and a few sizes are tried, and a name that fits nowhere is left out.
func (r *Renderer) drawLabels() {
	r.placed, r.placedStamps = r.placed[:0], r.placedStamps[:0]
	r.labelL.idx, r.labelL.c = r.labelL.idx[:0], r.labelL.c[:0]
	if !r.labels {
		return
	}
	v := r.view
	np := len(r.provinces)
	// Pixel centroids per province, from the districts' pixel moments.
	sx, sy, sn := make([]float64, np), make([]float64, np), make([]int, np)
	for d, n := range r.mom.n {
		if n != 0 {
			p := r.province[d]
			sx[p] += r.mom.sx[d]
			sy[p] += r.mom.sy[d]
			sn[p] += n
		}
	}
	inProvince := func(p int) func(uint16) bool {
		return func(id uint16) bool { return id != 0 && r.province[id-1] == p }
	}
	// Provinces, largest on screen first.
	order := make([]int, np)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return sn[b] - sn[a] })
	largest := make([]int, np) // largest district of each province on screen
	for i := range largest {
		largest[i] = -1
	}
	for d, n := range r.counts {
		p := r.province[d]
		if n > 0 && (largest[p] < 0 || n > r.counts[largest[p]]) {
			largest[p] = d
		}
	}
	for _, p := range order {
		if sn[p] == 0 {
			continue
		}
		cx, cy := sx[p]/float64(sn[p]), sy[p]/float64(sn[p])
		if id := r.idAt(int(cx), int(cy)); id == 0 || r.province[id-1] != p {
			cx, cy = v.Pixel(r.anchors[largest[p]])
		}
		r.place(r.provinces[p], -1, p, cx, cy, provinceStyles, inProvince(p))
	}
	// Districts, largest on screen first.
	dorder := make([]int, len(r.counts))
	for i := range dorder {
		dorder[i] = i
	}
	slices.SortStableFunc(dorder, func(a, b int) int { return r.counts[b] - r.counts[a] })
	for _, d := range dorder {
		if r.counts[d] == 0 {
			break
		}
		id := uint16(d + 1)
		cx, cy := v.Pixel(r.anchors[d])
		r.place(r.names[d], d, r.province[d], cx, cy, districtStyles,
			func(x uint16) bool { return x == id })
	}
	r.labelLayer()
}

// labelLayer builds the label layer from the placed labels' stamps, row by
// row so that the layer is in pixel order. Placed labels never overlap.
func (r *Renderer) labelLayer() {
	w := r.view.W
	r.labelL.reset(w)
	if len(r.placed) == 0 {
		return
	}
	byX := make([]int, len(r.placed))
	y0, y1 := r.view.H, 0
	area := 0 // at most this many pixels
	for i, l := range r.placed {
		byX[i] = i
		y0, y1 = min(y0, l.Box.Min.Y), max(y1, l.Box.Max.Y)
		area += l.Box.Dx() * l.Box.Dy()
	}
	r.labelL.grow(area)
	slices.SortFunc(byX, func(a, b int) int { return r.placed[a].Box.Min.X - r.placed[b].Box.Min.X })
	for y := y0; y < y1; y++ {
		for _, i := range byX {
			l := &r.placed[i]
			if y < l.Box.Min.Y || y >= l.Box.Max.Y {
				continue
			}
			st := r.stamps[r.placedStamps[i]]
			row := st.Pix[(y-l.Box.Min.Y)*st.Stride : (y-l.Box.Min.Y)*st.Stride+4*l.Box.Dx()]
			base := int32(y*w + l.Box.Min.X)
			for x := 0; x < len(row); x += 4 {
				if a := row[x+3]; a != 0 {
					r.labelL.add(base+int32(x/4), pack(color.RGBA{row[x], row[x+1], row[x+2], a}))
				}
			}
		}
	}
}

func (r *Renderer) idAt(x, y int) uint16 {
	if x < 0 || y < 0 || x >= r.view.W || y >= r.view.H {
		return 0
	}
	return r.ids[y*r.view.W+x]
}

// place tries to set text near (cx, cy) in each style in turn and draws it at
// the first position that fits; it reports whether it placed it.
func (r *Renderer) place(text string, d, p int, cx, cy float64, styles []textStyle, own func(uint16) bool) bool {
	if text == "" {
		return false
	}
	budget := -1
	if d >= 0 {
		budget = r.counts[d]
	}
	for _, st := range styles {
		s := text
		if st.upper {
			s = strings.ToUpper(s)
		}
		tw, th, f := r.textSize(s, st)
		bw, bh := tw+2*haloRadius, th+2*haloRadius
		if budget >= 0 && bw*bh > budget {
			continue
		}
		for _, off := range [][2]float64{
			{0, 0}, {0, -0.7}, {0, 0.7}, {-0.25, 0}, {0.25, 0}, {0, -1.4}, {0, 1.4},
			{-0.25, -0.7}, {0.25, 0.7}, {-0.25, 0.7}, {0.25, -0.7},
		} {
			x0 := int(cx + off[0]*float64(bw) - float64(bw)/2 + 0.5)
			y0 := int(cy + off[1]*float64(bh) - float64(bh)/2 + 0.5)
			box := image.Rect(x0, y0, x0+bw, y0+bh)
			if !r.fits(box, own) {
				continue
			}
			key := stampKey{s, st}
			if r.stamps[key] == nil {
				r.stamps[key] = r.drawText(box.Size(), s, st, f)
			}
			r.placed = append(r.placed, Label{Text: text, District: d, Province: p, Box: box})
			r.placedStamps = append(r.placedStamps, key)
			return true
		}
	}
	return false
}

// fits reports whether box lies in the frame, overlaps no placed label
// (with a one-pixel gap) and covers only pixels that own accepts.
func (r *Renderer) fits(box image.Rectangle, own func(uint16) bool) bool {
	if !box.In(image.Rect(0, 0, r.view.W, r.view.H)) {
		return false
	}
	grown := box.Inset(-1)
	for _, l := range r.placed {
		if grown.Overlaps(l.Box) {
			return false
		}
	}
	w := r.view.W
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for _, id := range r.ids[y*w+box.Min.X : y*w+box.Max.X] {
			if !own(id) {
				return false
			}
		}
	}
	return true
}

// stampKey names a label image: the text as set and its style.
type stampKey struct {
	text  string
	style textStyle
}

// drawText returns s drawn on a transparent image of the given size (the
// label's box): a light halo, then the text. The image depends only on the
// text, the style and the palette, so the renderer keeps it across views.
func (r *Renderer) drawText(size image.Point, s string, st textStyle, f font.Face) *image.RGBA {
	dst := image.NewRGBA(image.Rectangle{Max: size})
	box := dst.Rect
	mask := image.NewAlpha(box)
	dr := font.Drawer{Dst: mask, Src: image.Opaque, Face: f,
		Dot: fixed.P(haloRadius, haloRadius+f.Metrics().Ascent.Ceil())}
	prev := rune(-1)
	for _, c := range s {
		if prev >= 0 {
			dr.Dot.X += f.Kern(prev, c) + fixed.I(st.track)
		}
		dr.DrawString(string(c))
		prev = c
	}
	halo := dilate(mask, haloRadius)
	pal := r.palette
	hc := pal.Halo
	hc.A = 215
	draw.DrawMask(dst, box, image.NewUniform(premul(hc)), image.Point{}, halo, image.Point{}, draw.Over)
	tc := pal.Text
	tc.A = st.colourA
	draw.DrawMask(dst, box, image.NewUniform(premul(tc)), image.Point{}, mask, image.Point{}, draw.Over)
	return dst
}

// premul returns c with its colour channels scaled by its alpha.
func premul(c color.RGBA) color.RGBA {
	a := uint32(c.A)
	return color.RGBA{uint8(uint32(c.R) * a / 255), uint8(uint32(c.G) * a / 255), uint8(uint32(c.B) * a / 255), c.A}
}

// dilate returns the mask grown by a disc of radius rad pixels (a max filter
// over the offsets with dx²+dy² <= rad²+1); pixels beyond the mask's edge
// count as zero.
func dilate(m *image.Alpha, rad int) *image.Alpha {
	b := m.Rect
	w, h := b.Dx(), b.Dy()
	out := image.NewAlpha(b)
	// The disc is a stack of rows: row dy reaches reach[dy+rad] columns to
	// each side. Max over each row's reach first, then over the rows.
	reach := make([]int, 2*rad+1)
	kmax := 0
	for dy := -rad; dy <= rad; dy++ {
		k := 0
		for (k+1)*(k+1)+dy*dy <= rad*rad+1 {
			k++
		}
		reach[dy+rad] = k
		kmax = max(kmax, k)
	}
	// rowMax[k] is the max over the 2k+1 columns centred on each pixel,
	// made from rowMax[k-1]: its windows at the pixel and one column to
	// either side cover the wider one.
	rowMax := make([][]uint8, kmax+1)
	rowMax[0] = make([]uint8, w*h)
	for y := 0; y < h; y++ {
		copy(rowMax[0][y*w:(y+1)*w], m.Pix[y*m.Stride:])
	}
	for k := 1; k <= kmax; k++ {
		prev, cur := rowMax[k-1], make([]uint8, w*h)
		for y := 0; y < h; y++ {
			p, c := prev[y*w:(y+1)*w], cur[y*w:(y+1)*w]
			for x := range c {
				v := p[x]
				if x > 0 {
					v = max(v, p[x-1])
				}
				if x+1 < w {
					v = max(v, p[x+1])
				}
				c[x] = v
			}
		}
		rowMax[k] = cur
	}
	for y := 0; y < h; y++ {
		dst := out.Pix[y*out.Stride : y*out.Stride+w]
		for dy := -rad; dy <= rad; dy++ {
			sy := y + dy
			if sy < 0 || sy >= h {
				continue
			}
			src := rowMax[reach[dy+rad]][sy*w : (sy+1)*w]
			for x, a := range src {
				dst[x] = max(dst[x], a)
			}
		}
	}
	return out
}

package geo

import (
	"encoding/binary"
	"image"
	"image/color"
	"slices"
)

func pack(c color.RGBA) uint32 {
	return uint32(c.R) | uint32(c.G)<<8 | uint32(c.B)<<16 | uint32(c.A)<<24
}

// buildLUT fills the per-row-phase tables: lut[y&7][id<<3|x&7] is the packed
// colour of pixel (x, y) for district id-1 (id 0: outside every district).
// fills shorter than the district count leave the rest Unknown.
func (r *Renderer) buildLUT(fills []Fill) {
	n := len(r.plane) + 1
	// 16 swatches (status × claimed × tentative) and the outside.
	const outside = 16
	var tiles [outside + 1][64]uint32
	pal := r.palette
	for s := 0; s < outside; s++ {
		f := Fill{Status: Status(s & 3), Claimed: s&4 != 0}
		if s&8 != 0 {
			f.Basis = LowConfidence
		}
		sw := pal.Swatch(f)
		for y := 0; y < 8; y++ {
			for x := 0; x < 8; x++ {
				tiles[s][y*8+x] = pack(sw.At(x, y))
			}
		}
	}
	for k := range tiles[outside] {
		tiles[outside][k] = pack(pal.Outside)
	}
	cls := make([]uint8, n)
	cls[0] = outside
	for i := 1; i < n; i++ {
		var f Fill
		if i-1 < len(fills) {
			f = fills[i-1]
		}
		c := uint8(f.Status & 3)
		if f.Status > Taliban {
			c = 0
		}
		if f.Claimed && c != 0 {
			c |= 4
		}
		if f.Tentative() {
			c |= 8
		}
		cls[i] = c
	}
	for y := 0; y < 8; y++ {
		if cap(r.lut[y]) < n*8 {
			r.lut[y] = make([]uint32, n*8)
		}
		t := r.lut[y][:n*8]
		for id, c := range cls {
			copy(t[id*8:id*8+8], tiles[c][y*8:y*8+8])
		}
		r.lut[y] = t
	}
	r.lutFills = append(r.lutFills[:0], fills...)
	r.lutValid = true
}

// Recolour paints the current view for a day into dst: each pixel is one
// lookup from its district id through fills (indexed by district; missing
// entries are Unknown) to a colour, with the pattern taken from the pixel's
// position, and then the cached border, highlight and label layers are
// composited over it. Only the overlap of dst with the view's W×H frame,
// counted from dst's top-left corner, is drawn. Before the first SetView it
// does nothing.
func (r *Renderer) Recolour(dst *image.RGBA, fills []Fill) {
	if r.ids == nil {
		return
	}
	if !r.lutValid || !slices.Equal(fills, r.lutFills) {
		r.buildLUT(fills)
	}
	v := r.view
	w, h := min(v.W, dst.Rect.Dx()), min(v.H, dst.Rect.Dy())
	layers := [...]*layer{&r.borderL, &r.hlL, &r.labelL}
	var next [len(layers)]int // per layer, its first pixel not yet drawn
	le := binary.LittleEndian
	for y := 0; y < h; y++ {
		t := r.lut[y&7]
		ids := r.ids[y*v.W : y*v.W+w]
		row := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		x := 0
		// Eight pixels at a time: x&7 is then the position in the block.
		for ; x+8 <= w; x += 8 {
			id := ids[x : x+8 : x+8]
			p := row[4*x : 4*x+32 : 4*x+32]
			le.PutUint32(p[0:], t[int(id[0])<<3])
			le.PutUint32(p[4:], t[int(id[1])<<3|1])
			le.PutUint32(p[8:], t[int(id[2])<<3|2])
			le.PutUint32(p[12:], t[int(id[3])<<3|3])
			le.PutUint32(p[16:], t[int(id[4])<<3|4])
			le.PutUint32(p[20:], t[int(id[5])<<3|5])
			le.PutUint32(p[24:], t[int(id[6])<<3|6])
			le.PutUint32(p[28:], t[int(id[7])<<3|7])
		}
		for ; x < w; x++ {
			le.PutUint32(row[4*x:], t[int(ids[x])<<3|x&7])
		}
		// The layers' pixels of this row, while the row is in cache.
		first, end := int32(y*v.W), int32((y+1)*v.W)
		for k, l := range layers {
			i := next[k]
			for ; i < len(l.idx) && l.idx[i] < end; i++ {
				x := int(l.idx[i] - first)
				if x < 0 || x >= w {
					continue
				}
				p := row[4*x : 4*x+4 : 4*x+4]
				le.PutUint32(p, over(le.Uint32(p), l.c[i]))
			}
			next[k] = i
		}
	}
}

// NewFrame returns a blank image the size of the current view, for Recolour.
func (r *Renderer) NewFrame() *image.RGBA {
	return image.NewRGBA(image.Rect(0, 0, max(r.view.W, 1), max(r.view.H, 1)))
}

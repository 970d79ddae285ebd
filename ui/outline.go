package ui

import (
	"image"
	"image/color"

	"github.com/afcontrol/afcontrol/geo"
)

// outline is the selected district's outline in one view: a line along the
// inside of its border in the palette's halo colour, cased on both sides in
// its casing colour, so that it shows on every fill of every palette, light
// or dark. Its pixels are traced once per view, selection and width and
// painted on every frame, which costs a few thousand stores.
type outline struct {
	view         geo.View
	district     int
	line, casing int     // widths in pixels
	casingPx     []int32 // pixel indices, row by row
	linePx       []int32
	mark         []uint8
}

// outward marks a pixel of the outer casing, outside the district.
const outward = 0xff

// trace finds district i's outline in the id buffer ids of view v: line
// pixels inward from its edge, then casing pixels further in, and casing
// pixels outward from its edge. Widths below 1 count as 1; the two together
// are at most 200 pixels.
func (o *outline) trace(ids []uint16, v geo.View, i, line, casing int) {
	line, casing = min(max(line, 1), 100), min(max(casing, 1), 100)
	o.view, o.district, o.line, o.casing = v, i, line, casing
	o.casingPx, o.linePx = o.casingPx[:0], o.linePx[:0]
	w, h := v.W, v.H
	if len(ids) < w*h || w < 1 || h < 1 {
		return
	}
	if cap(o.mark) < w*h {
		o.mark = make([]uint8, w*h)
	}
	mark := o.mark[:w*h]
	clear(mark)
	id := uint16(i + 1)
	in := func(x, y int) bool { return x >= 0 && y >= 0 && x < w && y < h }
	inside := func(x, y int) bool { return in(x, y) && ids[y*w+x] == id }
	near := [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}}
	var edge []int32
	for y := 0; y < h; y++ {
		row := ids[y*w : y*w+w]
		for x, d := range row {
			if d != id {
				continue
			}
			for _, n := range near {
				if !inside(x+n[0], y+n[1]) {
					edge = append(edge, int32(y*w+x))
					mark[y*w+x] = 1
					break
				}
			}
		}
	}
	// Rings inward from the edge, numbered by their depth.
	ring := edge
	for depth := 2; depth <= line+casing; depth++ {
		var next []int32
		for _, p := range ring {
			x, y := int(p)%w, int(p)/w
			for _, n := range near {
				q := (y+n[1])*w + x + n[0]
				if inside(x+n[0], y+n[1]) && mark[q] == 0 {
					mark[q] = uint8(depth)
					next = append(next, int32(q))
				}
			}
		}
		ring = next
	}
	// Rings outward from the edge.
	ring = edge
	for range casing {
		var next []int32
		for _, p := range ring {
			x, y := int(p)%w, int(p)/w
			for _, n := range near {
				nx, ny := x+n[0], y+n[1]
				if in(nx, ny) && !inside(nx, ny) && mark[ny*w+nx] == 0 {
					mark[ny*w+nx] = outward
					next = append(next, int32(ny*w+nx))
				}
			}
		}
		ring = next
	}
	for p, m := range mark {
		switch {
		case m == 0:
		case int(m) <= line:
			o.linePx = append(o.linePx, int32(p))
		default:
			o.casingPx = append(o.casingPx, int32(p))
		}
	}
}

// paint draws the outline into frame, whose top-left is the view's, with
// its line in lineC and its casing in casingC (both drawn opaque).
func (o *outline) paint(frame *image.RGBA, lineC, casingC color.RGBA) {
	w := o.view.W
	put := func(ps []int32, c color.RGBA) {
		for _, p := range ps {
			x, y := int(p)%w, int(p)/w
			if x >= frame.Rect.Dx() || y >= frame.Rect.Dy() {
				continue
			}
			i := y*frame.Stride + 4*x
			frame.Pix[i], frame.Pix[i+1], frame.Pix[i+2], frame.Pix[i+3] = c.R, c.G, c.B, 0xff
		}
	}
	put(o.casingPx, casingC)
	put(o.linePx, lineC)
}

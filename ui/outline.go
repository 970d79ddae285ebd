package ui

import (
	"image"

	"github.com/afcontrol/afcontrol/geo"
)

// outline is the selected district's outline in one view: a white line two
// pixels wide along the inside of its border, cased in black on both sides,
// so that it shows on every fill of every palette, light or dark. Its
// pixels are traced once per view and selection and painted on every
// frame, which costs a few thousand stores.
type outline struct {
	view     geo.View
	district int
	black    []int32 // pixel indices, row by row
	white    []int32
	mark     []uint8
}

// trace finds district i's outline in the id buffer ids of view v.
func (o *outline) trace(ids []uint16, v geo.View, i int) {
	o.view, o.district = v, i
	o.black, o.white = o.black[:0], o.white[:0]
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
	inside := func(x, y int) bool { return x >= 0 && y >= 0 && x < w && y < h && ids[y*w+x] == id }
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
	// Rings inward from the edge (white, white, black) and one outward
	// (black).
	ring := edge
	for depth := uint8(2); depth <= 3; depth++ {
		var next []int32
		for _, p := range ring {
			x, y := int(p)%w, int(p)/w
			for _, n := range near {
				q := (y+n[1])*w + x + n[0]
				if inside(x+n[0], y+n[1]) && mark[q] == 0 {
					mark[q] = depth
					next = append(next, int32(q))
				}
			}
		}
		ring = next
	}
	for _, p := range edge {
		x, y := int(p)%w, int(p)/w
		for _, n := range near {
			nx, ny := x+n[0], y+n[1]
			if nx >= 0 && ny >= 0 && nx < w && ny < h && !inside(nx, ny) && mark[ny*w+nx] == 0 {
				mark[ny*w+nx] = 4
			}
		}
	}
	for p, m := range mark {
		switch m {
		case 1, 2:
			o.white = append(o.white, int32(p))
		case 3, 4:
			o.black = append(o.black, int32(p))
		}
	}
}

// paint draws the outline into frame, whose top-left is the view's.
func (o *outline) paint(frame *image.RGBA) {
	w := o.view.W
	put := func(ps []int32, c uint8) {
		for _, p := range ps {
			x, y := int(p)%w, int(p)/w
			if x >= frame.Rect.Dx() || y >= frame.Rect.Dy() {
				continue
			}
			i := y*frame.Stride + 4*x
			frame.Pix[i], frame.Pix[i+1], frame.Pix[i+2], frame.Pix[i+3] = c, c, c, 0xff
		}
	}
	put(o.black, 0)
	put(o.white, 0xff)
}

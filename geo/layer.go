package geo

import "slices"

// layer is a sparse overlay: the pixels it covers (index y·W+x in the view,
// ascending) and their premultiplied colours packed as r | g<<8 | b<<16 |
// a<<24, so compositing costs only those pixels and goes row by row with
// the base colours.
type layer struct {
	w   int
	idx []int32
	c   []uint32
}

// reset empties l for a view w pixels wide.
func (l *layer) reset(w int) {
	l.w = w
	l.idx, l.c = l.idx[:0], l.c[:0]
}

// grow makes room for n more pixels, so that a layer whose size is known
// roughly beforehand is not copied as it grows.
func (l *layer) grow(n int) {
	l.idx, l.c = slices.Grow(l.idx, n), slices.Grow(l.c, n)
}

// add appends pixel i; pixels must be added in ascending order.
func (l *layer) add(i int32, c uint32) {
	l.idx = append(l.idx, i)
	l.c = append(l.c, c)
}

// over returns the premultiplied colour c composited over d with the
// Porter–Duff over operator, each channel rounded to nearest.
func over(d, c uint32) uint32 {
	a := c >> 24
	if a == 255 {
		return c
	}
	ia := 255 - a
	// Two channels at a time: each 16-bit lane holds channel·ia ≤ 65025,
	// and (t + t>>8) >> 8 with t = x + 128 is x/255 rounded.
	rb := (d&0x00ff00ff)*ia + 0x00800080
	rb = (rb + (rb>>8)&0x00ff00ff) >> 8 & 0x00ff00ff
	ga := (d>>8&0x00ff00ff)*ia + 0x00800080
	ga = (ga + (ga>>8)&0x00ff00ff) & 0xff00ff00
	return c + (rb | ga)
}

package geo

import "image"

// layer is a sparse overlay: the pixels it covers (index y·W+x in the view)
// and their premultiplied colours, so compositing costs only those pixels.
type layer struct {
	w   int
	idx []int32
	c   [][4]uint8 // premultiplied r, g, b, a
}

// fromRGBA fills l with every pixel of img (premultiplied, W×H at the
// origin) whose alpha is not zero.
func (l *layer) fromRGBA(img *image.RGBA) {
	l.w = img.Rect.Dx()
	l.idx, l.c = l.idx[:0], l.c[:0]
	h := img.Rect.Dy()
	for y := 0; y < h; y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+4*l.w]
		for x := 0; x < l.w; x++ {
			if a := row[4*x+3]; a != 0 {
				l.idx = append(l.idx, int32(y*l.w+x))
				l.c = append(l.c, [4]uint8{row[4*x], row[4*x+1], row[4*x+2], a})
			}
		}
	}
}

// over composites l onto dst (whose top-left pixel is the view's (0, 0)) with
// the Porter–Duff over operator; pixels outside dst are skipped.
func (l *layer) over(dst *image.RGBA) {
	dw, dh := dst.Rect.Dx(), dst.Rect.Dy()
	for k, i := range l.idx {
		x, y := int(i)%l.w, int(i)/l.w
		if x >= dw || y >= dh {
			continue
		}
		c := l.c[k]
		p := dst.Pix[y*dst.Stride+4*x : y*dst.Stride+4*x+4 : y*dst.Stride+4*x+4]
		ia := 255 - uint32(c[3])
		p[0] = c[0] + uint8((uint32(p[0])*ia+127)/255)
		p[1] = c[1] + uint8((uint32(p[1])*ia+127)/255)
		p[2] = c[2] + uint8((uint32(p[2])*ia+127)/255)
		p[3] = c[3] + uint8((uint32(p[3])*ia+127)/255)
	}
}

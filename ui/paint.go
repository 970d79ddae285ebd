package ui

import (
	"image"
	"image/color"
	"image/draw"
)

func toRGBA(c color.Color) color.RGBA {
	r, g, b, a := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

func fillRect(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	draw.Draw(img, r.Intersect(img.Rect), image.NewUniform(c), image.Point{}, draw.Over)
}

func disc(img *image.RGBA, cx, cy, rad int, c color.RGBA) {
	for y := -rad; y <= rad; y++ {
		for x := -rad; x <= rad; x++ {
			if x*x+y*y <= rad*rad && image.Pt(cx+x, cy+y).In(img.Rect) {
				img.SetRGBA(cx+x, cy+y, c)
			}
		}
	}
}

// diamond draws a diamond outline two pixels wide.
func diamond(img *image.RGBA, cx, cy, rad int, c color.RGBA) {
	for y := -rad; y <= rad; y++ {
		for x := -rad; x <= rad; x++ {
			d := abs(x) + abs(y)
			if d <= rad && d >= rad-1 && image.Pt(cx+x, cy+y).In(img.Rect) {
				img.SetRGBA(cx+x, cy+y, c)
			}
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

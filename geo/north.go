package geo

import (
	"image"
	"image/color"
	"math"

	"github.com/paulmach/orb"
	"golang.org/x/image/font"
	"golang.org/x/image/vector"
)

// NorthAngle returns the direction of true north at the centre of view v on
// projection p, in radians clockwise from straight up on the page. On a
// conic projection it is zero on the central meridian and grows with the
// distance from it (about 3° at Afghanistan's western and eastern ends).
func NorthAngle(p Projection, v View) float64 {
	c := p.Inverse(v.Plane(float64(v.W)/2, float64(v.H)/2))
	a := p.Forward(c)
	b := p.Forward(orb.Point{c[0], c[1] + 0.1})
	return math.Atan2(b[0]-a[0], b[1]-a[1])
}

// ArrowShape returns the north arrow's two halves, each a closed triangle,
// for an arrow of length size whose centre is at (cx, cy) and which points
// angle radians clockwise from up (y grows downwards). The left half is
// drawn filled in the text colour and the right half open, the usual
// compass-needle look that reads in grey-scale too.
func ArrowShape(cx, cy, size, angle float64) (left, right [3][2]float64) {
	sin, cos := math.Sin(angle), math.Cos(angle)
	at := func(x, y float64) [2]float64 { // x right, y up, in units of size
		return [2]float64{cx + size*(x*cos+y*sin), cy - size*(-x*sin+y*cos)}
	}
	tip, tail, l, r := at(0, 0.5), at(0, -0.28), at(-0.22, -0.5), at(0.22, -0.5)
	return [3][2]float64{tip, l, tail}, [3][2]float64{tip, tail, r}
}

// drawNorthArrow draws a north arrow with an "N" above it in the top right
// corner of dst, on a note panel, pointing to true north at the view's
// centre.
func (r *Renderer) drawNorthArrow(dst *image.RGBA) {
	k := r.textScale()
	pad := int(12 * k)
	size := 46 * k
	fsize := 17 * k
	w := int(size*0.75) + 2*pad
	h := int(size+fsize*1.2) + 2*pad
	b := dst.Bounds()
	rect := image.Rect(b.Max.X-pad-w, b.Min.Y+pad, b.Max.X-pad, b.Min.Y+pad+h)
	drawNotePanel(dst, rect, r.palette)

	pal := r.palette
	cx := float64(rect.Min.X+rect.Max.X) / 2
	cy := float64(rect.Max.Y-pad) - size/2
	left, right := ArrowShape(cx, cy, size, NorthAngle(r.Proj, r.view))
	fillTriangle(dst, left, pal.Text)
	// The open half: the panel colour inside a thin outline in the text colour.
	fillTriangle(dst, right, pal.Text)
	fillTriangle(dst, shrink(right, 1.4*k), pal.Panel)

	f := r.faces.face(true, fsize)
	tw := font.MeasureString(f, "N").Ceil()
	drawString(dst, f, int(cx)-tw/2, rect.Min.Y+pad+f.Metrics().Ascent.Ceil(), "N", pal.Text)
}

// fillTriangle paints the triangle t (pixel coordinates) anti-aliased in c.
func fillTriangle(dst *image.RGBA, t [3][2]float64, c color.RGBA) {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, q := range t {
		minX, maxX = math.Min(minX, q[0]), math.Max(maxX, q[0])
		minY, maxY = math.Min(minY, q[1]), math.Max(maxY, q[1])
	}
	rect := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1).Intersect(dst.Bounds())
	if rect.Empty() {
		return
	}
	z := vector.NewRasterizer(rect.Dx(), rect.Dy())
	ox, oy := float32(rect.Min.X), float32(rect.Min.Y)
	z.MoveTo(float32(t[0][0])-ox, float32(t[0][1])-oy)
	for _, q := range t[1:] {
		z.LineTo(float32(q[0])-ox, float32(q[1])-oy)
	}
	z.ClosePath()
	z.Draw(dst, rect, image.NewUniform(c), image.Point{})
}

// shrink moves each corner of a triangle towards its centroid by d pixels
// (measured along the line to the centroid), for the open half's inside.
func shrink(t [3][2]float64, d float64) [3][2]float64 {
	cx, cy := (t[0][0]+t[1][0]+t[2][0])/3, (t[0][1]+t[1][1]+t[2][1])/3
	var out [3][2]float64
	for i, q := range t {
		dx, dy := cx-q[0], cy-q[1]
		l := math.Hypot(dx, dy)
		s := math.Min(1, 2*d/l)
		out[i] = [2]float64{q[0] + dx*s, q[1] + dy*s}
	}
	return out
}

package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// View places the projected plane on a W×H pixel frame: a plane point (X, Y)
// in metres lands on pixel ((X-X0)·Scale, (Y0-Y)·Scale), so (X0, Y0) is the
// plane point at the frame's top-left corner and y grows downwards on screen.
// Pixel (i, j) covers [i, i+1)×[j, j+1); its centre is (i+0.5, j+0.5).
type View struct {
	W, H   int     // frame size in pixels
	Scale  float64 // pixels per plane metre
	X0, Y0 float64 // plane point at the top-left corner
}

// FitView returns the view that shows the plane bound b whole and centred in a
// w×h frame, leaving at least margin pixels on every side. A frame smaller
// than 1 pixel is taken as 1; a margin that leaves no room is reduced to
// zero; an empty (zero-size) bound is shown at 1 pixel per kilometre.
func FitView(b orb.Bound, w, h, margin int) View {
	w, h = max(w, 1), max(h, 1)
	if 2*margin >= w || 2*margin >= h {
		margin = 0
	}
	bw, bh := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	scale := 1e-3
	switch {
	case bw > 0 && bh > 0:
		scale = math.Min(float64(w-2*margin)/bw, float64(h-2*margin)/bh)
	case bw > 0:
		scale = float64(w-2*margin) / bw
	case bh > 0:
		scale = float64(h-2*margin) / bh
	}
	c := b.Center()
	return View{
		W: w, H: h, Scale: scale,
		X0: c[0] - float64(w)/2/scale,
		Y0: c[1] + float64(h)/2/scale,
	}
}

// BoundView returns the view that fits the lon/lat box ll (degrees) into a
// w×h frame with margin, as FitView does after projecting the box's outline
// with p (the box's edges are curves on the plane, so they are sampled).
func BoundView(p Projection, ll orb.Bound, w, h, margin int) View {
	var b orb.Bound
	const steps = 8
	for i := 0; i <= steps; i++ {
		t := float64(i) / steps
		lon := ll.Min[0] + t*(ll.Max[0]-ll.Min[0])
		lat := ll.Min[1] + t*(ll.Max[1]-ll.Min[1])
		for j, q := range []orb.Point{
			{lon, ll.Min[1]}, {lon, ll.Max[1]}, {ll.Min[0], lat}, {ll.Max[0], lat},
		} {
			xy := p.Forward(q)
			if i == 0 && j == 0 {
				b = orb.Bound{Min: xy, Max: xy}
			} else {
				b = b.Extend(xy)
			}
		}
	}
	return FitView(b, w, h, margin)
}

// Pixel returns the pixel position of the plane point q (fractional; the
// centre of pixel (i, j) is (i+0.5, j+0.5)).
func (v View) Pixel(q orb.Point) (x, y float64) {
	return (q[0] - v.X0) * v.Scale, (v.Y0 - q[1]) * v.Scale
}

// Plane returns the plane point under the pixel position (x, y); it undoes
// Pixel.
func (v View) Plane(x, y float64) orb.Point {
	return orb.Point{v.X0 + x/v.Scale, v.Y0 - y/v.Scale}
}

// Bound returns the plane rectangle the frame shows.
func (v View) Bound() orb.Bound {
	return orb.Bound{
		Min: orb.Point{v.X0, v.Y0 - float64(v.H)/v.Scale},
		Max: orb.Point{v.X0 + float64(v.W)/v.Scale, v.Y0},
	}
}

// Pan returns the view after dragging the map by (dx, dy) pixels: what was
// under pixel (x, y) is then under (x+dx, y+dy). The scale is unchanged, so a
// pan reuses the simplified geometry of the zoom level.
func (v View) Pan(dx, dy float64) View {
	v.X0 -= dx / v.Scale
	v.Y0 += dy / v.Scale
	return v
}

// ZoomAt returns the view scaled by factor around pixel (x, y): the plane
// point under (x, y) stays under it. A factor above 1 zooms in; a factor of
// zero, below zero or NaN leaves the view unchanged.
func (v View) ZoomAt(x, y, factor float64) View {
	if !(factor > 0) || math.IsInf(factor, 0) {
		return v
	}
	q := v.Plane(x, y)
	v.Scale *= factor
	v.X0 = q[0] - x/v.Scale
	v.Y0 = q[1] + y/v.Scale
	return v
}

// Resize returns the view for a frame of w×h pixels that keeps the scale and
// the plane point at the frame's centre; sizes below 1 are taken as 1.
func (v View) Resize(w, h int) View {
	c := v.Plane(float64(v.W)/2, float64(v.H)/2)
	v.W, v.H = max(w, 1), max(h, 1)
	v.X0 = c[0] - float64(v.W)/2/v.Scale
	v.Y0 = c[1] + float64(v.H)/2/v.Scale
	return v
}

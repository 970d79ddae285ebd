package geo

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// crossing is where one polygon edge crosses the centre line of a pixel row.
type crossing struct {
	row int32
	x   float64
}

// Rasterize fills dst, a v.W×v.H buffer in row order, with district ids:
// district i (in plane coordinates) is drawn as i+1 and pixels that belong to
// no district are set to 0. A pixel belongs to a district when its centre is
// inside it by the even-odd rule over all of the district's rings, so holes
// stay empty. An edge shared by two districts puts every pixel centre on
// exactly one side, so neighbours tile without gaps or overlaps; a centre
// exactly on an edge goes to the district on its right (larger x) and one on
// a horizontal edge to the district below. Where districts overlap (bad data)
// the later one wins. Counts of pixels per district are written to count
// (indexed by district) when count is not nil. Districts above 65534 are not
// drawn. dst shorter than v.W×v.H panics.
func Rasterize(dst []uint16, v View, districts []orb.MultiPolygon, count []int) {
	dst = dst[:v.W*v.H]
	clear(dst)
	var xs []crossing
	vb := v.Bound()
	for i, mp := range districts {
		if i >= math.MaxUint16 {
			break
		}
		if len(mp) == 0 || !mp.Bound().Intersects(vb) {
			continue
		}
		xs = appendCrossings(xs[:0], v, mp)
		n := fillCrossings(dst, v.W, xs, uint16(i+1))
		if count != nil && i < len(count) {
			count[i] = n
		}
	}
}

// appendCrossings appends every crossing of mp's edges with pixel row centres
// inside the frame, sorted by row and then x.
func appendCrossings(xs []crossing, v View, mp orb.MultiPolygon) []crossing {
	h := float64(v.H)
	for _, poly := range mp {
		for _, ring := range poly {
			n := len(ring)
			if n < 2 {
				continue
			}
			px, py := v.Pixel(ring[n-1])
			for _, q := range ring {
				qx, qy := v.Pixel(q)
				// Canonical order (lower y first) makes the crossing of a
				// shared edge bit-identical from both sides.
				ax, ay, bx, by := px, py, qx, qy
				if ay > by {
					ax, ay, bx, by = bx, by, ax, ay
				}
				px, py = qx, qy
				if ay == by || by <= 0.5 || ay > h-0.5 {
					continue
				}
				r0 := math.Ceil(ay - 0.5)
				r1 := math.Ceil(by-0.5) - 1
				r0 = math.Max(r0, 0)
				r1 = math.Min(r1, h-1)
				slope := (bx - ax) / (by - ay)
				for r := r0; r <= r1; r++ {
					xs = append(xs, crossing{int32(r), ax + (r+0.5-ay)*slope})
				}
			}
		}
	}
	slices.SortFunc(xs, func(a, b crossing) int {
		if a.row != b.row {
			return cmp.Compare(a.row, b.row)
		}
		return cmp.Compare(a.x, b.x)
	})
	return xs
}

// fillCrossings fills the spans between pairs of crossings of each row with id
// and returns the number of pixels written.
func fillCrossings(dst []uint16, w int, xs []crossing, id uint16) int {
	n := 0
	fw := float64(w)
	for k := 0; k+1 < len(xs); k += 2 {
		a, b := xs[k], xs[k+1]
		if a.row != b.row { // an odd row: broken ring, resynchronise
			k--
			continue
		}
		x0 := math.Ceil(math.Max(math.Min(a.x, fw+1), -1) - 0.5)
		x1 := math.Ceil(math.Max(math.Min(b.x, fw+1), -1) - 0.5)
		i0, i1 := max(int(x0), 0), min(int(x1), w)
		if i1 <= i0 {
			continue
		}
		row := dst[int(a.row)*w:]
		for x := i0; x < i1; x++ {
			row[x] = id
		}
		n += i1 - i0
	}
	return n
}

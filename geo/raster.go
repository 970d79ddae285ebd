package geo

import (
	"math"

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
	bounds := make([]orb.Bound, len(districts))
	for i, mp := range districts {
		if len(mp) > 0 {
			bounds[i] = mp.Bound()
		}
	}
	var s spanFiller
	s.rasterize(dst, v, districts, bounds, count, nil, false)
}

// moments holds, per district, the number of pixels and the sums of their
// column and row indexes, for pixel centroids without a second pass.
type moments struct {
	n      []int
	sx, sy []float64
}

// spanFiller rasterises districts into an id buffer; it keeps its work
// buffers between calls.
type spanFiller struct {
	xs     []crossing
	start  []int32   // per row of the district's extent, first slot in sorted
	sorted []float64 // crossings' x, grouped by row
}

// rasterize is Rasterize with the districts' plane bounds given (an empty
// district's bound is ignored) and, when m is not nil, pixel moments per
// district written to m. zeroed says dst is all 0 already (just made), so
// that a one-shot render does not clear (and so touch every page of) a
// buffer that is about to be written.
func (s *spanFiller) rasterize(dst []uint16, v View, districts []orb.MultiPolygon, bounds []orb.Bound, count []int, m *moments, zeroed bool) {
	dst = dst[:v.W*v.H]
	if !zeroed {
		clear(dst)
	}
	vb := v.Bound()
	for i, mp := range districts {
		if i >= math.MaxUint16 {
			break
		}
		if len(mp) == 0 || !bounds[i].Intersects(vb) {
			continue
		}
		var r0, r1 int32
		s.xs, r0, r1 = appendCrossings(s.xs[:0], v, mp)
		var n int
		var sx, sy float64
		if len(s.xs) > 0 {
			n, sx, sy = s.fill(dst, v.W, r0, r1, uint16(i+1))
		}
		if count != nil && i < len(count) {
			count[i] = n
		}
		if m != nil {
			m.n[i], m.sx[i], m.sy[i] = n, sx, sy
		}
	}
}

// appendCrossings appends every crossing of mp's edges with pixel row centres
// inside the frame, in edge order, and returns the first and last row hit.
func appendCrossings(xs []crossing, v View, mp orb.MultiPolygon) ([]crossing, int32, int32) {
	h := float64(v.H)
	lo, hi := int32(math.MaxInt32), int32(-1)
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
				if r0 < 0 {
					r0 = 0
				}
				if r1 > h-1 {
					r1 = h - 1
				}
				if r0 > r1 {
					continue
				}
				slope := (bx - ax) / (by - ay)
				for r := r0; r <= r1; r++ {
					xs = append(xs, crossing{int32(r), ax + (r+0.5-ay)*slope})
				}
				lo, hi = min(lo, int32(r0)), max(hi, int32(r1))
			}
		}
	}
	return xs, lo, hi
}

// fill sorts s.xs (rows r0..r1) by row and x, fills the spans between pairs
// of crossings of each row with id, and returns the number of pixels written
// and the sums of their column and row indexes. A row with an odd number of
// crossings (a broken ring) leaves its last crossing unpaired.
func (s *spanFiller) fill(dst []uint16, w int, r0, r1 int32, id uint16) (n int, sx, sy float64) {
	rows := int(r1-r0) + 1
	if cap(s.start) < rows+1 {
		s.start = make([]int32, rows+1)
	}
	start := s.start[:rows+1]
	clear(start)
	for _, c := range s.xs {
		start[c.row-r0+1]++
	}
	for k := 1; k <= rows; k++ {
		start[k] += start[k-1]
	}
	if cap(s.sorted) < len(s.xs) {
		s.sorted = make([]float64, len(s.xs))
	}
	sorted := s.sorted[:len(s.xs)]
	// Counting sort by row; start[k] walks to the end of row k's slots.
	for _, c := range s.xs {
		k := c.row - r0
		sorted[start[k]] = c.x
		start[k]++
	}
	fw := float64(w)
	begin := int32(0)
	for k := 0; k < rows; k++ {
		end := start[k]
		xs := sorted[begin:end]
		begin = end
		insertionSort(xs)
		y := int(r0) + k
		row := dst[y*w : (y+1)*w]
		filled := 0
		for j := 0; j+1 < len(xs); j += 2 {
			x0 := math.Ceil(math.Max(math.Min(xs[j], fw+1), -1) - 0.5)
			x1 := math.Ceil(math.Max(math.Min(xs[j+1], fw+1), -1) - 0.5)
			i0, i1 := max(int(x0), 0), min(int(x1), w)
			if i1 <= i0 {
				continue
			}
			span := row[i0:i1]
			for x := range span {
				span[x] = id
			}
			filled += i1 - i0
			// Sum of i0..i1-1.
			sx += float64((i0 + i1 - 1) * (i1 - i0) / 2)
		}
		n += filled
		sy += float64(filled * y)
	}
	return n, sx, sy
}

// insertionSort sorts a row's few crossings.
func insertionSort(xs []float64) {
	for i := 1; i < len(xs); i++ {
		v := xs[i]
		j := i
		for ; j > 0 && xs[j-1] > v; j-- {
			xs[j] = xs[j-1]
		}
		xs[j] = v
	}
}

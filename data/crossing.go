package data

import (
	"fmt"
	"math"

	"github.com/afcontrol/afcontrol/data/shapefile"
	"github.com/paulmach/orb"
)

// Bounds of the self-crossing check, per ring of n edges. The grid has
// about n cells; each edge is filed in the cells it passes through and tested
// against the edges already there. Real boundaries file two or three cells
// an edge and meet a handful of edges in each (the 398 districts of the
// full-resolution ADM2 file, 180,000 vertices, stay far below both bounds:
// at most 5.3 entries and 13 tests an edge, 45,000 tests in its largest ring).
// A ring whose edges pile up beyond them (a star of long spikes through one
// point, say) is refused as too dense to check, rather than checked in time
// and memory growing with the square of its size.
const (
	// crossingEntriesPerEdge bounds the cell entries (8 bytes each):
	// 2,000,000 vertices take at most 128 MB.
	crossingEntriesPerEdge = 8
	// crossingTestsPerEdge bounds the pairs of edges tested: 64,000,000 for
	// 2,000,000 vertices, about a second.
	crossingTestsPerEdge = 32
	// crossingSlack is added to both, so small rings are never refused.
	crossingSlack = 1 << 20
)

// ringSelfCrossing reports the first pair of non-adjacent edges i < j of a
// closed ring that properly cross (each cuts the other at an interior
// point); edges that touch at a vertex or run along each other do not
// count. Edges are filed in a uniform grid over the ring's bounds in ring
// order, each tested against the edges already in its cells, so a ring of n
// edges costs about O(n) time and memory. A ring that would need more than
// the bounds above gives an error, and no answer.
func ringSelfCrossing(ring orb.Ring) (i, j int, ok bool, err error) {
	n := len(ring) - 1
	if n < 4 {
		return 0, 0, false, nil
	}
	b := ring.Bound()
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	if w == 0 || h == 0 {
		return 0, 0, false, nil // all on one line: nothing crosses properly
	}
	side := int(math.Sqrt(float64(n))) + 1
	cw, ch := w/float64(side), h/float64(side)
	col := func(x float64) int { return min(max(int((x-b.Min[0])/cw), 0), side-1) }
	row := func(y float64) int { return min(max(int((y-b.Min[1])/ch), 0), side-1) }

	// Each cell's edges are a linked list through next: head[c] is the
	// newest entry of cell c, -1 for none.
	head := make([]int32, side*side)
	for k := range head {
		head[k] = -1
	}
	maxEntries := crossingEntriesPerEdge*n + crossingSlack
	maxTests := crossingTestsPerEdge*n + crossingSlack
	var next, edge []int32
	tests := 0
	tooDense := func() error {
		return fmt.Errorf("the ring's %d edges are too dense to check for self-crossing (more than %d cell entries or %d edge tests); simplify it", n, maxEntries, maxTests)
	}
	for k := 0; k < n; k++ {
		a, c := ring[k], ring[k+1]
		// The cells the edge passes through: row by row, the columns its
		// part in that row's band spans.
		r0, r1 := row(min(a[1], c[1])), row(max(a[1], c[1]))
		for r := r0; r <= r1; r++ {
			x0, x1 := min(a[0], c[0]), max(a[0], c[0])
			if r0 != r1 && a[1] != c[1] {
				// The band, padded so that rounding never leaves out the
				// point where two edges cross.
				ylo, yhi := b.Min[1]+(float64(r)-1e-3)*ch, b.Min[1]+(float64(r+1)+1e-3)*ch
				xa := a[0] + (c[0]-a[0])*(math.Max(ylo, min(a[1], c[1]))-a[1])/(c[1]-a[1])
				xb := a[0] + (c[0]-a[0])*(math.Min(yhi, max(a[1], c[1]))-a[1])/(c[1]-a[1])
				x0, x1 = math.Max(x0, math.Min(xa, xb)), math.Min(x1, math.Max(xa, xb))
			}
			// Widen by a column each way against rounding at cell edges.
			c0, c1 := max(col(x0)-1, 0), min(col(x1)+1, side-1)
			if r0 == r1 {
				c0, c1 = col(x0), col(x1)
			}
			for cc := c0; cc <= c1; cc++ {
				cell := r*side + cc
				for e := head[cell]; e >= 0; e = next[e] {
					o := int(edge[e])
					tests++
					if o == k-1 || (o == 0 && k == n-1) {
						continue // neighbours share a vertex
					}
					if properlyCross(ring[o], ring[o+1], a, c) {
						return o, k, true, nil
					}
				}
				if len(edge) >= maxEntries || tests > maxTests {
					return 0, 0, false, tooDense()
				}
				next = append(next, head[cell])
				edge = append(edge, int32(k))
				head[cell] = int32(len(edge) - 1)
			}
		}
	}
	return 0, 0, false, nil
}

// checkVertexLimits refuses a ring of more than shapefile.MaxRingVertices
// points, and a file whose features, counted into *total, hold more than
// shapefile.MaxFileVertices: the same limits for every boundary format.
func checkVertexLimits(mp orb.MultiPolygon, total *int) error {
	for pi, poly := range mp {
		for ri, ring := range poly {
			if len(ring) > shapefile.MaxRingVertices {
				where := fmt.Sprintf("polygon %d ring %d", pi+1, ri+1)
				if len(mp) == 1 {
					where = fmt.Sprintf("ring %d", ri+1)
				}
				return fmt.Errorf("%s has %d points, more than the %d afcontrol accepts in one ring", where, len(ring), shapefile.MaxRingVertices)
			}
			*total += len(ring)
		}
	}
	if *total > shapefile.MaxFileVertices {
		return fmt.Errorf("the file's features hold more than the %d points afcontrol accepts in one file", shapefile.MaxFileVertices)
	}
	return nil
}

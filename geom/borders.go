package geom

import "github.com/paulmach/orb"

// BorderKind says which kind of boundary a border line is; the kinds are
// ordered by weight, so a line drawn thicker has a larger kind.
type BorderKind uint8

const (
	// DistrictBorder separates two districts of the same province.
	DistrictBorder BorderKind = iota
	// ProvinceBorder separates two districts of different provinces.
	ProvinceBorder
	// CountryBorder is an edge that only one district uses.
	CountryBorder
)

// String returns "district", "province" or "country".
func (k BorderKind) String() string {
	switch k {
	case DistrictBorder:
		return "district"
	case ProvinceBorder:
		return "province"
	case CountryBorder:
		return "country"
	}
	return "unknown"
}

// Border is one run of edges between the same two districts. Left and Right
// are district indexes with Left < Right; Right is -1 on the country border.
type Border struct {
	Kind        BorderKind
	Left, Right int
	Line        orb.LineString
}

type edgeKey struct{ a, b orb.Point }

func keyOf(p, q orb.Point) edgeKey {
	if q[0] < p[0] || (q[0] == p[0] && q[1] < p[1]) {
		p, q = q, p
	}
	return edgeKey{p, q}
}

// DeriveBorders derives every border line from the districts' own edges, so
// that district, province and country lines are the same segments and always
// meet. An edge (two consecutive vertices) used by two districts is a district
// border, or a province border where province differs between them; an edge
// used by one district only is the country border. Consecutive edges with the
// same neighbours are joined into one line. Each shared edge appears once. An
// edge used by three or more districts (a broken file) is counted between the
// first two. province[i] is the province index of district i (any int; -1 for
// none); districts without edges give no borders.
func DeriveBorders(districts []orb.MultiPolygon, province []int) []Border {
	owners := make(map[edgeKey][2]int, 1<<17)
	for d, mp := range districts {
		forEachEdge(mp, func(p, q orb.Point) {
			k := keyOf(p, q)
			o, seen := owners[k]
			switch {
			case !seen:
				owners[k] = [2]int{d, -1}
			case o[0] != d && o[1] == -1:
				owners[k] = [2]int{o[0], d}
			}
		})
	}
	neighbour := func(d int, p, q orb.Point) int {
		o := owners[keyOf(p, q)]
		if o[0] == d {
			return o[1]
		}
		return o[0]
	}
	var out []Border
	for d, mp := range districts {
		for _, poly := range mp {
			for _, ring := range poly {
				out = appendRingBorders(out, d, ring, province, neighbour)
			}
		}
	}
	return out
}

func forEachEdge(mp orb.MultiPolygon, fn func(p, q orb.Point)) {
	for _, poly := range mp {
		for _, ring := range poly {
			for i := 1; i < len(ring); i++ {
				if ring[i-1] != ring[i] {
					fn(ring[i-1], ring[i])
				}
			}
		}
	}
}

// appendRingBorders walks one closed ring of district d and appends a Border
// for every maximal run of edges that have the same neighbour. Edges shared
// with a lower-numbered district were already emitted from that district.
func appendRingBorders(out []Border, d int, ring orb.Ring, province []int, neighbour func(int, orb.Point, orb.Point) int) []Border {
	n := len(ring) - 1 // edges in a closed ring
	if n < 1 {
		return out
	}
	nb := make([]int, n)
	for i := 0; i < n; i++ {
		if ring[i] == ring[i+1] {
			nb[i] = -2 // zero-length edge: belongs to whatever run surrounds it
			continue
		}
		nb[i] = neighbour(d, ring[i], ring[i+1])
	}
	for i := 0; i < n; i++ {
		if nb[i] == -2 {
			nb[i] = nb[(i+n-1)%n]
		}
	}
	// Start at a change of neighbour so that no run is split by the ring's seam.
	start := 0
	for i := 0; i < n; i++ {
		if nb[i] != nb[(i+n-1)%n] {
			start = i
			break
		}
	}
	emit := func(other int, line orb.LineString) {
		if other >= 0 && other < d {
			return
		}
		kind := CountryBorder
		if other >= 0 {
			kind = DistrictBorder
			if province[d] != province[other] {
				kind = ProvinceBorder
			}
		}
		out = append(out, Border{Kind: kind, Left: d, Right: other, Line: line})
	}
	var line orb.LineString
	cur := nb[start]
	for k := 0; k < n; k++ {
		i := (start + k) % n
		if nb[i] != cur {
			emit(cur, line)
			line, cur = nil, nb[i]
		}
		if len(line) == 0 {
			line = append(line, ring[i])
		}
		line = append(line, ring[i+1])
	}
	emit(cur, line)
	return out
}

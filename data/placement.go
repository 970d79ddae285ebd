package data

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/afcontrol/afcontrol/data/gpkg"
	"github.com/afcontrol/afcontrol/geom"
	"github.com/paulmach/orb"
)

// sampleGrid is the side of the lattice of points laid over a district's
// bounding box to vote for its province.
const sampleGrid = 12

// placeDistricts puts every district in a province and derives the border
// lines. A district goes to the province that covers most of it: each point of
// a lattice laid over the district that falls inside it (plus its interior
// point, so small districts get a vote) is tested against the province
// polygons, and the majority wins. Majority rather than one point matters
// because province and district sets often come from different surveys whose
// edges do not coincide. Rows of assets/province_overrides.csv then correct the
// districts that the polygons place wrongly; those are returned in corrected.
// Districts that no province covers are left unplaced and returned. The
// shapes come from cache: those the change wrote are not decoded again.
func placeDistricts(ctx context.Context, tx *sql.Tx, cache *shapeCache) (unassigned, corrected []string, borders int, err error) {
	provinces, err := cache.get(ctx, tx, LevelProvince)
	if err != nil {
		return nil, nil, 0, err
	}
	districts, err := cache.get(ctx, tx, LevelDistrict)
	if err != nil {
		return nil, nil, 0, err
	}
	if len(districts) == 0 {
		return nil, nil, 0, nil
	}
	byName := map[string]int{}
	for i, p := range provinces {
		byName[nameKey(p.name)] = i
	}
	overrides := provinceOverrides()
	provinceOf := make([]int, len(districts))
	stmt, err := tx.PrepareContext(ctx, "UPDATE districts SET province_id = ?, province = ?, placed_by = ? WHERE fid = ?")
	if err != nil {
		return nil, nil, 0, err
	}
	defer stmt.Close()
	for i, d := range districts {
		p, how, fixed := provinceFor(d, provinces, byName, overrides)
		if fixed {
			corrected = append(corrected, fmt.Sprintf("%s → %s", d.name, provinces[p].name))
		}
		provinceOf[i] = p
		if p < 0 {
			unassigned = append(unassigned, d.name)
			if _, err := stmt.ExecContext(ctx, nil, nil, nil, d.fid); err != nil {
				return nil, nil, 0, err
			}
			continue
		}
		if _, err := stmt.ExecContext(ctx, provinces[p].fid, provinces[p].name, how, d.fid); err != nil {
			return nil, nil, 0, err
		}
	}
	n, err := storeBorders(ctx, tx, districts, provinceOf)
	return unassigned, corrected, n, err
}

// provinceFor returns the index of d's province (-1 when none covers it),
// how it was decided ("polygons" or "province table"), and whether the
// province table overrode the polygons.
func provinceFor(d storedShape, provinces []storedShape, byName map[string]int, overrides overrideTable) (int, string, bool) {
	p := votedProvince(d, provinces)
	if o, ok := overrides.lookup(d.name, d.code); ok {
		if j, ok := byName[nameKey(canonicalProvince(o))]; ok && j != p {
			return j, "province table", true
		}
	}
	return p, "polygons", false
}

// votedProvince returns the index of the province that holds most sample
// points of d (its interior point and a lattice), or -1 when none does.
// Ties go to the lower index.
func votedProvince(d storedShape, provinces []storedShape) int {
	votes := make([]int, len(provinces))
	vote := func(p orb.Point) {
		for j, pr := range provinces {
			if pr.bound.Contains(p) && multiContains(pr.geom, p) {
				votes[j]++
				return
			}
		}
	}
	vote(d.inner)
	b := d.bound
	var xs []float64
	for y := 0; y < sampleGrid; y++ {
		py := b.Min[1] + (float64(y)+0.5)/sampleGrid*(b.Max[1]-b.Min[1])
		// The lattice points of this row inside the district are those
		// with an odd number of ring crossings to their left.
		xs = crossings(d.geom, py, xs[:0])
		for x := 0; x < sampleGrid; x++ {
			px := b.Min[0] + (float64(x)+0.5)/sampleGrid*(b.Max[0]-b.Min[0])
			left := 0
			for _, cx := range xs {
				if cx < px {
					left++
				}
			}
			if left%2 == 1 {
				vote(orb.Point{px, py})
			}
		}
	}
	best, bestVotes := -1, 0
	for j, v := range votes {
		if v > bestVotes {
			best, bestVotes = j, v
		}
	}
	return best
}

// crossings appends the x of every crossing of the horizontal line at y with
// the rings of mp (holes included, so that even-odd counting honours them).
func crossings(mp orb.MultiPolygon, y float64, xs []float64) []float64 {
	for _, poly := range mp {
		for _, r := range poly {
			for i := 1; i < len(r); i++ {
				a, b := r[i-1], r[i]
				if (a[1] > y) != (b[1] > y) {
					xs = append(xs, a[0]+(y-a[1])/(b[1]-a[1])*(b[0]-a[0]))
				}
			}
		}
	}
	return xs
}

// multiContains reports whether p is inside mp by even-odd counting over all
// its rings. A point exactly on an edge may fall either way; a sample point
// there only shifts one vote.
func multiContains(mp orb.MultiPolygon, p orb.Point) bool {
	in := false
	for _, poly := range mp {
		for _, r := range poly {
			for i := 1; i < len(r); i++ {
				a, b := r[i-1], r[i]
				if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < a[0]+(p[1]-a[1])/(b[1]-a[1])*(b[0]-a[0]) {
					in = !in
				}
			}
		}
	}
	return in
}

func storeBorders(ctx context.Context, tx *sql.Tx, districts []storedShape, provinceOf []int) (int, error) {
	if _, err := tx.ExecContext(ctx, "DELETE FROM borders"); err != nil {
		return 0, err
	}
	geoms := make([]orb.MultiPolygon, len(districts))
	for i, d := range districts {
		geoms[i] = d.geom
	}
	borders := geom.DeriveBorders(geoms, provinceOf)
	sort.SliceStable(borders, func(i, j int) bool { return borders[i].Kind < borders[j].Kind })
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO borders (geom, kind, left_district, right_district) VALUES (?, ?, ?, ?)")
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	for _, b := range borders {
		blob, err := gpkg.Encode(b.Line, gpkg.WGS84)
		if err != nil {
			return 0, err
		}
		var right any
		if b.Right >= 0 {
			right = districts[b.Right].fid
		}
		if _, err := stmt.ExecContext(ctx, blob, b.Kind.String(), districts[b.Left].fid, right); err != nil {
			return 0, err
		}
	}
	return len(borders), nil
}

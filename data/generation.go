package data

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// BoundaryGeneration identifies the boundaries a dataset holds: its active
// province and district sets. Every import that stores a new set, every
// restore of a kept one (an undo of an import) and every copy of sets from
// a server gives a new generation; events, edits and tallies leave it as
// it is. Whoever keeps a drawing of the boundaries (the window's map)
// rebuilds it when the generation differs from the one it was built from,
// whatever the number of districts. The zero value is a dataset with no
// boundary set.
type BoundaryGeneration struct {
	// Province and District are the ids of the active sets in
	// boundary_sets, 0 where a level has none.
	Province, District int64
	// sums are the active sets' checksums, so that sets copied in under
	// the ids of others (a replica rebuilt from a server) still differ.
	sums string
}

// String is the generation as "province set 3, district set 7".
func (g BoundaryGeneration) String() string {
	return fmt.Sprintf("province set %d, district set %d", g.Province, g.District)
}

// BoundaryGeneration returns the generation of the boundaries stored now.
func (d *Dataset) BoundaryGeneration(ctx context.Context) (BoundaryGeneration, error) {
	var g BoundaryGeneration
	rows, err := d.db.QueryContext(ctx, "SELECT id, level, sha256 FROM boundary_sets WHERE active ORDER BY level, id")
	if err != nil {
		return g, fmt.Errorf("boundary generation: %w", d.explain(err))
	}
	defer rows.Close()
	var sums strings.Builder
	for rows.Next() {
		var id int64
		var level, sum string
		if err := rows.Scan(&id, &level, &sum); err != nil {
			return BoundaryGeneration{}, fmt.Errorf("boundary generation: %w", err)
		}
		switch Level(level) {
		case LevelProvince:
			g.Province = max(g.Province, id)
		case LevelDistrict:
			g.District = max(g.District, id)
		}
		sums.WriteString(level + ":" + strconv.FormatInt(id, 10) + ":" + sum + ";")
	}
	if err := rows.Err(); err != nil {
		return BoundaryGeneration{}, fmt.Errorf("boundary generation: %w", err)
	}
	g.sums = sums.String()
	return g, nil
}

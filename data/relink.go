package data

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/gpkg"
	"github.com/paulmach/orb"
)

// relinkEvents gives every event that lost its district (the district set
// was replaced) the district of the new set: by its point when it has one,
// else by its province and district names through the gazetteer. Events
// that match nothing, or more than one district, stay unlinked and are
// counted: they keep their names and sources, and a later boundary set or
// an alias can link them again.
func relinkEvents(ctx context.Context, tx *sql.Tx) (linked, unlinked int, err error) {
	type orphan struct {
		fid                int64
		province, district string
		point              []byte
	}
	rows, err := tx.QueryContext(ctx, "SELECT fid, province, district, geom FROM events WHERE district_id IS NULL AND scope = 'district'")
	if err != nil {
		return 0, 0, err
	}
	var orphans []orphan
	for rows.Next() {
		var o orphan
		if err := rows.Scan(&o.fid, &o.province, &o.district, &o.point); err != nil {
			rows.Close()
			return 0, 0, err
		}
		orphans = append(orphans, o)
	}
	rows.Close()
	if len(orphans) == 0 {
		return 0, 0, rows.Err()
	}
	g, err := loadGazetteer(ctx, tx, true)
	if err != nil {
		return 0, 0, err
	}
	if len(g.districts) == 0 {
		return 0, len(orphans), nil
	}
	stmt, err := tx.PrepareContext(ctx, "UPDATE events SET district_id = ?, province = ?, district = ? WHERE fid = ?")
	if err != nil {
		return 0, 0, err
	}
	defer stmt.Close()
	for _, o := range orphans {
		row := events.Row{Province: o.province, District: o.district}
		if o.point != nil {
			p, err := decodePoint(o.point)
			if err != nil {
				return 0, 0, fmt.Errorf("event %d: %w", o.fid, err)
			}
			row.Lon, row.Lat, row.HasPoint = p[0], p[1], true
		}
		i, err := placeRow(g, row)
		if err != nil {
			unlinked++
			continue
		}
		d := g.districts[i]
		if _, err := stmt.ExecContext(ctx, d.fid, d.province, d.name, o.fid); err != nil {
			return 0, 0, err
		}
		linked++
	}
	return linked, unlinked, nil
}

func decodePoint(blob []byte) (orb.Point, error) {
	g, _, err := gpkg.Decode(blob)
	if err != nil {
		return orb.Point{}, err
	}
	p, ok := g.(orb.Point)
	if !ok {
		return orb.Point{}, fmt.Errorf("geometry is a %T, not a point", g)
	}
	return p, nil
}

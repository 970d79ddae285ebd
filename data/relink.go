package data

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/gpkg"
	"github.com/paulmach/orb"
)

// relinkEvents links the events to the districts of the active set. An
// event whose stable key (the identity of the district it was reported in)
// is in the set goes to that district. An event left without a district
// (its district is not in the set) is placed by its point when it has one,
// else by its province and district names through the gazetteer. Events that
// match nothing, or more than one district, stay unlinked: they keep their
// names and sources, and a later boundary set or an alias can link them
// again. Only district_id changes: the reported names and the key stay as
// they are, so linking is no edit and writes no audit row. It returns how
// many events it linked to another district and how many are unlinked.
func relinkEvents(ctx context.Context, tx *sql.Tx) (linked, unlinked int, err error) {
	res, err := tx.ExecContext(ctx, `UPDATE events SET district_id = (SELECT d.fid FROM districts d WHERE d.stable_key = events.district_key)
		WHERE district_key IS NOT NULL
		AND EXISTS (SELECT 1 FROM districts d WHERE d.stable_key = events.district_key AND d.fid IS NOT events.district_id)`)
	if err != nil {
		return 0, 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, 0, err
	}
	linked = int(n)
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
	if err := rows.Err(); err != nil || len(orphans) == 0 {
		return linked, 0, err
	}
	g, err := loadGazetteer(ctx, tx, true)
	if err != nil {
		return 0, 0, err
	}
	if len(g.districts) == 0 {
		return linked, len(orphans), nil
	}
	stmt, err := tx.PrepareContext(ctx, "UPDATE events SET district_id = ? WHERE fid = ?")
	if err != nil {
		return 0, 0, err
	}
	defer stmt.Close()
	for _, o := range orphans {
		i, err := placeStored(g, o.province, o.district, o.point)
		if err != nil {
			return 0, 0, fmt.Errorf("event %d: %w", o.fid, err)
		}
		if i < 0 {
			unlinked++
			continue
		}
		if _, err := stmt.ExecContext(ctx, g.districts[i].fid, o.fid); err != nil {
			return 0, 0, err
		}
		linked++
	}
	return linked, unlinked, nil
}

// placeStored finds the district of g for a stored event's names and point
// (a GeoPackage blob, nil when it has none): -1 when none or several match.
// Only a point that cannot be decoded is an error.
func placeStored(g *gazetteer, province, district string, point []byte) (int, error) {
	row := events.Row{Province: province, District: district}
	if point != nil {
		p, err := decodePoint(point)
		if err != nil {
			return -1, err
		}
		row.Lon, row.Lat, row.HasPoint = p[0], p[1], true
	}
	i, err := placeRow(g, row)
	if err != nil {
		return -1, nil
	}
	return i, nil
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

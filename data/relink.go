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
func relinkEvents(ctx context.Context, tx *sql.Tx, shapes *shapeCache) (linked, unlinked int, err error) {
	n, err := bulkUpdateEvents(ctx, tx, "district_id = (SELECT d.fid FROM districts d WHERE d.stable_key = events.district_key)",
		"district_key IS NOT NULL AND EXISTS (SELECT 1 FROM districts d WHERE d.stable_key = events.district_key AND d.fid IS NOT events.district_id)")
	if err != nil {
		return 0, 0, err
	}
	linked = int(n)
	var orphans int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM events WHERE district_id IS NULL AND scope = 'district'").Scan(&orphans); err != nil || orphans == 0 {
		return linked, 0, err
	}
	g, err := loadGazetteer(ctx, tx, false)
	if err != nil {
		return 0, 0, err
	}
	// The polygons, for events placed by their point, come from the change's
	// shapes rather than from decoding the districts just written.
	districts, err := shapes.get(ctx, tx, LevelDistrict)
	if err != nil {
		return 0, 0, err
	}
	byFID := make(map[int64]*storedShape, len(districts))
	for i := range districts {
		byFID[districts[i].fid] = &districts[i]
	}
	for i := range g.districts {
		if s := byFID[g.districts[i].fid]; s != nil {
			g.districts[i].geom, g.districts[i].bound = s.geom, s.bound
		}
	}
	if len(g.districts) == 0 {
		return linked, orphans, nil
	}
	byName, err := relinkByName(ctx, tx, g)
	if err != nil {
		return 0, 0, err
	}
	byPoint, err := relinkByPoint(ctx, tx, g)
	if err != nil {
		return 0, 0, err
	}
	linked += byName + byPoint
	return linked, orphans - byName - byPoint, nil
}

// relinkByName links the unlinked events without a point through the
// gazetteer: each reported (province, district) pair is resolved once, and
// the events of all the pairs that resolve are updated in one pass.
func relinkByName(ctx context.Context, tx *sql.Tx, g *gazetteer) (int, error) {
	rows, err := tx.QueryContext(ctx, "SELECT DISTINCT province, district FROM events WHERE district_id IS NULL AND scope = 'district' AND geom IS NULL")
	if err != nil {
		return 0, err
	}
	type pair struct {
		province, district string
		fid                int64
	}
	var resolved []pair
	for rows.Next() {
		var p pair
		if err := rows.Scan(&p.province, &p.district); err != nil {
			rows.Close()
			return 0, err
		}
		if i, err := g.resolve(p.province, p.district); err == nil {
			p.fid = g.districts[i].fid
			resolved = append(resolved, p)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(resolved) == 0 {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE relink_names (province TEXT NOT NULL, district TEXT NOT NULL, fid INTEGER NOT NULL,
		PRIMARY KEY (province, district))`); err != nil {
		return 0, err
	}
	defer tx.ExecContext(ctx, "DROP TABLE temp.relink_names")
	for _, p := range resolved {
		if _, err := tx.ExecContext(ctx, "INSERT INTO temp.relink_names VALUES (?, ?, ?)", p.province, p.district, p.fid); err != nil {
			return 0, err
		}
	}
	n, err := bulkUpdateEvents(ctx, tx,
		"district_id = (SELECT m.fid FROM temp.relink_names m WHERE m.province = events.province AND m.district = events.district)",
		"district_id IS NULL AND scope = 'district' AND geom IS NULL AND EXISTS (SELECT 1 FROM temp.relink_names m WHERE m.province = events.province AND m.district = events.district)")
	return int(n), err
}

// relinkByPoint links the unlinked events that have a point to the district
// that contains it, else through their names.
func relinkByPoint(ctx context.Context, tx *sql.Tx, g *gazetteer) (int, error) {
	type orphan struct {
		fid                int64
		province, district string
		point              []byte
	}
	rows, err := tx.QueryContext(ctx, "SELECT fid, province, district, geom FROM events WHERE district_id IS NULL AND scope = 'district' AND geom IS NOT NULL")
	if err != nil {
		return 0, err
	}
	var orphans []orphan
	for rows.Next() {
		var o orphan
		if err := rows.Scan(&o.fid, &o.province, &o.district, &o.point); err != nil {
			rows.Close()
			return 0, err
		}
		orphans = append(orphans, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(orphans) == 0 {
		return 0, err
	}
	stmt, err := tx.PrepareContext(ctx, "UPDATE events SET district_id = ? WHERE fid = ?")
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	linked := 0
	for _, o := range orphans {
		i, err := placeStored(g, o.province, o.district, o.point)
		if err != nil {
			return 0, fmt.Errorf("event %d: %w", o.fid, err)
		}
		if i < 0 {
			continue
		}
		if _, err := stmt.ExecContext(ctx, g.districts[i].fid, o.fid); err != nil {
			return 0, err
		}
		linked++
	}
	return linked, nil
}

// bulkRows is the number of changed events above which bulkUpdateEvents
// rebuilds the district index rather than updating it row by row.
const bulkRows = 50_000

// bulkUpdateEvents runs UPDATE events SET set WHERE where and returns how
// many rows it changed. When that is more than bulkRows, the events'
// district index is dropped for the update and built again afterwards, in
// the same transaction: at a million events that halves the time the write
// lock is held.
func bulkUpdateEvents(ctx context.Context, tx *sql.Tx, set, where string) (int64, error) {
	var n int64
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM events WHERE "+where).Scan(&n); err != nil || n == 0 {
		return 0, err
	}
	if n > bulkRows {
		if _, err := tx.ExecContext(ctx, "DROP INDEX events_district_date"); err != nil {
			return 0, err
		}
	}
	res, err := tx.ExecContext(ctx, "UPDATE events SET "+set+" WHERE "+where)
	if err != nil {
		return 0, err
	}
	if n > bulkRows {
		if _, err := tx.ExecContext(ctx, "CREATE INDEX events_district_date ON events(district_id, date)"); err != nil {
			return 0, err
		}
	}
	return res.RowsAffected()
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

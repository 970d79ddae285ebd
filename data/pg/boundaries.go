package pg

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/gpkg"
	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb/encoding/wkb"
)

// BoundaryCounts says how many rows of each layer a push stored.
type BoundaryCounts struct {
	BoundarySets, Provinces, Districts, Borders, Aliases, Tallies int
}

// layerCopy is one table copied from the GeoPackage as it is, its geometry
// column (if any) last in columns.
type layerCopy struct {
	table   string
	columns []string
	geom    string // the geometry column, "" for none
	count   *int
}

// PushBoundaries replaces the server's boundary sets, provinces, districts,
// borders, gazetteer and tallies with the dataset's, in one transaction,
// and links the server's events to the new districts by name. Events are
// not touched otherwise: they travel by Sync. It needs the right to write
// the boundary tables (the role that ran server init).
func (s *Server) PushBoundaries(ctx context.Context, d *data.Dataset) (BoundaryCounts, error) {
	var c BoundaryCounts
	layers := []layerCopy{
		{"boundary_sets", []string{"id", "level", "source", "file_name", "licence", "attribution", "sha256", "features", "imported_at"}, "", &c.BoundarySets},
		{"provinces", []string{"fid", "name", "name_source", "code", "boundary_set", "geom"}, "geom", &c.Provinces},
		{"districts", []string{"fid", "name", "name_source", "code", "province_id", "province", "placed_by", "area_km2", "inner_lon", "inner_lat", "boundary_set", "geom"}, "geom", &c.Districts},
		{"borders", []string{"fid", "kind", "left_district", "right_district", "geom"}, "geom", &c.Borders},
		{"aliases", []string{"id", "kind", "alias", "key", "name", "province", "origin"}, "", &c.Aliases},
		{"tallies", []string{"id", "date", "source", "source_url", "counted", "count", "out_of", "claim", "notes"}, "", &c.Tallies},
	}
	err := pgx.BeginFunc(ctx, s.conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(7152643)"); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM borders; DELETE FROM districts; DELETE FROM provinces; DELETE FROM boundary_sets; DELETE FROM aliases; DELETE FROM tallies"); err != nil {
			return explain(err)
		}
		for _, l := range layers {
			n, err := copyLayer(ctx, tx, d.DB(), l)
			if err != nil {
				return fmt.Errorf("%s: %w", l.table, err)
			}
			*l.count = n
		}
		_, err := tx.Exec(ctx, `UPDATE events e SET district_id = (SELECT d.fid FROM districts d
			WHERE d.name = e.district AND d.province = e.province ORDER BY d.fid LIMIT 1)`)
		return explain(err)
	})
	if err != nil {
		return c, fmt.Errorf("push boundaries to %s: %w", s.URL(), err)
	}
	return c, nil
}

// copyLayer copies one table, a batch of rows at a time.
func copyLayer(ctx context.Context, tx pgx.Tx, src *sql.DB, l layerCopy) (int, error) {
	cols := ""
	for i, c := range l.columns {
		if i > 0 {
			cols += ", "
		}
		cols += c
	}
	rows, err := src.QueryContext(ctx, "SELECT "+cols+" FROM "+l.table+" ORDER BY 1")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	insert := "INSERT INTO " + l.table + " (" + cols + ") VALUES ("
	for i := range l.columns {
		if i > 0 {
			insert += ", "
		}
		if l.columns[i] == l.geom {
			insert += fmt.Sprintf("ST_SetSRID(ST_GeomFromWKB($%d), 4326)", i+1)
		} else {
			insert += fmt.Sprintf("$%d", i+1)
		}
	}
	insert += ")"
	n := 0
	batch := &pgx.Batch{}
	flush := func() error {
		if batch.Len() == 0 {
			return nil
		}
		err := tx.SendBatch(ctx, batch).Close()
		batch = &pgx.Batch{}
		return explain(err)
	}
	for rows.Next() {
		vals := make([]any, len(l.columns))
		ptrs := make([]any, len(l.columns))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, c := range l.columns {
			// SQLite keeps a BOOLEAN as an integer.
			if n, ok := vals[i].(int64); ok && c == "claim" {
				vals[i] = n != 0
			}
		}
		if l.geom != "" {
			last := len(vals) - 1
			blob, _ := vals[last].([]byte)
			g, _, err := gpkg.Decode(blob)
			if err != nil {
				return n, fmt.Errorf("feature %v: %w", vals[0], err)
			}
			if vals[last], err = wkb.Marshal(g, binary.LittleEndian); err != nil {
				return n, fmt.Errorf("feature %v: %w", vals[0], err)
			}
		}
		batch.Queue(insert, vals...)
		n++
		if batch.Len() == 500 {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, flush()
}

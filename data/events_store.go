package data

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/gpkg"
	"github.com/paulmach/orb"
)

// insertBatch is how many rows one INSERT statement carries: statements of
// many rows cost far less per row than one statement a row, and 128 rows of
// 29 values (3,712) stay well under SQLite's limit of 32,766 bound values.
const insertBatch = 128

const eventColumns = `geom, date, province, district, district_id, status, kind, claim,
	actor, source, source_url, confidence, notes, scope, source_db, source_id, date_end, fatalities,
	admin3, location, geo_precision, time_precision, placed_by, district_key, origin, created_at, updated_at, reported_at`

// eventFields is how many columns of eventColumns come from the row (all
// but origin, created_at and updated_at): what an update compares.
const eventFields = 24

// compareColumns reads eventFields columns back as the text fieldKey
// writes, so a stored event and a new row compare as strings.
const compareColumns = `fid, source_id, coalesce(hex(geom), ''), substr(date, 1, 10), province, district,
	coalesce(cast(district_id AS TEXT), ''), status, kind, cast(claim AS INTEGER), actor, source, source_url, confidence,
	notes, scope, source_db, source_id, coalesce(substr(date_end, 1, 10), ''), coalesce(cast(fatalities AS TEXT), ''),
	admin3, location, coalesce(cast(geo_precision AS TEXT), ''), coalesce(cast(time_precision AS TEXT), ''), placed_by,
	coalesce(district_key, '')`

// storeEvents writes resolved rows: rows with a source id already stored
// are compared and updated when they differ, the others inserted
// insertBatch rows a statement; with opt.Sync, stored events of db dated
// within the rows' days whose id the rows lack are deleted. Inserts are
// audited here, updates and deletes by the table's triggers.
func storeEvents(ctx context.Context, tx *sql.Tx, g *gazetteer, rows []events.Row, place []placed, db string, opt EventOptions, rep *EventReport) error {
	stored, err := storedByID(ctx, tx, db)
	if err != nil {
		return err
	}
	// Each new event gets a random global id; the bundled timeline's rows
	// get ids made from their content, the same on every laptop.
	uidOf := func(events.Row) string { return newUID() }
	if opt.Origin == bundledOrigin {
		seen := map[string]int{}
		uidOf = func(row events.Row) string {
			name := opt.Origin + "\x00" + strings.Join(nativeRecord(row), "\x1f")
			seen[name]++
			return nameUID(name + "\x00" + strconv.Itoa(seen[name]))
		}
	}
	var last int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(fid), 0) FROM events").Scan(&last); err != nil {
		return err
	}
	now := timestamp(time.Now())
	var full, update *sql.Stmt
	defer func() {
		for _, s := range []*sql.Stmt{full, update} {
			if s != nil {
				s.Close()
			}
		}
	}()
	args := make([]any, 0, insertBatch*29)
	var batch []events.Row
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		var err error
		if len(batch) == insertBatch {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, insertSQL(insertBatch)); err != nil {
					return err
				}
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, insertSQL(len(batch)), args...)
		}
		if err != nil {
			return fmt.Errorf("lines %d to %d: %w", batch[0].Line, batch[len(batch)-1].Line, err)
		}
		args, batch = args[:0], batch[:0]
		return nil
	}
	var minDay, maxDay events.Day
	seen := make(map[string]bool, len(stored))
	var key strings.Builder
	var vals []any // the row's values, reused
	for i, row := range rows {
		vals, err = eventValues(vals[:0], g, row, place[i], db)
		if err != nil {
			return fmt.Errorf("line %d: %w", row.Line, err)
		}
		if i == 0 || row.Date < minDay {
			minDay = row.Date
		}
		if i == 0 || row.Date > maxDay {
			maxDay = row.Date
		}
		if row.SourceID != "" {
			seen[row.SourceID] = true
			if old, ok := stored[row.SourceID]; ok {
				key.Reset()
				fieldKey(&key, vals)
				if key.String() == old.key {
					rep.Unchanged++
					continue
				}
				if update == nil {
					if update, err = tx.PrepareContext(ctx, updateSQL()); err != nil {
						return err
					}
				}
				if _, err := update.ExecContext(ctx, append(vals, opt.Origin, now, dayStart(row.Date.String()), old.fid)...); err != nil {
					return fmt.Errorf("line %d: %w", row.Line, err)
				}
				rep.Updated++
				continue
			}
		}
		args = append(args, vals...)
		args = append(args, opt.Origin, now, now, dayStart(row.Date.String()), uidOf(row))
		batch = append(batch, row)
		rep.Imported++
		if len(batch) == insertBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if err := auditInserted(ctx, tx, last); err != nil {
		return err
	}
	if !opt.Sync || len(rows) == 0 {
		return nil
	}
	var gone []int64
	for id, old := range stored {
		if !seen[id] && old.day >= minDay && old.day <= maxDay {
			gone = append(gone, old.fid)
		}
	}
	sort.Slice(gone, func(i, j int) bool { return gone[i] < gone[j] })
	for _, fid := range gone {
		if _, err := tx.ExecContext(ctx, "DELETE FROM events WHERE fid = ?", fid); err != nil {
			return err
		}
	}
	rep.Deleted = len(gone)
	return nil
}

// deleteByID removes the stored events of source database db whose ids the
// source lists as deleted; an id not stored is passed over.
func deleteByID(ctx context.Context, tx *sql.Tx, db string, ids []string, rep *EventReport) error {
	if len(ids) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, "DELETE FROM events WHERE source_db = ? AND source_id = ?")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, id := range ids {
		res, err := stmt.ExecContext(ctx, db, id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		rep.Deleted += int(n)
	}
	return nil
}

// storedEventKey is a stored event with a source id, as storeEvents
// compares it.
type storedEventKey struct {
	fid int64
	day events.Day
	key string
}

// storedByID reads the stored events of source database db that carry a
// source id, keyed by it.
func storedByID(ctx context.Context, tx *sql.Tx, db string) (map[string]storedEventKey, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+compareColumns+" FROM events WHERE source_db = ? AND source_id <> ''", db)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]storedEventKey{}
	cells := make([]sql.NullString, eventFields)
	dest := make([]any, 0, eventFields+2)
	var fid int64
	var id string
	dest = append(dest, &fid, &id)
	for i := range cells {
		dest = append(dest, &cells[i])
	}
	var b strings.Builder
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		b.Reset()
		for _, c := range cells {
			b.WriteString(c.String)
			b.WriteByte(0)
		}
		day, _ := events.ParseDay(cells[1].String)
		out[id] = storedEventKey{fid: fid, day: day, key: b.String()}
	}
	return out, rows.Err()
}

// eventValues appends the eventFields column values of a resolved row to dst.
func eventValues(dst []any, g *gazetteer, row events.Row, at placed, db string) ([]any, error) {
	var geom any
	if row.HasPoint {
		blob, err := gpkg.Encode(orb.Point{row.Lon, row.Lat}, gpkg.WGS84)
		if err != nil {
			return nil, err
		}
		geom = blob
	}
	province, district := at.province, ""
	var districtID, districtKey, until, fatalities, geoPrec, timePrec any
	if at.district >= 0 {
		dist := g.districts[at.district]
		province, district, districtID = dist.province, dist.name, dist.fid
		if dist.key != "" {
			districtKey = dist.key
		}
	}
	if row.Ranged {
		until = row.Until.String()
	}
	if row.HasFatalities {
		fatalities = row.Fatalities
	}
	if row.GeoPrecision > 0 {
		geoPrec = row.GeoPrecision
	}
	if row.TimePrecision > 0 {
		timePrec = row.TimePrecision
	}
	return append(dst, geom, row.Date.String(), province, district, districtID, row.Status.String(), row.Kind, row.Claim,
		row.Actor, row.Source, row.SourceURL, row.Confidence.String(), row.Notes, row.Scope.String(), db, row.SourceID,
		until, fatalities, row.Admin3, row.Location, geoPrec, timePrec, at.by, districtKey), nil
}

// fieldKey writes values as compareColumns reads them back.
func fieldKey(b *strings.Builder, vals []any) {
	for _, v := range vals {
		switch v := v.(type) {
		case nil:
		case []byte:
			b.WriteString(strings.ToUpper(hex.EncodeToString(v)))
		case string:
			b.WriteString(v)
		case int64:
			b.WriteString(strconv.FormatInt(v, 10))
		case int:
			b.WriteString(strconv.Itoa(v))
		case bool:
			if v {
				b.WriteByte('1')
			} else {
				b.WriteByte('0')
			}
		}
		b.WriteByte(0)
	}
}

// insertSQL is an INSERT of n event rows.
func insertSQL(n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", 29), ", ") + ")"
	return "INSERT INTO events (" + eventColumns + ", uid) VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// updateSQL sets every column of eventColumns but created_at, by fid.
func updateSQL() string {
	cols := strings.Split(eventColumns, ",")
	var set []string
	for _, c := range cols {
		if c = strings.TrimSpace(c); c != "created_at" {
			set = append(set, c+" = ?")
		}
	}
	// A changed event is a new revision, which a sync passes on.
	return "UPDATE events SET " + strings.Join(set, ", ") + ", rev = rev + 1 WHERE fid = ?"
}

// auditInserted writes an audit row for every event after fid after, in one
// statement: cheaper than a trigger per row on a 100,000-row import, and the
// same record (updates and deletes are audited by triggers).
func auditInserted(ctx context.Context, tx *sql.Tx, after int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (action, table_name, row_id, uid, rev, detail)
		SELECT 'insert', 'events', fid, uid, rev, date || ' ' || province || '/' || district || ' ' || status || ' (' || source || ')' ||
			CASE WHEN source_id <> '' THEN ' [' || source_db || ' ' || source_id || ']' ELSE '' END
		FROM events WHERE fid > ? ORDER BY fid`, after)
	return err
}

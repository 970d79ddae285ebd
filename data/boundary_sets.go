package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// BoundarySet is one version of a level's boundaries, as `boundaries
// history` lists it. One set per level is active: its features are the
// provinces or districts table; the others are kept in boundary_history and
// RestoreBoundarySet brings any of them back.
type BoundarySet struct {
	ID          int64
	Level       Level
	Source      string
	FileName    string
	Licence     string
	Attribution string
	SHA256      string
	Features    int
	ImportedAt  string
	Active      bool
	// Kept says whether the set's features are stored: false only for sets
	// replaced before this afcontrol kept boundary history.
	Kept bool
}

// BoundarySets lists every boundary set, oldest first.
func (d *Dataset) BoundarySets(ctx context.Context) ([]BoundarySet, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT id, level, source, file_name, licence, attribution, sha256, features, imported_at, active,
		active OR EXISTS (SELECT 1 FROM boundary_history h WHERE h.boundary_set = b.id)
		FROM boundary_sets b ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("boundary sets: %w", d.explain(err))
	}
	defer rows.Close()
	var out []BoundarySet
	for rows.Next() {
		var s BoundarySet
		if err := rows.Scan(&s.ID, &s.Level, &s.Source, &s.FileName, &s.Licence, &s.Attribution, &s.SHA256, &s.Features,
			&s.ImportedAt, &s.Active, &s.Kept); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SetChange is one level's active set before and after an import or a
// restore; From is 0 when the level had no set.
type SetChange struct {
	Level    Level
	From, To int64
}

// errUnchanged ends a transaction that found nothing to change.
var errUnchanged = errors.New("unchanged")

// activeSet returns the active set of level: its id and checksum, 0 and ""
// when there is none.
func activeSet(ctx context.Context, tx *sql.Tx, level Level) (int64, string, error) {
	var id int64
	var sum string
	err := tx.QueryRowContext(ctx, "SELECT id, sha256 FROM boundary_sets WHERE level = ? AND active ORDER BY id DESC LIMIT 1", string(level)).Scan(&id, &sum)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return id, sum, err
}

// archiveActive copies the active features of level into boundary_history
// under their set, unless they are kept there already (sets never change,
// so a set restored and replaced again is stored once).
func archiveActive(ctx context.Context, tx *sql.Tx, level Level) error {
	q := `INSERT OR IGNORE INTO boundary_history (boundary_set, feature_fid, geom, name, name_source, code, stable_key, area_km2, inner_lon, inner_lat)
		SELECT boundary_set, fid, geom, name, name_source, code, stable_key, area_km2, inner_lon, inner_lat FROM districts`
	if level == LevelProvince {
		q = `INSERT OR IGNORE INTO boundary_history (boundary_set, feature_fid, geom, name, name_source, code, stable_key)
			SELECT boundary_set, fid, geom, name, name_source, code, stable_key FROM provinces`
	}
	_, err := tx.ExecContext(ctx, q)
	return err
}

// activate makes set the active one of level.
func activate(ctx context.Context, tx *sql.Tx, level Level, set int64) error {
	_, err := tx.ExecContext(ctx, "UPDATE boundary_sets SET active = (id = ?) WHERE level = ? AND active <> (id = ?)", set, string(level), set)
	return err
}

// featureRow is one province or district as stored: fid 0 is a new row.
type featureRow struct {
	fid                      int64
	key                      string
	name, nameSource, code   string
	blob                     []byte
	area, innerLon, innerLat float64
	// geom is what blob encodes, when the row was made from it (an
	// import); nil for a row read back as a blob (a restore).
	geom orb.MultiPolygon
}

// writeLevel makes the level's table hold exactly rows, as set: rows whose
// fid is stored are updated in place (so events and borders that point at
// them keep pointing at the same district), the others inserted, and stored
// rows not among them deleted. Rows inserted get their fid set. It returns
// how many stored rows were deleted.
func writeLevel(ctx context.Context, tx *sql.Tx, level Level, set int64, rows []featureRow) (deleted int, err error) {
	table := "districts"
	if level == LevelProvince {
		table = "provinces"
	}
	stored := map[int64]bool{}
	r, err := tx.QueryContext(ctx, "SELECT fid FROM "+table)
	if err != nil {
		return 0, err
	}
	for r.Next() {
		var fid int64
		if err := r.Scan(&fid); err != nil {
			r.Close()
			return 0, err
		}
		stored[fid] = true
	}
	r.Close()
	keep := map[int64]bool{}
	for _, row := range rows {
		if row.fid != 0 {
			keep[row.fid] = true
		}
	}
	var gone []string
	for fid := range stored {
		if !keep[fid] {
			gone = append(gone, strconv.FormatInt(fid, 10))
		}
	}
	if len(gone) > 0 && level == LevelDistrict {
		// Unlink the events of the districts that go in one pass over the
		// table (the unary + keeps SQLite from walking the index district by
		// district, which at a million events touches every page hundreds of
		// times); the foreign key would do it one district at a time.
		if _, err := bulkUpdateEvents(ctx, tx, "district_id = NULL", "+district_id IN ("+strings.Join(gone, ", ")+")"); err != nil {
			return 0, err
		}
	}
	for _, fid := range gone {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE fid = "+fid); err != nil {
			return 0, err
		}
	}
	deleted = len(gone)
	// Keys and province names are unique: clear them first so that rows can
	// trade them without a transient clash.
	clear := "UPDATE districts SET stable_key = NULL"
	if level == LevelProvince {
		clear = "UPDATE provinces SET stable_key = NULL, name = 'being replaced ' || fid"
	}
	if _, err := tx.ExecContext(ctx, clear); err != nil {
		return 0, err
	}
	var update, insert *sql.Stmt
	if level == LevelProvince {
		update, err = tx.PrepareContext(ctx, "UPDATE provinces SET geom = ?, name = ?, name_source = ?, code = ?, stable_key = ?, boundary_set = ? WHERE fid = ?")
		if err == nil {
			insert, err = tx.PrepareContext(ctx, "INSERT INTO provinces (geom, name, name_source, code, stable_key, boundary_set, fid) VALUES (?, ?, ?, ?, ?, ?, ?)")
		}
	} else {
		update, err = tx.PrepareContext(ctx, `UPDATE districts SET geom = ?, name = ?, name_source = ?, code = ?, stable_key = ?, boundary_set = ?,
			area_km2 = ?, inner_lon = ?, inner_lat = ? WHERE fid = ?`)
		if err == nil {
			insert, err = tx.PrepareContext(ctx, `INSERT INTO districts (geom, name, name_source, code, stable_key, boundary_set,
				area_km2, inner_lon, inner_lat, fid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		}
	}
	if err != nil {
		return 0, err
	}
	defer update.Close()
	defer insert.Close()
	for i, row := range rows {
		args := []any{row.blob, row.name, row.nameSource, nullable(row.code), nullable(row.key), set}
		if level == LevelDistrict {
			args = append(args, row.area, row.innerLon, row.innerLat)
		}
		stmt := insert
		if stored[row.fid] {
			stmt = update
		}
		var fid any
		if row.fid != 0 {
			fid = row.fid
		}
		res, err := stmt.ExecContext(ctx, append(args, fid)...)
		if err != nil {
			return 0, fmt.Errorf("%s %s: %w", level, row.name, err)
		}
		if row.fid == 0 {
			if rows[i].fid, err = res.LastInsertId(); err != nil {
				return 0, err
			}
		}
	}
	return deleted, nil
}

// storedKeys is the stored rows of a level by stable key and by name key
// (province and name for districts), for matching a new set to them.
type storedKeys struct {
	byKey  map[string]int64
	byName map[string][]int64
}

func loadStoredKeys(ctx context.Context, tx *sql.Tx, level Level) (storedKeys, error) {
	k := storedKeys{byKey: map[string]int64{}, byName: map[string][]int64{}}
	q := "SELECT fid, coalesce(stable_key, ''), name, coalesce(province, '') FROM districts"
	if level == LevelProvince {
		q = "SELECT fid, coalesce(stable_key, ''), name, '' FROM provinces"
	}
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return k, err
	}
	defer rows.Close()
	for rows.Next() {
		var fid int64
		var key, name, province string
		if err := rows.Scan(&fid, &key, &name, &province); err != nil {
			return k, err
		}
		if key != "" {
			k.byKey[key] = fid
		}
		nk := placeKey(province, name)
		k.byName[nk] = append(k.byName[nk], fid)
	}
	return k, rows.Err()
}

// match gives each new row the fid of the stored row it continues: the one
// with the same stable key, else the only one with the same province and
// name (so a set whose upstream ids changed keeps its districts), else none.
func (k storedKeys) match(rows []featureRow, placeKeys []string) {
	used := map[int64]bool{}
	for i := range rows {
		if fid, ok := k.byKey[rows[i].key]; ok && rows[i].key != "" {
			rows[i].fid = fid
			used[fid] = true
		}
	}
	newByName := map[string]int{}
	for i := range rows {
		newByName[placeKeys[i]]++
	}
	for i := range rows {
		if rows[i].fid != 0 {
			continue
		}
		cands := k.byName[placeKeys[i]]
		if len(cands) == 1 && newByName[placeKeys[i]] == 1 && !used[cands[0]] {
			rows[i].fid = cands[0]
			used[cands[0]] = true
		}
	}
}

// placeKey is the fallback stable identity of a feature: its province's and
// its own name keys ("" province for provinces and unplaced districts).
func placeKey(province, name string) string {
	return "name:" + nameKey(province) + "/" + nameKey(name)
}

// uniqueKeys makes keys unique within a set: a repeated key gets "#2", "#3".
func uniqueKeys(rows []featureRow) {
	seen := map[string]int{}
	for i := range rows {
		k := rows[i].key
		seen[k]++
		if n := seen[k]; n > 1 {
			rows[i].key = fmt.Sprintf("%s#%d", k, n)
		}
	}
}

// unlinkedEvents counts the events without a district, and all events.
func unlinkedEvents(ctx context.Context, tx *sql.Tx) (unlinked, all int, err error) {
	err = tx.QueryRowContext(ctx, "SELECT count(*) FILTER (WHERE district_id IS NULL), count(*) FROM events WHERE scope = 'district'").Scan(&unlinked, &all)
	return unlinked, all, err
}

// backfillStableKeys gives stable keys to rows stored before there were
// any: districts and provinces by province and name, events by the
// district they are linked to. Rows that have a key keep it.
func backfillStableKeys(ctx context.Context, tx *sql.Tx) error {
	for _, level := range []Level{LevelProvince, LevelDistrict} {
		q := "SELECT fid, name, coalesce(province, '') FROM districts WHERE stable_key IS NULL ORDER BY fid"
		table := "districts"
		if level == LevelProvince {
			q, table = "SELECT fid, name, '' FROM provinces WHERE stable_key IS NULL ORDER BY fid", "provinces"
		}
		rows, err := tx.QueryContext(ctx, q)
		if err != nil {
			return err
		}
		var fr []featureRow
		for rows.Next() {
			var r featureRow
			var province string
			if err := rows.Scan(&r.fid, &r.name, &province); err != nil {
				rows.Close()
				return err
			}
			r.key = placeKey(province, r.name)
			fr = append(fr, r)
		}
		rows.Close()
		if len(fr) == 0 {
			continue
		}
		uniqueKeys(fr)
		for _, r := range fr {
			if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET stable_key = ? WHERE fid = ?", r.key, r.fid); err != nil {
				return err
			}
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE events SET district_key = (SELECT stable_key FROM districts d WHERE d.fid = events.district_id)
		WHERE district_key IS NULL AND district_id IS NOT NULL`)
	return err
}

// RestoreBoundarySet makes the kept set id the active one of its level
// again, in one transaction, and links the events to its districts (by their
// stable keys first, so an event returns to the district it was reported
// in). Like an import it is refused with a *ReplaceError when it would leave
// events without a district, unless opt.Replace; only opt.Replace and
// opt.Progress are read.
func (d *Dataset) RestoreBoundarySet(ctx context.Context, id int64, opt BoundaryOptions) (BoundaryReport, error) {
	var rep BoundaryReport
	progress := opt.Progress
	if progress == nil {
		progress = func(string) {}
	}
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		var level Level
		var active bool
		var file string
		err := tx.QueryRowContext(ctx, "SELECT level, active, file_name FROM boundary_sets WHERE id = ?", id).Scan(&level, &active, &file)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNoBoundarySet
		}
		if err != nil {
			return err
		}
		if active {
			return fmt.Errorf("%s set %d (%s) is %w", level, id, file, ErrSetActive)
		}
		rows, err := keptRows(ctx, tx, id)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return fmt.Errorf("set %d (%s) was replaced before afcontrol kept boundary history, so %w; import %s again instead", id, file, ErrSetNotKept, file)
		}
		from, _, err := activeSet(ctx, tx, level)
		if err != nil {
			return err
		}
		before, _, err := unlinkedEvents(ctx, tx)
		if err != nil {
			return err
		}
		progress(fmt.Sprintf("restoring %d %ss of set %d", len(rows), level, id))
		if err := archiveActive(ctx, tx, level); err != nil {
			return err
		}
		if err := activate(ctx, tx, level, id); err != nil {
			return err
		}
		deleted, err := writeLevel(ctx, tx, level, id, rows)
		if err != nil {
			return err
		}
		rep.Sets = append(rep.Sets, SetChange{Level: level, From: from, To: id})
		return finishChange(ctx, tx, &rep, opt, change{what: fmt.Sprintf("boundary set %d (%s)", id, file), unlinkedBefore: before, shapes: newShapeCache(),
			lostDistricts: deleted * boolInt(level == LevelDistrict), previous: from * int64(boolInt(level == LevelDistrict))})
	})
	if err != nil {
		return BoundaryReport{}, fmt.Errorf("restore boundary set %d: %w", id, err)
	}
	return rep, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// keptRows reads a set's features from boundary_history.
func keptRows(ctx context.Context, tx *sql.Tx, set int64) ([]featureRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT feature_fid, coalesce(stable_key, ''), name, name_source, coalesce(code, ''), geom,
		coalesce(area_km2, 0), coalesce(inner_lon, 0), coalesce(inner_lat, 0) FROM boundary_history WHERE boundary_set = ? ORDER BY feature_fid`, set)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []featureRow
	for rows.Next() {
		var r featureRow
		if err := rows.Scan(&r.fid, &r.key, &r.name, &r.nameSource, &r.code, &r.blob, &r.area, &r.innerLon, &r.innerLat); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// change describes a boundary change for finishChange.
type change struct {
	what           string
	unlinkedBefore int
	lostDistricts  int
	previous       int64 // the district set replaced, 0 when the districts did not change
	shapes         *shapeCache
}

// finishChange does what every boundary change ends with, inside its
// transaction: place the districts in the provinces and derive the borders,
// link the events to the districts, count, run opt.Check, refuse a change
// that unlinks events (unless opt.Replace), and update the layer extents.
func finishChange(ctx context.Context, tx *sql.Tx, rep *BoundaryReport, opt BoundaryOptions, c change) error {
	progress := opt.Progress
	if progress == nil {
		progress = func(string) {}
	}
	progress("placing districts in provinces and deriving borders")
	var err error
	rep.Unassigned, rep.Corrected, rep.Borders, err = placeDistricts(ctx, tx, c.shapes)
	if err != nil {
		return err
	}
	progress("linking events to the districts")
	if rep.Relinked, rep.Unlinked, err = relinkEvents(ctx, tx, c.shapes); err != nil {
		return fmt.Errorf("link events to the new districts: %w", err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM provinces), (SELECT count(*) FROM districts)").
		Scan(&rep.Provinces, &rep.Districts); err != nil {
		return err
	}
	if opt.Check != nil {
		if err := opt.Check(*rep); err != nil {
			return err
		}
	}
	after, all, err := unlinkedEvents(ctx, tx)
	if err != nil {
		return err
	}
	if after > c.unlinkedBefore && !opt.Replace {
		return &ReplaceError{What: c.what, Unlinked: after - c.unlinkedBefore, Events: all, Districts: c.lostDistricts, Previous: c.previous}
	}
	if err := updateExtents(ctx, tx); err != nil {
		return err
	}
	return rebuildIntervals(ctx, tx, nil)
}

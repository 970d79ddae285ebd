package data

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/gpkg"
	"github.com/paulmach/orb"
)

// EventOptions steer an event import.
type EventOptions struct {
	// Format is "native", "acled", "ucdp" or "geojson"; "" detects it from the
	// file name and header.
	Format string
	// Encoding is "" (UTF-8, strict) or "windows-1252".
	Encoding string
	// DateOrder is "dmy" or "mdy" for the numeric dates (7/7/2021) of an
	// ACLED or UCDP file; "" refuses them as ambiguous.
	DateOrder string
	// Actors is the actor table for ACLED's territorial events; nil uses
	// events.DefaultActors.
	Actors *events.Actors
	// SkipBad imports the good rows of a file with bad ones and writes the
	// rejects, with their reasons, to RejectsPath.
	SkipBad bool
	// Sync removes the stored events of the same source (the same source
	// database and ids) dated within the file's first and last day that
	// the file no longer has. A file with bad rows is then refused whole,
	// SkipBad or not: a rejected row must not count as removed.
	Sync bool
	// Origin is recorded on every row (the file name when empty).
	Origin string
}

// EventReport says what an event import did.
type EventReport struct {
	Format string
	// Imported counts the events added; Updated those whose source id was
	// stored and whose fields changed; Unchanged those stored as they are;
	// Deleted those Sync removed.
	Imported, Updated, Unchanged, Deleted int
	Rejected                              int
	// RejectsPath is where the rejected rows were written (SkipBad only).
	RejectsPath string
	// Skipped counts the rows that are not events to store, by reason
	// ("outside Afghanistan (Pakistan)", "HXL hashtag row", "point outside
	// Afghanistan").
	Skipped map[string]int
	// Nearest lists the rows whose point lay outside every district but
	// within nearTolerance of one, and were placed in it; Disagreements the
	// rows whose point lies in another district than their admin2 names
	// (they are placed by the point). One line each, naming the row's line.
	Nearest, Disagreements []string
}

// Changed reports whether the import changed the dataset.
func (r EventReport) Changed() bool { return r.Imported+r.Updated+r.Deleted > 0 }

// ImportEvents reads an event file, resolves every row to where it belongs
// (by point-in-polygon where a district-scope row has coordinates, else
// through the gazetteer; a province-scope row to its province) and stores
// the rows in one transaction. Rows carrying a source id (ACLED
// event_id_cnty, UCDP id, the native source_id) update the stored event of
// the same source and id instead of adding one, and a row equal to its
// stored event changes nothing; opt.Sync also removes what the file no
// longer has, and ACLED's list of deleted events removes the events it
// names. Every insert, update and delete is audited.
//
// Rows outside Afghanistan (by their country, or a point farther than
// nearTolerance from every district) and HXL hashtag rows are skipped and
// counted. A file with bad rows is refused whole, and the error
// (events.RowErrors) lists every bad row with its line, field and reason,
// unless opt.SkipBad is set: then the good rows are imported and the bad
// ones written beside the input as NAME.rejects.csv. On any error the
// dataset is as it was.
func (d *Dataset) ImportEvents(ctx context.Context, path string, opt EventOptions) (EventReport, error) {
	f, err := os.Open(path)
	if err != nil {
		return EventReport{}, fmt.Errorf("import events: %w", err)
	}
	defer f.Close()
	if opt.Origin == "" {
		opt.Origin = filepath.Base(path)
	}
	rep, rejects, err := d.importEvents(ctx, path, f, opt)
	if err != nil || len(rejects) == 0 {
		return rep, err
	}
	rep.RejectsPath = strings.TrimSuffix(path, filepath.Ext(path)) + ".rejects.csv"
	out, err := os.Create(rep.RejectsPath)
	if err != nil {
		return rep, fmt.Errorf("import events: write rejects: %w", err)
	}
	defer out.Close()
	if err := events.WriteRejects(out, rejects); err != nil {
		return rep, fmt.Errorf("import events: write rejects: %w", err)
	}
	return rep, out.Close()
}

// placed is where a row was resolved to: a district (index into the
// gazetteer) or, for an area row, a province name ("" for the country).
type placed struct {
	district int // -1 for province and country scope
	province string
	by       string // point, nearest, name, province, country
}

// importEvents is ImportEvents on an open reader; name is used in errors.
func (d *Dataset) importEvents(ctx context.Context, name string, r io.Reader, opt EventOptions) (EventReport, []events.Reject, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4096)
	format := opt.Format
	if format == "" {
		format = events.Detect(name, head)
	}
	rep := EventReport{Format: format, Skipped: map[string]int{}}
	rows, err := readEvents(format, name, br, opt)
	var rowErrs events.RowErrors
	if err != nil && !errors.As(err, &rowErrs) {
		return rep, nil, fmt.Errorf("import events: %w", err)
	}
	g, err := loadGazetteer(ctx, d.db, true)
	if err != nil {
		return rep, nil, fmt.Errorf("import events: %w", err)
	}
	if len(g.districts) == 0 {
		return rep, nil, fmt.Errorf("import events: the dataset has no districts yet: run 'afcontrol boundaries fetch' first")
	}
	var good []events.Row
	var goodPlace []placed
	byName := map[[2]string]placement{} // reports repeat names: resolve each pair once
	idLine := map[string]int{}
	var deleted []string // ids from ACLED's list of deleted events
	for _, row := range rows {
		if row.Skip != "" {
			rep.Skipped[row.Skip]++
			continue
		}
		if row.Deleted {
			deleted = append(deleted, row.SourceID)
			continue
		}
		at, note, err := placeEvent(g, row, byName)
		switch {
		case err == errAbroad:
			rep.Skipped["point outside Afghanistan"]++
			continue
		case err != nil:
			field := "district"
			switch {
			case row.Scope != events.ScopeDistrict:
				field = "province"
			case row.HasPoint:
				field = "latitude/longitude"
			}
			rowErrs = append(rowErrs, events.RowError{File: name, Line: row.Line, Feature: format == "geojson",
				Field: field, Value: row.District, Reason: err.Error(), Record: nativeRecord(row)})
			continue
		}
		if row.SourceID != "" {
			if first, dup := idLine[row.SourceID]; dup {
				rowErrs = append(rowErrs, events.RowError{File: name, Line: row.Line, Feature: format == "geojson",
					Field: "source id", Value: row.SourceID, Reason: fmt.Sprintf("repeats the id of line %d", first), Record: nativeRecord(row)})
				continue
			}
			idLine[row.SourceID] = row.Line
		}
		switch at.by {
		case "nearest":
			rep.Nearest = append(rep.Nearest, fmt.Sprintf("line %d: %s", row.Line, note))
		case "point":
			if note != "" {
				rep.Disagreements = append(rep.Disagreements, fmt.Sprintf("line %d: %s", row.Line, note))
			}
		}
		good = append(good, row)
		goodPlace = append(goodPlace, at)
	}
	if len(rowErrs) > 0 && (!opt.SkipBad || opt.Sync) {
		sort.SliceStable(rowErrs, func(i, j int) bool { return rowErrs[i].Line < rowErrs[j].Line })
		hint := " (use --skip-bad to import the good rows)"
		if opt.Sync {
			hint = " (--sync needs every row good)"
		}
		return rep, nil, fmt.Errorf("import events: %d bad %s, nothing imported%s: %w",
			len(rowErrs.Rejects()), plural(len(rowErrs.Rejects()), "row", "rows"), hint, rowErrs)
	}
	err = d.inTx(ctx, func(tx *sql.Tx) error {
		if err := storeEvents(ctx, tx, g, good, goodPlace, sourceDB(format), opt, &rep); err != nil {
			return err
		}
		return deleteByID(ctx, tx, sourceDB(format), deleted, &rep)
	})
	if err != nil {
		return rep, nil, fmt.Errorf("import events: %w", err)
	}
	rejects := rowErrs.Rejects()
	rep.Rejected = len(rejects)
	return rep, rejects, nil
}

type placement struct {
	i   int
	err error
}

// errAbroad marks a point too far from every district to be in Afghanistan.
var errAbroad = errors.New("point outside Afghanistan")

// placeEvent resolves a row: a district-scope row by its point (else its
// names, through the byName cache); an area row to its province. note says
// why a point placement deserves a look: the point lay just outside the
// districts ("nearest"), or its district is not the one admin2 names.
func placeEvent(g *gazetteer, row events.Row, byName map[[2]string]placement) (at placed, note string, err error) {
	switch row.Scope {
	case events.ScopeCountry:
		return placed{district: -1, by: "country"}, "", nil
	case events.ScopeProvince:
		prov := g.canonicalProvinceOf(row.Province)
		if prov == "" && row.Province == "" && row.HasPoint {
			if i := g.locate(orb.Point{row.Lon, row.Lat}); i >= 0 {
				prov = g.districts[i].province
			}
		}
		if prov == "" {
			if row.Province == "" {
				return placed{}, "", fmt.Errorf("no province named")
			}
			return placed{}, "", fmt.Errorf("unknown province %q", row.Province)
		}
		return placed{district: -1, province: prov, by: "province"}, "", nil
	}
	if !row.HasPoint {
		key := [2]string{row.Province, row.District}
		p, seen := byName[key]
		if !seen {
			p.i, p.err = g.resolve(row.Province, row.District)
			byName[key] = p
		}
		if p.err != nil {
			return placed{}, "", p.err
		}
		return placed{district: p.i, province: g.districts[p.i].province, by: "name"}, "", nil
	}
	pt := orb.Point{row.Lon, row.Lat}
	i := g.locate(pt)
	by := "point"
	if i < 0 {
		j, dist := g.nearest(pt)
		if j < 0 {
			return placed{}, "", errAbroad
		}
		i, by = j, "nearest"
		note = fmt.Sprintf("the point (%g, %g) is %.0f m outside %s/%s, placed there", row.Lat, row.Lon, dist,
			g.districts[j].province, g.districts[j].name)
	}
	if by == "point" && row.District != "" {
		key := [2]string{row.Province, row.District}
		p, seen := byName[key]
		if !seen {
			p.i, p.err = g.resolve(row.Province, row.District)
			byName[key] = p
		}
		if p.err == nil && p.i != i {
			note = fmt.Sprintf("admin2 names %s/%s, the point is in %s/%s; placed by the point", g.districts[p.i].province,
				g.districts[p.i].name, g.districts[i].province, g.districts[i].name)
		}
	}
	return placed{district: i, province: g.districts[i].province, by: by}, note, nil
}

// sourceDB names the database whose ids a format's source ids are.
func sourceDB(format string) string {
	switch format {
	case "acled":
		return "ACLED"
	case "ucdp":
		return "UCDP GED"
	}
	return ""
}

func readEvents(format, name string, r io.Reader, opt EventOptions) ([]events.Row, error) {
	eo := events.Options{Encoding: opt.Encoding, DateOrder: opt.DateOrder, Actors: opt.Actors}
	switch format {
	case "native":
		return events.ReadNative(name, r, eo)
	case "acled":
		return events.ReadACLED(name, r, eo)
	case "ucdp":
		return events.ReadUCDP(name, r, eo)
	case "geojson":
		return events.ReadGeoJSON(name, r)
	}
	return nil, fmt.Errorf("%s: unknown format %q: use native, acled, ucdp or geojson", name, format)
}

// placeRow resolves a row to a district index of g: by its point when it has
// one, else by its names.
func placeRow(g *gazetteer, row events.Row) (int, error) {
	if row.HasPoint {
		i := g.locate(orb.Point{row.Lon, row.Lat})
		if i < 0 {
			return -1, fmt.Errorf("the point (%g, %g) is in no district", row.Lat, row.Lon)
		}
		return i, nil
	}
	return g.resolve(row.Province, row.District)
}

// nativeRecord is row as the cells of a native CSV record, for the rejects file.
func nativeRecord(row events.Row) []string {
	var buf bytes.Buffer
	if err := events.WriteNative(&buf, []events.Row{row}); err != nil {
		return nil
	}
	records, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(records) < 2 {
		return nil
	}
	return records[1]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// insertBatch is how many rows one INSERT statement carries: statements of
// many rows cost far less per row than one statement a row, and 128 rows of
// 26 values (3,328) stay well under SQLite's limit of 32,766 bound values.
const insertBatch = 128

const eventColumns = `geom, date, province, district, district_id, status, kind, claim,
	actor, source, source_url, confidence, notes, scope, source_db, source_id, date_end, fatalities,
	admin3, location, geo_precision, time_precision, placed_by, origin, created_at, updated_at`

// eventFields is how many columns of eventColumns come from the row (all
// but origin, created_at and updated_at): what an update compares.
const eventFields = 23

// compareColumns reads eventFields columns back as the text fieldKey
// writes, so a stored event and a new row compare as strings.
const compareColumns = `fid, source_id, coalesce(hex(geom), ''), substr(date, 1, 10), province, district,
	coalesce(cast(district_id AS TEXT), ''), status, kind, cast(claim AS INTEGER), actor, source, source_url, confidence,
	notes, scope, source_db, source_id, coalesce(substr(date_end, 1, 10), ''), coalesce(cast(fatalities AS TEXT), ''),
	admin3, location, coalesce(cast(geo_precision AS TEXT), ''), coalesce(cast(time_precision AS TEXT), ''), placed_by`

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
	var last int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(fid), 0) FROM events").Scan(&last); err != nil {
		return err
	}
	now := time.Now().UTC().Format(time.RFC3339)
	var full, update *sql.Stmt
	defer func() {
		for _, s := range []*sql.Stmt{full, update} {
			if s != nil {
				s.Close()
			}
		}
	}()
	args := make([]any, 0, insertBatch*26)
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
				if _, err := update.ExecContext(ctx, append(vals, opt.Origin, now, old.fid)...); err != nil {
					return fmt.Errorf("line %d: %w", row.Line, err)
				}
				rep.Updated++
				continue
			}
		}
		args = append(args, vals...)
		args = append(args, opt.Origin, now, now)
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
	var districtID, until, fatalities, geoPrec, timePrec any
	if at.district >= 0 {
		dist := g.districts[at.district]
		province, district, districtID = dist.province, dist.name, dist.fid
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
		until, fatalities, row.Admin3, row.Location, geoPrec, timePrec, at.by), nil
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
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", 26), ", ") + ")"
	return "INSERT INTO events (" + eventColumns + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
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
	return "UPDATE events SET " + strings.Join(set, ", ") + " WHERE fid = ?"
}

// auditInserted writes an audit row for every event after fid after, in one
// statement: cheaper than a trigger per row on a 100,000-row import, and the
// same record (updates and deletes are audited by triggers).
func auditInserted(ctx context.Context, tx *sql.Tx, after int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (action, table_name, row_id, detail)
		SELECT 'insert', 'events', fid, date || ' ' || province || '/' || district || ' ' || status || ' (' || source || ')' ||
			CASE WHEN source_id <> '' THEN ' [' || source_db || ' ' || source_id || ']' ELSE '' END
		FROM events WHERE fid > ? ORDER BY fid`, after)
	return err
}

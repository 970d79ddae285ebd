package data

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
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
	// SkipBad imports the good rows of a file with bad ones and writes the
	// rejects, with their reasons, to RejectsPath.
	SkipBad bool
	// Origin is recorded on every row (the file name when empty).
	Origin string
}

// EventReport says what an event import stored.
type EventReport struct {
	Format   string
	Imported int
	Rejected int
	// RejectsPath is where the rejected rows were written (SkipBad only).
	RejectsPath string
}

// ImportEvents reads an event file, resolves every row to a district (by
// point-in-polygon where the row has coordinates, else through the
// gazetteer) and stores the rows in one transaction. A file with bad rows is
// refused whole, and the error (events.RowErrors) lists every bad row with its
// line, field and reason, unless opt.SkipBad is set: then the good rows are
// imported and the bad ones written beside the input as NAME.rejects.csv.
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

// importEvents is ImportEvents on an open reader; name is used in errors.
func (d *Dataset) importEvents(ctx context.Context, name string, r io.Reader, opt EventOptions) (EventReport, []events.Reject, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4096)
	format := opt.Format
	if format == "" {
		format = events.Detect(name, head)
	}
	rep := EventReport{Format: format}
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
	var goodPlace []int
	type placement struct {
		i   int
		err error
	}
	byName := map[[2]string]placement{} // reports repeat names: resolve each pair once
	for _, row := range rows {
		var at int
		if row.HasPoint {
			at, err = placeRow(g, row)
		} else {
			key := [2]string{row.Province, row.District}
			p, seen := byName[key]
			if !seen {
				p.i, p.err = placeRow(g, row)
				byName[key] = p
			}
			at, err = p.i, p.err
		}
		if err != nil {
			field := "district"
			if row.HasPoint {
				field = "latitude/longitude"
			}
			rowErrs = append(rowErrs, events.RowError{File: name, Line: row.Line, Field: field,
				Value: row.District, Reason: err.Error(), Record: nativeRecord(row)})
			continue
		}
		good = append(good, row)
		goodPlace = append(goodPlace, at)
	}
	if len(rowErrs) > 0 && !opt.SkipBad {
		sort.SliceStable(rowErrs, func(i, j int) bool { return rowErrs[i].Line < rowErrs[j].Line })
		return rep, nil, fmt.Errorf("import events: %d bad %s, nothing imported (use --skip-bad to import the good rows): %w",
			len(rowErrs.Rejects()), plural(len(rowErrs.Rejects()), "row", "rows"), rowErrs)
	}
	err = d.inTx(ctx, func(tx *sql.Tx) error {
		return insertEvents(ctx, tx, g, good, goodPlace, opt.Origin)
	})
	if err != nil {
		return rep, nil, fmt.Errorf("import events: %w", err)
	}
	rep.Imported = len(good)
	rejects := rowErrs.Rejects()
	rep.Rejected = len(rejects)
	return rep, rejects, nil
}

func readEvents(format, name string, r io.Reader, opt EventOptions) ([]events.Row, error) {
	eo := events.Options{Encoding: opt.Encoding}
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
// many rows cost far less per row than one statement a row, and 256 rows of
// 16 values (4,096) stay well under SQLite's limit of 32,766 bound values.
const insertBatch = 256

const eventColumns = `geom, date, province, district, district_id, status, kind, claim,
	actor, source, source_url, confidence, notes, origin, created_at, updated_at, uid`

// insertEvents stores resolved rows under their canonical province and
// district names, insertBatch rows a statement, and audits every insert.
// Each event gets a new random global id; the bundled timeline's rows get
// ids made from their content, the same on every laptop.
func insertEvents(ctx context.Context, tx *sql.Tx, g *gazetteer, rows []events.Row, place []int, origin string) error {
	uidOf := func(events.Row) string { return newUID() }
	if origin == bundledOrigin {
		seen := map[string]int{}
		uidOf = func(row events.Row) string {
			name := origin + "\x00" + strings.Join(nativeRecord(row), "\x1f")
			seen[name]++
			return nameUID(name + "\x00" + strconv.Itoa(seen[name]))
		}
	}
	var last int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(fid), 0) FROM events").Scan(&last); err != nil {
		return err
	}
	now := time.Now().UTC().Format(time.RFC3339)
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, insertBatch*17)
	for start := 0; start < len(rows); start += insertBatch {
		batch := rows[start:min(start+insertBatch, len(rows))]
		args = args[:0]
		for i, row := range batch {
			var geom any
			if row.HasPoint {
				blob, err := gpkg.Encode(orb.Point{row.Lon, row.Lat}, gpkg.WGS84)
				if err != nil {
					return fmt.Errorf("line %d: %w", row.Line, err)
				}
				geom = blob
			}
			dist := g.districts[place[start+i]]
			args = append(args, geom, row.Date.String(), dist.province, dist.name, dist.fid,
				row.Status.String(), row.Kind, row.Claim, row.Actor, row.Source, row.SourceURL,
				row.Confidence.String(), row.Notes, origin, now, now, uidOf(row))
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
	}
	return auditInserted(ctx, tx, last)
}

// insertSQL is an INSERT of n event rows.
func insertSQL(n int) string {
	row := "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	return "INSERT INTO events (" + eventColumns + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// auditInserted writes an audit row for every event after fid after, in one
// statement: cheaper than a trigger per row on a 100,000-row import, and the
// same record (updates and deletes are audited by triggers).
func auditInserted(ctx context.Context, tx *sql.Tx, after int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (action, table_name, row_id, uid, rev, detail)
		SELECT 'insert', 'events', fid, uid, rev, date || ' ' || province || '/' || district || ' ' || status || ' (' || source || ')'
		FROM events WHERE fid > ? ORDER BY fid`, after)
	return err
}

package data

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/afcontrol/afcontrol/data/events"
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
	// Read counts the rows (or features) read, good and bad.
	Read int
	// Imported counts the events added; Updated those whose source id was
	// stored and whose fields changed; Unchanged those stored as they are;
	// Deleted those Sync removed.
	Imported, Updated, Unchanged, Deleted int
	// ByPoint and ByName count the good rows placed by their coordinates
	// and by their province and district names.
	ByPoint, ByName int
	Rejected        int
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
		if err := deleteByID(ctx, tx, sourceDB(format), deleted, &rep); err != nil {
			return err
		}
		if rep.Imported+rep.Updated+rep.Deleted == 0 {
			return nil // nothing changed: the status layer stays as it is
		}
		// Area reports and updates reach districts beyond the rows' own:
		// the whole status layer is rewritten, and the timeline index with it.
		return rebuildIntervals(ctx, tx, nil)
	})
	if err != nil {
		return rep, nil, fmt.Errorf("import events: %w", err)
	}
	for _, row := range good {
		if row.HasPoint {
			rep.ByPoint++
		}
	}
	rep.ByName = len(good) - rep.ByPoint
	rejects := rowErrs.Rejects()
	rep.Rejected = len(rejects)
	rep.Read = len(good) + rep.Rejected
	for _, n := range rep.Skipped {
		rep.Read += n
	}
	return rep, rejects, nil
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

// nativeRecord is row as the cells of a native CSV record, for the rejects
// file: the text of each field, which WriteRejects makes spreadsheet-safe.
func nativeRecord(row events.Row) []string {
	return []string{row.Date.String(), row.Province, row.District, row.Status.String(), row.Kind,
		strconv.FormatBool(row.Claim), row.Actor, row.Source, row.SourceURL, row.Confidence.String(), row.Notes}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

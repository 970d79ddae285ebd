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
	// (they are placed by the point). One line each, naming the row's line,
	// at most maxListed each; MoreNearest and MoreDisagreements count the
	// rows left off the lists.
	Nearest, Disagreements         []string
	MoreNearest, MoreDisagreements int
}

// Changed reports whether the import changed the dataset.
func (r EventReport) Changed() bool { return r.Imported+r.Updated+r.Deleted > 0 }

// maxListed is how many problems, and how many nearest-district and
// disagreement notes, an import keeps to show: a file with a million bad
// rows is refused with the first of them listed and the rest counted, in
// bounded memory.
const maxListed = 50

// BadRowsError refuses an event file with bad rows: nothing of it was
// imported. errors.As reaches it through the import's wrapping, and its
// Unwrap gives the listed problems as events.RowErrors.
type BadRowsError struct {
	File string
	// Rows counts the bad rows (or features) of the whole file.
	Rows int
	// Problems are the first problems, in file order, at most maxListed
	// (a row with several bad fields has one each); More counts the
	// problems left off the list.
	Problems events.RowErrors
	More     int
	// Sync is set when the import was a sync (EventOptions.Sync), which
	// takes no file with a bad row, SkipBad or not: a rejected row must not
	// count as removed. Without it, SkipBad would have imported the good
	// rows.
	Sync bool
}

// Error is the count, then each listed problem on its own line, then how
// many more there are.
func (e *BadRowsError) Error() string {
	var b strings.Builder
	one, many := "row", "rows"
	if len(e.Problems) > 0 && e.Problems[0].Feature {
		one, many = "feature", "features"
	}
	fmt.Fprintf(&b, "%s: %d bad %s, nothing imported:", e.File, e.Rows, plural(e.Rows, one, many))
	for _, p := range e.Problems {
		b.WriteString("\n\t")
		b.WriteString(p.Error())
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\n\t… and %d more %s", e.More, plural(e.More, "problem", "problems"))
	}
	return b.String()
}

// Unwrap returns the listed problems.
func (e *BadRowsError) Unwrap() error { return e.Problems }

// ImportEvents reads an event file, resolves every row to where it belongs
// (by point-in-polygon where a district-scope row has coordinates, else
// through the gazetteer; a province-scope row to its province) and stores
// the rows in one transaction, as a stream: rows are read, checked, placed
// and written a batch at a time, so the file's size does not set the
// memory it takes. Rows carrying a source id (ACLED event_id_cnty, UCDP id,
// the native source_id) update the stored event of the same source and id
// instead of adding one, and a row equal to its stored event changes
// nothing; opt.Sync also removes what the file no longer has, and ACLED's
// list of deleted events removes the events it names. Every insert, update
// and delete is audited.
//
// Rows outside Afghanistan (by their country, or a point farther than
// nearTolerance from every district) and HXL hashtag rows are skipped and
// counted. A file with bad rows is refused whole with a *BadRowsError,
// which counts the bad rows and lists the first problems with their line,
// field and reason, unless opt.SkipBad is set (and opt.Sync is not): then
// the good rows are imported and the bad ones written beside the input as
// NAME.rejects.csv. On any error the dataset is as it was.
func (d *Dataset) ImportEvents(ctx context.Context, path string, opt EventOptions) (EventReport, error) {
	f, err := os.Open(path)
	if err != nil {
		return EventReport{}, fmt.Errorf("import events: %w", err)
	}
	defer f.Close()
	if opt.Origin == "" {
		opt.Origin = filepath.Base(path)
	}
	// Rejects go to a temporary file beside the input as they come, and
	// take its name only once the import has succeeded.
	final := strings.TrimSuffix(path, filepath.Ext(path)) + ".rejects.csv"
	var tmp *os.File
	var rw *events.RejectWriter
	defer func() {
		if tmp != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	emit := func(r events.Reject) error {
		if rw == nil {
			var err error
			if tmp, err = os.CreateTemp(filepath.Dir(final), filepath.Base(final)+".*.part"); err != nil {
				return fmt.Errorf("write rejects: %w", err)
			}
			if rw, err = events.NewRejectWriter(tmp); err != nil {
				return err
			}
		}
		return rw.Write(r)
	}
	rep, err := d.importStream(ctx, path, f, opt, emit)
	if err != nil || rw == nil {
		return rep, err
	}
	rep.RejectsPath = final
	if err := errors.Join(rw.Flush(), tmp.Close()); err != nil {
		return rep, fmt.Errorf("import events: write rejects: %w", err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return rep, fmt.Errorf("import events: write rejects: %w", err)
	}
	tmp = nil
	return rep, nil
}

// importEvents is ImportEvents on an open reader, the rejects (SkipBad
// only) returned rather than written; name is used in errors.
func (d *Dataset) importEvents(ctx context.Context, name string, r io.Reader, opt EventOptions) (EventReport, []events.Reject, error) {
	var rejects []events.Reject
	rep, err := d.importStream(ctx, name, r, opt, func(r events.Reject) error {
		rejects = append(rejects, r)
		return nil
	})
	if err != nil {
		return rep, nil, err
	}
	return rep, rejects, nil
}

// importStream is the import itself: the rows of r go from the reader
// through placement to the batch writer of storeEvents, inside one
// transaction; with SkipBad, each rejected row goes to reject as soon as
// all its problems are known.
func (d *Dataset) importStream(ctx context.Context, name string, r io.Reader, opt EventOptions, reject func(events.Reject) error) (EventReport, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4096)
	format := opt.Format
	if format == "" {
		format = events.Detect(name, head)
	}
	rep := EventReport{Format: format, Skipped: map[string]int{}}
	switch format {
	case "native", "acled", "ucdp", "geojson":
	default:
		return rep, fmt.Errorf("import events: %s: unknown format %q: use native, acled, ucdp or geojson", name, format)
	}
	g, err := loadGazetteer(ctx, d.db, true)
	if err != nil {
		return rep, fmt.Errorf("import events: %w", err)
	}
	if len(g.districts) == 0 {
		return rep, fmt.Errorf("import events: %w", ErrNoDistricts)
	}
	// A bad row refuses the file unless SkipBad; a sync takes none.
	refuse := !opt.SkipBad || opt.Sync
	bad := &BadRowsError{File: name, Sync: opt.Sync}
	var cur events.Reject // the bad row whose problems are being gathered
	var rejectErr error
	flushReject := func() {
		if cur.Reasons != nil && !refuse && rejectErr == nil {
			rejectErr = reject(cur)
		}
		cur = events.Reject{}
	}
	onBad := func(e events.RowError) {
		if cur.Reasons == nil || cur.Line != e.Line {
			flushReject()
			bad.Rows++
			cur = events.Reject{Line: e.Line, Record: e.Record}
		}
		reason := e.Reason
		if e.Field != "" {
			reason = e.Field + ": " + reason
		}
		cur.Reasons = append(cur.Reasons, reason)
		if len(bad.Problems) < maxListed {
			bad.Problems = append(bad.Problems, e)
		} else {
			bad.More++
		}
	}
	places := newCaches()
	ids := newIDSet(ctx)
	defer func() { ids.Close() }()
	var deleted []string // ids from ACLED's list of deleted events
	good := 0
	st, err := newStageFiles()
	if err != nil {
		return rep, fmt.Errorf("import events: %w", err)
	}
	defer st.remove()
	err = d.inBulkTx(ctx, st, func(tx *sql.Tx) error {
		restore, err := smallCache(ctx, tx)
		if err != nil {
			return err
		}
		defer restore()
		w, err := newEventWriter(ctx, tx, g, sourceDB(format), opt, &rep, st)
		if err != nil {
			return err
		}
		defer w.close()
		seen := 0
		onRow := func(row events.Row) error {
			if rejectErr != nil {
				return rejectErr
			}
			// A refused file is still read to its end for its problems,
			// with no write to notice a cancel.
			if seen++; seen%eventBatch == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if row.Skip != "" {
				rep.Skipped[row.Skip]++
				return nil
			}
			if row.Deleted {
				deleted = append(deleted, strings.Clone(row.SourceID))
				return nil
			}
			at, note, err := placeEvent(g, row, places)
			switch {
			case err == errAbroad:
				rep.Skipped["point outside Afghanistan"]++
				return nil
			case err != nil:
				field := "district"
				switch {
				case row.Scope != events.ScopeDistrict:
					field = "province"
				case row.HasPoint:
					field = "latitude/longitude"
				}
				onBad(events.RowError{File: name, Line: row.Line, Feature: format == "geojson",
					Field: field, Value: row.District, Reason: err.Error(), Record: nativeRecord(row)})
				return nil
			}
			if row.SourceID != "" {
				first, dup, err := ids.Add(row.SourceID, row.Line)
				if err != nil {
					return err
				}
				if dup {
					onBad(events.RowError{File: name, Line: row.Line, Feature: format == "geojson",
						Field: "source id", Value: row.SourceID, Reason: fmt.Sprintf("repeats the id of line %d", first), Record: nativeRecord(row)})
					return nil
				}
			}
			switch at.by {
			case "nearest":
				rep.Nearest, rep.MoreNearest = listNote(rep.Nearest, rep.MoreNearest, row.Line, note)
			case "point":
				if note != "" {
					rep.Disagreements, rep.MoreDisagreements = listNote(rep.Disagreements, rep.MoreDisagreements, row.Line, note)
				}
			}
			good++
			if row.HasPoint {
				rep.ByPoint++
			}
			if refuse && bad.Rows > 0 {
				return nil // the file is refused: only its problems are still of use
			}
			return w.add(row, at)
		}
		eo := events.Options{Encoding: opt.Encoding, DateOrder: opt.DateOrder, Actors: opt.Actors}
		if err := events.Stream(format, name, br, eo, events.Sink{Row: onRow, Bad: onBad}); err != nil {
			return err
		}
		flushReject()
		if rejectErr != nil {
			return rejectErr
		}
		if bad.Rows > 0 && refuse {
			return bad
		}
		if err := w.finish(ids); err != nil {
			return err
		}
		ids.Close() // not needed any more, and as big as the file has rows
		// New reports of single districts change those districts only.
		// The timeline index is still as it was before the import (the
		// import dropped the trigger that empties it on an insert; an
		// update or removal empties it), so it is read now, and those
		// districts are spliced into it.
		var old *indexedTimeline
		if rep.Updated+rep.Deleted == 0 && !w.area && len(deleted) == 0 {
			old = currentIndex(ctx, tx)
		}
		if err := w.reindex(); err != nil {
			return err
		}
		if err := deleteByID(ctx, tx, sourceDB(format), deleted, &rep); err != nil {
			return err
		}
		if rep.Imported+rep.Updated+rep.Deleted == 0 {
			return nil // nothing changed: the status layer stays as it is
		}
		// A staged import's timeline was built while its rows were copied
		// in, from what they and the events before them say: of use
		// unless the import then removed some.
		if w.early != nil {
			tl := w.early.wait()
			if tl != nil && rep.Deleted == 0 {
				return rebuildAllIntervalsFrom(ctx, tx, w.early.fids, tl)
			}
		}
		if old != nil {
			return rebuildIntervalsAfter(ctx, tx, w.last, w.usedFIDs(), old, st.spans)
		}
		// Area reports, updates and removals reach districts beyond the
		// rows' own: the whole status layer is rewritten, and the timeline
		// index with it.
		return rebuildAllIntervals(ctx, tx, st.spans)
	})
	if err != nil {
		return rep, fmt.Errorf("import events: %w", err)
	}
	rep.ByName = good - rep.ByPoint
	rep.Rejected = bad.Rows
	rep.Read = good + rep.Rejected
	for _, n := range rep.Skipped {
		rep.Read += n
	}
	return rep, nil
}

// importCacheKiB is the page cache of the connection an import writes
// through. SQLite's pages cost about twice their size in the pure-Go
// allocator, so the dataset's usual 64 MiB cache would be most of the
// import's memory; an import streams, and runs as fast with a quarter.
const importCacheKiB = 16 << 10

// smallCache sets the page cache of tx's connection to importCacheKiB and
// returns what sets it back.
func smallCache(ctx context.Context, tx *sql.Tx) (restore func(), err error) {
	var was int64
	if err := tx.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&was); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", importCacheKiB)); err != nil {
		return nil, err
	}
	return func() { tx.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = %d", was)) }, nil
}

// listNote appends "line N: note" to list while it is shorter than
// maxListed, and counts it in more otherwise.
func listNote(list []string, more, line int, note string) ([]string, int) {
	if len(list) < maxListed {
		return append(list, fmt.Sprintf("line %d: %s", line, note)), more
	}
	return list, more + 1
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

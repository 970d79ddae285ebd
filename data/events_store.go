package data

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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

// eventBatch is how many rows the writer gathers before it stores them:
// their stored versions are looked up with one query, and they go to the
// table insertBatch rows a statement.
const eventBatch = 1024

// eventWriter stores resolved rows a batch at a time, inside one
// transaction: rows with a source id already stored are compared and
// updated when they differ, the others inserted. Inserts are audited at
// finish, updates and deletes by the table's triggers.
type eventWriter struct {
	ctx  context.Context
	tx   *sql.Tx
	g    *gazetteer
	db   string // the source database of the rows' ids
	opt  EventOptions
	rep  *EventReport
	now  string
	last int64 // the largest fid before the import
	// compare is set when db has stored events with ids, so a row's id
	// must be looked up.
	compare bool
	uidOf   func(events.Row) string
	// pending is the batch being filled, n its rows. A full batch goes to
	// the goroutine that stores batches (storeLoop) through toStore, and
	// the batch it stored last comes back through free to be filled
	// again: the file is read and its rows placed on one core while the
	// previous batch is written on the other.
	pending            []pendingRow
	n                  int
	toStore            chan []pendingRow
	free               chan []pendingRow
	stored             chan error // storeLoop's error, once toStore is closed
	storeErr           atomic.Pointer[error]
	closed             bool
	args               []any
	inserts            int // rows in args
	key                strings.Builder
	ids                []string
	full, update, find *sql.Stmt
	// dropped is the SQL of the bulkTriggers the writer dropped, to be
	// made again at finish.
	dropped        []string
	rtree          bool // the R-tree's trigger is among them
	minDay, maxDay events.Day
	rows           int
	// used marks the districts of g that rows were placed in: foreign keys
	// are off for an import (inBulkTx), and finish checks that they all
	// still exist.
	used []bool
	// deferred is the SQL of the indexes the writer dropped once the rows
	// it inserted passed deferAfter: made again at finish.
	deferred []string
	points   int  // the inserted rows with a point
	area     bool // a row concerns a whole province or the country
	// stagePath is the staging file of the rows past stageAfter, when
	// they can be staged (""), and stage the staged rows once they are.
	stagePath, spansPath string
	stage                *stagedEvents
	cells                []cell
	// changed is set once a staged report changes its district's status;
	// changesOver when one cannot be read in memory, and the timeline is
	// read from the table.
	changed, changesOver bool
	early                *earlyTimeline
	// audited is the last event the audit has a row for.
	audited int64
}

// rtreeLoadMax is the most points an import loads the spatial index with
// whole, holding an entry of 24 bytes for each: past it, the index takes
// the new points one by one.
const rtreeLoadMax = 2_000_000

// deferredIndexes are the indexes on events whose entries an import puts
// in random order (one district's rows are spread over the whole file).
// Past deferAfter rows, each insert would touch a page of the index that is
// no longer in the cache, and building the index again once, from a sort,
// costs a fraction of that. The unique indexes stay: they check the rows
// as they go, and their keys come in order.
var deferredIndexes = []string{"events_district_date"}

// deferAfter is how many rows an import inserts with every index in place
// before it drops the deferredIndexes: an eighth of the rows already
// stored (building the index again reads them all), and at least
// deferMinRows.
func deferAfter(stored int64) int {
	return int(max(deferMinRows, stored/8))
}

// deferMinRows is the fewest rows after which an import defers an index:
// below it, the index fits the page cache. A variable for the tests.
var deferMinRows int64 = 100_000

// bulkTriggers are the triggers on inserts into events that an import
// drops while it inserts, and whose work it does at the end, once for all
// its rows: the GeoPackage R-tree's (the spec's trigger, made again as it
// was) and the timeline index's, which only empties the index.
var bulkTriggers = []string{"rtree_events_geom_insert", "timeline_index_event_insert"}

// pendingRow is a row waiting in a batch, where it was placed, and its
// column values once they are made.
type pendingRow struct {
	row  events.Row
	at   placed
	vals []any
}

func newEventWriter(ctx context.Context, tx *sql.Tx, g *gazetteer, db string, opt EventOptions, rep *EventReport, st *stageFiles) (*eventWriter, error) {
	w := &eventWriter{ctx: ctx, tx: tx, g: g, db: db, opt: opt, rep: rep, now: timestamp(time.Now()),
		pending: make([]pendingRow, eventBatch), args: make([]any, 0, insertBatch*29), used: make([]bool, len(g.districts)),
		toStore: make(chan []pendingRow), free: make(chan []pendingRow, 1), stored: make(chan error, 1)}
	w.free <- make([]pendingRow, eventBatch)
	// Each new event gets a global id, time-ordered so that the unique
	// index and the audit's take them in order; the bundled timeline's rows
	// get ids made from their content, the same on every laptop.
	uids := newUIDSeq()
	w.uidOf = func(events.Row) string { return uids.next() }
	if opt.Origin == bundledOrigin {
		seen := map[string]int{}
		w.uidOf = func(row events.Row) string {
			name := opt.Origin + "\x00" + strings.Join(nativeRecord(row), "\x1f")
			seen[name]++
			return nameUID(name + "\x00" + strconv.Itoa(seen[name]))
		}
	}
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(fid), 0) FROM events").Scan(&w.last); err != nil {
		return nil, err
	}
	err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM events WHERE source_db = ? AND source_id <> '')", db).Scan(&w.compare)
	if err != nil {
		return nil, err
	}
	w.audited = w.last
	// Rows are staged only when they are all new: an update is audited by
	// a trigger, whose audit rows would take the ids of the staged ones.
	// The bundled timeline's ids are not in order, as the audit's index
	// of them is staged.
	if st != nil && !w.compare && opt.Origin != bundledOrigin {
		w.stagePath, w.spansPath = st.events, st.spans
	}
	// The R-tree takes the new points in one statement at the end rather
	// than through a trigger per row, and the timeline index, which the
	// import rewrites, need not be emptied row by row.
	for _, name := range bulkTriggers {
		text, err := dropKeeping(ctx, tx, "trigger", name)
		if err != nil {
			return nil, err
		}
		if text != "" {
			w.dropped = append(w.dropped, text)
			w.rtree = w.rtree || name == bulkTriggers[0]
		}
	}
	go w.storeLoop()
	return w, nil
}

// storeLoop stores the batches that come through toStore, in order, and
// hands each back through free; after an error it only hands them back.
// It is the only user of the transaction until toStore is closed, and
// reports its error through stored when it is.
func (w *eventWriter) storeLoop() {
	var err error
	for batch := range w.toStore {
		if err == nil {
			if err = w.store(batch); err != nil {
				w.storeErr.Store(&err)
			}
		}
		w.free <- batch
	}
	w.stored <- err
}

// wait closes toStore and returns storeLoop's error once it has stored
// what it was given.
func (w *eventWriter) wait() error {
	if w.closed {
		return nil
	}
	w.closed = true
	close(w.toStore)
	return <-w.stored
}

// close stops the storing goroutine and releases the writer's statements.
func (w *eventWriter) close() {
	w.wait()
	if w.early != nil {
		w.early.wait()
	}
	if w.stage != nil {
		w.stage.file.Close()
		w.stage.reports.close()
	}
	for _, s := range []*sql.Stmt{w.full, w.update, w.find} {
		if s != nil {
			s.Close()
		}
	}
}

// add queues a resolved row, storing the batch when it is full.
func (w *eventWriter) add(row events.Row, at placed) error {
	p := &w.pending[w.n]
	p.row, p.at = row, at
	w.n++
	if at.district >= 0 {
		w.used[at.district] = true
	}
	w.area = w.area || row.Scope != events.ScopeDistrict
	if w.rows == 0 || row.Date < w.minDay {
		w.minDay = row.Date
	}
	if w.rows == 0 || row.Date > w.maxDay {
		w.maxDay = row.Date
	}
	w.rows++
	if w.n == eventBatch {
		return w.handOff()
	}
	return nil
}

// handOff gives the pending rows to storeLoop and takes the batch it
// stored before, returning the error of any batch stored so far.
func (w *eventWriter) handOff() error {
	if err := w.storeErr.Load(); err != nil {
		return *err
	}
	if w.n == 0 {
		return nil
	}
	w.toStore <- w.pending[:w.n]
	w.pending, w.n = (<-w.free)[:eventBatch], 0
	return nil
}

// store writes a batch: rows whose source id is stored are compared and
// updated when they differ, the others inserted.
func (w *eventWriter) store(batch []pendingRow) error {
	stored, err := w.storedOf(batch)
	if err != nil {
		return err
	}
	for i := range batch {
		p := &batch[i]
		row := p.row
		// The values are made here, on the core that stores them, while
		// the other reads and places the next batch. A staged row is
		// new (an import that updates is not staged), and its values
		// go straight into its record.
		if w.stage != nil {
			if err := w.stageRow(row, p.at); err != nil {
				return fmt.Errorf("line %d: %w", row.Line, err)
			}
			continue
		}
		if p.vals, err = eventValues(p.vals[:0], w.g, row, p.at, w.db); err != nil {
			return fmt.Errorf("line %d: %w", row.Line, err)
		}
		if old, ok := stored[row.SourceID]; ok && row.SourceID != "" {
			w.key.Reset()
			fieldKey(&w.key, p.vals)
			if w.key.String() == old.key {
				w.rep.Unchanged++
				continue
			}
			if w.update == nil {
				if w.update, err = w.tx.PrepareContext(w.ctx, updateSQL()); err != nil {
					return err
				}
			}
			if _, err := w.update.ExecContext(w.ctx, append(p.vals, w.opt.Origin, w.now, dayStartOf(row.Date), old.fid)...); err != nil {
				return fmt.Errorf("line %d: %w", row.Line, err)
			}
			w.rep.Updated++
			continue
		}
		w.rep.Imported++
		if row.HasPoint {
			w.points++
		}
		w.args = append(w.args, p.vals...)
		w.args = append(w.args, w.opt.Origin, w.now, w.now, dayStartOf(row.Date), w.uidOf(row))
		w.inserts++
		if w.inserts == insertBatch {
			if err := w.insert(row.Line); err != nil {
				return err
			}
		}
	}
	if err := w.insert(batch[len(batch)-1].row.Line); err != nil {
		return err
	}
	switch {
	case w.stagePath != "":
		if w.stage == nil && w.rep.Imported >= stageAfter(w.last) {
			return w.startStage()
		}
	case w.deferred == nil && w.rep.Imported >= deferAfter(w.last):
		return w.deferIndexes()
	}
	return nil
}

// stageRow stages a new row, placed at.
func (w *eventWriter) stageRow(row events.Row, at placed) error {
	w.rep.Imported++
	if row.HasPoint {
		w.points++
	}
	var err error
	if w.cells, err = eventCells(w.cells[:0], w.g, row, at, w.db); err != nil {
		return err
	}
	uid := w.uidOf(row)
	w.cells = append(w.cells, textCell(w.opt.Origin), textCell(w.now), textCell(w.now), textCell(dayStartOf(row.Date)), textCell(uid))
	return w.stage.add(row, w.cells, uid, w.isChange(row, at, w.cells))
}

// isChange reports whether row, placed at and about to be staged, changes
// its district's status, as the timeline built beside the copy reads it.
func (w *eventWriter) isChange(row events.Row, at placed, vals []cell) bool {
	if at.district < 0 || row.Scope != events.ScopeDistrict || row.Status == events.NoChange {
		return false
	}
	d := vals[w.stage.districtID]
	if row.Date < day1900 || row.Date > day2100 || d.kind != cellInt || d.n != w.g.districts[at.district].fid {
		// A day the table's reader refuses, or a district the record
		// does not name: the timeline is read from the table.
		w.changesOver = true
	}
	w.changed = true
	return true
}

// startStage audits the rows inserted so far and stages the rest.
func (w *eventWriter) startStage() error {
	if err := auditInserted(w.ctx, w.tx, w.audited); err != nil {
		return err
	}
	given := append(strings.Split(strings.Join(strings.Fields(eventColumns), ""), ","), "uid")
	s, err := newStagedEvents(w.ctx, w.tx, w.stagePath, given, timestamp(time.Now()))
	if err != nil {
		return fmt.Errorf("staging: %w", err)
	}
	w.stage = s
	return nil
}

// deferIndexes drops the deferredIndexes, keeping their SQL for finish.
func (w *eventWriter) deferIndexes() error {
	w.deferred = []string{}
	for _, name := range deferredIndexes {
		text, err := dropKeeping(w.ctx, w.tx, "index", name)
		if err != nil {
			return err
		}
		if text != "" {
			w.deferred = append(w.deferred, text)
		}
	}
	return nil
}

// usedFIDs returns the fids of the districts rows were placed in.
func (w *eventWriter) usedFIDs() []int64 {
	var fids []int64
	for i, used := range w.used {
		if used {
			fids = append(fids, w.g.districts[i].fid)
		}
	}
	return fids
}

// checkDistricts makes sure every district a row was placed in is still
// there: the import writes with foreign keys off.
func (w *eventWriter) checkDistricts() error {
	fids := w.usedFIDs()
	if len(fids) == 0 {
		return nil
	}
	list, err := json.Marshal(fids)
	if err != nil {
		return err
	}
	var n int
	if err := w.tx.QueryRowContext(w.ctx, "SELECT count(*) FROM districts WHERE fid IN (SELECT value FROM json_each(?))", string(list)).Scan(&n); err != nil {
		return err
	}
	if n != len(fids) {
		return fmt.Errorf("%d of the districts the rows were placed in were removed during the import", len(fids)-n)
	}
	return nil
}

// insert writes the rows gathered in args, the last of them from line.
func (w *eventWriter) insert(line int) error {
	if w.inserts == 0 {
		return nil
	}
	var err error
	if w.inserts == insertBatch {
		if w.full == nil {
			if w.full, err = w.tx.PrepareContext(w.ctx, insertSQL(insertBatch)); err != nil {
				return err
			}
		}
		_, err = w.full.ExecContext(w.ctx, w.args...)
	} else {
		_, err = w.tx.ExecContext(w.ctx, insertSQL(w.inserts), w.args...)
	}
	if err != nil {
		return fmt.Errorf("rows up to line %d: %w", line, err)
	}
	w.args, w.inserts = w.args[:0], 0
	return nil
}

// storedOf returns the stored events of the writer's source database that
// carry the ids of rows, keyed by id; nil when none can be stored.
func (w *eventWriter) storedOf(rows []pendingRow) (map[string]storedEventKey, error) {
	if !w.compare {
		return nil, nil
	}
	w.ids = w.ids[:0]
	for _, p := range rows {
		if p.row.SourceID != "" {
			w.ids = append(w.ids, p.row.SourceID)
		}
	}
	if len(w.ids) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(w.ids)
	if err != nil {
		return nil, err
	}
	if w.find == nil {
		w.find, err = w.tx.PrepareContext(w.ctx, "SELECT "+compareColumns+
			" FROM events WHERE source_db = ? AND source_id IN (SELECT value FROM json_each(?)) AND source_id <> ''")
		if err != nil {
			return nil, err
		}
	}
	rs, err := w.find.QueryContext(w.ctx, w.db, string(list))
	if err != nil {
		return nil, err
	}
	return scanStored(rs)
}

// finish stores the last batch, checks the districts the rows were placed
// in, makes the deferred indexes again, audits the inserts and, with
// opt.Sync, deletes the stored events of the source dated within the rows'
// days whose id is not in seen (the ids of the file). Then reindex.
func (w *eventWriter) finish(seen *idSet) error {
	// The last rows; the error of an earlier batch comes back from wait.
	w.handOff()
	if err := w.wait(); err != nil {
		return err
	}
	if err := w.checkDistricts(); err != nil {
		return err
	}
	if w.stage != nil {
		// The staged reports are read from their file from here on: by
		// the timeline, built from them on the other core while the rows
		// are copied in when they are all reports of single districts,
		// and by the district index written before the copy.
		if err := w.stage.reports.flush(); err != nil {
			return err
		}
		if !w.area && !w.changesOver && w.changed {
			var err error
			if w.early, err = startEarlyTimeline(w.ctx, w.tx, w.stage.first-1, w.stage.reports, w.spansPath); err != nil {
				return err
			}
		}
		if err := w.stage.copyIn(w.ctx, w.tx); err != nil {
			return err
		}
		w.audited = w.stage.fid - 1
	}
	for _, text := range w.deferred {
		if _, err := w.tx.ExecContext(w.ctx, text); err != nil {
			return err
		}
	}
	if err := auditInserted(w.ctx, w.tx, w.audited); err != nil {
		return err
	}
	if !w.opt.Sync || w.rows == 0 {
		return nil
	}
	rs, err := w.tx.QueryContext(w.ctx, `SELECT fid, source_id FROM events WHERE source_db = ? AND source_id <> ''
		AND substr(date, 1, 10) BETWEEN ? AND ?`, w.db, w.minDay.String(), w.maxDay.String())
	if err != nil {
		return err
	}
	var gone []int64
	var fids []int64
	var ids []string
	// The stored ids are checked against the file's a batch at a time.
	check := func() error {
		in, err := seen.HaveAll(ids)
		if err != nil {
			return err
		}
		for i, ok := range in {
			if !ok {
				gone = append(gone, fids[i])
			}
		}
		fids, ids = fids[:0], ids[:0]
		return nil
	}
	for rs.Next() {
		var fid int64
		var id string
		if err := rs.Scan(&fid, &id); err != nil {
			rs.Close()
			return err
		}
		fids, ids = append(fids, fid), append(ids, id)
		if len(ids) == eventBatch {
			if err := check(); err != nil {
				rs.Close()
				return err
			}
		}
	}
	rs.Close()
	if err := errors.Join(rs.Err(), check()); err != nil {
		return err
	}
	slices.Sort(gone)
	for _, fid := range gone {
		if _, err := w.tx.ExecContext(w.ctx, "DELETE FROM events WHERE fid = ?", fid); err != nil {
			return err
		}
	}
	w.rep.Deleted = len(gone)
	return nil
}

// reindex, after finish, puts the new points in the spatial index, empties
// the timeline index and makes the triggers the writer dropped again. It
// comes after finish so that the file's ids, which finish is the last to
// need, can be let go of first: loading the spatial index whole holds an
// entry for every point.
func (w *eventWriter) reindex() error {
	if w.rep.Imported > 0 {
		if w.rtree && w.points > 0 {
			if err := w.indexPoints(); err != nil {
				return fmt.Errorf("spatial index: %w", err)
			}
		}
		if _, err := w.tx.ExecContext(w.ctx, "DELETE FROM timeline_index"); err != nil {
			return err
		}
	}
	for _, text := range w.dropped {
		if _, err := w.tx.ExecContext(w.ctx, text); err != nil {
			return err
		}
	}
	return nil
}

// indexPoints puts the new points in the spatial index, whose insert
// trigger the import dropped. When they are many beside the points already
// indexed, the index is loaded again whole from every event's point, a
// packed tree written node by node (gpkg.LoadRTree); else they go in one
// by one, as the trigger would have put them.
func (w *eventWriter) indexPoints() error {
	var indexed int
	if err := w.tx.QueryRowContext(w.ctx, "SELECT count(*) FROM rtree_events_geom_rowid").Scan(&indexed); err != nil {
		return err
	}
	if w.points < indexed/4 || indexed+w.points > rtreeLoadMax {
		_, err := w.tx.ExecContext(w.ctx, `INSERT OR REPLACE INTO rtree_events_geom
			SELECT fid, ST_MinX(geom), ST_MaxX(geom), ST_MinY(geom), ST_MaxY(geom) FROM events
			WHERE fid > ? AND geom NOT NULL AND NOT ST_IsEmpty(geom)`, w.last)
		return err
	}
	rows, err := w.tx.QueryContext(w.ctx, "SELECT fid, geom FROM events WHERE geom NOT NULL")
	if err != nil {
		return err
	}
	entries := make([]gpkg.RTreeEntry, 0, indexed+w.points)
	for rows.Next() {
		var fid int64
		var blob []byte
		if err := rows.Scan(&fid, &blob); err != nil {
			rows.Close()
			return err
		}
		b, empty, err := gpkg.Envelope(blob)
		if err != nil {
			rows.Close()
			return fmt.Errorf("event %d: %w", fid, err)
		}
		if !empty {
			entries = append(entries, gpkg.NewRTreeEntry(fid, b))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return gpkg.LoadRTree(w.ctx, w.tx, "events", "geom", entries)
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
	key string
}

// scanStored reads rows of compareColumns into stored events keyed by
// source id, and closes them.
func scanStored(rows *sql.Rows) (map[string]storedEventKey, error) {
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
		out[id] = storedEventKey{fid: fid, key: b.String()}
	}
	return out, rows.Err()
}

// eventValues appends the eventFields column values of a resolved row to dst.
func eventValues(dst []any, g *gazetteer, row events.Row, at placed, db string) ([]any, error) {
	var cells [eventFields]cell
	if _, err := eventCells(cells[:0], g, row, at, db); err != nil {
		return nil, err
	}
	for _, c := range cells {
		dst = append(dst, c.value())
	}
	return dst, nil
}

// eventCells appends the eventFields column values of a resolved row to dst.
func eventCells(dst []cell, g *gazetteer, row events.Row, at placed, db string) ([]cell, error) {
	var geom cell
	if row.HasPoint {
		blob, err := gpkg.Encode(orb.Point{row.Lon, row.Lat}, gpkg.WGS84)
		if err != nil {
			return nil, err
		}
		geom = cell{kind: cellBlob, b: blob}
	}
	province, district := at.province, ""
	var districtID, districtKey, until, fatalities, geoPrec, timePrec cell
	if at.district >= 0 {
		dist := g.districts[at.district]
		province, district, districtID = dist.province, dist.name, intCell(dist.fid)
		if dist.key != "" {
			districtKey = textCell(dist.key)
		}
	}
	if row.Ranged {
		until = textCell(row.Until.String())
	}
	if row.HasFatalities {
		fatalities = intCell(int64(row.Fatalities))
	}
	if row.GeoPrecision > 0 {
		geoPrec = intCell(int64(row.GeoPrecision))
	}
	if row.TimePrecision > 0 {
		timePrec = intCell(int64(row.TimePrecision))
	}
	return append(dst, geom, textCell(row.Date.String()), textCell(province), textCell(district), districtID,
		textCell(row.Status.String()), textCell(row.Kind), boolCell(row.Claim), textCell(row.Actor), textCell(row.Source),
		textCell(row.SourceURL), textCell(row.Confidence.String()), textCell(row.Notes), textCell(row.Scope.String()),
		textCell(db), textCell(row.SourceID), until, fatalities, textCell(row.Admin3), textCell(row.Location), geoPrec,
		timePrec, textCell(at.by), districtKey), nil
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
	return "INSERT OR ROLLBACK INTO events (" + eventColumns + ", uid) VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
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
	// One time for all the rows, as the column's default would give them
	// (SQLite's 'now' is fixed for a statement), without working it out
	// again for each.
	_, err := tx.ExecContext(ctx, `INSERT OR ROLLBACK INTO audit (at, action, table_name, row_id, uid, rev, detail)
		SELECT ?, 'insert', 'events', fid, uid, rev, date || ' ' || province || '/' || district || ' ' || status || ' (' || source || ')' ||
			CASE WHEN source_id <> '' THEN ' [' || source_db || ' ' || source_id || ']' ELSE '' END
		FROM events WHERE fid > ? ORDER BY fid`, timestamp(time.Now()), after)
	return err
}

// uidSeq makes the global ids of one import's events: version 7 UUIDs
// (RFC 9562), the import's start in milliseconds, then random bits, then a
// counter that starts at a random value, so the ids are unique across
// laptops and in order within the import. In order, they go to the end of
// the events' and the audit's uid indexes instead of a random page each.
type uidSeq struct {
	b [16]byte
	n uint64
}

func newUIDSeq() *uidSeq {
	s := &uidSeq{}
	rand.Read(s.b[:]) // never fails (crypto/rand)
	ms := uint64(time.Now().UnixMilli())
	for i := 0; i < 6; i++ {
		s.b[i] = byte(ms >> (40 - 8*i))
	}
	// The counter's 62 bits start below 2^61: room for 2^61 ids.
	s.n = binary.BigEndian.Uint64(s.b[8:]) &^ (7 << 61)
	return s
}

// next returns the next id of the sequence.
func (s *uidSeq) next() string {
	binary.BigEndian.PutUint64(s.b[8:], s.n)
	s.n++
	return formatUID(s.b, 7)
}

// dayStartOf is dayStart of day d, made once for the days of the years
// 2000 to 2030, where most reports fall: an import asks for millions.
func dayStartOf(d events.Day) string {
	if i := int(d - firstStart); i >= 0 && i < startDays {
		return dayStarts()[i*24 : i*24+24]
	}
	return dayStart(d.String())
}

var (
	firstStart = events.DayOf(2000, 1, 1)
	startDays  = int(events.DayOf(2030, 12, 31)-firstStart) + 1
	dayStarts  = sync.OnceValue(func() string {
		var b strings.Builder
		b.Grow(startDays * 24)
		for i := range startDays {
			b.WriteString(dayStart((firstStart + events.Day(i)).String()))
		}
		return b.String()
	})
)

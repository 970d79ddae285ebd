package data

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/afcontrol/afcontrol/data/btree"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
)

// A bulk import stages the rows it adds: they are written, at the speed
// of encoding them, into a database file of their own (package btree),
// and each table is copied into the dataset in one INSERT … SELECT *,
// which SQLite carries out by moving the records whole (its transfer
// optimisation) instead of binding, checking and encoding every value.
// The staging files are attached to the import's connection before its
// transaction begins (SQLite attaches no database inside one) while still
// empty, and written in the transaction; SQLite reads one the first time
// the transaction touches it, and each is written once.

// The schema names the staging files are attached under.
const (
	stageEvents = "afcontrol_stage_events"
	stageSpans  = "afcontrol_stage_spans"
)

// stageMinRows is the fewest rows an import inserts before it stages the
// rest, two batches: an import of fewer has too little to gain from its
// staging files. The events inserted one by one before staging begins are
// set aside for the copy, or taken into the unique indexes' rebuild, at a
// cost that grows with them. A variable for the tests.
var stageMinRows int64 = 2 * eventBatch

// stageAfter is how many rows an import inserts one by one before it
// stages the rest: an eighth of the events stored (the events' indexes are
// built again from all of them), and at least stageMinRows.
func stageAfter(stored int64) int {
	return int(max(stageMinRows, stored/8))
}

// stagedCopy, when set (by tests), is told how many events each import
// copied in from its staging file, and whether it set the stored ones
// aside for the copy.
var stagedCopy func(events int64, aside bool)

// stageFiles are the staging files of one bulk write, in a temporary
// folder that is removed with them.
type stageFiles struct {
	dir           string
	events, spans string
}

func newStageFiles() (*stageFiles, error) {
	dir, err := processTemp("afcontrol-stage-")
	if err != nil {
		return nil, err
	}
	s := &stageFiles{dir: dir, events: filepath.Join(dir, "events.db"), spans: filepath.Join(dir, "spans.db")}
	for _, p := range []string{s.events, s.spans} {
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	return s, nil
}

// processTemp makes a temporary folder whose name begins with prefix and
// this process's id, first removing those of prefix that processes no
// longer running left (an import killed before it could remove its own).
func processTemp(prefix string) (string, error) {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), prefix+"*"))
	for _, dir := range dirs {
		id, _, ok := strings.Cut(strings.TrimPrefix(filepath.Base(dir), prefix), "-")
		pid, err := strconv.Atoi(id)
		if ok && err == nil && pid > 0 && pid != os.Getpid() && !running(pid) {
			os.RemoveAll(dir)
		}
	}
	return os.MkdirTemp("", prefix+strconv.Itoa(os.Getpid())+"-")
}

// attach attaches the files to conn; detach, after the transaction, takes
// them off again.
func (s *stageFiles) attach(ctx context.Context, conn *sql.Conn) error {
	for _, a := range [][2]string{{s.events, stageEvents}, {s.spans, stageSpans}} {
		if _, err := conn.ExecContext(ctx, "ATTACH ? AS "+a[1], a[0]); err != nil {
			return err
		}
	}
	return nil
}

func (s *stageFiles) detach(ctx context.Context, conn *sql.Conn) error {
	var errs []error
	for _, name := range []string{stageEvents, stageSpans} {
		if _, err := conn.ExecContext(ctx, "DETACH "+name); err != nil && !strings.Contains(err.Error(), "no such database") {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (s *stageFiles) remove() {
	os.RemoveAll(s.dir)
}

// stagedColumn is where a column of a staged table takes its value from:
// the value at from in the values a row is given, the rowid (from -1), or
// a constant, its default (from -2).
type stagedColumn struct {
	name string
	from int
	def  cell
	aff  byte
}

// Column affinities, as SQLite derives them from a declared type.
const (
	affText byte = iota
	affNumeric
	affInteger
	affReal
	affBlob
)

func affinity(declared string) byte {
	t := strings.ToUpper(declared)
	switch {
	case strings.Contains(t, "INT"):
		return affInteger
	case strings.Contains(t, "CHAR"), strings.Contains(t, "CLOB"), strings.Contains(t, "TEXT"):
		return affText
	case t == "", strings.Contains(t, "BLOB"):
		return affBlob
	case strings.Contains(t, "REAL"), strings.Contains(t, "FLOA"), strings.Contains(t, "DOUB"):
		return affReal
	}
	return affNumeric
}

// stagedLayout maps the columns of table, in their stored order, to the
// names a row gives values for: the INTEGER PRIMARY KEY is the rowid, and
// a column not given takes its default, which must be a constant. It
// returns the table's CREATE statement too.
func stagedLayout(ctx context.Context, tx *sql.Tx, table string, given []string) ([]stagedColumn, string, error) {
	var create string
	if err := tx.QueryRowContext(ctx, "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?", table).Scan(&create); err != nil {
		return nil, "", err
	}
	rows, err := tx.QueryContext(ctx, "SELECT name, type, dflt_value, pk FROM pragma_table_info(?, 'main')", table)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	at := map[string]int{}
	for i, name := range given {
		at[name] = i
	}
	var cols []stagedColumn
	for rows.Next() {
		var name, typ string
		var dflt sql.NullString
		var pk int
		if err := rows.Scan(&name, &typ, &dflt, &pk); err != nil {
			return nil, "", err
		}
		c := stagedColumn{name: name, aff: affinity(typ)}
		switch i, ok := at[name]; {
		case pk == 1 && strings.EqualFold(typ, "INTEGER"):
			c.from = -1
		case ok:
			c.from = i
		default:
			def, ok := constantDefault(dflt)
			if !ok {
				return nil, "", fmt.Errorf("%s.%s: its default %q is not a constant", table, name, dflt.String)
			}
			c.from, c.def = -2, def
		}
		cols = append(cols, c)
	}
	return cols, create, rows.Err()
}

// constantDefault reads a column's default as pragma table_info gives it:
// none (NULL), a quoted string or a number.
func constantDefault(d sql.NullString) (cell, bool) {
	s := strings.TrimSpace(d.String)
	switch {
	case !d.Valid || strings.EqualFold(s, "NULL"):
		return cell{}, true
	case len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'':
		return textCell(strings.ReplaceAll(s[1:len(s)-1], "''", "'")), true
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return intCell(n), true
	}
	return cell{}, false
}

// cell is a column value as a row gives it, NULL, text, an integer or a
// blob, without the allocation an interface value costs.
type cell struct {
	kind byte
	s    string
	n    int64
	b    []byte
}

// The kinds of cell.
const (
	cellNull byte = iota
	cellText
	cellInt
	cellBlob
)

func textCell(s string) cell { return cell{kind: cellText, s: s} }
func intCell(n int64) cell   { return cell{kind: cellInt, n: n} }

// boolCell is a BOOLEAN as SQLite keeps it, and the driver binds it: 1 or 0.
func boolCell(v bool) cell {
	if v {
		return intCell(1)
	}
	return intCell(0)
}

// value is the cell as a value to bind.
func (c cell) value() any {
	switch c.kind {
	case cellText:
		return c.s
	case cellInt:
		return c.n
	case cellBlob:
		return c.b
	}
	return nil
}

// appendCell adds c to rec as SQLite stores it in a column of affinity aff
// when it is bound as the driver binds it.
func appendCell(rec *btree.Record, c cell, aff byte, col string) error {
	switch c.kind {
	case cellNull:
		rec.Null()
	case cellBlob:
		rec.Blob(c.b)
	case cellInt:
		switch aff {
		case affText:
			rec.Text(strconv.FormatInt(c.n, 10))
		case affReal:
			rec.Float(float64(c.n))
		default:
			rec.Int(c.n)
		}
	case cellText:
		if aff != affText && aff != affBlob && looksNumeric(c.s) {
			// SQLite would store a number: the rows never give one here.
			return fmt.Errorf("column %s: %q would be stored as a number", col, c.s)
		}
		rec.Text(c.s)
	}
	return nil
}

// looksNumeric reports whether SQLite could read s as a number; a date or
// a time (a digit, then a '-' in the fifth place) cannot be one.
func looksNumeric(s string) bool {
	if len(s) >= 5 && s[4] == '-' && s[0] >= '0' && s[0] <= '9' {
		return false
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return false
	}
	_, err := strconv.ParseFloat(t, 64)
	return err == nil || strings.HasPrefix(strings.ToLower(t), "0x")
}

// stagedEvents is the staging file of an import's new events and their
// audit rows, with the audit's index of ids.
type stagedEvents struct {
	file                              *btree.File
	events, audit, auditUID, eventUID *btree.Tree
	eventCols, auditCols              []stagedColumn
	rec                               btree.Record
	buf                               []byte
	auditVals                         []cell
	first, fid, auditID               int64 // the first fid staged, and the next fid and audit id
	lastUID                           string
	at                                string
	// where the audit's detail takes the event's fields from
	date, province, district, status, source, sourceDB, sourceID int
	districtID                                                   int
	// reports are the staged events' district index keys and reports
	// (stagedReports); areas are their keys of the province index
	// (areaKeys), kept up to maxStagedKeys to write that index into the
	// staging file in its order, so that the copy moves its entries too;
	// areasOver once there are too many, and the index is built again.
	reports   *stagedReports
	areas     []areaKey
	areasOver bool
	// sourceIDs is set once a staged event has a source id: the staging
	// file then has no index of them.
	sourceIDs bool
}

// maxStagedKeys bounds the province index keys a staged import keeps in
// memory (40 bytes each).
const maxStagedKeys = 1_000_000

// areaKey is a report's key in events_province_scope.
type areaKey struct {
	province string
	day      events.Day
	fid      int64
}

// keep keeps the index keys and the report of the event about to be
// staged as fid, which change says changes its district's status.
func (s *stagedEvents) keep(row events.Row, vals []cell, change bool) error {
	d := vals[s.districtID]
	if err := s.reports.add(d.n, d.kind == cellInt, row.Date, change, row.Status, row.Confidence, row.Claim); err != nil {
		return err
	}
	switch {
	case row.Scope == events.ScopeDistrict || s.areasOver:
	case len(s.areas) == maxStagedKeys:
		s.areas, s.areasOver = nil, true
	default:
		s.areas = append(s.areas, areaKey{province: vals[s.province].s, day: row.Date, fid: s.fid})
	}
	return nil
}

// The indexes on events whose keys staging keeps.
const (
	eventsDistrictDate  = "events_district_date"
	eventsProvinceScope = "events_province_scope"
)

// writeIndexes writes the district and province indexes (their SQL by
// name) into the staging file from the keys kept, each when it can, and
// returns the names of those it wrote.
func (s *stagedEvents) writeIndexes(sqlOf map[string]string) ([]string, error) {
	var wrote []string
	if text := sqlOf[eventsDistrictDate]; text != "" && s.reports.indexable() {
		if err := s.reports.writeIndex(s.file.Index(eventsDistrictDate, "events", text), &s.rec); err != nil {
			return nil, err
		}
		wrote = append(wrote, eventsDistrictDate)
	}
	if text := sqlOf[eventsProvinceScope]; text != "" && !s.areasOver {
		slices.SortFunc(s.areas, func(a, b areaKey) int {
			return cmp.Or(strings.Compare(a.province, b.province), cmp.Compare(a.day, b.day), cmp.Compare(a.fid, b.fid))
		})
		ix := s.file.Index(eventsProvinceScope, "events", text)
		for _, k := range s.areas {
			s.rec.Reset()
			s.rec.Text(k.province)
			s.rec.Text(k.day.String())
			s.rec.Int(k.fid)
			s.buf = s.rec.Append(s.buf[:0])
			if err := ix.Add(s.buf); err != nil {
				return nil, err
			}
		}
		wrote = append(wrote, eventsProvinceScope)
	}
	s.areas = nil
	return wrote, nil
}

// auditGiven are the audit columns a staged event's audit row gives.
var auditGiven = []string{"at", "action", "table_name", "row_id", "uid", "rev", "detail"}

// The events' unique indexes: of their ids, and of their source's ids.
const (
	eventsUID      = "events_uid"
	eventsSourceID = "events_source_id"
)

// newStagedEvents starts the staging file at path for the events after the
// last one stored, whose rows give the values of given (the names of
// eventColumns and uid).
func newStagedEvents(ctx context.Context, tx *sql.Tx, path string, given []string, at string) (*stagedEvents, error) {
	s := &stagedEvents{at: at}
	var err error
	var eventsSQL, auditSQL string
	if s.eventCols, eventsSQL, err = stagedLayout(ctx, tx, "events", given); err != nil {
		return nil, err
	}
	if s.auditCols, auditSQL, err = stagedLayout(ctx, tx, "audit", auditGiven); err != nil {
		return nil, err
	}
	// The transfer needs every index of the audit in the staging file.
	indexSQL, err := onlyIndex(ctx, tx, "audit", "audit_uid")
	if err != nil {
		return nil, err
	}
	var uidSQL string
	err = tx.QueryRowContext(ctx, "SELECT sql FROM main.sqlite_master WHERE type = 'index' AND name = ?", eventsUID).Scan(&uidSQL)
	if err != nil {
		return nil, fmt.Errorf("staging: the index %s: %w", eventsUID, err)
	}
	err = tx.QueryRowContext(ctx, `SELECT max(coalesce((SELECT seq FROM main.sqlite_sequence WHERE name = 'events'), 0),
		coalesce((SELECT max(fid) FROM main.events), 0)), coalesce((SELECT max(id) FROM main.audit), 0)`).Scan(&s.fid, &s.auditID)
	if err != nil {
		return nil, err
	}
	s.fid++
	s.auditID++
	s.first = s.fid
	pos := map[string]int{}
	for i, name := range given {
		pos[name] = i
	}
	for name, p := range map[string]*int{"date": &s.date, "province": &s.province, "district": &s.district, "status": &s.status,
		"source": &s.source, "source_db": &s.sourceDB, "source_id": &s.sourceID, "district_id": &s.districtID, "uid": nil} {
		i, ok := pos[name]
		if !ok {
			return nil, fmt.Errorf("staging: the rows give no %s", name)
		}
		if p != nil {
			*p = i
		}
	}
	size, err := pageSize(ctx, tx)
	if err != nil {
		return nil, err
	}
	if s.file, err = btree.Create(path, size); err != nil {
		return nil, err
	}
	if s.reports, err = newStagedReports(path+"-reports", s.first); err != nil {
		s.file.Close()
		return nil, err
	}
	s.events = s.file.Table("events", eventsSQL)
	s.audit = s.file.Table("audit", auditSQL)
	s.auditUID = s.file.Index("audit_uid", "audit", indexSQL)
	s.eventUID = s.file.Index(eventsUID, "events", uidSQL)
	s.auditVals = make([]cell, len(auditGiven))
	return s, nil
}

// add stages an event of the values vals (of the names given), with global
// id uid, and its audit row; change says whether it changes its
// district's status.
func (s *stagedEvents) add(row events.Row, vals []cell, uid string, change bool) error {
	if uid <= s.lastUID {
		return fmt.Errorf("staging: id %s after %s", uid, s.lastUID)
	}
	s.lastUID = uid
	if err := s.keep(row, vals, change); err != nil {
		return err
	}
	if err := s.record(s.eventCols, vals); err != nil {
		return err
	}
	if err := s.events.Insert(s.fid, s.buf); err != nil {
		return err
	}
	if err := s.addKey(s.eventUID, uid, s.fid); err != nil {
		return err
	}
	s.sourceIDs = s.sourceIDs || vals[s.sourceID].s != ""
	// The audit row, as auditInserted writes it.
	detail := vals[s.date].s + " " + vals[s.province].s + "/" + vals[s.district].s + " " + vals[s.status].s + " (" + vals[s.source].s + ")"
	if id := vals[s.sourceID].s; id != "" {
		detail += " [" + vals[s.sourceDB].s + " " + id + "]"
	}
	a := s.auditVals
	a[0], a[1], a[2], a[3] = textCell(s.at), textCell("insert"), textCell("events"), intCell(s.fid)
	a[4], a[5], a[6] = textCell(uid), intCell(1), textCell(detail)
	if err := s.record(s.auditCols, a); err != nil {
		return err
	}
	if err := s.audit.Insert(s.auditID, s.buf); err != nil {
		return err
	}
	if err := s.addKey(s.auditUID, uid, s.auditID); err != nil {
		return err
	}
	s.fid++
	s.auditID++
	return nil
}

// addKey adds to the index ix the key of uid for the row rowid.
func (s *stagedEvents) addKey(ix *btree.Tree, uid string, rowid int64) error {
	s.rec.Reset()
	s.rec.Text(uid)
	s.rec.Int(rowid)
	s.buf = s.rec.Append(s.buf[:0])
	return ix.Add(s.buf)
}

// record encodes a row of cols from vals into s.buf.
func (s *stagedEvents) record(cols []stagedColumn, vals []cell) error {
	var err error
	s.buf, err = encodeRow(&s.rec, cols, vals, s.buf[:0])
	return err
}

// encodeRow appends to dst the record of a row of cols whose values are vals.
func encodeRow(rec *btree.Record, cols []stagedColumn, vals []cell, dst []byte) ([]byte, error) {
	rec.Reset()
	for _, c := range cols {
		var err error
		switch c.from {
		case -1:
			rec.Null()
		case -2:
			err = appendCell(rec, c.def, c.aff, c.name)
		default:
			err = appendCell(rec, vals[c.from], c.aff, c.name)
		}
		if err != nil {
			return dst, fmt.Errorf("staging: %w", err)
		}
	}
	return rec.Append(dst), nil
}

// pageSize is the dataset's page size: a staging file is written in it,
// so that its records move into pages of the size they were cut for.
func pageSize(ctx context.Context, tx *sql.Tx) (int, error) {
	var size int
	err := tx.QueryRowContext(ctx, "PRAGMA main.page_size").Scan(&size)
	return size, err
}

// onlyIndex returns the SQL of the index name of table, which must be the
// table's only one.
func onlyIndex(ctx context.Context, tx *sql.Tx, table, name string) (string, error) {
	var text string
	var others int
	err := tx.QueryRowContext(ctx, `SELECT coalesce(max(CASE WHEN name = ? THEN sql END), ''), count(*) - 1
		FROM main.sqlite_master WHERE type = 'index' AND tbl_name = ?`, name, table).Scan(&text, &others)
	if err != nil {
		return "", err
	}
	if text == "" || others != 0 {
		return "", fmt.Errorf("staging: the indexes of %s are not the one staging writes", table)
	}
	return text, nil
}

// readStaged makes SQLite read the staging file attached as schema, the
// first time since it was attached empty, and checks that it has the
// tables and indexes it was written with.
func readStaged(ctx context.Context, tx *sql.Tx, schema string, want int) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+schema+".sqlite_master").Scan(&n); err != nil {
		return fmt.Errorf("staging: %w", err)
	}
	if n != want {
		return fmt.Errorf("staging: the file has %d tables and indexes, not %d", n, want)
	}
	return nil
}

// spanGiven are the columns of status_spans a span gives (eachSpan).
var spanGiven = []string{"district_id", "layer", "status", "valid_from", "valid_to", "event_id"}

// stageAllSpans writes every span of tl (eachSpan) to the staging file
// path, with their district index, and copies them into status_spans,
// which the caller has emptied.
func stageAllSpans(ctx context.Context, tx *sql.Tx, tl *timeline.Timeline, fids []int64, path string) error {
	layout, err := spansLayout(ctx, tx)
	if err != nil {
		return err
	}
	if err := layout.write(path, tl, fids); err != nil {
		return err
	}
	return copyStagedSpans(ctx, tx)
}

// stagedSpans is what writing the spans to a staging file needs of the
// dataset: their table's columns and SQL, the index's, the page size.
type stagedSpans struct {
	cols             []stagedColumn
	create, indexSQL string
	pageSize         int
}

func spansLayout(ctx context.Context, tx *sql.Tx) (*stagedSpans, error) {
	l := &stagedSpans{}
	var err error
	if l.cols, l.create, err = stagedLayout(ctx, tx, "status_spans", spanGiven); err != nil {
		return nil, err
	}
	if l.indexSQL, err = onlyIndex(ctx, tx, "status_spans", "status_spans_district"); err != nil {
		return nil, err
	}
	if l.pageSize, err = pageSize(ctx, tx); err != nil {
		return nil, err
	}
	return l, nil
}

// write writes every span of tl to the staging file path, with their
// district index: no database is used.
func (l *stagedSpans) write(path string, tl *timeline.Timeline, fids []int64) error {
	f, err := btree.Create(path, l.pageSize)
	if err != nil {
		return err
	}
	defer f.Close()
	table := f.Table("status_spans", l.create)
	index := f.Index("status_spans_district", "status_spans", l.indexSQL)
	var rec btree.Record
	var buf []byte
	id := int64(1) // the table is empty: SQLite would start from 1 too
	err = eachSpan(tl, fids, func(v []cell) error {
		var err error
		if buf, err = encodeRow(&rec, l.cols, v, buf[:0]); err != nil {
			return err
		}
		if err := table.Insert(id, buf); err != nil {
			return err
		}
		rec.Reset()
		rec.Int(v[0].n)
		rec.Int(id)
		buf = rec.Append(buf[:0])
		id++
		return index.Add(buf)
	})
	if err != nil {
		return err
	}
	return f.Close()
}

// copyStagedSpans copies the staged spans into status_spans.
func copyStagedSpans(ctx context.Context, tx *sql.Tx) error {
	if err := readStaged(ctx, tx, stageSpans, 2); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO main.status_spans SELECT * FROM "+stageSpans+".status_spans")
	return err
}

// maxEarlyChanges bounds the events stored before a staged import whose
// status-changing reports are kept in memory (24 bytes each, 48 MB in
// all) to build the timeline while the rows are copied in: with more, it
// is read from the table after the copy. The staged reports are read back
// from their file (stagedReports).
const maxEarlyChanges = 2_000_000

// changeLog holds reports in chunks of a fixed size, so that growing it
// never copies what it holds.
type changeLog struct {
	chunks [][]changeRow
	n      int
}

const changeChunk = 1 << 16

func (l *changeLog) add(c changeRow) {
	if l.n%changeChunk == 0 {
		l.chunks = append(l.chunks, make([]changeRow, 0, changeChunk))
	}
	last := &l.chunks[len(l.chunks)-1]
	*last = append(*last, c)
	l.n++
}

// each calls yield with every report held, until it returns an error.
func (l *changeLog) each(yield func(changeRow) error) error {
	for _, chunk := range l.chunks {
		for _, c := range chunk {
			if err := yield(c); err != nil {
				return err
			}
		}
	}
	return nil
}

// earlyTimeline is the timeline of a staged import, built on a goroutine
// of its own while the transaction copies the rows in, from the reports
// the import staged and those stored before it, with the spans written to
// their staging file: the work is done twice as fast on two cores.
type earlyTimeline struct {
	fids []int64
	done chan struct{}
	tl   *timeline.Timeline // nil: too many district-days, or err
	err  error
}

// startEarlyTimeline starts the timeline of the events stored (the fids up
// to stored) and of the staged reports, written out by then, and the
// spans' staging file spans; nil when the stored events are too many to hold or one is not one to
// read in memory (the table then says why).
func startEarlyTimeline(ctx context.Context, tx *sql.Tx, stored int64, staged *stagedReports, spans string) (*earlyTimeline, error) {
	if stored > maxEarlyChanges {
		return nil, nil
	}
	fids, err := districtFIDs(ctx, tx)
	if err != nil {
		return nil, err
	}
	before := &changeLog{}
	err = readChanges(ctx, tx, func(c changeRow) error { before.add(c); return nil })
	switch {
	case errors.Is(err, errUnreadChange):
		return nil, nil
	case err != nil:
		return nil, err
	}
	feed, err := newAreaFeed(ctx, tx, fids)
	if err != nil {
		return nil, err
	}
	layout, err := spansLayout(ctx, tx)
	if err != nil {
		return nil, err
	}
	each := func(yield func(changeRow) error) error {
		if err := before.each(yield); err != nil {
			return err
		}
		return staged.changes(yield)
	}
	e := &earlyTimeline{fids: fids, done: make(chan struct{})}
	go func() {
		defer close(e.done)
		e.tl, e.err = timelineOfChanges(fids, feed, each)
		if e.tl != nil {
			e.err = layout.write(spans, e.tl, fids)
		}
	}()
	return e, nil
}

// wait returns the timeline once it is built and its spans written; nil
// when it could not be.
func (e *earlyTimeline) wait() *timeline.Timeline {
	<-e.done
	if e.err != nil {
		return nil
	}
	return e.tl
}

// timelineOfChanges builds the timeline of the reports each yields (twice),
// of the districts fids in any order; nil when their days are more than
// maxDenseDays.
func timelineOfChanges(fids []int64, feed *areaFeed, each func(yield func(changeRow) error) error) (*timeline.Timeline, error) {
	at := make(map[int64]int, len(fids))
	for i, f := range fids {
		at[f] = i
	}
	first := make([]events.Day, len(fids))
	last := make([]events.Day, len(fids))
	seen := make([]bool, len(fids))
	err := each(func(c changeRow) error {
		i, ok := at[c.district]
		switch {
		case !ok:
		case !seen[i]:
			seen[i], first[i], last[i] = true, c.day, c.day
		default:
			first[i], last[i] = min(first[i], c.day), max(last[i], c.day)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	spans := make([]daySpan, len(fids))
	total := 0
	for i := range fids {
		if seen[i] {
			spans[i] = daySpan{first: first[i], n: int(last[i]-first[i]) + 1, off: total}
			total += spans[i].n
		}
	}
	if total > maxDenseDays {
		return nil, nil
	}
	return denseTimeline(fids, spans, total, feed, each)
}

// staged is how many events are staged.
func (s *stagedEvents) staged() int64 { return s.fid - s.first }

// copyIn finishes the staging file and copies its events and audit rows
// into the dataset. SQLite moves records whole, with their entries in the
// indexes the staging file has too, into a table without unique indexes,
// or into an empty one (it cannot check uniqueness as it moves them). So
// when the events stored before the staged ones are few beside them, they
// are set aside for the copy (eventsAside), and the ids' index takes the
// staged entries like the rest; else the unique indexes are dropped for the
// copy and built again after it from a sort. The district and province
// indexes take the staged entries when their keys were kept, and are built
// again when they were not.
func (s *stagedEvents) copyIn(ctx context.Context, tx *sql.Tx) error {
	names, sqlOf, err := eventsSchema(ctx, tx, "index")
	if err != nil {
		return err
	}
	tables := 4 // events, audit and their id indexes
	kept, err := s.writeIndexes(sqlOf)
	if err != nil {
		return fmt.Errorf("staging: %w", err)
	}
	tables += len(kept)
	// Set aside, at most half as many events as are staged: putting them
	// back costs more a row than building the unique indexes again.
	aside := s.first-1 <= s.staged()/2
	if aside {
		kept = append(kept, eventsUID)
		if !s.sourceIDs && sqlOf[eventsSourceID] != "" {
			// No staged event has a source id: the index is empty.
			s.file.Index(eventsSourceID, "events", sqlOf[eventsSourceID])
			tables++
			kept = append(kept, eventsSourceID)
		}
	}
	if err := s.file.Close(); err != nil {
		return fmt.Errorf("staging: %w", err)
	}
	if err := readStaged(ctx, tx, stageEvents, tables); err != nil {
		return err
	}
	var indexes []string
	for _, name := range names {
		if slices.Contains(kept, name) {
			continue
		}
		text, err := dropKeeping(ctx, tx, "index", name)
		if err != nil {
			return err
		}
		indexes = append(indexes, text)
	}
	var putBack func() error
	if aside {
		if putBack, err = eventsAside(ctx, tx); err != nil {
			return err
		}
	}
	for _, table := range []string{"events", "audit"} {
		if _, err := tx.ExecContext(ctx, "INSERT INTO main."+table+" SELECT * FROM "+stageEvents+"."+table); err != nil {
			return fmt.Errorf("staging: %s: %w", table, err)
		}
	}
	if putBack != nil {
		if err := putBack(); err != nil {
			return err
		}
	}
	if stagedCopy != nil {
		stagedCopy(s.staged(), aside)
	}
	for _, text := range indexes {
		if _, err := tx.ExecContext(ctx, text); err != nil {
			return err
		}
	}
	return nil
}

// eventsAside moves the stored events into a temporary table and empties
// the events' table, with the triggers on it dropped; the function it
// returns puts them back, through every index left on the table, and
// makes the triggers again. Nothing else changes: the rows keep their
// fids, and the audit, spatial index and sequence are as they were.
func eventsAside(ctx context.Context, tx *sql.Tx) (putBack func() error, err error) {
	names, _, err := eventsSchema(ctx, tx, "trigger")
	if err != nil {
		return nil, err
	}
	var triggers []string
	for _, name := range names {
		text, err := dropKeeping(ctx, tx, "trigger", name)
		if err != nil {
			return nil, err
		}
		triggers = append(triggers, text)
	}
	for _, q := range []string{
		"CREATE TEMP TABLE " + eventsAsideTable + " AS SELECT * FROM main.events",
		"DELETE FROM main.events",
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("staging: %w", err)
		}
	}
	return func() error {
		for _, q := range append([]string{
			"INSERT INTO main.events SELECT * FROM temp." + eventsAsideTable,
			"DROP TABLE temp." + eventsAsideTable,
		}, triggers...) {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("staging: %w", err)
			}
		}
		return nil
	}, nil
}

// eventsSchema returns the names of the indexes or triggers (kind) on
// events, in the order they were made, and the SQL of each (SQLite's own
// indexes, which have none, are left out).
func eventsSchema(ctx context.Context, tx *sql.Tx, kind string) ([]string, map[string]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT name, sql FROM main.sqlite_master WHERE type = ? AND tbl_name = 'events' AND sql NOT NULL ORDER BY rowid", kind)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var names []string
	sqlOf := map[string]string{}
	for rows.Next() {
		var name, text string
		if err := rows.Scan(&name, &text); err != nil {
			return nil, nil, err
		}
		names = append(names, name)
		sqlOf[name] = text
	}
	return names, sqlOf, rows.Err()
}

// eventsAsideTable is the temporary table of eventsAside.
const eventsAsideTable = "afcontrol_events_aside"

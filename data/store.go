package data

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/afcontrol/afcontrol/data/gpkg"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// gpkgApplicationID is "GPKG" in the SQLite header's application_id field, and
// gpkgUserVersion is GeoPackage 1.3.0 in its user_version field: both are
// required by the GeoPackage standard, so afcontrol's own schema version is
// kept in the afcontrol_meta table instead of user_version.
const (
	gpkgApplicationID = 0x47504B47
	gpkgUserVersion   = 10300
)

var sqliteMagic = []byte("SQLite format 3\x00")

// Dataset is an open afcontrol dataset file.
type Dataset struct {
	db       *sql.DB
	path     string
	readOnly string // why the dataset cannot be changed; "" when it can
	// OnWait, when set, is told when a write has to wait for another
	// program's write to finish, so that a long wait is never silent.
	OnWait func(msg string)
	// Alone, when set, says that nothing else in this program reads the
	// dataset while it imports events ('afcontrol events import'). An
	// import then writes through a rollback journal instead of the
	// write-ahead log whenever no other program has the file open either
	// (SQLite allows the switch only then): each page is written once,
	// into the file, rather than into the log and again into the file at
	// the checkpoint, which is a fifth of a large import's time. The
	// price is that a program opening the file during the import waits
	// for it to finish (up to BusyWait), where with the log it would read
	// the dataset as it was. The file is in WAL mode again afterwards.
	Alone bool
}

// BusyWait is how long a write waits for another program's write to the
// same dataset before it gives up with a *BusyError. Long writes (a boundary
// change at a million events) take seconds, so half a minute covers them.
var BusyWait = 30 * time.Second

// waitNotice is how long a write waits before OnWait is told.
var waitNotice = time.Second

// ErrNotDataset is wrapped by every error that says a file is not an
// afcontrol dataset (not SQLite, damaged, or not a GeoPackage of ours).
var ErrNotDataset = errors.New("not an afcontrol dataset")

// ErrNewerSchema is wrapped when a file was written by a newer afcontrol.
var ErrNewerSchema = errors.New("dataset was written by a newer afcontrol")

// Path returns the file the dataset was opened from.
func (d *Dataset) Path() string { return d.path }

// DB returns the underlying database, for read queries by other packages'
// tests and tools; writes go through Dataset methods.
func (d *Dataset) DB() *sql.DB { return d.db }

// Close closes the dataset; a nil Dataset is a no-op.
func (d *Dataset) Close() error {
	if d == nil || d.db == nil {
		return nil
	}
	return d.db.Close()
}

// Create makes a new, empty dataset at path. It refuses to overwrite an
// existing file. A failure removes the partly written file.
func Create(path string) (*Dataset, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("create dataset: %w", err)
	}
	f.Close()
	d, err := openDB(path)
	if err == nil {
		err = d.initialise()
	}
	if err != nil {
		if d != nil {
			d.Close()
		}
		removeDataset(path)
		return nil, fmt.Errorf("create dataset %s: %w", path, explainSQLite(path, err))
	}
	return d, nil
}

// removeDataset removes a dataset file and its WAL companions, for undoing a
// creation that failed part way.
func removeDataset(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		os.Remove(p)
	}
}

// Open opens an existing dataset, migrating an older schema forward in one
// transaction. It refuses, without writing anything, a file that is not
// SQLite, a GeoPackage that afcontrol did not make, and a dataset from a
// newer afcontrol.
//
// Open costs the same at any size: it reads the header and the schema, not
// every page. The full integrity check (Check) runs on open only after an
// unclean shutdown, which a write-ahead log left beside the file shows (a
// clean close removes it); then a damaged database is refused too. A file
// damaged while closed cleanly opens, and Check, 'afcontrol check', finds it.
// (An import that had the file to itself, Alone, leaves a rollback journal
// instead, which SQLite plays back on open; the check runs then too.)
//
// A dataset that cannot be written (a write-protected file or folder,
// read-only media, or one SQLite cannot open for writing) opens read-only:
// reading, drawing and exporting work, ReadOnly says why, and every change
// fails with ErrReadOnly.
func Open(path string) (*Dataset, error) {
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	if reason := readOnlyReason(path); reason != "" {
		return OpenReadOnly(path, reason)
	}
	unclean := leftoverJournal(path)
	d, err := openDB(path)
	if err == nil && unclean {
		if err = d.Check(context.Background()); err != nil {
			d.Close()
			return nil, fmt.Errorf("open dataset %s: %w", path, err)
		}
	}
	if err == nil {
		if err = d.check(); err != nil {
			d.Close()
		}
	}
	if err != nil && sqliteCannotWrite(err) {
		return OpenReadOnly(path, "SQLite cannot write it ("+err.Error()+")")
	}
	if err != nil {
		return nil, fmt.Errorf("open dataset %s: %w", path, explainSQLite(path, err))
	}
	return d, nil
}

// OpenReadOnly opens an existing dataset for reading only, with reason as
// what ReadOnly reports. A dataset of an older schema is refused, since
// bringing it up to date would write to it.
func OpenReadOnly(path, reason string) (*Dataset, error) {
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	d, err := openReadOnly(path, reason)
	if err != nil {
		return nil, fmt.Errorf("open dataset %s read-only (%s): %w", path, reason, explainSQLite(path, err))
	}
	if err := d.check(); err != nil {
		d.Close()
		return nil, fmt.Errorf("open dataset %s read-only (%s): %w", path, reason, d.explain(err))
	}
	return d, nil
}

// OpenOrCreate opens path, creating the dataset first when no file exists.
func OpenOrCreate(path string) (*Dataset, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return Create(path)
	}
	return Open(path)
}

// checkHeader reads the first bytes of the file, before SQLite touches it, so
// that a file that is not a database is refused and never modified.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open dataset: %w", err)
	}
	defer f.Close()
	head := make([]byte, 100)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return fmt.Errorf("open dataset %s: %w", path, err)
	}
	if n < 100 || !bytes.Equal(head[:16], sqliteMagic) {
		return fmt.Errorf("open dataset %s: %w: the file is not an SQLite database", path, ErrNotDataset)
	}
	return nil
}

func openDB(path string) (*Dataset, error) { return openDBMode(path, false, false) }

// openDBMode opens the database at path, for reading only when readOnly
// is set, and as immutable (no locks, no -shm file) when immutable is too.
func openDBMode(path string, readOnly, immutable bool) (*Dataset, error) {
	gpkg.RegisterFunctions()
	q := url.Values{}
	if readOnly {
		q.Set("mode", "ro")
		if immutable {
			q.Set("immutable", "1")
		}
	}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyWait.Milliseconds()))
	// NORMAL is safe in WAL mode: a crash can lose the last commit, never
	// half of one.
	q.Add("_pragma", "synchronous(NORMAL)")
	// A 64 MiB page cache keeps a large import from re-reading the pages it
	// has just written; SQLite's default of 2 MiB is sized for phones.
	q.Add("_pragma", "cache_size(-65536)")
	// Statement journals and sorts in memory: every multi-row INSERT keeps
	// one, and on disk each costs a system call per page.
	q.Add("_pragma", "temp_store(MEMORY)")
	if !readOnly {
		// A read-only connection cannot take the write lock that an
		// immediate transaction asks for at its start.
		q.Set("_txlock", "immediate")
	}
	db, err := sql.Open("sqlite", gpkg.FileURI(path, q.Encode()))
	if err != nil {
		return nil, err
	}
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, err
	}
	return &Dataset{db: db, path: path}, nil
}

func (d *Dataset) initialise() error {
	ctx := context.Background()
	for _, p := range []string{
		"PRAGMA page_size=16384",
		"PRAGMA journal_mode=WAL",
		"PRAGMA application_id=" + strconv.Itoa(gpkgApplicationID),
		"PRAGMA user_version=" + strconv.Itoa(gpkgUserVersion),
	} {
		if _, err := d.db.ExecContext(ctx, p); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	return d.migrate(ctx, 0)
}

// leftoverJournal reports whether a non-empty write-ahead log, or a
// rollback journal, lies beside path before it is opened: what a process
// that crashed, lost power or was killed leaves (a clean close checkpoints
// the log and removes it, and a commit removes the journal of an import
// that had the file to itself, Alone). Another process that has the file
// open leaves one too; checking then costs time, not correctness.
func leftoverJournal(path string) bool {
	return leftoverWAL(path) || nonEmpty(path+"-journal")
}

// leftoverWAL reports whether a non-empty write-ahead log lies beside path.
func leftoverWAL(path string) bool { return nonEmpty(path + "-wal") }

func nonEmpty(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Size() > 0
}

// Check runs SQLite's quick_check over every page of the dataset: it reads
// the whole file, so it takes seconds on a large one (about 2 s a million
// events). A damaged database gives an error wrapping ErrNotDataset that
// lists the damage on one line; nil means the pages and indexes are sound.
func (d *Dataset) Check(ctx context.Context) error {
	rows, err := d.db.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		return fmt.Errorf("%w: the database cannot be read (%v)", ErrNotDataset, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("%w: the database cannot be read (%v)", ErrNotDataset, err)
		}
		problems = append(problems, line)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%w: the database cannot be read (%v)", ErrNotDataset, err)
	}
	if len(problems) == 1 && problems[0] == "ok" {
		return nil
	}
	// quick_check lists the damage over several lines; the error is one.
	return fmt.Errorf("%w: the database is damaged (%s)", ErrNotDataset,
		strings.Join(strings.Fields(strings.ReplaceAll(strings.Join(problems, "; "), "\n", "; ")), " "))
}

// check verifies that an existing file is an afcontrol dataset and brings its
// schema up to date; reading the schema also fails on a damaged header or
// schema page.
func (d *Dataset) check() error {
	ctx := context.Background()
	var appID int64
	if err := d.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return fmt.Errorf("%w: the database cannot be read (%v)", ErrNotDataset, err)
	}
	version, err := d.schemaVersion(ctx)
	if err != nil {
		return err
	}
	if appID != gpkgApplicationID || version == 0 {
		return fmt.Errorf("%w: the file is an SQLite database but not an afcontrol GeoPackage", ErrNotDataset)
	}
	if version > SchemaVersion {
		return fmt.Errorf("%w (schema %d; this afcontrol reads up to %d): update afcontrol to open it", ErrNewerSchema, version, SchemaVersion)
	}
	if d.readOnly != "" {
		if version < SchemaVersion {
			return fmt.Errorf("%w: it was written by an older afcontrol (schema %d of %d) and must be brought up to date, which needs write access", ErrReadOnly, version, SchemaVersion)
		}
		return nil
	}
	if _, err := d.db.ExecContext(ctx, "PRAGMA journal_mode=WAL"); err != nil {
		// An import that has the file to itself (Alone) writes through a
		// rollback journal, holds the write lock until it commits and then
		// sets the log again: meanwhile the file is read as it is, each
		// read waiting for the lock up to BusyWait.
		var busy *BusyError
		if !errors.As(explainSQLite(d.path, err), &busy) {
			return err
		}
	}
	return d.migrate(ctx, version)
}

// schemaVersion returns the version in afcontrol_meta, 0 when the table is
// missing (a database that afcontrol did not make).
func (d *Dataset) schemaVersion(ctx context.Context) (int, error) {
	var n int
	err := d.db.QueryRowContext(ctx,
		"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'afcontrol_meta'").Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrNotDataset, err)
	}
	if n == 0 {
		return 0, nil
	}
	var v string
	err = d.db.QueryRowContext(ctx, "SELECT value FROM afcontrol_meta WHERE key = 'schema_version'").Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrNotDataset, err)
	}
	version, err := strconv.Atoi(v)
	if err != nil || version < 1 {
		return 0, fmt.Errorf("%w: schema version %q", ErrNotDataset, v)
	}
	return version, nil
}

// migrate applies the steps after version in one transaction.
func (d *Dataset) migrate(ctx context.Context, version int) error {
	if version == SchemaVersion {
		return nil
	}
	return d.inTx(ctx, func(tx *sql.Tx) error {
		for i := version; i < SchemaVersion; i++ {
			if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
				return fmt.Errorf("migration %d: %w", i+1, err)
			}
		}
		if err := seedAliases(ctx, tx); err != nil {
			return fmt.Errorf("gazetteer: %w", err)
		}
		if err := backfillStableKeys(ctx, tx); err != nil {
			return fmt.Errorf("stable keys: %w", err)
		}
		// A migration can change what the status layer holds: rewrite it.
		if err := rebuildIntervals(ctx, tx, nil); err != nil {
			return err
		}
		if err := writeStyles(ctx, tx); err != nil {
			return fmt.Errorf("layer styles: %w", err)
		}
		_, err := tx.ExecContext(ctx,
			"INSERT INTO afcontrol_meta (key, value) VALUES ('schema_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
			strconv.Itoa(SchemaVersion))
		return err
	})
}

// timestampLayout is GeoPackage 1.3's DATETIME: ISO 8601 in UTC with
// milliseconds, which GDAL and QGIS read without a warning.
const timestampLayout = "2006-01-02T15:04:05.000Z"

// timestamp returns t in GeoPackage DATETIME form.
func timestamp(t time.Time) string { return t.UTC().Format(timestampLayout) }

// dayStart is the DATETIME of a stored event date's first moment, midnight
// UTC: the form QGIS's temporal controller selects a day's events by.
func dayStart(date string) string {
	if len(date) > 10 {
		date = date[:10]
	}
	return date + "T00:00:00.000Z"
}

// inTx runs fn in one transaction, committed only when fn returns nil.
// Transactions take the write lock when they begin; while another program
// holds it, OnWait is told after waitNotice, and after BusyWait the error is
// a *BusyError naming the file.
func (d *Dataset) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	return d.runTx(ctx, d.db, fn)
}

// runTx is inTx on a connection of the pool or one already taken from it.
func (d *Dataset) runTx(ctx context.Context, on interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}, fn func(*sql.Tx) error) error {
	if d.readOnly != "" {
		return d.refuseWrite()
	}
	var notice *time.Timer
	if d.OnWait != nil {
		notice = time.AfterFunc(waitNotice, func() {
			d.OnWait(fmt.Sprintf("waiting for another afcontrol to finish writing to %s (up to %s)…", d.path, BusyWait))
		})
	}
	tx, err := on.BeginTx(ctx, nil)
	if notice != nil {
		notice.Stop()
	}
	if err != nil {
		return d.explain(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return d.explain(err)
	}
	return d.explain(tx.Commit())
}

// dropKeeping drops, inside tx, the index or trigger (kind) name, and
// returns the SQL that makes it again as it was: for a bulk write that
// does the object's work once at its end. It returns "" when there is no
// such object.
func dropKeeping(ctx context.Context, tx *sql.Tx, kind, name string) (string, error) {
	var text string
	err := tx.QueryRowContext(ctx, "SELECT sql FROM sqlite_master WHERE type = ? AND name = ?", kind, name).Scan(&text)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", nil
	case err != nil:
		return "", err
	}
	_, err = tx.ExecContext(ctx, "DROP "+strings.ToUpper(kind)+` "`+name+`"`)
	return text, err
}

// inBulkTx is inTx for a bulk write on a connection of its own, with two
// settings that SQLite takes only outside a transaction: foreign keys are
// not enforced (fn checks the references it writes itself: a checked key
// makes every multi-row INSERT keep a statement journal, which costs a
// page copy for every page the statement touches), and temporary files are
// files (a sort of millions of index keys spills to disk rather than
// holding them all in memory). Both are set back before the connection
// returns to the pool; a connection that cannot be set back is closed.
// The staging files st, if any, are attached to the connection for fn and
// taken off again after it; with them, an import that has the file to
// itself (Alone) writes through a rollback journal (rollbackJournal).
func (d *Dataset) inBulkTx(ctx context.Context, st *stageFiles, fn func(*sql.Tx) error) error {
	if d.readOnly != "" {
		return d.refuseWrite()
	}
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return d.explain(err)
	}
	const bulk, usual = "PRAGMA foreign_keys = OFF; PRAGMA temp_store = FILE", "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY"
	_, err = conn.ExecContext(ctx, bulk)
	if err == nil && st != nil {
		err = st.attach(ctx, conn)
	}
	if err != nil {
		if st != nil {
			st.detach(context.Background(), conn)
		}
		conn.Raw(func(any) error { return driver.ErrBadConn })
		conn.Close()
		return d.explain(err)
	}
	var back func() error
	if d.Alone && st != nil {
		back, err = rollbackJournal(ctx, conn)
	}
	journalErr := err
	defer func() {
		errs := []error{journalErr}
		if back != nil {
			errs = append(errs, back())
		}
		if st != nil {
			errs = append(errs, st.detach(context.Background(), conn))
		}
		if _, err := conn.ExecContext(context.Background(), usual); err != nil {
			errs = append(errs, err)
		}
		if errors.Join(errs...) != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}()
	if err != nil {
		return d.explain(err)
	}
	if st != nil {
		return d.runTx(ctx, deferredBegin{conn}, fn)
	}
	return d.runTx(ctx, conn, fn)
}

// rollbackJournal switches the main database of conn, outside any
// transaction, from its write-ahead log to a rollback journal, when no
// other connection has the file open: SQLite refuses the switch while one
// does, and is asked without waiting. It returns what switches back, or
// nil when the file stays in WAL mode. With the journal, synchronous is
// FULL for the import: NORMAL is safe with the log, not with a journal,
// where a power loss at the wrong moment could damage the file.
func rollbackJournal(ctx context.Context, conn *sql.Conn) (back func() error, err error) {
	var wait int64
	if err := conn.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&wait); err != nil {
		return nil, err
	}
	var mode string
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
		return nil, err
	}
	switched := conn.QueryRowContext(ctx, "PRAGMA main.journal_mode = DELETE").Scan(&mode) == nil && mode == "delete"
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", wait)); err != nil {
		return nil, err
	}
	if !switched {
		return nil, nil
	}
	back = func() error {
		// A program that opened the file meanwhile is waited for; the
		// next Open sets the log again if it is still there.
		_, err := conn.ExecContext(context.Background(), "PRAGMA main.synchronous = NORMAL")
		if err == nil {
			err = conn.QueryRowContext(context.Background(), "PRAGMA main.journal_mode = WAL").Scan(&mode)
		}
		return err
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA main.synchronous = FULL"); err != nil {
		return back, err
	}
	return back, nil
}

// deferredBegin begins a transaction that locks the main database only.
// The connections begin theirs IMMEDIATE, which locks every attached
// database too, and reads each one's state then: a staging file still
// empty would stay empty to the transaction. The driver begins a
// transaction marked read-only with a plain BEGIN, which takes no lock;
// a first statement that writes to main (and changes nothing) takes its
// write lock at once, as IMMEDIATE would, waiting as long as it would.
type deferredBegin struct{ conn *sql.Conn }

func (b deferredBegin) BeginTx(ctx context.Context, _ *sql.TxOptions) (*sql.Tx, error) {
	tx, err := b.conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM main.timeline_index WHERE 0"); err != nil {
		tx.Rollback()
		return nil, err
	}
	return tx, nil
}

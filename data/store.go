package data

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/afcontrol/afcontrol/data/gpkg"
	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
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
	db   *sql.DB
	path string
}

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
		return nil, fmt.Errorf("create dataset %s: %w", path, err)
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
// SQLite, a damaged database, a GeoPackage that afcontrol did not make, and a
// dataset from a newer afcontrol.
func Open(path string) (*Dataset, error) {
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	d, err := openDB(path)
	if err != nil {
		var se *sqlite.Error
		if errors.As(err, &se) && (se.Code()&0xff == sqlite3.SQLITE_CORRUPT || se.Code()&0xff == sqlite3.SQLITE_NOTADB) {
			// Damage in the schema pages shows on the first statement.
			return nil, fmt.Errorf("open dataset %s: %w: the database is damaged (%v)", path, ErrNotDataset, err)
		}
		return nil, fmt.Errorf("open dataset %s: %w", path, err)
	}
	if err := d.check(); err != nil {
		d.Close()
		return nil, fmt.Errorf("open dataset %s: %w", path, err)
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

func openDB(path string) (*Dataset, error) {
	gpkg.RegisterFunctions()
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	// NORMAL is safe in WAL mode: a crash can lose the last commit, never
	// half of one.
	q.Add("_pragma", "synchronous(NORMAL)")
	// A 64 MiB page cache keeps a large import from re-reading the pages it
	// has just written; SQLite's default of 2 MiB is sized for phones.
	q.Add("_pragma", "cache_size(-65536)")
	// Statement journals and sorts in memory: every multi-row INSERT keeps
	// one, and on disk each costs a system call per page.
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
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

// check verifies an existing file and brings its schema up to date.
func (d *Dataset) check() error {
	ctx := context.Background()
	var integrity string
	if err := d.db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&integrity); err != nil {
		return fmt.Errorf("%w: the database cannot be read (%v)", ErrNotDataset, err)
	}
	if integrity != "ok" {
		// quick_check lists the damage over several lines; the error is one.
		return fmt.Errorf("%w: the database is damaged (%s)", ErrNotDataset, strings.Join(strings.Fields(strings.ReplaceAll(integrity, "\n", "; ")), " "))
	}
	var appID int64
	if err := d.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return fmt.Errorf("%w: %v", ErrNotDataset, err)
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
	if _, err := d.db.ExecContext(ctx, "PRAGMA journal_mode=WAL"); err != nil {
		return err
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
func (d *Dataset) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

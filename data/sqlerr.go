package data

import (
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrBusy is wrapped when another program kept the dataset's write lock
// longer than BusyWait.
var ErrBusy = errors.New("the dataset is busy")

// BusyError says which dataset was busy and what to do about it.
type BusyError struct {
	Path  string
	Cause error
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("%s is busy: another afcontrol (an import, or a window saving an edit) has been writing to it for over %s. "+
		"Nothing was changed; try again when it has finished, or close the other afcontrol (cause: %v)", e.Path, BusyWait, e.Cause)
}

func (e *BusyError) Unwrap() []error { return []error{ErrBusy, e.Cause} }

// explain turns SQLite's own error text into the program's words, naming
// the dataset, with SQLite's text kept as the cause. Errors that are not
// SQLite's, or that it has no better words for, are returned as they are.
func (d *Dataset) explain(err error) error { return explainSQLite(d.path, err) }

// explainSQLite is Dataset.explain for the dataset at path.
func explainSQLite(path string, err error) error {
	var se *sqlite.Error
	var busy *BusyError
	if err == nil || !errors.As(err, &se) || errors.As(err, &busy) || errors.Is(err, ErrNotDataset) {
		return err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return &BusyError{Path: path, Cause: err}
	case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
		return fmt.Errorf("%w: the file is damaged or is not a database (%v)", ErrNotDataset, err)
	case sqlite3.SQLITE_FULL:
		return fmt.Errorf("the disk holding %s is full: nothing was changed; free some space and try again (%v)", path, err)
	case sqlite3.SQLITE_READONLY:
		return fmt.Errorf("%s is read-only (read-only media, or no permission to write it): nothing was changed (%v)", path, err)
	case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR:
		return fmt.Errorf("%s could not be read or written; check that its folder is there and writable (%v)", path, err)
	}
	return err
}

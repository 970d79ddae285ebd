package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"modernc.org/sqlite"
)

// ErrReadOnly is wrapped by every error from a change asked of a dataset
// that was opened read-only; the error says why it is read-only.
var ErrReadOnly = errors.New("the dataset is read-only")

// ReadOnly returns why the dataset was opened read-only (a write-protected
// file or folder, read-only media), or "" when it can be changed.
func (d *Dataset) ReadOnly() string { return d.readOnly }

// readOnlyReason says why the dataset at path cannot be written, or ""
// when nothing says so. The write bits count even for root, who could
// write anyway: a file or folder someone made read-only is meant to stay
// as it is. SQLite in WAL mode writes two files beside the dataset, so the
// folder must be writable too.
func readOnlyReason(path string) string {
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o222 == 0 {
		return "the file is write-protected"
	}
	if err := canWrite(path); err != nil {
		return err.Error()
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err == nil && st.Mode().Perm()&0o222 == 0 {
		return "its folder is write-protected"
	}
	if err := canWrite(dir); err != nil {
		return "its folder: " + err.Error()
	}
	return ""
}

// sqliteCannotWrite reports whether err is SQLite saying it cannot open the
// file for writing or cannot write it: SQLITE_CANTOPEN, SQLITE_READONLY or
// SQLITE_PERM, in any of their extended forms.
func sqliteCannotWrite(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case 14, 8, 3: // CANTOPEN, READONLY, PERM
		return true
	}
	return false
}

// openReadOnly opens the dataset at path for reading only. With no WAL
// file beside it the file is opened immutable, which needs no -shm file
// and so works in a folder that cannot be written; a WAL file left by a
// program that did not close the dataset is read through SQLite's
// ordinary read-only mode, which needs its -shm file. So is a file beside
// its rollback journal: an import that has it to itself (Alone) is
// writing to it, and its reads must take SQLite's locks.
func openReadOnly(path, reason string) (*Dataset, error) {
	immutable := !leftoverJournal(path)
	d, err := openDBMode(path, true, immutable)
	if err != nil && !immutable && leftoverWAL(path) {
		// Without its -shm the WAL cannot be read: show the last
		// checkpoint rather than nothing, and say so.
		d, err = openDBMode(path, true, true)
		reason += "; changes in " + filepath.Base(path) + "-wal not yet written to the file are not shown"
	}
	if err != nil {
		return nil, err
	}
	d.readOnly = reason
	return d, nil
}

// refuseWrite returns the error for a change asked of a read-only dataset.
func (d *Dataset) refuseWrite() error {
	return fmt.Errorf("%w (%s): copy it to a folder you can write to, or make it writable, to change it", ErrReadOnly, d.readOnly)
}

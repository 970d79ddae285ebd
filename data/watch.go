package data

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// Watcher tells whether the dataset changed since it last looked: a commit
// by another program (an import from the command line, a second window) or
// by another connection of this one. It reads SQLite's data_version, which
// costs no I/O, so it can be asked every few seconds.
type Watcher struct {
	mu      sync.Mutex
	conn    *sql.Conn
	version int64
}

// Watch returns a watcher of d, holding one connection of its own until
// Close. Its first Changed reports only commits made after Watch.
func (d *Dataset) Watch(ctx context.Context) (*Watcher, error) {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", d.path, d.explain(err))
	}
	w := &Watcher{conn: conn}
	if w.version, err = w.read(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("watch %s: %w", d.path, d.explain(err))
	}
	return w, nil
}

func (w *Watcher) read(ctx context.Context) (int64, error) {
	var v int64
	err := w.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
	return v, err
}

// Changed reports whether anything was committed to the dataset since Watch
// or the previous Changed. A closed watcher reports false.
func (w *Watcher) Changed(ctx context.Context) (bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conn == nil {
		return false, nil
	}
	v, err := w.read(ctx)
	if err != nil {
		return false, err
	}
	changed := v != w.version
	w.version = v
	return changed, nil
}

// Close releases the watcher's connection; it may be called more than once.
func (w *Watcher) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conn == nil {
		return nil
	}
	err := w.conn.Close()
	w.conn = nil
	return err
}

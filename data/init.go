package data

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// InitReport says what Init stored.
type InitReport struct {
	Boundaries BoundaryReport
	Timeline   EventReport
}

// Init makes a new dataset at path ready to use: boundaries fetched as
// FetchBoundaries does, the gazetteer seeded and the bundled reference
// timeline loaded. It refuses a path where a
// file exists, and removes its own file again when any step fails, so a
// failed init leaves nothing behind.
func Init(ctx context.Context, path string, opt FetchOptions) (InitReport, error) {
	var rep InitReport
	if _, err := os.Stat(path); err == nil {
		return rep, fmt.Errorf("init %s: the file exists; choose another path or remove it", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return rep, fmt.Errorf("init %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return rep, fmt.Errorf("init: %w", err)
	}
	d, err := Create(path)
	if err != nil {
		return rep, err
	}
	fail := func(err error) (InitReport, error) {
		d.Close()
		removeDataset(path)
		return InitReport{}, fmt.Errorf("init %s: %w", path, err)
	}
	rep.Boundaries, err = d.FetchBoundaries(ctx, opt)
	if err != nil {
		return fail(err)
	}
	if rep.Timeline, err = d.LoadBundled(ctx); err != nil {
		return fail(err)
	}
	if err := d.Close(); err != nil {
		return fail(err)
	}
	return rep, nil
}

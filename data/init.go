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
// FetchBoundaries does, from the mirror folder when opt or
// $AFCONTROL_MIRROR names one, else from the copy inside the program (never
// the network), the gazetteer seeded and the bundled reference timeline
// loaded. It refuses a path where a
// file exists, and removes its own file again when any step fails, so a
// failed init leaves nothing behind.
func Init(ctx context.Context, path string, opt FetchOptions) (InitReport, error) {
	opt.Embedded = true
	return initDataset(ctx, path, func(d *Dataset) (BoundaryReport, error) { return d.FetchBoundaries(ctx, opt) })
}

// initDataset makes the dataset at path with the boundaries that
// boundaries stores, then the gazetteer and the bundled timeline.
func initDataset(ctx context.Context, path string, boundaries func(*Dataset) (BoundaryReport, error)) (InitReport, error) {
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
	rep.Boundaries, err = boundaries(d)
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

// InitEmbedded makes a new dataset at path as Init does, always from the
// boundaries inside the program, whatever $AFCONTROL_MIRROR says.
func InitEmbedded(ctx context.Context, path string, progress func(string)) (InitReport, error) {
	return initDataset(ctx, path, func(d *Dataset) (BoundaryReport, error) {
		if progress == nil {
			progress = func(string) {}
		}
		return d.importEmbedded(ctx, progress)
	})
}

// Package datatest gives tests real datasets: one made by data.Init from the
// boundaries built into the program (the geoBoundaries provinces and
// districts) and the bundled reference timeline, once per test binary,
// which each test copies. It needs nothing beside the checkout and no
// network. A package using Dataset or Copy calls Cleanup from its TestMain.
package datatest

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/afcontrol/afcontrol/data"
)

var (
	once     sync.Once
	template string
	initErr  error
)

// Template returns the path of the dataset made once by data.Init from the
// embedded boundaries. Tests must not change it: Copy gives one to change.
func Template(tb testing.TB) string {
	tb.Helper()
	once.Do(func() {
		dir, err := os.MkdirTemp("", "afcontrol-test-")
		if err != nil {
			initErr = err
			return
		}
		template = filepath.Join(dir, "template.gpkg")
		// The boundaries inside the program, whatever $AFCONTROL_MIRROR says:
		// every test sees the same dataset.
		_, initErr = data.InitEmbedded(context.Background(), template, nil)
	})
	if initErr != nil {
		tb.Fatal(initErr)
	}
	return template
}

// Copy returns the path of a private copy of the template, removed with the
// test's temporary folder.
func Copy(tb testing.TB) string {
	tb.Helper()
	src, err := os.Open(Template(tb))
	if err != nil {
		tb.Fatal(err)
	}
	defer src.Close()
	path := filepath.Join(tb.TempDir(), "a.gpkg")
	dst, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		tb.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// Dataset opens a private copy of the template, closed when the test ends.
func Dataset(tb testing.TB) *data.Dataset {
	tb.Helper()
	d, err := data.Open(Copy(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	return d
}

// Cleanup removes the template; call it from TestMain after m.Run.
func Cleanup() {
	if template != "" {
		os.RemoveAll(filepath.Dir(template))
	}
}

// Package datatest gives tests real datasets: the geoBoundaries mirror in
// ../shared beside the checkout, and a dataset made from it by data.Init
// (real boundaries, bundled reference timeline) once per test binary, which
// each test copies.
//
// Outside CI a missing ../shared skips the test that needs it; with CI set it
// fails the test, so that a missing mirror can never turn a run green.
// A package using Dataset or Copy calls Cleanup from its TestMain.
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

// SharedDir returns ../shared/data/sub beside the repository root (the
// folder holding go.mod, found upwards from the working directory).
func SharedDir(tb testing.TB, sub string) string {
	tb.Helper()
	root, err := repoRoot()
	if err != nil {
		tb.Fatal(err)
	}
	dir := filepath.Join(filepath.Dir(root), "shared", "data", sub)
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s is missing: CI needs ../shared beside the checkout", dir)
		}
		tb.Skipf("%s is missing", dir)
	}
	return dir
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

var (
	once     sync.Once
	template string
	initErr  error
)

// Template returns the path of the dataset made once by data.Init from the
// mirror. Tests must not change it: Copy gives one to change.
func Template(tb testing.TB) string {
	tb.Helper()
	mirror := SharedDir(tb, "mirror")
	once.Do(func() {
		dir, err := os.MkdirTemp("", "afcontrol-test-")
		if err != nil {
			initErr = err
			return
		}
		template = filepath.Join(dir, "template.gpkg")
		_, initErr = data.Init(context.Background(), template, data.FetchOptions{Mirror: mirror})
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

package data

import (
	"os"
	"path/filepath"
	"testing"
)

// sharedDir returns ../shared/data/<sub> beside the project checkout. Outside
// CI a missing folder skips the test; in CI it fails it, so that a missing
// mirror can never turn the suite green by skipping.
func sharedDir(tb testing.TB, sub string) string {
	tb.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "shared", "data", sub))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s is missing: CI needs ../shared beside the checkout", dir)
		}
		tb.Skipf("%s is missing", dir)
	}
	return dir
}

func mirrorFile(tb testing.TB, name string) string {
	return filepath.Join(sharedDir(tb, "mirror"), name)
}

// newDataset creates an empty dataset in a temporary folder.
func newDataset(tb testing.TB) *Dataset {
	tb.Helper()
	d, err := Create(filepath.Join(tb.TempDir(), "test.gpkg"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	return d
}

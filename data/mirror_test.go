package data

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/afcontrol/afcontrol/assets"
	"github.com/afcontrol/afcontrol/data/shapefile/shapefiletest"
)

// badDir holds the project's own hostile inputs (see its README.md).
const badDir = "testdata/bad"

var (
	mirrorOnce sync.Once
	mirrorPath string
	mirrorErr  error
)

// embeddedMirror returns a folder laid out as a geoBoundaries mirror, made
// once per test binary from the boundaries built into the program: the
// province and district GeoJSON under their upstream names, the districts
// also as a shapefile (see shapefiletest), and a SHA256SUMS listing them.
// Tests must not change it; TestMain removes it.
func embeddedMirror(tb testing.TB) string {
	tb.Helper()
	mirrorOnce.Do(func() { mirrorPath, mirrorErr = writeEmbeddedMirror(tb) })
	if mirrorErr != nil {
		tb.Fatal(mirrorErr)
	}
	return mirrorPath
}

func writeEmbeddedMirror(tb testing.TB) (string, error) {
	dir, err := os.MkdirTemp("", "afcontrol-mirror-")
	if err != nil {
		return "", err
	}
	m, err := assets.Boundaries()
	if err != nil {
		return "", err
	}
	var sums strings.Builder
	write := func(name string, b []byte) error {
		h := sha256.Sum256(b)
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(h[:]), name)
		return os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	for _, f := range m.Files {
		b, err := assets.ReadBoundary(f)
		if err != nil {
			return "", err
		}
		if err := write(f.Name, b); err != nil {
			return "", err
		}
	}
	for ext, b := range shapefiletest.Districts(tb) {
		if err := write(shapefiletest.Name+ext, b); err != nil {
			return "", err
		}
	}
	return dir, os.WriteFile(filepath.Join(dir, "SHA256SUMS"), []byte(sums.String()), 0o644)
}

// removeEmbeddedMirror removes the folder embeddedMirror made.
func removeEmbeddedMirror() {
	if mirrorPath != "" {
		os.RemoveAll(mirrorPath)
	}
}

func mirrorFile(tb testing.TB, name string) string {
	return filepath.Join(embeddedMirror(tb), name)
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

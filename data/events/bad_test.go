package events

import (
	"os"
	"path/filepath"
	"testing"
)

// badDir is the project's folder of hostile inputs (see its README.md),
// shared with the data package's tests.
const badDir = "../testdata/bad"

// openBad opens one hostile input.
func openBad(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join(badDir, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

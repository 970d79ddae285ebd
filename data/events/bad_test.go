package events

import (
	"os"
	"path/filepath"
	"testing"
)

// badDir is the shared folder of hostile inputs, beside the repository.
const badDir = "../../../shared/data/bad"

// openBad opens one shared hostile input. Outside CI a missing folder skips
// the test; in CI it fails it.
func openBad(t *testing.T, name string) *os.File {
	t.Helper()
	if _, err := os.Stat(badDir); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("%s not found: %v", badDir, err)
		}
		t.Fatalf("%s not found (CI is set, so the shared data must be there): %v", badDir, err)
	}
	f, err := os.Open(filepath.Join(badDir, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

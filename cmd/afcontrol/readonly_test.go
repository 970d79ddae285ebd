package main

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/data/datatest"
)

// TestReadOnlyDataset runs the headless commands on a dataset in a folder
// made read-only as `chmod -R a-w` does: status, render and export work, an
// import is refused with the reason, and the file is not changed.
func TestReadOnlyDataset(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "stick")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "a.gpkg")
	b, err := os.ReadFile(datatest.Template(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, b, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(db, 0o444)
	os.Chmod(dir, 0o555)
	t.Cleanup(func() { os.Chmod(dir, 0o755); os.Chmod(db, 0o644) })
	before := sha256.Sum256(b)

	if out := afc(t, "status", "--db", db, "--date", "2021-08-15"); !strings.Contains(out, "398") {
		t.Errorf("status on a read-only dataset:\n%s", out)
	}
	outDir := t.TempDir()
	afc(t, "render", "--db", db, "--date", "2021-08-15", "--width", "400", "--height", "300", "-o", filepath.Join(outDir, "m.png"))
	afc(t, "export", "csv", "--db", db, "--date", "2021-08-15", "-o", filepath.Join(outDir, "s.csv"))
	for _, f := range []string{"m.png", "s.csv"} {
		if st, err := os.Stat(filepath.Join(outDir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s was not written from the read-only dataset: %v", f, err)
		}
	}

	csv := filepath.Join(outDir, "e.csv")
	os.WriteFile(csv, []byte("date,province,district,status,kind,claim,actor,source,source_url,confidence,notes\n2021-08-02,Herat,Guzara,taliban,captured,false,Taliban,TOLOnews,,low,\n"), 0o644)
	var out, errOut bytes.Buffer
	if code := run([]string{"events", "import", "--db", db, csv}, &out, &errOut); code == 0 || !strings.Contains(errOut.String(), "read-only") {
		t.Errorf("import into a read-only dataset: exit %d, %q", code, errOut.String())
	}
	after, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if sha256.Sum256(after) != before {
		t.Error("the read-only dataset changed")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*-*")); len(left) > 0 {
		t.Errorf("files left beside the dataset: %v", left)
	}
}

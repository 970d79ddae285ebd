package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/datatest"
)

// oneBadRow writes a native event file of one good row (line 2) and one
// whose district does not exist (line 3), and returns its path.
func oneBadRow(t *testing.T) string {
	t.Helper()
	csv := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(csv, []byte("date,province,district,status,kind,claim,actor,source,source_url,confidence,notes\n"+
		"2021-08-02,Herat,Guzara,taliban,captured,false,Taliban,TOLOnews,,low,\n"+
		"2021-08-03,Herat,Narnia,taliban,captured,false,Taliban,TOLOnews,,low,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return csv
}

// TestEventsImportAdvice checks that a refused import says what to do on
// the command line: --skip-bad for an import, and why --sync takes no bad
// row; the dataset's error itself gives no flags.
func TestEventsImportAdvice(t *testing.T) {
	db := datatest.Copy(t)
	csv := oneBadRow(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "use --skip-bad to import the good rows"},
		{[]string{"--sync", "--skip-bad"}, "--sync takes no file with bad rows"},
	} {
		var out, errOut bytes.Buffer
		args := append(append([]string{"events", "import", "--db", db}, tt.args...), csv)
		code := run(args, &out, &errOut)
		msg := errOut.String()
		if code == 0 || !strings.Contains(msg, "line 3") || !strings.Contains(msg, "1 bad row, nothing imported") || !strings.Contains(msg, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want the bad row and %q", tt.args, code, msg, tt.want)
		}
		if strings.Count(msg, tt.want) != 1 {
			t.Errorf("%v: the advice is given more than once: %q", tt.args, msg)
		}
	}
}

// TestEventsImportWithoutDistricts: events imported into a dataset without
// districts are refused with the dataset's reason, and the command adds
// what to do; the dataset's own error names no command.
func TestEventsImportWithoutDistricts(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "empty.gpkg")
	d, err := data.Create(db)
	if err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(dir, "one.csv")
	os.WriteFile(csv, []byte("date,province,district,status,kind,claim,actor,source,source_url,confidence,notes\n"+
		"2021-08-02,Herat,Guzara,taliban,captured,false,Taliban,TOLOnews,,low,\n"), 0o644)
	_, err = d.ImportEvents(context.Background(), csv, data.EventOptions{})
	d.Close()
	if !errors.Is(err, data.ErrNoDistricts) || strings.Contains(err.Error(), "afcontrol") {
		t.Fatalf("import into a dataset without districts: %v; want ErrNoDistricts and no command named", err)
	}
	var out, errOut bytes.Buffer
	code := run([]string{"events", "import", "--db", db, csv}, &out, &errOut)
	if msg := errOut.String(); code == 0 || !strings.Contains(msg, "no districts yet") || !strings.Contains(msg, "afcontrol boundaries fetch") {
		t.Errorf("exit %d, stderr %q; want the reason and 'afcontrol boundaries fetch'", code, msg)
	}
}

// TestEventsImportSkipBadSays: with --skip-bad the good rows go in and the
// summary counts the rejects in words that agree with the count.
func TestEventsImportSkipBadSays(t *testing.T) {
	db := datatest.Copy(t)
	csv := oneBadRow(t)
	var out, errOut bytes.Buffer
	if code := run([]string{"events", "import", "--db", db, "--skip-bad", csv}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if msg := out.String(); !strings.Contains(msg, "1 event imported") || !strings.Contains(msg, "1 row rejected, written with their reasons to ") {
		t.Errorf("the summary says %q", msg)
	}
}

package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/data/datatest"
	"github.com/afcontrol/afcontrol/data/events"
)

// statusDays prints `status --json` for every fourteenth day of 2021 and
// every third day of its summer, when most districts changed (the data
// package compares every day of the whole timeline).
func statusDays(t *testing.T, db string) []string {
	t.Helper()
	var out []string
	first, _ := events.ParseDay("2021-01-01")
	last, _ := events.ParseDay("2021-12-31")
	for day := first; day <= last; day++ {
		summer := day.String()[5:7] >= "06" && day.String()[5:7] <= "09"
		if (summer && (day-first)%3 != 0) || (!summer && (day-first)%14 != 0) {
			continue
		}
		out = append(out, afc(t, "status", "--db", db, "--date", day.String(), "--json"))
	}
	return out
}

func TestBoundaryReplaceAndRestoreFromTheCommandLine(t *testing.T) {
	db := datatest.Copy(t)
	three, err := filepath.Abs(filepath.Join("..", "..", "data", "testdata", "three-districts.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	before := statusDays(t, db)

	var out, errOut bytes.Buffer
	if code := run([]string{"boundaries", "import", "--db", db, three}, &out, &errOut); code != 1 {
		t.Fatalf("importing three districts over 398: exit %d, want 1", code)
	}
	for _, want := range []string{"three-districts.geojson would leave", "without a district", "--replace", "boundaries restore 2"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("refusal %q does not say %q", errOut.String(), want)
		}
	}

	rep := afc(t, "boundaries", "import", "--replace", "--db", db, three)
	if !strings.Contains(rep, "3 districts") || !strings.Contains(rep, "set 2 is kept") {
		t.Errorf("replacement report:\n%s", rep)
	}
	if st := afc(t, "status", "--db", db, "--date", "2021-08-15"); !strings.Contains(st, "events have no district in the boundary set in use") ||
		!strings.Contains(st, "Badghis/Qala-I- Naw") {
		t.Errorf("status does not list the events left without a district:\n%s", st[max(0, len(st)-600):])
	}
	hist := afc(t, "boundaries", "history", "--db", db)
	for _, want := range []string{"2    district  kept    398", "3    district  active  3"} {
		if !strings.Contains(hist, want) {
			t.Errorf("history lacks %q:\n%s", want, hist)
		}
	}
	afc(t, "boundaries", "restore", "--db", db, "2")
	after := statusDays(t, db)
	for i := range before {
		if before[i] != after[i] {
			t.Fatalf("status --json of day %d of the sample differs after the restore", i+1)
		}
	}
	out.Reset()
	errOut.Reset()
	if code := run([]string{"boundaries", "restore", "--db", db, "two"}, &out, &errOut); code != 2 {
		t.Errorf("restore two: exit %d, want 2 (usage): %s", code, errOut.String())
	}
}

// TestBoundaryAdviceFromTheCommandLine checks that the command line, not
// data, names the flag that gets past a refusal.
func TestBoundaryAdviceFromTheCommandLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "d.gpkg")
	noName, err := filepath.Abs(filepath.Join("..", "..", "data", "testdata", "bad", "boundaries-no-name-field.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"boundaries", "import", "--db", db, noName}, []string{"no name field found", "name one with --name-field"}},
		{[]string{"boundaries", "restore", "--db", db, "99"}, []string{"no such boundary set", "'afcontrol boundaries history' lists them"}},
	} {
		var out, errOut bytes.Buffer
		if code := run(c.args, &out, &errOut); code != 1 {
			t.Errorf("%s: exit %d, want 1: %s", strings.Join(c.args, " "), code, errOut.String())
		}
		for _, want := range c.want {
			if !strings.Contains(errOut.String(), want) {
				t.Errorf("%s: %q does not say %q", strings.Join(c.args, " "), errOut.String(), want)
			}
		}
	}
}

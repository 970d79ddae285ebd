package events

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// checkRead holds for every reader on any input: a file-level error comes
// without rows; otherwise rows and row errors stay in file order, every row
// is valid and every row error names the file and a line.
func checkRead(t *testing.T, rows []Row, err error, feature bool) {
	var es RowErrors
	if err != nil && !errors.As(err, &es) {
		if rows != nil {
			t.Fatalf("file-level error %v with %d rows", err, len(rows))
		}
		return
	}
	last := 0
	for _, r := range rows {
		if r.Line <= last {
			t.Fatalf("rows out of order: line %d after %d", r.Line, last)
		}
		last = r.Line
		if r.Skip != "" {
			if r != (Row{Line: r.Line, Skip: r.Skip}) {
				t.Fatalf("skipped row carries fields: %+v", r)
			}
			continue
		}
		if r.Deleted {
			if r != (Row{Line: r.Line, Deleted: true, SourceID: r.SourceID}) || r.SourceID == "" {
				t.Fatalf("deleted row %+v", r)
			}
			continue
		}
		if r.Source == "" || r.Status > NoChange || r.Confidence > High {
			t.Fatalf("invalid row accepted: %+v", r)
		}
		if r.HasPoint && (r.Lat < -90 || r.Lat > 90 || r.Lon < -180 || r.Lon > 180) {
			t.Fatalf("point out of range accepted: %+v", r)
		}
		if _, perr := ParseDay(r.Date.String()); perr != nil {
			t.Fatalf("row date %v does not parse back: %v", r.Date, perr)
		}
	}
	for _, e := range es {
		if e.Line < 1 || e.Reason == "" || e.Feature != feature || !strings.HasPrefix(e.Error(), "f: ") {
			t.Fatalf("bad row error %+v", e)
		}
	}
}

func addSeeds(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, _ := filepath.Glob(p)
		for _, name := range files {
			b, err := os.ReadFile(name)
			if err == nil {
				f.Add(b)
			}
		}
	}
}

func FuzzReadNative(f *testing.F) {
	addSeeds(f, "testdata/events-*.csv", filepath.Join(badDir, "events-*.csv"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := ReadNative("f", bytes.NewReader(b), Options{})
		checkRead(t, rows, err, false)
		if err != nil {
			return
		}
		rows = slices.DeleteFunc(rows, func(r Row) bool { return r.Skip != "" })
		// What was read writes out and reads back the same.
		var out bytes.Buffer
		if werr := WriteNative(&out, rows); werr != nil {
			t.Fatal(werr)
		}
		back, berr := ReadNative("f", &out, Options{})
		if berr != nil || len(back) != len(rows) {
			t.Fatalf("round trip: %d rows, %v", len(back), berr)
		}
		for i := range rows {
			a, b := rows[i], back[i]
			a.Line, b.Line = 0, 0
			if a != b {
				t.Fatalf("round trip row %d:\n got %+v\nwant %+v", i, b, a)
			}
		}
	})
}

func FuzzReadACLED(f *testing.F) {
	addSeeds(f, "testdata/acled-*.csv")
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := ReadACLED("f", bytes.NewReader(b), Options{Encoding: "windows-1252"})
		checkRead(t, rows, err, false)
	})
}

// The API JSON readers share ReadACLED and ReadUCDP; these targets start
// from JSON seeds so the fuzzer explores that path.
func FuzzReadACLEDJSON(f *testing.F) {
	addSeeds(f, "testdata/acled-*.json")
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := ReadACLED("f", bytes.NewReader(b), Options{DateOrder: "dmy"})
		checkRead(t, rows, err, true)
	})
}

func FuzzReadUCDPJSON(f *testing.F) {
	addSeeds(f, "testdata/ucdp-*.json")
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := ReadUCDP("f", bytes.NewReader(b), Options{})
		checkRead(t, rows, err, true)
	})
}

// FuzzReadActors checks that every actor a table accepts is then found.
func FuzzReadActors(f *testing.F) {
	f.Add([]byte("actor,status\nHezb-e Islami,government\n"))
	f.Add([]byte("Actor;Status\n\"NRF: x\";taliban\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ReadActors("f", bytes.NewReader(b))
		if err != nil {
			return
		}
		rows, _ := csv.NewReader(bytes.NewReader(b)).ReadAll()
		for i, r := range rows[min(1, len(rows)):] {
			if i == 0 && isHXL(r) {
				continue // a hashtag row is skipped, not an actor
			}
			if len(r) == 2 && strings.TrimSpace(r[0]) != "" {
				if _, ok := a.Lookup(r[0]); !ok {
					t.Fatalf("actor %q accepted but not found", r[0])
				}
			}
		}
	})
}

// FuzzSourceDay checks that every date the source readers accept is a real
// day that prints and parses back.
func FuzzSourceDay(f *testing.F) {
	for _, s := range []string{"07-Jul-21", "7 July 2021", "2021-07-07T00:00:00", "2021-07-07 00:00:00.000", "7/7/2021", "31/02/2021", "1-Jan-1899"} {
		f.Add(s, "dmy")
		f.Add(s, "mdy")
	}
	f.Fuzz(func(t *testing.T, s, order string) {
		c := rowCheck{file: "f", line: 1}
		d := c.sourceDay("date", s, order)
		if c.errs != nil {
			if c.errs[0].Reason == "" {
				t.Fatal("empty reason")
			}
			return
		}
		if _, err := ParseDay(d.String()); err != nil {
			t.Fatalf("sourceDay(%q) = %v, which does not parse: %v", s, d, err)
		}
	})
}

func FuzzReadUCDP(f *testing.F) {
	addSeeds(f, "testdata/ucdp-*.csv")
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := ReadUCDP("f", bytes.NewReader(b), Options{})
		checkRead(t, rows, err, false)
	})
}

func FuzzReadGeoJSON(f *testing.F) {
	addSeeds(f, "testdata/*.geojson")
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := ReadGeoJSON("f", bytes.NewReader(b))
		checkRead(t, rows, err, true)
	})
}

func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"2021-07-07", "2020-02-29", "2021-02-31", "07/08/2021", "yesterday", "", "1900-01-01", "2100-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDay(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty reason")
			}
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDay(%q) = %v, which prints differently", s, d)
		}
	})
}

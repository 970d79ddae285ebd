package events

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
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

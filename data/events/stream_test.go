package events

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestStreamMatchesRead checks that every format hands over, one at a time
// and in file order, the rows and problems its Read function returns.
func TestStreamMatchesRead(t *testing.T) {
	for _, tt := range []struct{ format, file string }{
		{"native", "events-small.csv"},
		{"acled", "acled-sample.csv"},
		{"acled", "acled-bad.csv"},
		{"acled", "acled-api.json"},
		{"ucdp", "ucdp-sample.csv"},
		{"ucdp", "ucdp-api.json"},
		{"geojson", "events-sample.geojson"},
		{"geojson", "events-bad.geojson"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var want []Row
			var wantBad RowErrors
			switch tt.format {
			case "native":
				want, err = ReadNative(tt.file, strings.NewReader(string(b)), Options{})
			case "acled":
				want, err = ReadACLED(tt.file, strings.NewReader(string(b)), Options{})
			case "ucdp":
				want, err = ReadUCDP(tt.file, strings.NewReader(string(b)), Options{})
			case "geojson":
				want, err = ReadGeoJSON(tt.file, strings.NewReader(string(b)))
			}
			if err != nil && !errors.As(err, &wantBad) {
				t.Fatal(err)
			}
			var got []Row
			var gotBad RowErrors
			var order []int // lines, rows and problems as they came
			err = Stream(tt.format, tt.file, strings.NewReader(string(b)), Options{}, Sink{
				Row: func(r Row) error { got = append(got, r); order = append(order, r.Line); return nil },
				Bad: func(e RowError) { gotBad = append(gotBad, e); order = append(order, e.Line) },
			})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) || fmt.Sprint(gotBad) != fmt.Sprint(wantBad) {
				t.Errorf("Stream gave %d rows and %d problems, Read %d and %d", len(got), len(gotBad), len(want), len(wantBad))
			}
			if !slices.IsSorted(order) {
				t.Errorf("rows and problems out of file order: lines %v", order)
			}
		})
	}
}

// TestStreamStopsOnSinkError checks that an error from the sink ends the
// read at once and comes back as it is.
func TestStreamStopsOnSinkError(t *testing.T) {
	stop := errors.New("enough")
	n := 0
	f, err := os.Open(filepath.Join("testdata", "events-small.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	err = Stream("native", "events-small.csv", f, Options{}, Sink{
		Row: func(Row) error { n++; return stop },
		Bad: func(RowError) {},
	})
	if err != stop || n != 1 {
		t.Errorf("error %v after %d rows, want %v after 1", err, n, stop)
	}
	if err := Stream("xml", "a.xml", strings.NewReader(""), Options{}, Sink{}); err == nil || !strings.Contains(err.Error(), "unknown format") {
		t.Errorf("unknown format: %v", err)
	}
}

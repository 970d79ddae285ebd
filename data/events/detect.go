package events

import (
	"bytes"
	"encoding/csv"
	"path/filepath"
	"slices"
	"strings"
)

// Detect names the format of a file from its name and its first bytes:
// "native", "acled", "ucdp" or "geojson", or "" when it cannot tell. A .geojson
// name, or a .json name or any content starting with '{' (after a byte
// order mark and spaces), is "geojson". Otherwise the first line is read as
// a CSV header: exactly the native columns (any case) is "native"; event_date,
// admin1 and sub_event_type is "acled"; date_start, adm_1 and where_prec or
// side_a is "ucdp"; any other header in a .csv file is "native", so that
// ReadNative can name the columns it lacks. head may stop mid-line; a header cut short may not be
// recognised, so pass a few KiB.
func Detect(name string, head []byte) (format string) {
	head = bytes.TrimPrefix(head, utf8BOM)
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".geojson" || (len(trimmed) > 0 && trimmed[0] == '{') {
		return "geojson"
	}
	if ext == ".json" {
		return ""
	}
	line := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		line = head[:i]
	}
	cr := csv.NewReader(bytes.NewReader(line))
	cr.LazyQuotes = true
	rec, err := cr.Read()
	if err != nil {
		return ""
	}
	cols := make([]string, len(rec))
	for i, h := range rec {
		cols[i] = strings.ToLower(strings.TrimSpace(h))
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if !slices.Contains(cols, n) {
				return false
			}
		}
		return true
	}
	switch {
	case slices.Equal(cols, nativeColumns):
		return "native"
	case has("event_date", "admin1", "sub_event_type"):
		return "acled"
	case has("date_start", "adm_1", "where_prec"), has("date_start", "adm_1", "side_a"):
		return "ucdp"
	case ext == ".csv":
		return "native"
	}
	return ""
}

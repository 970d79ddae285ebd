package events

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
)

// Detect names the format of a file from its name and its first bytes:
// "native", "acled", "ucdp" or "geojson", or "" when it cannot tell.
//
// Text that starts with '{' (after a byte order mark and spaces) is JSON:
// a top-level "data" member before any "type" or "features" makes it the
// ACLED API's ("acled"), a "Result" member the UCDP API's ("ucdp"), anything
// else "geojson"; so is any .geojson name. A .json name that is not JSON
// gives "".
//
// Otherwise the first line is read as a CSV header, in UTF-8 or UTF-16 with
// a byte order mark, with the comma, semicolon or tab it holds most of:
// the native columns (any case, with or without the optional trailing
// source_id and scope) is "native"; event_date, admin1 and sub_event_type,
// or event_id_cnty and deleted_timestamp, is "acled"; date_start, adm_1 and where_prec or side_a is "ucdp"; any other
// header in a .csv, .tsv or .txt file is "native", so that ReadNative can
// name the columns it lacks. head may stop mid-line; a header cut short may
// not be recognised, so pass a few KiB.
func Detect(name string, head []byte) (format string) {
	switch {
	case bytes.HasPrefix(head, utf8BOM):
		head = head[3:]
	case bytes.HasPrefix(head, utf16LE), bytes.HasPrefix(head, utf16BE):
		head = decodeUTF16Head(head[2:], head[0] == 0xFE)
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	ext := strings.ToLower(filepath.Ext(name))
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return jsonKind(trimmed)
	}
	if ext == ".geojson" {
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
	cr.Comma = rune(delimiterOf(line))
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
	all := append(NativeColumns(), nativeOptional...)
	switch {
	case len(cols) >= len(nativeColumns) && len(cols) <= len(all) && slices.Equal(cols, all[:len(cols)]):
		return "native"
	case has("event_date", "admin1", "sub_event_type"), has("event_id_cnty", "deleted_timestamp"):
		return "acled"
	case has("date_start", "adm_1", "where_prec"), has("date_start", "adm_1", "side_a"):
		return "ucdp"
	case ext == ".csv", ext == ".tsv", ext == ".txt":
		return "native"
	}
	return ""
}

// jsonKind reads the top-level member names of a JSON object (as far as
// head goes) and names the format they belong to.
func jsonKind(head []byte) string {
	dec := json.NewDecoder(bytes.NewReader(head))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return "geojson"
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		key, _ := tok.(string)
		switch {
		case key == "type" || key == "features":
			return "geojson"
		case key == "data":
			return "acled"
		case strings.EqualFold(key, "result"):
			return "ucdp"
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			break
		}
	}
	return "geojson"
}

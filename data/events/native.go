package events

import (
	"io"
	"strings"
)

var nativeColumns = []string{"date", "province", "district", "status", "kind", "claim", "actor", "source", "source_url", "confidence", "notes"}

// nativeOptional are the columns that may follow the native ones, in this
// order: a file may end after any of them.
var nativeOptional = []string{"source_id", "scope"}

// NativeColumns returns the native CSV header, in order:
// date, province, district, status, kind, claim, actor, source, source_url,
// confidence, notes.
func NativeColumns() []string {
	return append([]string(nil), nativeColumns...)
}

// ReadNative reads a native events CSV: UTF-8 with or without a byte order
// mark or UTF-16 with one, LF or CRLF line ends, RFC 4180 quoting (cells
// may hold delimiters and newlines; the delimiter is the comma, semicolon or
// tab the header uses most), a header of exactly NativeColumns, in that
// order, except for case and surrounding spaces, optionally followed by
// source_id, or by source_id and scope. A row of hashtags right after the
// header (an HXL copy) comes back as a Row with Skip set.
//
// Each row is checked whole:
//   - date strict YYYY-MM-DD (see ParseDay);
//   - scope district (also when empty or absent), province or country;
//   - province and district required for a district, province only (the
//     district empty) for a province, both empty for the country (kept as
//     written, trimmed);
//   - status government, contested, taliban, unknown or nochange;
//   - kind free text, lower-cased; claim true/false/yes/no/1/0;
//   - source required; source_url empty or an http(s) URL;
//   - confidence low, medium or high, required;
//   - source_id free text, the source's own id for the event;
//   - no control characters except tab and newlines in notes.
//
// A cell that starts with ' followed by what a spreadsheet would run as a
// formula (see NeutraliseCell) loses that one quote, so WriteNative output
// reads back as it was.
//
// The error is RowErrors listing every bad row (a row with the wrong number
// of cells, a cell over MaxField bytes, text that is not UTF-8 under the
// default encoding, a CSV quoting error, any bad field), returned beside the
// good rows so a caller can keep them. A wrong header (a *HeaderError naming
// the missing and extra columns), a record over 1 MiB (ErrTooLarge) or a
// read failure is a file-level error with no rows. A header with no rows
// gives no rows and no error.
func ReadNative(name string, r io.Reader, opt Options) ([]Row, error) {
	return collect(func(s Sink) error { return streamNative(name, r, opt, s) })
}

func streamNative(name string, r io.Reader, opt Options, s Sink) error {
	f, err := openCSV(name, r, opt)
	if err != nil {
		return err
	}
	if err := checkNativeHeader(name, f.header); err != nil {
		return err
	}
	bad := s.Bad
	// A reject keeps each cell's text, not its spreadsheet-safe spelling:
	// WriteRejects makes it safe once, and reading the fixed row back gives
	// exactly the text the original would have stored.
	s.Bad = func(e RowError) {
		rec := make([]string, len(e.Record))
		for j, cell := range e.Record {
			rec[j] = unneutralise(cell)
		}
		e.Record = rec
		bad(e)
	}
	return readRows(f, len(f.header), func(n int) string { return "want " + itoa(n) }, func(line int, rec []string) (Row, []RowError) {
		return nativeRow(name, line, rec)
	}, s)
}

func checkNativeHeader(name string, header []string) error {
	index, dup := columnIndex(header)
	e := &HeaderError{File: name, Line: 1, Duplicated: dup}
	for _, c := range nativeColumns {
		if _, ok := index[c]; !ok {
			e.Missing = append(e.Missing, c)
		}
	}
	all := append(NativeColumns(), nativeOptional...)
	want := make(map[string]bool, len(all))
	for _, c := range all {
		want[c] = true
	}
	for _, h := range header {
		k := strings.ToLower(strings.TrimSpace(h))
		if !want[k] {
			if k == "" {
				k = `""`
			}
			e.Extra = append(e.Extra, k)
		}
	}
	if e.Missing != nil || e.Extra != nil || e.Duplicated != nil {
		return e
	}
	for c, i := range index {
		if i >= len(all) || all[i] != c {
			e.Reason = "columns out of order, want " + strings.Join(all, ",") + " (the last two optional)"
			return e
		}
	}
	return nil
}

func nativeRow(name string, line int, rec []string) (Row, []RowError) {
	c := rowCheck{file: name, line: line, record: rec}
	v := make([]string, len(nativeColumns)+len(nativeOptional))
	for i, cell := range rec {
		v[i] = unneutralise(cell)
	}
	scope, err := ParseScope(v[12])
	if err != nil {
		c.fail("scope", v[12], err.Error())
	}
	row := Row{
		Line:       line,
		Date:       c.day("date", v[0]),
		Scope:      scope,
		Province:   c.text("province", v[1], scope != ScopeCountry, false),
		District:   c.text("district", v[2], scope == ScopeDistrict, false),
		Status:     c.status("status", v[3]),
		Kind:       strings.ToLower(c.text("kind", v[4], false, false)),
		Claim:      c.claim("claim", v[5]),
		Actor:      c.text("actor", v[6], false, false),
		Source:     c.text("source", v[7], true, false),
		SourceURL:  c.sourceURL("source_url", v[8]),
		Confidence: c.confidence("confidence", v[9]),
		Notes:      c.text("notes", v[10], false, true),
		SourceID:   c.text("source_id", v[11], false, false),
	}
	switch {
	case scope == ScopeProvince && row.District != "":
		c.fail("district", row.District, "must be empty in a province-scope row")
	case scope == ScopeCountry && row.Province != "":
		c.fail("province", row.Province, "must be empty in a country-scope row")
	case scope == ScopeCountry && row.District != "":
		c.fail("district", row.District, "must be empty in a country-scope row")
	}
	return row, c.errs
}

package events

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// RowError is one problem in one row of a file: where it is, which field,
// the value found and why it was refused.
type RowError struct {
	File string
	// Line is the 1-based line where the record starts, or the 1-based
	// feature number when Feature is true.
	Line    int
	Feature bool
	// Field is the column or property name; empty when the problem is the
	// whole row (a ragged row, a CSV syntax error).
	Field, Value, Reason string
	// Record is the row as read, cell by cell (a GeoJSON feature is one cell
	// of its JSON text), so a caller can write it back out with WriteRejects.
	// For a native file each cell is its text, with the spreadsheet-safety
	// quote that ReadNative takes away already taken away.
	Record []string
}

// Error formats the problem as
// `events.csv: line 3: date "07/08/2021": ambiguous day/month, use YYYY-MM-DD`.
// Values longer than 80 bytes are cut short with "…".
func (e RowError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Feature {
		fmt.Fprintf(&b, ": feature %d: ", e.Line)
	} else {
		fmt.Fprintf(&b, ": line %d: ", e.Line)
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteByte(' ')
		b.WriteString(strconv.Quote(shorten(e.Value, 80)))
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// RowErrors is every bad row of a file, in file order; a row with several bad
// fields appears once per field. It is returned as an error beside the good
// rows.
type RowErrors []RowError

// Error lists every problem, one per line, after the count of bad rows (or
// features). An empty list gives "no errors".
func (es RowErrors) Error() string {
	if len(es) == 0 {
		return "no errors"
	}
	var b strings.Builder
	rows := len(es.Rejects())
	one, many := "row", "rows"
	if es[0].Feature {
		one, many = "feature", "features"
	}
	fmt.Fprintf(&b, "%s: %d bad %s:", es[0].File, rows, plural(rows, one, many))
	for _, e := range es {
		b.WriteString("\n\t")
		b.WriteString(e.Error())
	}
	return b.String()
}

// Rejects groups the problems by row: one Reject per bad row, in file order,
// with its record and every reason ("field: reason") found in it.
func (es RowErrors) Rejects() []Reject {
	var out []Reject
	for _, e := range es {
		reason := e.Reason
		if e.Field != "" {
			reason = e.Field + ": " + reason
		}
		if n := len(out); n > 0 && out[n-1].Line == e.Line {
			out[n-1].Reasons = append(out[n-1].Reasons, reason)
			continue
		}
		out = append(out, Reject{Line: e.Line, Record: e.Record, Reasons: []string{reason}})
	}
	return out
}

// HeaderError is a file whose header does not have the columns a format
// needs. Nothing in the file is read when the header is wrong.
type HeaderError struct {
	File                       string
	Line                       int
	Missing, Extra, Duplicated []string
	// Reason is set when the columns are all there but something else is
	// wrong (their order, an empty file).
	Reason string
}

// Error names the missing, unexpected and duplicated columns.
func (e *HeaderError) Error() string {
	var parts []string
	if len(e.Missing) > 0 {
		parts = append(parts, "missing "+plural(len(e.Missing), "column ", "columns ")+strings.Join(e.Missing, ", "))
	}
	if len(e.Extra) > 0 {
		parts = append(parts, "unexpected "+plural(len(e.Extra), "column ", "columns ")+strings.Join(e.Extra, ", "))
	}
	if len(e.Duplicated) > 0 {
		parts = append(parts, "duplicated "+plural(len(e.Duplicated), "column ", "columns ")+strings.Join(e.Duplicated, ", "))
	}
	if e.Reason != "" {
		parts = append(parts, e.Reason)
	}
	return fmt.Sprintf("%s: line %d: header: %s", e.File, e.Line, strings.Join(parts, "; "))
}

// ErrTooLarge is wrapped by the error for a record or feature too large to
// hold safely; the file is refused whole, since nothing after it can be
// trusted to be read right.
var ErrTooLarge = errors.New("too large")

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && s[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
		cut--
	}
	return s[:cut] + "…"
}

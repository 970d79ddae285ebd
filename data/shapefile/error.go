package shapefile

import (
	"fmt"
	"strings"
)

// FormatError reports a shapefile that cannot be read as it is. Every number in it
// counts from 1, as the .shp numbers its records, so that the message and the fields
// agree with what a reader counts in the file.
//
// File is the name of the file at fault ("districts.shp", "districts.dbf", or
// "districts.zip/districts.shp" for an entry inside an archive). Record is the record
// number (Feature.Index+1), or 0 when the fault is in the file as a whole (its header,
// its size, an archive entry). Ring is the ring (the .shp's "part") of the record at
// fault and Vertex the point within that ring, 0 when the fault is not in one. Field is
// the dBASE field at fault, "" when none.
type FormatError struct {
	File   string
	Record int
	Ring   int
	Vertex int
	Field  string
	Reason string
}

// Error reads like "districts.shp: record 17: ring 2 has 3 points, a ring needs at
// least 4" or "districts.shp: record 5: ring 1 vertex 8: latitude is NaN"; the record,
// ring, vertex and field parts are left out when they do not apply.
func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Record > 0 {
		fmt.Fprintf(&b, ": record %d", e.Record)
	}
	b.WriteString(e.Detail())
	return b.String()
}

// Detail is the message after the file and the record, starting with ": ":
// ": ring 2 has 3 points…", ": ring 2 vertex 5: latitude is NaN", `: field "NAME": …`,
// or ": " and the reason alone when the fault is in the record or file as a whole. It
// lets a caller that numbers the record itself (as a feature) keep the rest.
func (e *FormatError) Detail() string {
	var b strings.Builder
	sep := ": "
	if e.Ring > 0 {
		fmt.Fprintf(&b, ": ring %d", e.Ring)
		sep = " " // "ring 2 has 3 points", as a sentence
		if e.Vertex > 0 {
			fmt.Fprintf(&b, " vertex %d", e.Vertex)
			sep = ": "
		}
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": field %q", e.Field)
		sep = ": "
	}
	b.WriteString(sep)
	b.WriteString(e.Reason)
	return b.String()
}

// fileError builds a FormatError about a whole file.
func fileError(file, format string, args ...any) *FormatError {
	return &FormatError{File: file, Reason: fmt.Sprintf(format, args...)}
}

// recordError builds a FormatError about the record at 0-based index i.
func recordError(file string, i int, format string, args ...any) *FormatError {
	return &FormatError{File: file, Record: i + 1, Reason: fmt.Sprintf(format, args...)}
}

// ringError builds a FormatError about ring (part) p, 0-based, of the record at
// 0-based index i.
func ringError(file string, i, p int, format string, args ...any) *FormatError {
	return &FormatError{File: file, Record: i + 1, Ring: p + 1, Reason: fmt.Sprintf(format, args...)}
}

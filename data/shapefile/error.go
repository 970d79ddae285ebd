package shapefile

import (
	"fmt"
	"strings"
)

// FormatError reports a shapefile that cannot be read as it is.
//
// File is the name of the file at fault ("districts.shp", "districts.dbf", or
// "districts.zip/districts.shp" for an entry inside an archive). Record is the 0-based
// record index, the same number as Feature.Index, or -1 when the fault is in the file
// as a whole (its header, its size, an archive entry). Field is the dBASE field at
// fault, "" when none.
type FormatError struct {
	File   string
	Record int
	Field  string
	Reason string
}

// Error reads like "districts.shp: record 17: ring 2 has 3 points, a ring needs at
// least 4"; the record and field parts are left out when they do not apply.
func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Record >= 0 {
		fmt.Fprintf(&b, ": record %d", e.Record)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": field %q", e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// fileError builds a FormatError about a whole file.
func fileError(file, format string, args ...any) *FormatError {
	return &FormatError{File: file, Record: -1, Reason: fmt.Sprintf(format, args...)}
}

// recordError builds a FormatError about one record.
func recordError(file string, record int, format string, args ...any) *FormatError {
	return &FormatError{File: file, Record: record, Reason: fmt.Sprintf(format, args...)}
}

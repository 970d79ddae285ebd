package events

import (
	"fmt"
	"io"
)

// Sink receives the rows of a file as a Stream function reads them, so a
// caller can check, resolve and store them in batches without holding the
// file's rows in memory.
type Sink struct {
	// Row is called with each good row (and each row with Skip or Deleted
	// set), in file order. An error from it stops the read, and the Stream
	// function returns it as it is.
	Row func(Row) error
	// Bad is called with each problem of a bad row, in file order (a row
	// with several bad fields, once per field); the read goes on.
	Bad func(RowError)
}

// Stream reads an event file of format "native", "acled", "ucdp" or
// "geojson" as the matching Read function does, handing each row to s
// instead of collecting them. A file-level error (a bad header, a record
// over 1 MiB, a read failure, JSON that breaks off) is returned after the
// rows before it were handed over, so a caller that stores rows as they
// come must be able to undo them; bad rows are not an error here, only
// calls of s.Bad.
func Stream(format, name string, r io.Reader, opt Options, s Sink) error {
	switch format {
	case "native":
		return streamNative(name, r, opt, s)
	case "acled":
		return streamACLED(name, r, opt, s)
	case "ucdp":
		return streamUCDP(name, r, opt, s)
	case "geojson":
		return streamGeoJSON(name, r, s)
	}
	return fmt.Errorf("%s: unknown format %q: use native, acled, ucdp or geojson", name, format)
}

// collect runs a stream and gathers its rows as the Read functions return
// them: the good rows and RowErrors listing every bad one, or no rows and
// the file-level error.
func collect(stream func(Sink) error) ([]Row, error) {
	var rows []Row
	var bad RowErrors
	err := stream(Sink{
		Row: func(r Row) error { rows = append(rows, r); return nil },
		Bad: func(e RowError) { bad = append(bad, e) },
	})
	if err != nil {
		return nil, err
	}
	if bad != nil {
		return rows, bad
	}
	return rows, nil
}

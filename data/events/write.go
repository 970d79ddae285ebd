package events

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteNative writes rows as a native CSV: the NativeColumns header and the
// optional source_id and scope columns, then one record per row with LF line
// ends, every cell passed through NeutraliseCell.
// Claim is written true or false; points are not written (the native format
// has no columns for them). A NoChange row is written with status
// "nochange", which ReadNative accepts. No rows gives just the header.
func WriteNative(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	header := append(NativeColumns(), nativeOptional...)
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write native header: %w", err)
	}
	rec := make([]string, len(header))
	for i, r := range rows {
		rec[0] = r.Date.String()
		rec[1] = r.Province
		rec[2] = r.District
		rec[3] = r.Status.String()
		rec[4] = r.Kind
		rec[5] = strconv.FormatBool(r.Claim)
		rec[6] = r.Actor
		rec[7] = r.Source
		rec[8] = r.SourceURL
		rec[9] = r.Confidence.String()
		rec[10] = r.Notes
		rec[11] = r.SourceID
		rec[12] = r.Scope.String()
		for j := range rec {
			rec[j] = NeutraliseCell(rec[j])
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write native row %d: %w", i+1, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write native: %w", err)
	}
	return nil
}

// Reject is a row refused on import: its line (or feature number), its cells
// as read and every reason it was refused.
type Reject struct {
	Line    int
	Record  []string
	Reasons []string
}

// WriteRejects writes rejected rows as CSV for an analyst to fix: a header
// "line,reasons,record", then per reject its line, its reasons joined by
// "; ", and its cells as they were read, one column each (so records of
// different lengths make rows of different lengths). Every cell is passed
// through NeutraliseCell. No rejects gives just the header.
func WriteRejects(w io.Writer, rejects []Reject) error {
	rw, err := NewRejectWriter(w)
	if err != nil {
		return err
	}
	for _, r := range rejects {
		if err := rw.Write(r); err != nil {
			return err
		}
	}
	return rw.Flush()
}

// RejectWriter writes rejects one at a time, in WriteRejects' format, for
// an import that meets them as it streams.
type RejectWriter struct {
	cw  *csv.Writer
	rec []string
}

// NewRejectWriter writes the header to w and returns the writer.
func NewRejectWriter(w io.Writer) (*RejectWriter, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"line", "reasons", "record"}); err != nil {
		return nil, fmt.Errorf("write rejects header: %w", err)
	}
	return &RejectWriter{cw: cw}, nil
}

// Write writes one reject.
func (rw *RejectWriter) Write(r Reject) error {
	rw.rec = append(rw.rec[:0], strconv.Itoa(r.Line), NeutraliseCell(strings.Join(r.Reasons, "; ")))
	for _, cell := range r.Record {
		rw.rec = append(rw.rec, NeutraliseCell(cell))
	}
	if err := rw.cw.Write(rw.rec); err != nil {
		return fmt.Errorf("write reject for line %d: %w", r.Line, err)
	}
	return nil
}

// Flush writes out what is buffered and reports any error of the writes.
func (rw *RejectWriter) Flush() error {
	rw.cw.Flush()
	if err := rw.cw.Error(); err != nil {
		return fmt.Errorf("write rejects: %w", err)
	}
	return nil
}

package events

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxField is the longest cell, in bytes, any reader accepts. A longer cell
// is a row error; a record longer than maxRecord refuses the whole file,
// since holding it would already cost what the limit guards against.
const MaxField = 64 << 10

const maxRecord = 16 * MaxField

// csvFile reads a CSV file record by record, after its header, with every
// cell decoded to UTF-8 and checked.
type csvFile struct {
	name   string
	r      *csv.Reader
	guard  *recordGuard
	decode decoder
	header []string // as written, decoded
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// openCSV reads the header of a CSV file. UTF-8 with or without a byte
// order mark and UTF-16 with one are read; the delimiter is the comma,
// semicolon or tab that the header line holds most of (a comma when it holds
// none). An empty file, a header that is not valid text or a header that
// cannot be parsed is an error.
func openCSV(name string, r io.Reader, opt Options) (*csvFile, error) {
	decode, err := opt.decoder()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	br := bufio.NewReader(r)
	head, _ := br.Peek(3)
	switch {
	case bytes.Equal(head, utf8BOM):
		br.Discard(3)
	case bytes.HasPrefix(head, utf16LE), bytes.HasPrefix(head, utf16BE):
		bigEndian := head[0] == 0xFE
		br.Discard(2)
		br = bufio.NewReader(&utf16Reader{r: br, bigEndian: bigEndian})
		decode = utf8Decoder // the text is UTF-8 once transcoded, whatever opt says
	}
	comma := sniffDelimiter(br)
	guard := &recordGuard{r: br, line: 1, start: 1, comma: comma}
	cr := csv.NewReader(guard)
	cr.Comma = rune(comma)
	cr.FieldsPerRecord = -1
	// Spreadsheets write a quote inside an unquoted cell as it is
	// (=HYPERLINK("http://x")), so bare quotes are text. The one quoting
	// error left, a quote never closed, is caught by the guard.
	cr.LazyQuotes = true
	f := &csvFile{name: name, r: cr, guard: guard, decode: decode}
	rec, err := cr.Read()
	if err == io.EOF {
		return nil, &HeaderError{File: name, Line: 1, Reason: "empty file, no header"}
	}
	if err != nil {
		return nil, f.fileError(err)
	}
	for i, cell := range rec {
		text, ok := decode(cell)
		if !ok {
			return nil, &HeaderError{File: name, Line: 1, Reason: fmt.Sprintf("column %d is not valid UTF-8 (set the encoding, e.g. windows-1252)", i+1)}
		}
		rec[i] = text
	}
	f.header = rec
	return f, nil
}

// sniffDelimiter peeks at the first line of br (up to 64 KiB) and returns the
// comma, semicolon or tab found most often outside quotes; ties go in that
// order, and a line with none of them gives a comma.
func sniffDelimiter(br *bufio.Reader) byte {
	head, _ := br.Peek(64 << 10)
	return delimiterOf(head)
}

func delimiterOf(head []byte) byte {
	var n [3]int
	quoted := false
	for _, c := range head {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		switch c {
		case ',':
			n[0]++
		case ';':
			n[1]++
		case '\t':
			n[2]++
		}
	}
	best := 0
	for i := 1; i < 3; i++ {
		if n[i] > n[best] {
			best = i
		}
	}
	return ",;\t"[best]
}

// fileError turns a read error that stops the whole file into one that names
// the file and the line.
func (f *csvFile) fileError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: line %d: %w", f.name, pe.StartLine, pe.Err)
	}
	if errors.Is(err, ErrTooLarge) {
		return fmt.Errorf("%s: %w", f.name, err)
	}
	return fmt.Errorf("%s: read: %w", f.name, err)
}

// next returns the next record, decoded, and the line it starts on. A record
// that cannot be used (a quoted cell never closed, text that is not valid in
// the encoding, a cell over MaxField) comes back as bad, with the reasons;
// the file goes on. err is io.EOF at the end, or a file-level error.
func (f *csvFile) next() (rec []string, line int, bad []RowError, err error) {
	rec, err = f.r.Read()
	if err == io.EOF {
		return nil, 0, nil, io.EOF
	}
	if err != nil {
		return nil, 0, nil, f.fileError(err)
	}
	line, _ = f.r.FieldPos(0)
	if f.guard.eof && f.guard.state == inQuoted {
		for i := range rec {
			if l, c := f.r.FieldPos(i); l == f.guard.quoteLine && c == f.guard.quoteCol {
				bad = append(bad, RowError{File: f.name, Line: line, Field: f.column(i), Value: shorten(rec[i], 80),
					Reason: "quoted cell opened on line " + itoa(l) + " is never closed"})
			}
		}
	}
	for i, cell := range rec {
		field := f.column(i)
		if len(cell) > MaxField {
			bad = append(bad, RowError{File: f.name, Line: line, Field: field, Value: cell, Reason: fmt.Sprintf("longer than %d bytes", MaxField)})
			rec[i] = shorten(cell, 80)
			continue
		}
		text, ok := f.decode(cell)
		if !ok {
			bad = append(bad, RowError{File: f.name, Line: line, Field: field, Value: strings.ToValidUTF8(cell, "\uFFFD"), Reason: "not valid UTF-8 (set the encoding, e.g. windows-1252)"})
			rec[i] = strings.ToValidUTF8(cell, "\uFFFD")
			continue
		}
		rec[i] = text
	}
	for i := range bad {
		bad[i].Record = rec
	}
	return rec, line, bad, nil
}

// column names cell i for errors: the header's name, or "column N" past it.
func (f *csvFile) column(i int) string {
	if i < len(f.header) {
		if h := strings.TrimSpace(f.header[i]); h != "" {
			return strings.ToLower(h)
		}
	}
	return fmt.Sprintf("column %d", i+1)
}

// columnIndex maps each lower-cased, trimmed header name to its position.
// Duplicated names are returned apart.
func columnIndex(header []string) (index map[string]int, duplicated []string) {
	index = make(map[string]int, len(header))
	for i, h := range header {
		k := strings.ToLower(strings.TrimSpace(h))
		if _, dup := index[k]; dup {
			duplicated = append(duplicated, k)
			continue
		}
		index[k] = i
	}
	return index, duplicated
}

// recordGuard sits under the CSV parser and refuses any record longer than
// maxRecord bytes before the parser can buffer it. It follows quoting the
// way encoding/csv does, so newlines inside quoted cells do not end a record.
type recordGuard struct {
	r     io.Reader
	state guardState
	n     int // bytes in the current record
	line  int // current physical line
	start int // line the current record starts on
	// quoteLine is the line where the last quoted cell opened; eof is set
	// once the input is exhausted.
	quoteLine, quoteCol int
	col                 int // byte column of the last byte read, from 1
	eof                 bool
	err                 error
	comma               byte // the delimiter
}

type guardState uint8

const (
	atFieldStart guardState = iota
	inUnquoted
	inQuoted
	quoteInQuoted
)

func (g *recordGuard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(p)
	if err == io.EOF {
		g.eof = true
	}
	for _, c := range p[:n] {
		g.n++
		g.col++
		switch g.state {
		case atFieldStart:
			switch c {
			case '"':
				g.state = inQuoted
				g.quoteLine, g.quoteCol = g.line, g.col
			case g.comma, '\n':
			default:
				g.state = inUnquoted
			}
		case inUnquoted:
			if c == g.comma || c == '\n' {
				g.state = atFieldStart
			}
		case inQuoted:
			if c == '"' {
				g.state = quoteInQuoted
			}
		case quoteInQuoted:
			switch c {
			case '"':
				g.state = inQuoted
			case g.comma, '\n':
				g.state = atFieldStart
			case '\r':
			default: // a lone quote inside a quoted cell is text (LazyQuotes)
				g.state = inQuoted
			}
		}
		if c == '\n' {
			g.line++
			g.col = 0
			if g.state == atFieldStart {
				g.n = 0
				g.start = g.line
			}
		}
		if g.n > maxRecord {
			g.err = fmt.Errorf("line %d: record longer than %d bytes: %w", g.start, maxRecord, ErrTooLarge)
			return 0, g.err
		}
	}
	return n, err
}

// readRows reads every record after the header of f. A record whose cell count
// is not want is a row error whose reason is cells(n); any other record goes to
// parse, which returns the row or its errors. Good rows (and an HXL hashtag
// row, with Skip set) go to s.Row, problems to s.Bad; an error from s.Row or
// a file-level error ends the read and is returned.
func readRows(f *csvFile, want int, cells func(n int) string, parse func(line int, rec []string) (Row, []RowError), s Sink) error {
	for first := true; ; first = false {
		rec, line, recBad, err := f.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if first && recBad == nil && isHXL(rec) {
			if err := s.Row(Row{Line: line, Skip: "HXL hashtag row"}); err != nil {
				return err
			}
			continue
		}
		if recBad == nil && len(rec) != want {
			recBad = []RowError{{File: f.name, Line: line, Record: rec,
				Reason: "has " + itoa(len(rec)) + " " + plural(len(rec), "cell", "cells") + ", " + cells(want)}}
		}
		if recBad == nil {
			var row Row
			if row, recBad = parse(line, rec); recBad == nil {
				if err := s.Row(row); err != nil {
					return err
				}
				continue
			}
		}
		for _, e := range recBad {
			s.Bad(e)
		}
	}
}

// isHXL reports whether rec is a row of HXL hashtags (#date, #adm1+name):
// at least one cell, and every cell that is not empty, starts with '#'.
func isHXL(rec []string) bool {
	tags := 0
	for _, cell := range rec {
		cell = strings.TrimSpace(cell)
		if cell == "" {
			continue
		}
		if cell[0] != '#' {
			return false
		}
		tags++
	}
	return tags > 0
}

// columns finds named cells in a record by the header's column index.
type columns map[string]int

// get returns the cell of column k in rec, "" when the file has no such column.
func (c columns) get(rec []string, k string) string {
	if i, ok := c[k]; ok {
		return rec[i]
	}
	return ""
}

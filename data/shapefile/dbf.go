package shapefile

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dbfField is one dBASE field descriptor.
type dbfField struct {
	name   string
	kind   byte // 'C', 'N', 'F', 'L', 'D', or another type read as text
	offset int  // within the record, after the deletion flag
	length int
}

// dbfTable is a checked dBASE header over the file's bytes.
type dbfTable struct {
	file      string
	data      []byte
	enc       textEncoding
	cpgGiven  bool // the encoding came from a .cpg, not the UTF-8 default
	fields    []dbfField
	records   int
	headerLen int
	recordLen int
}

// dBASE versions read here: dBASE III, IV and 5 with or without memo, and Visual FoxPro.
var dbfVersions = map[byte]bool{0x03: true, 0x04: true, 0x05: true, 0x83: true, 0x8B: true, 0x30: true, 0x31: true, 0x32: true}

// parseDBF checks the dBASE header of data against its real size.
func parseDBF(file string, data []byte, enc textEncoding, cpgGiven bool) (*dbfTable, error) {
	if len(data) < 33 {
		return nil, fileError(file, "file is %d bytes, shorter than a dBASE header", len(data))
	}
	if !dbfVersions[data[0]] {
		return nil, fileError(file, "version byte is 0x%02X: not a dBASE III/IV/5 or Visual FoxPro table", data[0])
	}
	t := &dbfTable{
		file:      file,
		data:      data,
		enc:       enc,
		cpgGiven:  cpgGiven,
		headerLen: int(binary.LittleEndian.Uint16(data[8:])),
		recordLen: int(binary.LittleEndian.Uint16(data[10:])),
	}
	records := int64(binary.LittleEndian.Uint32(data[4:]))
	if t.headerLen < 33 || t.headerLen > len(data) {
		return nil, fileError(file, "header length %d is outside the 33 to %d bytes the file allows", t.headerLen, len(data))
	}
	if t.recordLen < 1 {
		return nil, fileError(file, "record length is 0")
	}
	if need := int64(t.headerLen) + records*int64(t.recordLen); need > int64(len(data)) {
		return nil, fileError(file, "header claims %d records of %d bytes (%d bytes with the header) but the file holds %d", records, t.recordLen, need, len(data))
	}
	t.records = int(records)

	seen := map[string]bool{}
	offset := 0
	for at := 32; ; at += 32 {
		if at < t.headerLen && data[at] == 0x0D {
			break
		}
		if at+32 > t.headerLen {
			return nil, fileError(file, "field descriptors run past the %d-byte header without the 0x0D terminator", t.headerLen)
		}
		d := data[at : at+32]
		raw := d[:11]
		if n := bytes.IndexByte(raw, 0); n >= 0 {
			raw = raw[:n]
		}
		name, ok := enc.decode(bytes.TrimRight(raw, " "))
		switch {
		case !ok:
			return nil, fileError(file, "field descriptor %d: name %q is not valid %s", len(t.fields)+1, raw, enc.name)
		case name == "":
			return nil, fileError(file, "field descriptor %d has no name", len(t.fields)+1)
		case seen[name]:
			return nil, fileError(file, "field name %q appears twice", name)
		case d[16] == 0:
			return nil, &FormatError{File: file, Field: name, Reason: "field length is 0"}
		}
		seen[name] = true
		t.fields = append(t.fields, dbfField{name: name, kind: d[11], offset: offset, length: int(d[16])})
		offset += int(d[16])
	}
	if 1+offset != t.recordLen {
		return nil, fileError(file, "record length is %d bytes but the fields add up to %d (with the deletion flag)", t.recordLen, 1+offset)
	}
	return t, nil
}

// names returns the field names in file order.
func (t *dbfTable) names() []string {
	out := make([]string, len(t.fields))
	for k, f := range t.fields {
		out[k] = f.name
	}
	return out
}

// record decodes record i. deleted is true when the record carries the deletion flag,
// and then attrs is nil.
func (t *dbfTable) record(i int) (attrs map[string]string, deleted bool, err error) {
	start := t.headerLen + i*t.recordLen
	rec := t.data[start : start+t.recordLen]
	switch rec[0] {
	case ' ':
	case '*':
		return nil, true, nil
	default:
		return nil, false, recordError(t.file, i, "deletion flag is 0x%02X, want ' ' or '*'", rec[0])
	}
	attrs = make(map[string]string, len(t.fields))
	for _, f := range t.fields {
		raw := rec[1+f.offset : 1+f.offset+f.length]
		v, reason := t.value(f, raw)
		if reason != "" {
			return nil, false, &FormatError{File: t.file, Record: i + 1, Field: f.name, Reason: reason}
		}
		attrs[f.name] = v
	}
	return attrs, false, nil
}

// value decodes one field as text, or says why it cannot:
//   - C (and types this reader does not know): trailing spaces and NULs trimmed, the
//     rest kept as it is, leading spaces and inner newlines included;
//   - N, F: trimmed both sides; must be a number, or blank or all '*' (overflow) for "";
//   - L: "T" or "F" (from T/t/Y/y and F/f/N/n), "" for '?' or blank;
//   - D: "YYYY-MM-DD", "" for blank or all zeros; must be a real calendar day.
func (t *dbfTable) value(f dbfField, raw []byte) (string, string) {
	switch f.kind {
	case 'N', 'F':
		s := strings.Trim(string(raw), " \x00")
		if s == "" || strings.Trim(s, "*") == "" {
			return "", ""
		}
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return "", fmt.Sprintf("%q is not a number", s)
		}
		return s, ""
	case 'L':
		s := strings.Trim(string(raw), " \x00")
		switch s {
		case "", "?":
			return "", ""
		case "T", "t", "Y", "y":
			return "T", ""
		case "F", "f", "N", "n":
			return "F", ""
		}
		return "", fmt.Sprintf("%q is not a logical value", s)
	case 'D':
		s := strings.Trim(string(raw), " \x00")
		if s == "" || strings.Trim(s, "0") == "" {
			return "", ""
		}
		d, err := time.Parse("20060102", s)
		if err != nil || len(s) != 8 {
			return "", fmt.Sprintf("%q is not a date written YYYYMMDD", s)
		}
		return d.Format(time.DateOnly), ""
	}
	raw = bytes.TrimRight(raw, " \x00")
	s, ok := t.enc.decode(raw)
	if !ok {
		if t.cpgGiven {
			return "", fmt.Sprintf("text %q is not valid %s as the .cpg says", raw, t.enc.name)
		}
		return "", fmt.Sprintf("text %q is not valid UTF-8 and no .cpg file names its encoding", raw)
	}
	return s, ""
}

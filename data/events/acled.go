package events

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ACLED sub-event types that change control.
const (
	acledTaken   = "non-state actor overtakes territory"
	acledRetaken = "government regains territory"
)

var (
	acledRequired = []string{"event_date", "admin1", "admin2", "sub_event_type", "source"}
	acledOptional = []string{"event_type", "actor1", "notes", "latitude", "longitude"}
)

// ReadACLED reads an ACLED export CSV. Columns are found by header name, in
// any order and case; event_date, admin1, admin2, sub_event_type and source
// are required, event_type, actor1, notes, latitude and longitude are read
// when present, and every other column is ignored.
//
// Mapping: event_date as "16 May 2025" (day without leading zero accepted)
// or "2025-05-16"; admin1 is the province and admin2 the district (either
// may be empty when the row has coordinates; the district is required
// otherwise). Sub-event "Non-state actor overtakes territory" becomes
// Taliban with kind captured, "Government regains territory" Government with
// kind retaken (whoever actor1 names); any other row is NoChange with kind
// the sub_event_type lower-cased (event_type when that is empty, else
// "event"). Source is the ACLED source followed by " (via ACLED)" (just
// "ACLED" when empty), actor is actor1, confidence Medium, claim false.
// latitude and longitude are both empty or both valid (see ReadNative for
// the error contract, which is the same).
func ReadACLED(name string, r io.Reader, opt Options) ([]Row, error) {
	f, err := openCSV(name, r, opt)
	if err != nil {
		return nil, err
	}
	col, err := needColumns(name, f.header, acledRequired, acledOptional)
	if err != nil {
		return nil, err
	}
	return readRows(f, len(f.header), func(n int) string { return "header has " + itoa(n) }, func(line int, rec []string) (Row, []RowError) {
		c := rowCheck{file: name, line: line, record: rec}
		row := Row{Line: line, Confidence: Medium, Status: NoChange}
		row.Date = c.acledDate("event_date", col.get(rec, "event_date"))
		row.Province = c.text("admin1", col.get(rec, "admin1"), false, false)
		row.District = c.text("admin2", col.get(rec, "admin2"), false, false)
		sub := c.text("sub_event_type", col.get(rec, "sub_event_type"), false, false)
		typ := c.text("event_type", col.get(rec, "event_type"), false, false)
		switch strings.ToLower(sub) {
		case acledTaken:
			row.Status, row.Kind = Taliban, "captured"
		case acledRetaken:
			row.Status, row.Kind = Government, "retaken"
		case "":
			row.Kind = strings.ToLower(typ)
		default:
			row.Kind = strings.ToLower(sub)
		}
		if row.Kind == "" {
			row.Kind = "event"
		}
		row.Actor = c.text("actor1", col.get(rec, "actor1"), false, false)
		row.Source = viaSource(c.text("source", col.get(rec, "source"), false, false), "ACLED")
		row.Notes = c.text("notes", col.get(rec, "notes"), false, true)
		lat, lon := col.get(rec, "latitude"), col.get(rec, "longitude")
		row.Lon, row.Lat, row.HasPoint = c.point("latitude", lat, "longitude", lon)
		c.place("admin2", row.District, row.HasPoint, lat != "" || lon != "")
		return row, c.errs
	})
}

// acledDate reads "16 May 2025", "6 May 2025" or "2025-05-16".
func (c *rowCheck) acledDate(field, v string) Day {
	v = strings.TrimSpace(v)
	if len(v) == 10 && v[4] == '-' {
		return c.day(field, v)
	}
	t, err := time.Parse("2 January 2006", v)
	if err != nil {
		if _, e := ParseDay(v); e != nil && looksDayMonth(v) {
			c.fail(field, v, e.Error())
			return 0
		}
		c.fail(field, v, `not a date, want "16 May 2025" or 2025-05-16`)
		return 0
	}
	if t.Year() < minYear || t.Year() > maxYear {
		c.fail(field, v, "year "+itoa(t.Year())+" outside "+itoa(minYear)+"–"+itoa(maxYear))
		return 0
	}
	return DayOf(t.Year(), t.Month(), t.Day())
}

// needColumns finds the required columns by lower-cased, trimmed name. A
// column read (required or optional) that appears twice is an error, since
// either copy could be meant; other duplicated columns are ignored.
func needColumns(name string, header []string, required, optional []string) (columns, error) {
	col, dup := columnIndex(header)
	e := &HeaderError{File: name, Line: 1}
	for _, k := range required {
		if _, ok := col[k]; !ok {
			e.Missing = append(e.Missing, k)
		}
	}
	for _, k := range dup {
		if slices.Contains(required, k) || slices.Contains(optional, k) {
			e.Duplicated = append(e.Duplicated, k)
		}
	}
	if e.Missing != nil || e.Duplicated != nil {
		return nil, e
	}
	return col, nil
}

// viaSource names the original outlet and the database it came through.
func viaSource(outlet, database string) string {
	if outlet == "" {
		return database
	}
	return outlet + " (via " + database + ")"
}

func itoa(n int) string { return strconv.Itoa(n) }

package events

import (
	"io"
	"strconv"
	"strings"
)

var (
	ucdpRequired = []string{"date_start", "adm_1", "adm_2", "latitude", "longitude"}
	ucdpOptional = []string{"source_article", "side_a", "side_b", "where_prec", "where_description"}
)

// ReadUCDP reads a UCDP Georeferenced Event Dataset (GED) CSV. Columns are
// found by header name, in any order and case; date_start, adm_1, adm_2,
// latitude and longitude are required, source_article, side_a, side_b,
// where_prec and where_description are read when present, and every other
// column is ignored.
//
// Mapping: date_start as 2021-07-07 or 2021-07-07 00:00:00.000 (the time is
// checked and dropped); adm_1 "Badghis province" gives province "Badghis" and
// adm_2 "Qala-i-Naw district" gives district "Qala-i-Naw" (the suffix is
// dropped whatever its case; names without it are kept whole). Every row is
// NoChange with kind attack and claim false: GED records violence, not
// control. Source is source_article followed by " (via UCDP GED)" (just
// "UCDP GED" when empty); actor is "side_a vs side_b" (or whichever is set);
// notes are where_description.
//
// Confidence follows where_prec, how precisely UCDP placed the event:
// 1 (exact place) and 2 (within about 25 km) give High; 3 (district) and
// 4 (province) give Medium; 5 to 7 (a line, the country, waters) and an empty
// cell give Low. Any other value is a row error.
//
// Coordinates are both empty or both valid; a row needs a district or a
// point. See ReadNative for the error contract, which is the same.
func ReadUCDP(name string, r io.Reader, opt Options) ([]Row, error) {
	f, err := openCSV(name, r, opt)
	if err != nil {
		return nil, err
	}
	col, err := needColumns(name, f.header, ucdpRequired, ucdpOptional)
	if err != nil {
		return nil, err
	}
	return readRows(f, len(f.header), func(n int) string { return "header has " + itoa(n) }, func(line int, rec []string) (Row, []RowError) {
		c := rowCheck{file: name, line: line, record: rec}
		row := Row{Line: line, Status: NoChange, Kind: "attack"}
		row.Date = c.ucdpDate("date_start", col.get(rec, "date_start"))
		row.Province = trimSuffixFold(c.text("adm_1", col.get(rec, "adm_1"), false, false), " province")
		row.District = trimSuffixFold(c.text("adm_2", col.get(rec, "adm_2"), false, false), " district")
		row.Source = viaSource(c.text("source_article", col.get(rec, "source_article"), false, true), "UCDP GED")
		a := c.text("side_a", col.get(rec, "side_a"), false, false)
		b := c.text("side_b", col.get(rec, "side_b"), false, false)
		switch {
		case a != "" && b != "":
			row.Actor = a + " vs " + b
		default:
			row.Actor = a + b
		}
		row.Notes = c.text("where_description", col.get(rec, "where_description"), false, true)
		row.Confidence = c.wherePrec("where_prec", col.get(rec, "where_prec"))
		lat, lon := col.get(rec, "latitude"), col.get(rec, "longitude")
		row.Lon, row.Lat, row.HasPoint = c.point("latitude", lat, "longitude", lon)
		c.place("adm_2", row.District, row.HasPoint, lat != "" || lon != "")
		return row, c.errs
	})
}

// ucdpDate reads YYYY-MM-DD, optionally followed by " HH:MM:SS" and a
// fraction of a second.
func (c *rowCheck) ucdpDate(field, v string) Day {
	v = strings.TrimSpace(v)
	day, clock, hasClock := strings.Cut(v, " ")
	if hasClock && !validClock(clock) {
		c.fail(field, v, "want YYYY-MM-DD or YYYY-MM-DD HH:MM:SS.SSS")
		return 0
	}
	return c.day(field, day)
}

func validClock(s string) bool {
	hms, frac, hasFrac := strings.Cut(s, ".")
	if hasFrac && !digits(frac) {
		return false
	}
	if len(hms) != 8 || hms[2] != ':' || hms[5] != ':' || !digits(hms[0:2]) || !digits(hms[3:5]) || !digits(hms[6:8]) {
		return false
	}
	return atoi(hms[0:2]) < 24 && atoi(hms[3:5]) < 60 && atoi(hms[6:8]) < 61
}

func (c *rowCheck) wherePrec(field, v string) Confidence {
	v = strings.TrimSpace(v)
	if v == "" {
		return Low
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil || n < 1 || n > 7:
		c.fail(field, v, "want a precision code 1 to 7")
		return Low
	case n <= 2:
		return High
	case n <= 4:
		return Medium
	}
	return Low
}

func trimSuffixFold(s, suffix string) string {
	if len(s) > len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix) {
		return strings.TrimSpace(s[:len(s)-len(suffix)])
	}
	return s
}

package events

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

var (
	ucdpRequired = []string{"date_start", "adm_1", "adm_2", "latitude", "longitude"}
	ucdpOptional = []string{"source_article", "side_a", "side_b", "where_prec", "where_description", "id", "date_end",
		"date_prec", "country", "country_id", "best", "where_coordinates"}
)

// ReadUCDP reads a UCDP Georeferenced Event Dataset (GED) CSV. Columns are
// found by header name, in any order and case; date_start, adm_1, adm_2,
// latitude and longitude are required, the other columns of ucdpOptional
// are read when present, and every other column is ignored.
//
// Mapping:
//   - a row whose country is not Afghanistan, or whose country_id (a
//     Gleditsch–Ward code) is not 700, comes back with Skip set;
//   - id is the SourceID;
//   - date_start as 2021-07-07, 2021-07-07 00:00:00.000 or
//     2021-07-07T00:00:00 (the time is checked and dropped), or the other
//     forms of sourceDay; a date_end after it makes the row Ranged, one
//     before it is a row error;
//   - adm_1 "Badghis province" gives province "Badghis" and adm_2
//     "Qala-i-Naw district" gives district "Qala-i-Naw" (the suffix is
//     dropped whatever its case; names without it are kept whole);
//   - where_prec, how precisely UCDP placed the event: 1 (exact place) and
//     2 (within about 25 km) give High confidence; 3 (district) Medium;
//     4 (province) and 5 (a line such as a road) ScopeProvince with Medium
//     and Low (ScopeCountry when adm_1 is empty); 6 (country) and 7 (waters)
//     ScopeCountry with Low; an empty cell gives Low. Area-scope rows drop
//     adm_2 (the district holding UCDP's stand-in point says nothing);
//   - date_prec above 1 (the date is known to a few days or worse) or a
//     range lowers the confidence one step (not below Low);
//   - best is the fatalities count; where_coordinates the location.
//
// Every row is NoChange with kind attack and claim false: GED records
// violence, not control. Source is source_article followed by
// " (via UCDP GED)" (just "UCDP GED" when empty); actor is "side_a vs
// side_b" (or whichever is set); notes are where_description.
//
// Coordinates are both empty or both valid; a district-scope row needs a
// district or a point. See ReadNative for the error contract, which is the
// same.
//
// A file that starts with '{' is read as the UCDP API's JSON
// ({"TotalCount": n, ..., "Result": [...]}) with the same mapping, its
// records counted from 1 (see readAPIJSON).
func ReadUCDP(name string, r io.Reader, opt Options) ([]Row, error) {
	return collect(func(s Sink) error { return streamUCDP(name, r, opt, s) })
}

func streamUCDP(name string, r io.Reader, opt Options, s Sink) error {
	if err := checkDateOrder(opt.DateOrder); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	br := bufio.NewReader(r)
	if isJSON(br) {
		skipBOM(br)
		return readAPIJSON(name, br, "result", func(c *rowCheck, get func(string) string) Row {
			return ucdpRow(c, get, opt)
		}, s)
	}
	f, err := openCSV(name, br, opt)
	if err != nil {
		return err
	}
	col, err := needColumns(name, f.header, ucdpRequired, ucdpOptional)
	if err != nil {
		return err
	}
	return readRows(f, len(f.header), func(n int) string { return "header has " + itoa(n) }, func(line int, rec []string) (Row, []RowError) {
		c := rowCheck{file: name, line: line, record: rec}
		row := ucdpRow(&c, func(k string) string { return col.get(rec, k) }, opt)
		return row, c.errs
	}, s)
}

func ucdpRow(c *rowCheck, get func(string) string, opt Options) Row {
	if reason := abroad(get("country"), get("country_id"), "700"); reason != "" {
		return Row{Line: c.line, Skip: reason}
	}
	row := Row{Line: c.line, Status: NoChange, Kind: "attack"}
	row.SourceID = c.text("id", get("id"), false, false)
	row.Date = c.sourceDay("date_start", get("date_start"), opt.DateOrder)
	if end := strings.TrimSpace(get("date_end")); end != "" {
		until := c.sourceDay("date_end", end, opt.DateOrder)
		switch {
		case len(c.errs) > 0:
		case until < row.Date:
			c.fail("date_end", end, "before date_start")
		case until > row.Date:
			row.Until, row.Ranged = until, true
		}
	}
	row.TimePrecision = c.precision("date_prec", get("date_prec"), 5)
	row.GeoPrecision = c.precision("where_prec", get("where_prec"), 7)
	row.Province = trimSuffixFold(c.text("adm_1", get("adm_1"), false, false), " province")
	row.District = trimSuffixFold(c.text("adm_2", get("adm_2"), false, false), " district")
	row.Source = viaSource(c.text("source_article", get("source_article"), false, true), "UCDP GED")
	a := c.text("side_a", get("side_a"), false, false)
	b := c.text("side_b", get("side_b"), false, false)
	switch {
	case a != "" && b != "":
		row.Actor = a + " vs " + b
	default:
		row.Actor = a + b
	}
	row.Notes = c.text("where_description", get("where_description"), false, true)
	row.Location = c.text("where_coordinates", get("where_coordinates"), false, false)
	row.Fatalities, row.HasFatalities = c.count("best", get("best"))
	switch p := row.GeoPrecision; {
	case p == 1 || p == 2:
		row.Confidence = High
	case p == 3 || p == 4:
		row.Confidence = Medium
	default:
		row.Confidence = Low
	}
	if row.Confidence > Low && (row.TimePrecision > 1 || row.Ranged) {
		row.Confidence--
	}
	lat, lon := get("latitude"), get("longitude")
	row.Lon, row.Lat, row.HasPoint = c.point("latitude", lat, "longitude", lon)
	switch {
	case row.GeoPrecision >= 6, row.GeoPrecision >= 4 && row.Province == "":
		row.Scope, row.Province, row.District = ScopeCountry, "", ""
	case row.GeoPrecision >= 4:
		row.Scope, row.District = ScopeProvince, ""
	default:
		c.place("adm_2", row.District, row.HasPoint, lat != "" || lon != "")
	}
	return row
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

func trimSuffixFold(s, suffix string) string {
	if len(s) > len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix) {
		return strings.TrimSpace(s[:len(s)-len(suffix)])
	}
	return s
}

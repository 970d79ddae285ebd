package events

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// ACLED sub-event types that change control.
const (
	acledTaken    = "non-state actor overtakes territory"
	acledRetaken  = "government regains territory"
	acledTransfer = "non-violent transfer of territory"
)

var (
	acledRequired = []string{"event_date", "admin1", "admin2", "sub_event_type", "source"}
	acledOptional = []string{"event_type", "actor1", "notes", "latitude", "longitude", "event_id_cnty", "country", "iso",
		"geo_precision", "time_precision", "fatalities", "admin3", "location"}
)

// ReadACLED reads an ACLED export CSV (the export tool's, the API's CSV, an
// HDX copy with its HXL hashtag row, in any of the delimiters and encodings
// openCSV reads). Columns are found by header name, in any order and case;
// event_date, admin1, admin2, sub_event_type and source are required, the
// other columns of acledOptional are read when present (the 2023+ and the
// earlier column lists both have them), and every other column is ignored.
//
// Mapping:
//   - a row whose country is not Afghanistan, or whose iso is not 4, comes
//     back with Skip set (and is not checked further);
//   - event_id_cnty is the SourceID;
//   - event_date as 2025-05-16, "16 May 2025", "07-Jul-21", or 7/7/2021
//     only when opt.DateOrder says the order (see sourceDay);
//   - admin1 is the province, admin2 the district (either may be empty when
//     the row has coordinates; the district is required otherwise); admin3,
//     location and fatalities are kept;
//   - sub_event_type "Non-state actor overtakes territory" (kind captured),
//     "Government regains territory" (retaken) and "Non-violent transfer of
//     territory" (handover) give the status of actor1, the actor who gains
//     the territory, through the actor table (opt.Actors over
//     DefaultActors); an actor the table does not know is a row error
//     naming it. Any other row is NoChange with kind the sub_event_type
//     lower-cased (event_type when that is empty, else "event");
//   - geo_precision 3 (ACLED could place the event no closer than the
//     province) gives ScopeProvince, without a district (ScopeCountry when
//     admin1 is empty too); 1 and 2 stay district events;
//   - confidence is Medium, Low when time_precision is 2 or 3 (the date is
//     known to the week or the month);
//   - source is the ACLED source followed by " (via ACLED)" (just "ACLED"
//     when empty), actor is actor1, claim false.
//
// latitude and longitude are both empty or both valid (see ReadNative for
// the error contract, which is the same).
//
// A file that starts with '{' is read as the ACLED API's JSON
// ({"status": 200, "success": true, "data": [...]}) with the same mapping,
// its records counted from 1 (see readAPIJSON).
//
// ACLED's list of deleted events (the API's deleted/read, as JSON or CSV:
// event_id_cnty and deleted_timestamp, no event_date) gives rows with Deleted
// set and only their SourceID.
func ReadACLED(name string, r io.Reader, opt Options) ([]Row, error) {
	return collect(func(s Sink) error { return streamACLED(name, r, opt, s) })
}

func streamACLED(name string, r io.Reader, opt Options, s Sink) error {
	if err := checkDateOrder(opt.DateOrder); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	actors := opt.actors()
	br := bufio.NewReader(r)
	if isJSON(br) {
		skipBOM(br)
		return readAPIJSON(name, br, "data", func(c *rowCheck, get func(string) string) Row {
			if get("event_date") == "" && get("deleted_timestamp") != "" {
				return deletedRow(c, get)
			}
			return acledRow(c, get, opt, actors)
		}, s)
	}
	f, err := openCSV(name, br, opt)
	if err != nil {
		return err
	}
	if isDeletedList(f.header) {
		col, err := needColumns(name, f.header, []string{"event_id_cnty", "deleted_timestamp"}, nil)
		if err != nil {
			return err
		}
		return readRows(f, len(f.header), func(n int) string { return "header has " + itoa(n) }, func(line int, rec []string) (Row, []RowError) {
			c := rowCheck{file: name, line: line, record: rec}
			row := deletedRow(&c, func(k string) string { return col.get(rec, k) })
			return row, c.errs
		}, s)
	}
	col, err := needColumns(name, f.header, acledRequired, acledOptional)
	if err != nil {
		return err
	}
	return readRows(f, len(f.header), func(n int) string { return "header has " + itoa(n) }, func(line int, rec []string) (Row, []RowError) {
		c := rowCheck{file: name, line: line, record: rec}
		row := acledRow(&c, func(k string) string { return col.get(rec, k) }, opt, actors)
		return row, c.errs
	}, s)
}

// acledRow reads one ACLED record, its cells found by get (which returns ""
// for a column the file lacks).
func acledRow(c *rowCheck, get func(string) string, opt Options, actors *Actors) Row {
	if reason := abroad(get("country"), get("iso"), "4"); reason != "" {
		return Row{Line: c.line, Skip: reason}
	}
	row := Row{Line: c.line, Confidence: Medium, Status: NoChange}
	row.SourceID = c.text("event_id_cnty", get("event_id_cnty"), false, false)
	row.Date = c.sourceDay("event_date", get("event_date"), opt.DateOrder)
	row.TimePrecision = c.precision("time_precision", get("time_precision"), 3)
	row.GeoPrecision = c.precision("geo_precision", get("geo_precision"), 3)
	row.Province = c.text("admin1", get("admin1"), false, false)
	row.District = c.text("admin2", get("admin2"), false, false)
	row.Admin3 = c.text("admin3", get("admin3"), false, false)
	row.Location = c.text("location", get("location"), false, false)
	sub := c.text("sub_event_type", get("sub_event_type"), false, false)
	typ := c.text("event_type", get("event_type"), false, false)
	row.Actor = c.text("actor1", get("actor1"), false, false)
	territorial := true
	switch strings.ToLower(sub) {
	case acledTaken:
		row.Kind = "captured"
	case acledRetaken:
		row.Kind = "retaken"
	case acledTransfer:
		row.Kind = "handover"
	case "":
		territorial, row.Kind = false, strings.ToLower(typ)
	default:
		territorial, row.Kind = false, strings.ToLower(sub)
	}
	if row.Kind == "" {
		row.Kind = "event"
	}
	if territorial {
		if s, ok := actors.Lookup(row.Actor); ok {
			row.Status = s
		} else {
			c.fail("actor1", row.Actor, unknownActor(row.Actor))
		}
	}
	row.Fatalities, row.HasFatalities = c.count("fatalities", get("fatalities"))
	row.Source = viaSource(c.text("source", get("source"), false, false), "ACLED")
	row.Notes = c.text("notes", get("notes"), false, true)
	lat, lon := get("latitude"), get("longitude")
	row.Lon, row.Lat, row.HasPoint = c.point("latitude", lat, "longitude", lon)
	if row.TimePrecision >= 2 {
		row.Confidence = Low
	}
	if row.GeoPrecision == 3 {
		row.Scope, row.District = ScopeProvince, ""
		if row.Province == "" {
			row.Scope = ScopeCountry
		}
		return row
	}
	c.place("admin2", row.District, row.HasPoint, lat != "" || lon != "")
	return row
}

// isDeletedList reports whether a header is that of ACLED's list of deleted
// events: event_id_cnty and deleted_timestamp, and no event_date.
func isDeletedList(header []string) bool {
	col, _ := columnIndex(header)
	_, id := col["event_id_cnty"]
	_, ts := col["deleted_timestamp"]
	_, date := col["event_date"]
	return id && ts && !date
}

// deletedRow reads one entry of ACLED's list of deleted events: the id,
// required, and the Unix time of the deletion, a whole number.
func deletedRow(c *rowCheck, get func(string) string) Row {
	row := Row{Line: c.line, Deleted: true}
	row.SourceID = c.text("event_id_cnty", get("event_id_cnty"), true, false)
	if ts := strings.TrimSpace(get("deleted_timestamp")); !digits(ts) || len(ts) > 12 {
		c.fail("deleted_timestamp", ts, "want a Unix time in seconds")
	}
	return row
}

// abroad returns why a row lies outside Afghanistan, by its country name or,
// when that is empty, its country code (want is Afghanistan's code in the
// file's scheme); "" when it does not say so.
func abroad(country, code, want string) string {
	country, code = strings.TrimSpace(country), strings.TrimSpace(code)
	switch {
	case country != "":
		if !strings.EqualFold(country, "Afghanistan") {
			return "outside Afghanistan (" + shorten(country, 40) + ")"
		}
	case code != "" && code != want:
		return "outside Afghanistan (country code " + shorten(code, 10) + ")"
	}
	return ""
}

// precision reads a source's precision code, 1 to max; empty gives 0.
func (c *rowCheck) precision(field, v string, max int) int {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSuffix(v, ".0"))
	if err != nil || n < 1 || n > max {
		c.fail(field, v, "want a precision code 1 to "+itoa(max))
		return 0
	}
	return n
}

// count reads a non-negative whole number; empty gives ok false.
func (c *rowCheck) count(field, v string) (int, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(v, ".0"))
	if err != nil || n < 0 || n > 1_000_000 {
		c.fail(field, v, "want a whole number from 0 to 1000000")
		return 0, false
	}
	return n, true
}

func (o Options) actors() *Actors {
	if o.Actors != nil {
		return o.Actors
	}
	return defaultActorTable()
}

var defaultActorTable = sync.OnceValue(DefaultActors)

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

package events

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf16"
)

const acledHead = "event_id_cnty,event_date,time_precision,sub_event_type,actor1,iso,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,fatalities\n"

func TestReadACLEDMeaning(t *testing.T) {
	tests := []struct {
		name, row string
		opt       Options
		want      Row // compared on the fields set below
		problems  []rowProblem
	}{
		{"NRF overtakes: anti-Taliban", "A1,20 August 2021,1,Non-state actor overtakes territory,NRF: National Resistance Front,4,Afghanistan,Baghlan,Deh Salah,,,35.7,69.4,1,S,7", Options{},
			Row{Status: Government, Kind: "captured", Confidence: Medium, SourceID: "A1", Fatalities: 7, HasFatalities: true}, nil},
		{"Taliban as the state regains: Taliban", "A2,30-Aug-21,1,Government regains territory,Military Forces of Afghanistan (2021-) Special Forces,4,Afghanistan,Baghlan,Andarab,Banu,Banu,35.6,69.2,1,S,", Options{},
			Row{Status: Taliban, Kind: "retaken", Confidence: Medium, SourceID: "A2", Admin3: "Banu", Location: "Banu"}, nil},
		{"the Republic regains: government", "A3,2021-07-09,1,Government regains territory,Military Forces of Afghanistan (2004-2021),4,Afghanistan,Herat,Karukh,,,34.4,62.5,2,S,0", Options{},
			Row{Status: Government, Kind: "retaken", Confidence: Medium, SourceID: "A3", HasFatalities: true}, nil},
		{"non-violent transfer: the receiving actor", "A4,12 Aug 2021,1,Non-violent transfer of territory,Taliban,4,Afghanistan,Ghazni,Ghazni,,,33.5,68.4,1,S,0", Options{},
			Row{Status: Taliban, Kind: "handover", Confidence: Medium, SourceID: "A4", HasFatalities: true}, nil},
		{"precision 3: the province", "A5,5 August 2021,1,Non-state actor overtakes territory,Taliban,4,Afghanistan,Badghis,Qala-i-Naw,,,34.9,63.1,3,S,", Options{},
			Row{Status: Taliban, Kind: "captured", Confidence: Medium, SourceID: "A5", Scope: ScopeProvince, GeoPrecision: 3}, nil},
		{"precision 3 without admin1: the country", "A6,5 August 2021,1,Armed clash,Taliban,4,Afghanistan,,,,,34.9,63.1,3,S,", Options{},
			Row{Status: NoChange, Kind: "armed clash", Confidence: Medium, SourceID: "A6", Scope: ScopeCountry, GeoPrecision: 3}, nil},
		{"known to the week: low", "A7,1 August 2021,2,Armed clash,Taliban,4,Afghanistan,Badakhshan,Kohistan,,,37.4,70.6,1,S,", Options{},
			Row{Status: NoChange, Kind: "armed clash", Confidence: Low, SourceID: "A7", TimePrecision: 2}, nil},
		{"numeric date with the order", "A8,20/8/2021,1,Armed clash,Taliban,4,Afghanistan,Baghlan,Deh Salah,,,,,1,S,", Options{DateOrder: "dmy"},
			Row{Status: NoChange, Kind: "armed clash", Confidence: Medium, SourceID: "A8"}, nil},
		{"numeric date without the order", "A9,20/8/2021,1,Armed clash,Taliban,4,Afghanistan,Baghlan,Deh Salah,,,,,1,S,", Options{},
			Row{}, []rowProblem{{2, "event_date", "give the date order"}}},
		{"numeric date in the wrong order", "A9,20/8/2021,1,Armed clash,Taliban,4,Afghanistan,Baghlan,Deh Salah,,,,,1,S,", Options{DateOrder: "mdy"},
			Row{}, []rowProblem{{2, "event_date", "no such date in mdy order"}}},
		{"unknown actor on a territorial event", "B1,20 August 2021,1,Non-state actor overtakes territory,Local Defence Council,4,Afghanistan,Baghlan,Deh Salah,,,,,1,S,", Options{},
			Row{}, []rowProblem{{2, "actor1", `actor "Local Defence Council" is not in the actor table`}}},
		{"unknown actor elsewhere is fine", "B2,20 August 2021,1,Armed clash,Local Defence Council,4,Afghanistan,Baghlan,Deh Salah,,,,,1,S,", Options{},
			Row{Status: NoChange, Kind: "armed clash", Confidence: Medium, SourceID: "B2"}, nil},
		{"bad precision and fatalities", "B3,20 August 2021,4,Armed clash,Taliban,4,Afghanistan,Baghlan,Deh Salah,,,,,9,S,-1", Options{},
			Row{}, []rowProblem{{2, "time_precision", "1 to 3"}, {2, "geo_precision", "1 to 3"}, {2, "fatalities", "whole number"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := ReadACLED("a.csv", strings.NewReader(acledHead+tt.row+"\n"), tt.opt)
			checkProblems(t, err, tt.problems)
			if tt.problems != nil {
				return
			}
			if len(rows) != 1 {
				t.Fatalf("%d rows", len(rows))
			}
			r, w := rows[0], tt.want
			if r.Status != w.Status || r.Kind != w.Kind || r.Confidence != w.Confidence || r.SourceID != w.SourceID ||
				r.Scope != w.Scope || r.Fatalities != w.Fatalities || r.HasFatalities != w.HasFatalities ||
				r.Admin3 != w.Admin3 || r.Location != w.Location || (w.GeoPrecision != 0 && r.GeoPrecision != w.GeoPrecision) ||
				(w.TimePrecision != 0 && r.TimePrecision != w.TimePrecision) {
				t.Errorf("got %+v\nwant %+v", r, w)
			}
			if r.Scope != ScopeDistrict && r.District != "" {
				t.Errorf("area row keeps district %q", r.District)
			}
		})
	}
}

func TestReadACLEDSkipsAbroad(t *testing.T) {
	in := acledHead +
		"P1,6 August 2021,1,Armed clash,Military Forces of Pakistan (2018-),586,Pakistan,Khyber Pakhtunkhwa,Khyber,,,34.0,71.5,1,S,2\n" +
		"P2,6 August 2021,1,Non-state actor overtakes territory,Nobody We Know,586,,Khyber Pakhtunkhwa,Khyber,,,34.0,71.5,1,S,2\n" +
		"A1,6 August 2021,1,Armed clash,Taliban,4,Afghanistan,Baghlan,Deh Salah,,,,,1,S,\n"
	rows, err := ReadACLED("a.csv", strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].Skip != "outside Afghanistan (Pakistan)" || rows[1].Skip != "outside Afghanistan (country code 586)" || rows[2].Skip != "" {
		t.Errorf("rows %+v", rows)
	}
}

// utf16LEFile is s as Excel's "Unicode Text": UTF-16LE after a byte order mark.
func utf16LEFile(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func TestReadACLEDFileForms(t *testing.T) {
	row := "A1,20 August 2021,1,Non-state actor overtakes territory,NRF: National Resistance Front,4,Afghanistan,Baghlan,Deh Salah,,,35.7,69.4,1,Kabul Now — 🛰 desk,7\n"
	hxl := "#event+code,#date,,#event+type+sub,#group+name,#country+code,#country+name,#adm1+name,#adm2+name,,,#geo+lat,#geo+lon,,#meta+source,#affected+killed\n"
	semi := func(s string) string { return strings.ReplaceAll(s, ",", ";") }
	tab := func(s string) string { return strings.ReplaceAll(s, ",", "\t") }
	tests := []struct {
		name string
		in   []byte
	}{
		{"comma", []byte(acledHead + row)},
		{"semicolon with HXL", []byte(semi(acledHead + hxl + row))},
		{"UTF-16 tab", utf16LEFile(tab(acledHead+row) + "\r\n")},
		{"UTF-8 BOM tab CRLF", append([]byte{0xEF, 0xBB, 0xBF}, strings.ReplaceAll(tab(acledHead+hxl+row), "\n", "\r\n")...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect("x.txt", tt.in); got != "acled" {
				t.Errorf("Detect = %q", got)
			}
			rows, err := ReadACLED("a.txt", bytes.NewReader(tt.in), Options{})
			if err != nil {
				t.Fatal(err)
			}
			rows = skipSkipped(rows)
			if len(rows) != 1 || rows[0].Status != Government || rows[0].Source != "Kabul Now — 🛰 desk (via ACLED)" || rows[0].Fatalities != 7 {
				t.Errorf("rows %+v", rows)
			}
		})
	}
}

func skipSkipped(rows []Row) []Row {
	var out []Row
	for _, r := range rows {
		if r.Skip == "" {
			out = append(out, r)
		}
	}
	return out
}

func TestUTF16BadUnits(t *testing.T) {
	in := utf16LEFile(header + "2021-07-07,B,D,taliban,,no,,S,,low,x\n")
	// Replace the x of the notes with a lone high surrogate.
	i := bytes.LastIndex(in, []byte{'x', 0})
	in[i], in[i+1] = 0x00, 0xD8
	_, err := ReadNative("u.txt", bytes.NewReader(in), Options{})
	checkProblems(t, err, []rowProblem{{2, "notes", "not valid UTF-8"}})
	odd := append(utf16LEFile(header+"2021-07-07,B,D,taliban,,no,,S,,low,x\n"), 'y')
	_, err = ReadNative("u.txt", bytes.NewReader(odd), Options{})
	if err == nil {
		t.Error("an odd byte at the end of a UTF-16 file was accepted")
	}
}

func TestReadAPIJSON(t *testing.T) {
	rows, err := readFixture(t, "acled-api.json", func(n string, f *os.File) ([]Row, error) { return ReadACLED(n, f, Options{}) })
	if err != nil || len(rows) != 3 || rows[0].SourceID != "AFG2002" || rows[0].Status != Government || rows[0].Line != 1 {
		t.Fatalf("ACLED API: %+v, %v", rows, err)
	}
	rows, err = readFixture(t, "ucdp-api.json", func(n string, f *os.File) ([]Row, error) { return ReadUCDP(n, f, Options{}) })
	if err != nil || len(rows) != 2 || rows[0].Scope != ScopeProvince || rows[0].Province != "Daykundi" || rows[1].Scope != ScopeCountry ||
		!rows[1].Ranged || rows[1].Until != mustDay("2021-07-31") || rows[1].SourceID != "700103" {
		t.Fatalf("UCDP API: %+v, %v", rows, err)
	}
	tests := []struct{ name, in, want string }{
		{"refused", `{"status": 403, "success": false, "error": {"message": "Access denied"}}`, "refused the request"},
		{"no data", `{"status": 200, "success": true}`, `no "data" array`},
		{"not an array", `{"data": {}}`, "is not an array"},
		{"truncated", `{"data": [{"event_date": "2021-08-20"`, "file ends early"},
		{"trailing", `{"data": []} {}`, "data after"},
	}
	for _, tt := range tests {
		_, err := ReadACLED("a.json", strings.NewReader(tt.in), Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "a.json: ") {
			t.Errorf("%s: %v, want an error with %q", tt.name, err, tt.want)
		}
	}
	_, err = ReadACLED("a.json", strings.NewReader(`{"data": [3, {"event_date": {"a": 1}}, {"event_date": "2021-08-20", "admin1": "Baghlan", "admin2": "", "source": "S", "sub_event_type": "Armed clash"}]}`), Options{})
	var es RowErrors
	if !errors.As(err, &es) || len(es) != 3 || es[0].Error() != "a.json: feature 1: record is not a JSON object" ||
		!strings.Contains(es[1].Error(), "an object or array") || es[2].Field != "admin2" {
		t.Errorf("record errors: %v", err)
	}
}

func TestReadUCDPMeaning(t *testing.T) {
	const h = "id,date_start,date_end,date_prec,adm_1,adm_2,latitude,longitude,where_prec,country,country_id,best\n"
	tests := []struct {
		row      string
		scope    Scope
		conf     Confidence
		ranged   bool
		skip     string
		problems []rowProblem
	}{
		{"1,2021-07-07,2021-07-07,1,Herat province,Shindand district,33.3,62.1,1,Afghanistan,700,3", ScopeDistrict, High, false, "", nil},
		{"2,2021-07-07,2021-07-09,1,Herat province,Shindand district,33.3,62.1,1,Afghanistan,700,3", ScopeDistrict, Medium, true, "", nil},
		{"3,2021-07-07,2021-07-07,3,Herat province,Shindand district,33.3,62.1,3,Afghanistan,700,3", ScopeDistrict, Low, false, "", nil},
		{"4,2021-07-07,2021-07-07,1,Herat province,,33.3,62.1,4,Afghanistan,700,3", ScopeProvince, Medium, false, "", nil},
		{"5,2021-07-07,2021-07-07,1,,,33.3,62.1,4,Afghanistan,700,3", ScopeCountry, Medium, false, "", nil},
		{"6,2021-07-07,2021-07-07,1,,,33.3,62.1,6,Afghanistan,700,3", ScopeCountry, Low, false, "", nil},
		{"7,2021-07-07,2021-07-07,1,Khyber Pakhtunkhwa province,,34.0,71.5,1,,770,3", 0, 0, false, "outside Afghanistan (country code 770)", nil},
		{"8,2021-07-09,2021-07-07,1,Herat province,Shindand district,33.3,62.1,1,Afghanistan,700,3", 0, 0, false, "", []rowProblem{{2, "date_end", "before date_start"}}},
		{"9,2021-07-07,2021-07-07,6,Herat province,Shindand district,33.3,62.1,1,Afghanistan,700,3", 0, 0, false, "", []rowProblem{{2, "date_prec", "1 to 5"}}},
	}
	for _, tt := range tests {
		t.Run(tt.row, func(t *testing.T) {
			rows, err := ReadUCDP("g.csv", strings.NewReader(h+tt.row+"\n"), Options{})
			checkProblems(t, err, tt.problems)
			if tt.problems != nil {
				return
			}
			if len(rows) != 1 {
				t.Fatalf("%d rows", len(rows))
			}
			r := rows[0]
			if tt.skip != "" {
				if r.Skip != tt.skip {
					t.Errorf("skip %q, want %q", r.Skip, tt.skip)
				}
				return
			}
			if r.Scope != tt.scope || r.Confidence != tt.conf || r.Ranged != tt.ranged || !r.HasFatalities || r.Fatalities != 3 {
				t.Errorf("row %+v", r)
			}
			if r.Scope != ScopeDistrict && r.District != "" || r.Scope == ScopeCountry && r.Province != "" {
				t.Errorf("area row keeps its names: %+v", r)
			}
		})
	}
}

func TestReadNativeScope(t *testing.T) {
	const h = "date,province,district,status,kind,claim,actor,source,source_url,confidence,notes,source_id,scope\n"
	tests := []struct {
		row      string
		scope    Scope
		problems []rowProblem
	}{
		{"2021-08-16,Badakhshan,,taliban,assessment,false,,S,,high,,r1,province", ScopeProvince, nil},
		{"2021-09-06,,,taliban,assessment,false,,S,,high,,r2,country", ScopeCountry, nil},
		{"2021-09-06,Badakhshan,Fayzabad,government,report,false,,S,,low,,r3,", ScopeDistrict, nil},
		{"2021-08-16,Badakhshan,Fayzabad,taliban,assessment,false,,S,,high,,r1,province", 0, []rowProblem{{2, "district", "must be empty in a province-scope row"}}},
		{"2021-08-16,Badakhshan,,taliban,assessment,false,,S,,high,,r1,country", 0, []rowProblem{{2, "province", "must be empty in a country-scope row"}}},
		{"2021-08-16,,,taliban,assessment,false,,S,,high,,r1,province", 0, []rowProblem{{2, "province", "required"}}},
		{"2021-08-16,Badakhshan,,taliban,assessment,false,,S,,high,,r1,region", 0, []rowProblem{{2, "scope", "unknown scope"}, {2, "district", "required"}}},
	}
	for _, tt := range tests {
		t.Run(tt.row, func(t *testing.T) {
			rows, err := ReadNative("n.csv", strings.NewReader(h+tt.row+"\n"), Options{})
			checkProblems(t, err, tt.problems)
			if tt.problems == nil && (len(rows) != 1 || rows[0].Scope != tt.scope || rows[0].SourceID == "") {
				t.Errorf("rows %+v", rows)
			}
		})
	}
}

func TestActors(t *testing.T) {
	a := DefaultActors()
	for _, tt := range []struct {
		name string
		want Status
		ok   bool
	}{
		{"Taliban", Taliban, true},
		{"  taliban ", Taliban, true},
		{"Military  Forces of Afghanistan (2021-)", Taliban, true},
		{"Military Forces of Afghanistan (2021-) Special Forces", Taliban, true},
		{"Military Forces of Afghanistan (2004-2021)", Government, true},
		{"NRF: National Resistance Front", Government, true},
		{"Military Forces of Afghanistan", 0, false},
		{"Talibanistan", 0, false},
		{"", 0, false},
	} {
		if s, ok := a.Lookup(tt.name); s != tt.want || ok != tt.ok {
			t.Errorf("Lookup(%q) = %v, %v; want %v, %v", tt.name, s, ok, tt.want, tt.ok)
		}
	}
	u, err := ReadActors("x.csv", strings.NewReader("Actor;Status\nIslamic State (Afghanistan);contested\nTaliban;unknown\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := u.Lookup("Islamic State (Afghanistan)"); !ok || s != Contested {
		t.Errorf("added actor: %v %v", s, ok)
	}
	if s, _ := u.Lookup("Taliban"); s != Unknown {
		t.Errorf("overridden actor: %v", s)
	}
	if s, _ := a.Lookup("Taliban"); s != Taliban {
		t.Error("reading a table changed the defaults")
	}
	_, err = ReadActors("x.csv", strings.NewReader("actor,status\nA,nochange\n,taliban\nB,rebels\n"))
	checkProblems(t, err, []rowProblem{{2, "status", "gains territory"}, {3, "actor", "required"}, {4, "status", "unknown status"}})
}

func TestSourceDay(t *testing.T) {
	for _, tt := range []struct{ in, order, want, reason string }{
		{"2021-07-07", "", "2021-07-07", ""},
		{"2021-07-07 00:00:00.000", "", "2021-07-07", ""},
		{"2021-07-07T00:00:00", "", "2021-07-07", ""},
		{"2021-07-07T00:00:00Z", "", "2021-07-07", ""},
		{"2021-07-07T25:00:00", "", "", "HH:MM:SS"},
		{"7 July 2021", "", "2021-07-07", ""},
		{"07 Jul 2021", "", "2021-07-07", ""},
		{"07-Jul-21", "", "2021-07-07", ""},
		{"7-JUL-2021", "", "2021-07-07", ""},
		{"31-Feb-21", "", "", "not a date"},
		{"7/7/2021", "", "", "ambiguous"},
		{"7/8/2021", "dmy", "2021-08-07", ""},
		{"7/8/2021", "mdy", "2021-07-08", ""},
		{"13/8/2021", "mdy", "", "no such date"},
		{"7/8/21", "dmy", "", "two-digit year"},
		{"1-Jan-1899", "", "", "outside"},
		{"yesterday", "", "", "not a date"},
	} {
		c := rowCheck{file: "f", line: 2}
		d := c.sourceDay("date", tt.in, tt.order)
		switch {
		case tt.reason == "" && (c.errs != nil || d.String() != tt.want):
			t.Errorf("sourceDay(%q, %q) = %v, %v; want %s", tt.in, tt.order, d, c.errs, tt.want)
		case tt.reason != "" && (c.errs == nil || !strings.Contains(c.errs[0].Reason, tt.reason)):
			t.Errorf("sourceDay(%q, %q) = %v, %v; want an error with %q", tt.in, tt.order, d, c.errs, tt.reason)
		}
	}
}

func TestDetectJSONKinds(t *testing.T) {
	for _, tt := range []struct{ name, head, want string }{
		{"x.json", `{"status":200,"success":true,"count":1,"messages":[],"data":[{"event_id_cnty":"AFG1"`, "acled"},
		{"x.json", `{"TotalCount":1,"TotalPages":1,"PreviousPageUrl":"","NextPageUrl":"","Result":[{"id":1`, "ucdp"},
		{"x.json", `{"type":"FeatureCollection","features":[`, "geojson"},
		{"x.json", "\ufeff  {\"features\":[]}", "geojson"},
		{"x.json", "date,province", ""},
		{"x.csv", "date;province;district;status;kind;claim;actor;source;source_url;confidence;notes;source_id;scope\n", "native"},
		{"x.csv", "\"id\"\t\"date_start\"\t\"adm_1\"\t\"where_prec\"\n", "ucdp"},
	} {
		if got := Detect(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("Detect(%q, %.40q) = %q, want %q", tt.name, tt.head, got, tt.want)
		}
	}
}

func TestReadACLEDDeletedList(t *testing.T) {
	for _, in := range []string{
		"event_id_cnty,deleted_timestamp\nAFG1,1631000000\n,1631000000\nAFG3,soon\n",
		`{"status":200,"success":true,"data":[{"event_id_cnty":"AFG1","deleted_timestamp":1631000000},{"event_id_cnty":"","deleted_timestamp":"1"},{"event_id_cnty":"AFG3","deleted_timestamp":"soon"}]}`,
	} {
		if f := Detect("d.csv", []byte(in)); f != "acled" {
			t.Errorf("Detect = %q", f)
		}
		rows, err := ReadACLED("d.csv", strings.NewReader(in), Options{})
		var es RowErrors
		if !errors.As(err, &es) || len(es) != 2 || es[0].Field != "event_id_cnty" || es[1].Field != "deleted_timestamp" {
			t.Errorf("errors %v", err)
		}
		if len(rows) != 1 || rows[0] != (Row{Line: rows[0].Line, Deleted: true, SourceID: "AFG1"}) {
			t.Errorf("rows %+v", rows)
		}
	}
}

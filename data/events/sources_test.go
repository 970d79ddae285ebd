package events

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func readFixture(t *testing.T, name string, read func(string, *os.File) ([]Row, error)) ([]Row, error) {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return read(name, f)
}

func TestReadACLED(t *testing.T) {
	rows, err := readFixture(t, "acled-sample.csv", func(n string, f *os.File) ([]Row, error) { return ReadACLED(n, f, Options{}) })
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{Line: 2, Date: mustDay("2021-07-07"), Province: "Badghis", District: "Muqur", Status: Taliban, Kind: "captured",
			Actor: "Taliban", Source: "Pajhwok Afghan News (via ACLED)", Confidence: Medium,
			Notes: "Sample row: the group took the district centre, the report says.", Lon: 63, Lat: 35, HasPoint: true,
			SourceID: "AFG90001", HasFatalities: true, Location: "Muqur", GeoPrecision: 2, TimePrecision: 1},
		{Line: 3, Date: mustDay("2021-07-09"), Province: "Herat", District: "Karukh", Status: Government, Kind: "retaken",
			Actor: "Military Forces of Afghanistan (2004-2021)", Source: "TOLOnews (via ACLED)", Confidence: Medium,
			Notes: "Sample row: forces returned to the district.", Lon: 62.59, Lat: 34.48, HasPoint: true,
			SourceID: "AFG90002", HasFatalities: true, Location: "Karukh", GeoPrecision: 2, TimePrecision: 1},
		{Line: 4, Date: mustDay("2025-05-16"), Province: "Panjshir", District: "Rukha", Status: NoChange, Kind: "armed clash",
			Actor: "Taliban", Source: "ACLED", Confidence: Medium, Notes: "Sample row: a clash; no change of control.",
			Lon: 69.5, Lat: 35.35, HasPoint: true,
			SourceID: "AFG90003", Fatalities: 1, HasFatalities: true, Location: "Rukha", GeoPrecision: 2, TimePrecision: 1},
		{Line: 5, Date: mustDay("2021-08-03"), Province: "Helmand", Status: NoChange, Kind: "explosions/remote violence",
			Actor: "Taliban", Source: "BBC News (via ACLED)", Confidence: Medium,
			Notes: "Sample row: shelling near the city; admin2 left empty.", Lon: 64.37, Lat: 31.593, HasPoint: true,
			SourceID: "AFG90004", HasFatalities: true, Location: "Lashkar Gah", GeoPrecision: 1, TimePrecision: 1},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, rows[i], want[i])
		}
	}
}

func TestReadACLEDBad(t *testing.T) {
	rows, err := readFixture(t, "acled-bad.csv", func(n string, f *os.File) ([]Row, error) { return ReadACLED(n, f, Options{}) })
	checkProblems(t, err, []rowProblem{
		{2, "event_date", "ambiguous day/month"},
		{3, "event_date", "not a date"},
		{4, "latitude", "not a finite number"},
		{5, "longitude", "missing while latitude is set"},
		{6, "admin2", "required when the row has no coordinates"},
		{7, "longitude", "out of range"},
	})
	if len(rows) != 1 || rows[0].Line != 8 {
		t.Errorf("good rows %+v, want line 8 only", rows)
	}
	_, err = ReadACLED("a.csv", strings.NewReader("event_date,admin1,notes\n"), Options{})
	var he *HeaderError
	if !errors.As(err, &he) || strings.Join(he.Missing, ",") != "admin2,sub_event_type,source" {
		t.Errorf("missing columns: %v", err)
	}
	_, err = ReadACLED("a.csv", strings.NewReader("event_date,admin1,admin2,sub_event_type,source,admin2\n"), Options{})
	if !errors.As(err, &he) || strings.Join(he.Duplicated, ",") != "admin2" {
		t.Errorf("duplicated columns: %v", err)
	}
}

func TestReadUCDP(t *testing.T) {
	rows, err := readFixture(t, "ucdp-sample.csv", func(n string, f *os.File) ([]Row, error) { return ReadUCDP(n, f, Options{}) })
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{Line: 2, Date: mustDay("2021-07-07"), Province: "Badghis", District: "Qala-i-Naw", Status: NoChange, Kind: "attack",
			Actor: "Government of Afghanistan vs Taleban", Source: `"Agence France Presse,2021-07-07,Sample headline";"Pajhwok,2021-07-08" (via UCDP GED)`,
			Confidence: High, Notes: "Qala-i-Naw town (sample row)", Lon: 63.13, Lat: 34.98, HasPoint: true,
			SourceID: "900001", HasFatalities: true, Location: "Qala-i-Naw town", GeoPrecision: 1, TimePrecision: 1},
		{Line: 3, Date: mustDay("2021-07-08"), Province: "Herat", District: "Shindand", Status: NoChange, Kind: "attack",
			Actor: "Government of Afghanistan vs Taleban", Source: "Sample source (via UCDP GED)",
			Confidence: Medium, Notes: "Shindand district (sample row)", Lon: 62.14, Lat: 33.3, HasPoint: true,
			SourceID: "900002", HasFatalities: true, Location: "Shindand district", GeoPrecision: 3, TimePrecision: 1},
		{Line: 4, Date: mustDay("2021-07-09"), Status: NoChange, Kind: "attack",
			Actor: "Government of Afghanistan vs Taleban", Source: "UCDP GED",
			Confidence: Low, Notes: "Afghanistan (sample row)", Lon: 66.03, Lat: 33.83, HasPoint: true,
			Scope: ScopeCountry, SourceID: "900003", HasFatalities: true, Location: "Afghanistan", GeoPrecision: 6, TimePrecision: 1},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, rows[i], want[i])
		}
	}
}

func TestReadUCDPRows(t *testing.T) {
	const h = "date_start,adm_1,adm_2,latitude,longitude,where_prec\n"
	tests := []struct {
		row   string
		conf  Confidence
		wants []rowProblem
	}{
		{"2021-07-07,Herat province,Shindand district,33.3,62.1,1", High, nil},
		{"2021-07-07,Herat province,Shindand district,33.3,62.1,3", Medium, nil},
		{"2021-07-07,Herat province,Shindand district,33.3,62.1,", Low, nil},
		{"2021-07-07,Herat province,Shindand district,33.3,62.1,8", Low, []rowProblem{{2, "where_prec", "1 to 7"}}},
		{"2021-07-07 25:00:00.000,Herat,Shindand,33.3,62.1,1", Low, []rowProblem{{2, "date_start", "HH:MM:SS"}}},
		{"2021-02-30 00:00:00.000,Herat,Shindand,33.3,62.1,1", Low, []rowProblem{{2, "date_start", "does not exist"}}},
		{"2021-07-07,Herat,,Inf,62.1,1", Low, []rowProblem{{2, "latitude", "finite"}}},
		{"2021-07-07,Herat,,,,1", Low, []rowProblem{{2, "adm_2", "required"}}},
	}
	for _, tt := range tests {
		rows, err := ReadUCDP("g.csv", strings.NewReader(h+tt.row+"\n"), Options{})
		t.Run(tt.row, func(t *testing.T) {
			checkProblems(t, err, tt.wants)
			if tt.wants == nil {
				if len(rows) != 1 || rows[0].Confidence != tt.conf || rows[0].District != "Shindand" || rows[0].Province != "Herat" {
					t.Errorf("rows %+v", rows)
				}
			}
		})
	}
}

func TestReadGeoJSON(t *testing.T) {
	rows, err := readFixture(t, "events-sample.geojson", func(n string, f *os.File) ([]Row, error) { return ReadGeoJSON(n, f) })
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{Line: 1, Date: mustDay("2021-07-07"), Province: "Badghis", District: "Qala-e-Naw", Status: Contested, Kind: "attack",
			Actor: "Taliban", Source: "AFP", SourceURL: "https://www.example.org/afp-2021-07-07", Confidence: Medium,
			Notes: "fighting inside the city", Lon: 63.1333, Lat: 34.9833, HasPoint: true},
		{Line: 2, Date: mustDay("2021-07-08"), Province: "Herat", District: "Guzara", Status: Taliban, Kind: "claim", Claim: true,
			Actor: "Taliban", Source: "Taliban statement", Confidence: Low},
		{Line: 3, Date: mustDay("2021-08-12"), Status: Taliban, Kind: "captured", Claim: true, Source: "Reuters", Confidence: High,
			Lon: 62.2, Lat: 34.3, HasPoint: true},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, rows[i], want[i])
		}
	}
}

func TestReadGeoJSONBad(t *testing.T) {
	rows, err := readFixture(t, "events-bad.geojson", func(n string, f *os.File) ([]Row, error) { return ReadGeoJSON(n, f) })
	checkProblems(t, err, []rowProblem{
		{2, "longitude", "out of range"},
		{3, "geometry", "want a Point"},
		{4, "date", "ambiguous"},
		{4, "province", "required"},
		{4, "district", "required"},
		{4, "status", "unknown status"},
		{4, "claim", "want true"},
		{4, "source", "want a string"},
		{4, "source", "required"},
		{5, "type", `want "Feature"`},
		{6, "", "not a GeoJSON Feature"},
	})
	if len(rows) != 1 || rows[0].Line != 1 {
		t.Errorf("good rows %+v", rows)
	}
	if !strings.Contains(err.Error(), "events-bad.geojson: feature 2: longitude \"263.1\": out of range ±180") {
		t.Errorf("message: %v", err)
	}
}

func TestReadGeoJSONFileErrors(t *testing.T) {
	feature := `{"type":"Feature","geometry":null,"properties":{"date":"2021-07-07","province":"B","district":"D","status":"taliban","claim":false,"source":"S","confidence":"low"}}`
	tests := []struct {
		name, in, reason string
	}{
		{"not json", "date,province", "invalid JSON"},
		{"array", "[]", "top level"},
		{"truncated", `{"type":"FeatureCollection","features":[` + feature + `,{"type":"Fea`, "feature 2: file ends early"},
		{"nan", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[NaN,1]}}]}`, "feature 1: invalid JSON"},
		{"wrong type", `{"type":"Feature","features":[]}`, `want "FeatureCollection"`},
		{"no type", `{"features":[]}`, `want "FeatureCollection"`},
		{"no features", `{"type":"FeatureCollection"}`, `no "features"`},
		{"features not array", `{"type":"FeatureCollection","features":{}}`, `"features" is not an array`},
		{"trailing data", `{"type":"FeatureCollection","features":[]} {}`, "data after"},
		{"huge value", `{"type":"FeatureCollection","x":"` + strings.Repeat("a", 3*maxRead) + `","features":[]}`, "too large"},
		{"empty", "", "file ends early"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := ReadGeoJSON("e.geojson", strings.NewReader(tt.in))
			if err == nil || rows != nil || !strings.Contains(err.Error(), tt.reason) || !strings.HasPrefix(err.Error(), "e.geojson: ") {
				t.Errorf("got %d rows, %v; want an error containing %q", len(rows), err, tt.reason)
			}
			var es RowErrors
			if errors.As(err, &es) {
				t.Errorf("file-level problem reported as row errors")
			}
		})
	}
	big := `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"notes":"` + strings.Repeat("n", maxFeature) + `"}},` + feature + `]}`
	rows, err := ReadGeoJSON("e.geojson", strings.NewReader(big))
	checkProblems(t, err, []rowProblem{{1, "", "feature longer than"}})
	if len(rows) != 1 {
		t.Errorf("%d rows after an oversized feature, want 1", len(rows))
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, head, want string
	}{
		{"e.csv", header, "native"},
		{"e.txt", "\ufeffDATE, Province,district,status,kind,claim,actor,source,source_url,confidence,notes\r\n", "native"},
		{"e.csv", "date,district\n", "native"},
		{"a.csv", "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,admin1,admin2\n1,", "acled"},
		{"g.csv", `"id","relid","year","side_a","adm_1","adm_2","date_start"` + "\n", "ucdp"},
		{"e.geojson", "", "geojson"},
		{"e.json", " \n{\"type\":", "geojson"},
		{"e.json", "[1,2]", ""},
		{"e.dat", "{\"type\":\"FeatureCollection\"", "geojson"},
		{"e.dat", "hello,world\n", ""},
		{"e.xlsx", "PK\x03\x04", ""},
	}
	for _, tt := range tests {
		if got := Detect(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("Detect(%q, %q) = %q, want %q", tt.name, tt.head, got, tt.want)
		}
	}
}

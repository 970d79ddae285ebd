package events

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
)

const header = "date,province,district,status,kind,claim,actor,source,source_url,confidence,notes\n"

func TestReadNativeSmall(t *testing.T) {
	f, err := os.Open("testdata/events-small.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := ReadNative("events-small.csv", f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{Line: 2, Date: mustDay("2021-07-07"), Province: "Badghis", District: "Qala-e-Naw", Status: Contested, Kind: "attack",
			Actor: "Taliban", Source: "AFP", SourceURL: "https://www.example.org/a", Confidence: Medium,
			Notes: "fighting inside the city, near the governor's office"},
		{Line: 3, Date: mustDay("2021-08-06"), Province: "Nimruz", District: "Zaranj", Status: Taliban, Kind: "captured",
			Actor: "Taliban", Source: "Reuters", Confidence: High, Notes: "first provincial capital to fall\n(two lines)"},
		{Line: 5, Date: mustDay("2021-07-09"), Province: "Herat", District: "Karukh", Status: Taliban, Kind: "claim", Claim: true,
			Actor: "Taliban", Source: "Taliban statement", Confidence: Low},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows:\n got %+v\nwant %+v", rows, want)
	}
}

// rowProblem is what a test expects of one RowError.
type rowProblem struct {
	line   int
	field  string
	reason string
}

func checkProblems(t *testing.T, err error, want []rowProblem) {
	t.Helper()
	var es RowErrors
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if !errors.As(err, &es) {
		t.Fatalf("error %v (%T), want RowErrors", err, err)
	}
	if len(es) != len(want) {
		t.Fatalf("%d problems, want %d:\n%v", len(es), len(want), err)
	}
	for i, w := range want {
		e := es[i]
		if e.Line != w.line || e.Field != w.field || !strings.Contains(e.Reason, w.reason) {
			t.Errorf("problem %d = line %d field %q reason %q; want line %d field %q reason containing %q",
				i, e.Line, e.Field, e.Reason, w.line, w.field, w.reason)
		}
	}
}

func TestReadNativeRowErrors(t *testing.T) {
	good := "2021-07-07,Badghis,Qala-e-Naw,contested,attack,false,Taliban,AFP,,medium,\n"
	tests := []struct {
		name  string
		body  string
		rows  int
		wants []rowProblem
	}{
		{"good", good, 1, nil},
		{"every field bad", ",, ,won,x,maybe,a,,ftp://x,sure,\n", 0, []rowProblem{
			{2, "date", "empty"}, {2, "province", "required"}, {2, "district", "required"}, {2, "status", "unknown status"},
			{2, "claim", "want true"}, {2, "source", "required"}, {2, "source_url", "http or https"}, {2, "confidence", "unknown confidence"}}},
		{"all rows listed", good + "2021-02-31,B,D,taliban,,0,,S,,low,\n" + good + "yesterday,B,D,taliban,,1,,S,,low,\n", 2, []rowProblem{
			{3, "date", "does not exist"}, {5, "date", "not a date"}}},
		{"ragged row", good + "2021-07-08,Badghis\n" + good, 2, []rowProblem{{3, "", "has 2 cells, want 11"}}},
		{"extra cell", good + strings.TrimSuffix(good, "\n") + ",extra\n", 1, []rowProblem{{3, "", "has 12 cells"}}},
		{"quoted newline keeps line numbers", "2021-07-07,B,D,taliban,,no,,S,,low,\"a\nb\nc\"\n2021-07-07,B,D,taliban,,no,,S,,never,\n", 1,
			[]rowProblem{{5, "confidence", "unknown"}}},
		{"bare quote is text", "2021-07-07,B,D\"x,taliban,,no,,S,,low,\n" + good, 2, nil},
		{"unclosed quote at end", good + "2021-07-07,B,\"D,taliban,,no,,S,,low,\n", 1, []rowProblem{{3, "district", "opened on line 3 is never closed"}}},
		{"unclosed quote swallows rows", "2021-07-07,B,\"D,taliban,,no,,S,,low,\n" + good + good, 0, []rowProblem{{2, "district", "never closed"}}},
		{"url without host", "2021-07-07,B,D,taliban,,no,,S,https://,low,\n", 0, []rowProblem{{2, "source_url", "no host"}}},
		{"url with spaces", "2021-07-07,B,D,taliban,,no,,S,https://a.org/x y,low,\n", 0, []rowProblem{{2, "source_url", "spaces"}}},
		{"javascript url", "2021-07-07,B,D,taliban,,no,,S,javascript:alert(1),low,\n", 0, []rowProblem{{2, "source_url", "http"}}},
		{"control character in name", "2021-07-07,B,\"D\x00\",taliban,,no,,S,,low,\n", 0, []rowProblem{{2, "district", "control character"}}},
		{"nul in notes", "2021-07-07,B,D,taliban,,no,,S,,low,a\x00b\n", 0, []rowProblem{{2, "notes", "control character"}}},
		{"not utf-8", "2021-07-07,B,D\xe9,taliban,,no,,S,,low,\n" + good, 1, []rowProblem{{2, "district", "not valid UTF-8"}}},
		{"field too long", "2021-07-07,B,D,taliban,,no,,S,,low," + strings.Repeat("n", MaxField+1) + "\n" + good, 1,
			[]rowProblem{{2, "notes", "longer than 65536 bytes"}}},
		{"neutralised cells read back", "2021-07-07,B,D,taliban,,no,,'=S,,low,'-x\n", 1, nil},
		{"blank lines skipped", "\n" + good + "\n\n", 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := ReadNative("events.csv", strings.NewReader(header+tt.body), Options{})
			if len(rows) != tt.rows {
				t.Errorf("%d rows, want %d", len(rows), tt.rows)
			}
			checkProblems(t, err, tt.wants)
		})
	}
}

func TestReadNativeUnneutralise(t *testing.T) {
	rows, err := ReadNative("e.csv", strings.NewReader(header+"2021-07-07,B,D,taliban,,no,,'=S,,low,'-x\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rows[0].Source != "=S" || rows[0].Notes != "-x" {
		t.Errorf("source %q notes %q, want =S and -x", rows[0].Source, rows[0].Notes)
	}
}

func TestReadNativeHeader(t *testing.T) {
	body := "2021-07-07,B,D,taliban,,no,,S,,low,\n"
	tests := []struct {
		name    string
		header  string
		ok      bool
		missing []string
		extra   []string
		reason  string
	}{
		{"exact", header, true, nil, nil, ""},
		{"case and spaces", " Date , PROVINCE,district ,Status,kind,claim,actor,source,Source_URL,confidence,notes\r\n", true, nil, nil, ""},
		{"bom", "\ufeff" + header, true, nil, nil, ""},
		{"missing", "date,district\n", false, []string{"province", "status", "kind", "claim", "actor", "source", "source_url", "confidence", "notes"}, nil, ""},
		{"extra", strings.TrimSuffix(header, "\n") + ",lat\n", false, nil, []string{"lat"}, ""},
		{"renamed", strings.Replace(header, "notes", "note", 1), false, []string{"notes"}, []string{"note"}, ""},
		{"out of order", "province,date,district,status,kind,claim,actor,source,source_url,confidence,notes\n", false, nil, nil, "out of order"},
		{"empty", "", false, nil, nil, "empty file"},
		{"semicolons", strings.ReplaceAll(header, ",", ";"), true, nil, nil, ""},
		{"tabs", strings.ReplaceAll(header, ",", "\t"), true, nil, nil, ""},
		{"source_id", strings.TrimSuffix(header, "\n") + ",source_id\n", true, nil, nil, ""},
		{"source_id and scope", strings.TrimSuffix(header, "\n") + ",source_id,scope\n", true, nil, nil, ""},
		{"scope without source_id", strings.TrimSuffix(header, "\n") + ",scope\n", false, nil, nil, "out of order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.header
			if in != "" {
				// The body matches the header's delimiter and width.
				b := strings.TrimSuffix(body, "\n") + strings.Repeat(",", max(0, strings.Count(tt.header, ",")-10))
				for _, d := range []string{";", "\t"} {
					if strings.Contains(tt.header, d) {
						b = strings.ReplaceAll(b, ",", d)
					}
				}
				in += b + "\n"
			}
			rows, err := ReadNative("h.csv", strings.NewReader(in), Options{})
			if tt.ok {
				if err != nil || len(rows) != 1 {
					t.Fatalf("got %d rows, %v", len(rows), err)
				}
				return
			}
			var he *HeaderError
			if !errors.As(err, &he) {
				t.Fatalf("error %v (%T), want *HeaderError", err, err)
			}
			if rows != nil {
				t.Errorf("rows returned with a header error")
			}
			if !reflect.DeepEqual(he.Missing, tt.missing) || !reflect.DeepEqual(he.Extra, tt.extra) || !strings.Contains(he.Reason, tt.reason) {
				t.Errorf("got missing %v extra %v reason %q", he.Missing, he.Extra, he.Reason)
			}
			if !strings.HasPrefix(err.Error(), "h.csv: line 1: header: ") {
				t.Errorf("error %q does not name the file and header", err)
			}
		})
	}
}

func TestReadNativeTooLarge(t *testing.T) {
	tests := []struct {
		name string
		body string
	}{
		{"one endless unquoted line", strings.Repeat("x", maxRecord+10)},
		{"one endless quoted cell with newlines", "2021-07-07,B,\"" + strings.Repeat("a\n", maxRecord)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := ReadNative("big.csv", strings.NewReader(header+tt.body), Options{})
			if !errors.Is(err, ErrTooLarge) || rows != nil {
				t.Fatalf("got %d rows, %v; want ErrTooLarge", len(rows), err)
			}
			if !strings.Contains(err.Error(), "big.csv: line 2: record longer than") {
				t.Errorf("error %q does not say where", err)
			}
		})
	}
}

func TestReadNativeEncoding(t *testing.T) {
	in := header + "2021-07-08,Herat,Guzara,taliban,captured,false,Taliban,Agence France-Presse (d\xe9p\xeache),,low,rapport\xe9 \x80 \x96\n"
	_, err := ReadNative("l.csv", strings.NewReader(in), Options{})
	checkProblems(t, err, []rowProblem{{2, "source", "not valid UTF-8"}, {2, "notes", "not valid UTF-8"}})
	for _, enc := range []string{"windows-1252", "latin1", "ISO-8859-1", "cp1252"} {
		rows, err := ReadNative("l.csv", strings.NewReader(in), Options{Encoding: enc})
		if err != nil {
			t.Fatalf("%s: %v", enc, err)
		}
		if rows[0].Source != "Agence France-Presse (dépêche)" || rows[0].Notes != "rapporté € –" {
			t.Errorf("%s: source %q notes %q", enc, rows[0].Source, rows[0].Notes)
		}
	}
	if _, err := ReadNative("l.csv", strings.NewReader(in), Options{Encoding: "ebcdic"}); err == nil || !strings.Contains(err.Error(), "unknown encoding") {
		t.Errorf("unknown encoding accepted: %v", err)
	}
}

// TestSharedBadEvents reads every events-*.csv of the hostile inputs.
func TestSharedBadEvents(t *testing.T) {
	tests := []struct {
		file   string
		opt    Options
		rows   int
		header bool // a *HeaderError is expected
		wants  []rowProblem
		check  func(t *testing.T, rows []Row)
	}{
		{file: "events-bad-dates.csv", rows: 1, wants: []rowProblem{
			{3, "date", "day 31 does not exist in June 2021"}, {4, "date", "ambiguous day/month"}, {5, "date", "not a date"}}},
		{file: "events-formula-injection.csv", rows: 1, check: func(t *testing.T, rows []Row) {
			if rows[0].Source != `=WEBSERVICE("http://example.invalid")` || rows[0].Notes != `@SUM(1+1)*cmd` {
				t.Errorf("cells changed on read: %q %q", rows[0].Source, rows[0].Notes)
			}
			var b bytes.Buffer
			if err := WriteNative(&b, rows); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), `,"'=WEBSERVICE(""http://example.invalid"")",`) || !strings.Contains(b.String(), `,'@SUM(1+1)*cmd`) {
				t.Errorf("export not neutralised:\n%s", b.String())
			}
		}},
		{file: "events-latin1.csv", rows: 0, wants: []rowProblem{{2, "source", "not valid UTF-8"}, {2, "notes", "not valid UTF-8"}}},
		{file: "events-latin1.csv", opt: Options{Encoding: "windows-1252"}, rows: 1, check: func(t *testing.T, rows []Row) {
			if !strings.Contains(rows[0].Source, "résumé") || rows[0].Notes != "confirmé" {
				t.Errorf("decoded %q %q", rows[0].Source, rows[0].Notes)
			}
		}},
		{file: "events-missing-columns.csv", header: true},
		{file: "events-ragged-row.csv", rows: 1, wants: []rowProblem{{3, "", "has 2 cells, want 11"}}},
		{file: "events-unknown-district.csv", rows: 2, check: func(t *testing.T, rows []Row) {
			if rows[1].District != "Narnia" {
				t.Errorf("district %q", rows[1].District)
			}
		}},
		{file: "events-unknown-status.csv", rows: 0, wants: []rowProblem{{2, "status", "unknown status"}}},
		{file: "events-valid-bom-crlf.csv", rows: 1, check: func(t *testing.T, rows []Row) {
			want := Row{Line: 2, Date: mustDay("2021-08-01"), Province: "Herat", District: "Guzara", Status: Contested,
				Kind: "attack", Actor: "Taliban", Source: "TOLOnews", Confidence: Medium, Notes: "fighting near the district centre"}
			if rows[0] != want {
				t.Errorf("got %+v", rows[0])
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file+tt.opt.Encoding, func(t *testing.T) {
			f := openBad(t, tt.file)
			rows, err := ReadNative(tt.file, f, tt.opt)
			if tt.header {
				var he *HeaderError
				if !errors.As(err, &he) || rows != nil {
					t.Fatalf("got %d rows, %v; want a header error", len(rows), err)
				}
				if !strings.Contains(err.Error(), tt.file+": line 1: header: missing columns province, status") {
					t.Errorf("error %q", err)
				}
				return
			}
			if len(rows) != tt.rows {
				t.Errorf("%d rows, want %d (%v)", len(rows), tt.rows, err)
			}
			checkProblems(t, err, tt.wants)
			if err != nil && !strings.HasPrefix(err.Error(), tt.file+": ") {
				t.Errorf("error %q does not name the file", err)
			}
			if tt.check != nil && len(rows) == tt.rows {
				tt.check(t, rows)
			}
		})
	}
}

func TestRowErrorsMessage(t *testing.T) {
	in := header + "07/08/2021,Herat,Shindand,taliban,captured,false,Taliban,X,,low,\n2021-07-08,Badghis\n"
	_, err := ReadNative("events.csv", strings.NewReader(in), Options{})
	want := "events.csv: 2 bad rows:\n" +
		"\tevents.csv: line 2: date \"07/08/2021\": ambiguous day/month, use YYYY-MM-DD\n" +
		"\tevents.csv: line 3: has 2 cells, want 11"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

func mustDay(s string) Day {
	d, err := ParseDay(s)
	if err != nil {
		panic(fmt.Sprintf("mustDay(%q): %v", s, err))
	}
	return d
}

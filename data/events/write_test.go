package events

import (
	"bytes"
	"encoding/csv"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestNeutraliseCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"AFP", "AFP"},
		{"=1+2", "'=1+2"},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"  =1", "'  =1"},
		{"-5", "-5"},
		{"-12.25", "-12.25"},
		{"  -5", "  -5"},
		{"-5 killed", "'-5 killed"},
		{"-1+2", "'-1+2"},
		{"-", "'-"},
		{"-.5", "'-.5"},
		{"-5.", "'-5."},
		{"'=1", "''=1"},
		{"'plain", "'plain"},
		{"'-5", "'-5"},
		{"a=1", "a=1"},
		{"2021-07-07", "2021-07-07"},
	}
	for _, tt := range tests {
		got := NeutraliseCell(tt.in)
		if got != tt.want {
			t.Errorf("NeutraliseCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if back := unneutralise(got); back != tt.in {
			t.Errorf("unneutralise(%q) = %q, want %q", got, back, tt.in)
		}
	}
}

func TestWriteNativeRoundTrip(t *testing.T) {
	rows := []Row{
		{Line: 2, Date: mustDay("2021-07-07"), Province: "Badghis", District: "Qala-e-Naw", Status: Contested, Kind: "attack",
			Actor: "Taliban", Source: "=HYPERLINK(\"http://x\")", SourceURL: "https://example.org/a,b", Confidence: Medium,
			Notes: "line one\nline two, with \"quotes\""},
		{Line: 4, Date: mustDay("2021-08-15"), Province: "Kabul", District: "Kabul", Status: Taliban, Kind: "captured", Claim: true,
			Source: "@source", Confidence: High, Notes: "-5 and '=x"},
		{Line: 5, Date: mustDay("2021-08-16"), Province: "Herat", District: "Shindand", Status: NoChange, Kind: "attack",
			Source: "'+already", Confidence: Low, Notes: "-5"},
	}
	var b bytes.Buffer
	if err := WriteNative(&b, rows); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs {
		for _, cell := range rec {
			if risky(cell) {
				t.Errorf("cell %q written unneutralised", cell)
			}
		}
	}
	back, err := ReadNative("out.csv", &b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, rows) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, rows)
	}
}

func TestWriteRejects(t *testing.T) {
	in := header + "2021-07-07,B,D,taliban,,no,,S,,low,\n07/08/2021,B,D,won,,no,,=S,,low,\n2021-07-08,Badghis\n"
	_, err := ReadNative("e.csv", strings.NewReader(in), Options{})
	var es RowErrors
	if !errors.As(err, &es) {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteRejects(&b, es.Rejects()); err != nil {
		t.Fatal(err)
	}
	want := "line,reasons,record\n" +
		"3,\"date: ambiguous day/month, use YYYY-MM-DD; status: unknown status, want government, contested, taliban, unknown or nochange\",07/08/2021,B,D,won,,no,,'=S,,low,\n" +
		"4,\"has 2 cells, want 11\",2021-07-08,Badghis\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestRejectsRoundTrip fixes rejected rows in the rejects file and reads
// them again: every cell must come back as the text the original row would
// have given with the same fix, spreadsheet-safety quotes included.
func TestRejectsRoundTrip(t *testing.T) {
	bad := []string{
		"07/08/2021,Badghis,Qala-i-Naw,taliban,captured,no,'=Taliban,'@source,,low,'-1+2 notes",
		"07/08/2021,Badghis,Qala-i-Naw,taliban,captured,no,''=quoted,plain,,low,'it's fine",
		"07/08/2021,Badghis,Qala-i-Naw,taliban,captured,no,actor,src,,low,\"'\ttab\"",
	}
	fix := func(rec []string) []string { rec[0] = "2021-08-07"; return rec }
	_, err := ReadNative("e.csv", strings.NewReader(header+strings.Join(bad, "\n")+"\n"), Options{})
	var es RowErrors
	if !errors.As(err, &es) || len(es.Rejects()) != len(bad) {
		t.Fatalf("want %d rejects, got %v", len(bad), err)
	}
	var b bytes.Buffer
	if err := WriteRejects(&b, es.Rejects()); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(&b)
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var fixed bytes.Buffer
	w := csv.NewWriter(&fixed)
	w.Write(nativeColumns)
	for _, rec := range recs[1:] {
		w.Write(fix(rec[2:]))
	}
	w.Flush()
	got, err := ReadNative("fixed.csv", &fixed, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var orig bytes.Buffer
	orig.WriteString(header)
	for _, line := range bad {
		rec, _ := csv.NewReader(strings.NewReader(line)).Read()
		cw := csv.NewWriter(&orig)
		cw.Write(fix(rec))
		cw.Flush()
	}
	want, err := ReadNative("orig.csv", &orig, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		got[i].Line, want[i].Line = 0, 0
		if got[i] != want[i] {
			t.Errorf("row %d after the rejects round trip:\n got %+v\nwant %+v", i+1, got[i], want[i])
		}
	}
}

package shapefile

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/paulmach/orb"
)

// squares returns a .shp of n one-square records.
func squares(n int) []byte {
	recs := make([]shpRecord, n)
	for k := range recs {
		recs[k] = shpRecord{rings: []orb.Ring{square(60+float64(k), 33, 1)}}
	}
	return buildSHP(shapePolygon, recs...)
}

func TestDBFValues(t *testing.T) {
	tests := []struct {
		name  string
		field fieldSpec
		raw   string
		want  string
	}{
		{"text keeps leading space and newline", fieldSpec{"S", 'C', 12}, " Warduj\n", " Warduj\n"},
		{"text keeps inner double space", fieldSpec{"S", 'C', 12}, "Zanda  Jan", "Zanda  Jan"},
		{"text NUL padding", fieldSpec{"S", 'C', 12}, "Qalat\x00\x00\x00", "Qalat"},
		{"blank text", fieldSpec{"S", 'C', 4}, "", ""},
		{"UTF-8 text", fieldSpec{"S", 'C', 12}, "Hérat", "Hérat"},
		{"number right-aligned", fieldSpec{"N", 'N', 8}, "   12.50", "12.50"},
		{"negative float", fieldSpec{"F", 'F', 8}, "  -3e2", "-3e2"},
		{"blank number", fieldSpec{"N", 'N', 8}, "", ""},
		{"number overflow stars", fieldSpec{"N", 'N', 4}, "****", ""},
		{"logical yes", fieldSpec{"L", 'L', 1}, "y", "T"},
		{"logical no", fieldSpec{"L", 'L', 1}, "N", "F"},
		{"logical unknown", fieldSpec{"L", 'L', 1}, "?", ""},
		{"date", fieldSpec{"D", 'D', 8}, "20210707", "2021-07-07"},
		{"leap day", fieldSpec{"D", 'D', 8}, "20200229", "2020-02-29"},
		{"blank date", fieldSpec{"D", 'D', 8}, "", ""},
		{"zero date", fieldSpec{"D", 'D', 8}, "00000000", ""},
		{"memo read as text", fieldSpec{"M", 'M', 10}, "        12", "        12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			layer, err := readBytes(squares(1), buildDBF([]fieldSpec{tt.field}, []string{tt.raw}))
			if err != nil {
				t.Fatal(err)
			}
			if got := layer.Features[0].Attrs[tt.field.name]; got != tt.want {
				t.Errorf("value = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDBFBadValues(t *testing.T) {
	tests := []struct {
		name   string
		field  fieldSpec
		raw    string
		reason string
	}{
		{"number with letters", fieldSpec{"POP", 'N', 8}, "12a", `"12a" is not a number`},
		{"decimal comma", fieldSpec{"AREA", 'F', 8}, "1,5", `"1,5" is not a number`},
		{"logical", fieldSpec{"OK", 'L', 1}, "x", `"x" is not a logical value`},
		{"impossible date", fieldSpec{"DAY", 'D', 8}, "20210230", `"20210230" is not a date`},
		{"date with dashes", fieldSpec{"DAY", 'D', 8}, "2021-7-7", "is not a date"},
		{"latin-1 text without .cpg", fieldSpec{"NAME", 'C', 8}, "H\xe9rat", "not valid UTF-8 and no .cpg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readBytes(squares(2), buildDBF([]fieldSpec{tt.field}, []string{""}, []string{tt.raw}))
			checkFormatError(t, err, "t.dbf", 2, tt.field.name, tt.reason)
		})
	}
}

func TestDBFDeletedRecordsAreLeftOut(t *testing.T) {
	shp := buildSHP(shapePolygon,
		shpRecord{rings: []orb.Ring{square(60, 33, 1)}},
		shpRecord{}, // a deleted record often keeps a Null shape
		shpRecord{rings: []orb.Ring{square(62, 33, 1)}})
	dbf := buildDBF(nameField, []string{"first"}, []string{"\x00DELETEDgone"}, []string{"third"})
	layer, err := readBytes(shp, dbf)
	if err != nil {
		t.Fatal(err)
	}
	if len(layer.Features) != 2 {
		t.Fatalf("got %d features, want 2", len(layer.Features))
	}
	for k, want := range []struct {
		index int
		name  string
	}{{0, "first"}, {2, "third"}} {
		if f := layer.Features[k]; f.Index != want.index || f.Attrs["NAME"] != want.name {
			t.Errorf("feature %d = index %d name %q, want %d %q", k, f.Index, f.Attrs["NAME"], want.index, want.name)
		}
	}
}

func TestDBFEncodings(t *testing.T) {
	tests := []struct {
		cpg      string
		raw      string
		want     string
		encoding string
	}{
		{"", "Hérat", "Hérat", "UTF-8"},
		{"UTF-8\n", "Hérat", "Hérat", "UTF-8"},
		{"65001", "Hérat", "Hérat", "UTF-8"},
		{"1252", "Qal\x92a \x80", "Qal’a €", "windows-1252"},
		{"ANSI 1252", "H\xe9rat", "Hérat", "windows-1252"},
		{"windows-1252", "\x81", "\u0081", "windows-1252"},
		{"ISO-8859-1", "H\xe9rat \x92", "Hérat \u0092", "ISO-8859-1"},
		{"latin1", "Sar-e Pul", "Sar-e Pul", "ISO-8859-1"},
	}
	for _, tt := range tests {
		t.Run(tt.cpg+"/"+tt.want, func(t *testing.T) {
			dbf := buildDBF(nameField, []string{tt.raw})
			layer, err := ReadWithCPG("t", bytes.NewReader(squares(1)), bytes.NewReader(dbf), "", tt.cpg)
			if err != nil {
				t.Fatal(err)
			}
			if got := layer.Features[0].Attrs["NAME"]; got != tt.want || layer.Encoding != tt.encoding {
				t.Errorf("NAME = %q in %s, want %q in %s", got, layer.Encoding, tt.want, tt.encoding)
			}
		})
	}
}

func TestDBFEncodingErrors(t *testing.T) {
	dbf := buildDBF(nameField, []string{"H\xe9rat"})
	_, err := ReadWithCPG("t", bytes.NewReader(squares(1)), bytes.NewReader(dbf), "", "UTF-8")
	checkFormatError(t, err, "t.dbf", 1, "NAME", "not valid UTF-8 as the .cpg says")

	_, err = ReadWithCPG("t", bytes.NewReader(squares(1)), bytes.NewReader(dbf), "", "KOI8-R")
	checkFormatError(t, err, "t.cpg", 0, "", `encoding "KOI8-R" is not one this reader knows`)
}

func TestDBFCorruptHeader(t *testing.T) {
	good := func() []byte { return buildDBF(nameField, []string{"A"}) }
	two := []fieldSpec{{"NAME", 'C', 10}, {"CODE", 'C', 4}}
	tests := []struct {
		name   string
		dbf    []byte
		field  string
		reason string
	}{
		{"too short", good()[:20], "", "shorter than a dBASE header"},
		{"version byte", with(good(), func(b []byte) { b[0] = 0x02 }), "", "version byte is 0x02"},
		{"header length past the end", with(good(), func(b []byte) { binary.LittleEndian.PutUint16(b[8:], 5000) }), "", "header length 5000"},
		{"record count past the end", with(good(), func(b []byte) { binary.LittleEndian.PutUint32(b[4:], 1<<31) }), "", "header claims 2147483648 records"},
		{"record length disagrees with fields", with(good(), func(b []byte) { binary.LittleEndian.PutUint16(b[10:], 20) }), "", "record length is 20 bytes but the fields add up to 21"},
		{"no terminator", with(good(), func(b []byte) { b[64] = ' ' }), "", "without the 0x0D terminator"},
		{"field without a name", with(good(), func(b []byte) { copy(b[32:43], make([]byte, 11)) }), "", "field descriptor 1 has no name"},
		{"zero-length field", with(good(), func(b []byte) { b[32+16] = 0 }), "NAME", "field length is 0"},
		{"duplicate field name", with(buildDBF(two, []string{"A", "B"}), func(b []byte) { copy(b[64:68], "NAME") }), "", `field name "NAME" appears twice`},
		{"bad deletion flag", with(good(), func(b []byte) { b[65] = 'X' }), "", "deletion flag is 0x58"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readBytes(squares(1), tt.dbf)
			record := 0
			if tt.name == "bad deletion flag" {
				record = 1
			}
			checkFormatError(t, err, "t.dbf", record, tt.field, tt.reason)
		})
	}
}

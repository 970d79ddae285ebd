package shapefile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func readBytes(shp, dbf []byte) (*Layer, error) {
	return Read("t", bytes.NewReader(shp), bytes.NewReader(dbf), "")
}

func TestReadShapeTypes(t *testing.T) {
	ring := square(65, 33, 1)
	hole := ccw(square(65.25, 33.25, 0.5))
	tests := []struct {
		name      string
		shapeType int32
		rec       shpRecord
	}{
		{"Polygon", shapePolygon, shpRecord{rings: []orb.Ring{ring, hole}}},
		{"PolygonZ with M", shapePolygonZ, shpRecord{rings: []orb.Ring{ring, hole}, withZ: true, withM: true}},
		{"PolygonZ without M", shapePolygonZ, shpRecord{rings: []orb.Ring{ring, hole}, withZ: true}},
		{"PolygonM with M", shapePolygonM, shpRecord{rings: []orb.Ring{ring, hole}, withM: true}},
		{"PolygonM without M", shapePolygonM, shpRecord{rings: []orb.Ring{ring, hole}}},
	}
	want := orb.MultiPolygon{{ring, hole}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			layer, err := readBytes(buildSHP(tt.shapeType, tt.rec), buildDBF(nameField, []string{"A"}))
			if err != nil {
				t.Fatal(err)
			}
			if len(layer.Features) != 1 {
				t.Fatalf("got %d features, want 1", len(layer.Features))
			}
			if got := layer.Features[0].Geom; !got.Equal(want) {
				t.Errorf("geometry = %v, want %v", got, want)
			}
		})
	}
}

func TestReadEmptyShapefile(t *testing.T) {
	layer, err := readBytes(buildSHP(shapePolygon), buildDBF(nameField))
	if err != nil {
		t.Fatal(err)
	}
	if len(layer.Features) != 0 || !reflect.DeepEqual(layer.Fields, []string{"NAME"}) {
		t.Errorf("got %d features and fields %v, want none and [NAME]", len(layer.Features), layer.Fields)
	}
}

func TestReadNameAndPRJ(t *testing.T) {
	tests := []struct{ name, want string }{
		{"districts", "districts"},
		{"districts.shp", "districts"},
		{"districts.SHP", "districts"},
		{"adm2.v1", "adm2.v1"},
	}
	for _, tt := range tests {
		shp, dbf := oneSquare()
		layer, err := Read(tt.name, bytes.NewReader(shp), bytes.NewReader(dbf), "GEOGCS[]")
		if err != nil {
			t.Fatal(err)
		}
		if layer.Name != tt.want || layer.PRJ != "GEOGCS[]" || layer.Encoding != "UTF-8" {
			t.Errorf("Read(%q): Name, PRJ, Encoding = %q, %q, %q, want %q", tt.name, layer.Name, layer.PRJ, layer.Encoding, tt.want)
		}
		if got := layer.Features[0].Attrs["NAME"]; got != "Square" {
			t.Errorf("NAME = %q, want Square", got)
		}
	}
}

// Offsets in a one-record .shp built by buildSHP.
const (
	recNumberAt = 100
	recLengthAt = 104
	recTypeAt   = 108
	numPartsAt  = 144
	numPointsAt = 148
	partsAt     = 152
)

func TestReadCorruptSynthetic(t *testing.T) {
	twoRings := func() []byte {
		return buildSHP(shapePolygon, shpRecord{rings: []orb.Ring{square(65, 33, 1), square(67, 33, 1)}})
	}
	one := func() []byte { shp, _ := oneSquare(); return shp }
	dbf1 := buildDBF(nameField, []string{"A"})
	pointsAt := func(parts int) int { return partsAt + 4*parts }

	tests := []struct {
		name   string
		shp    []byte
		dbf    []byte
		file   string
		record int
		field  string
		reason string
	}{
		{"empty .shp", nil, dbf1, "t.shp", 0, "", "shorter than the 100-byte header"},
		{"wrong file code", with(one(), func(b []byte) { putI32(b, 0, 1234, binary.BigEndian) }), dbf1, "t.shp", 0, "", "file code is 1234"},
		{"wrong version", with(one(), func(b []byte) { putI32(b, 28, 999, binary.LittleEndian) }), dbf1, "t.shp", 0, "", "version is 999"},
		{"points file", with(one(), func(b []byte) { putI32(b, 32, 1, binary.LittleEndian) }), dbf1, "t.shp", 0, "", "shape type 1 (Point) is not supported"},
		{"header length too long", with(one(), func(b []byte) { putI32(b, 24, 1000, binary.BigEndian) }), dbf1, "t.shp", 0, "", "file length of 2000 bytes"},
		{"record number", with(one(), func(b []byte) { putI32(b, recNumberAt, 7, binary.BigEndian) }), dbf1, "t.shp", 1, "", "record number is 7, want 1"},
		{"content past the end", with(one(), func(b []byte) { putI32(b, recLengthAt, 1000, binary.BigEndian) }), dbf1, "t.shp", 1, "", "runs past the end"},
		{"negative content length", with(one(), func(b []byte) { putI32(b, recLengthAt, -4, binary.BigEndian) }), dbf1, "t.shp", 1, "", "content length is -8"},
		{"record header cut", shpTruncated(one(), 4), dbf1, "t.shp", 2, "", "record header cut short"},
		{"null shape", buildSHP(shapePolygon, shpRecord{}), dbf1, "t.shp", 1, "", "no geometry (null shape)"},
		{"polyline record in polygon file", with(one(), func(b []byte) { putI32(b, recTypeAt, 3, binary.LittleEndian) }), dbf1, "t.shp", 1, "", "shape type 3 (PolyLine) differs from the file's 5 (Polygon)"},
		{"zero parts", with(one(), func(b []byte) { putI32(b, numPartsAt, 0, binary.LittleEndian) }), dbf1, "t.shp", 1, "", "has 0 parts"},
		{"points do not fit content", with(one(), func(b []byte) { putI32(b, numPointsAt, 6, binary.LittleEndian) }), dbf1, "t.shp", 1, "", "does not match 1 parts and 6 points"},
		{"2^31 points claimed", with(one(), func(b []byte) { putI32(b, numPointsAt, math.MaxInt32, binary.LittleEndian) }), dbf1, "t.shp", 1, "", "does not match"},
		{"first part not at 0", with(one(), func(b []byte) { putI32(b, partsAt, 1, binary.LittleEndian) }), dbf1, "t.shp", 1, "", "ring 1 starts at point offset 1, want 0"},
		{"part index out of range", with(twoRings(), func(b []byte) { putI32(b, partsAt+4, 10, binary.LittleEndian) }), dbf1, "t.shp", 1, "", "ring 2 starts at point offset 10, outside the 10 points"},
		{"parts not increasing", with(twoRings(), func(b []byte) { putI32(b, partsAt+4, 0, binary.LittleEndian) }), dbf1, "t.shp", 1, "", "ring 2 starts at point offset 0, not after ring 1"},
		{"ring too short", with(twoRings(), func(b []byte) { putI32(b, partsAt+4, 7, binary.LittleEndian) }), dbf1, "t.shp", 1, "", "ring 2 has 3 points, a ring needs at least 4"},
		{"NaN longitude", with(one(), func(b []byte) { putF64(b, pointsAt(1)+16*2, math.NaN()) }), dbf1, "t.shp", 1, "", "ring 1 vertex 3: longitude is NaN"},
		{"infinite latitude", with(one(), func(b []byte) { putF64(b, pointsAt(1)+16*2+8, math.Inf(1)) }), dbf1, "t.shp", 1, "", "ring 1 vertex 3: latitude is +Inf"},
		{"longitude out of range", with(one(), func(b []byte) { putF64(b, pointsAt(1)+16*1, 180.5) }), dbf1, "t.shp", 1, "", "longitude 180.5 is outside [-180, 180]"},
		{"latitude out of range", with(one(), func(b []byte) { putF64(b, pointsAt(1)+16*1+8, -90.5) }), dbf1, "t.shp", 1, "", "latitude -90.5 is outside [-90, 90]"},
		{"ring not closed", with(one(), func(b []byte) { putF64(b, pointsAt(1)+16*4, 65.5) }), dbf1, "t.shp", 1, "", "ring 1 is not closed"},
		{"dbf has fewer records", func() []byte { shp, _ := oneSquare(); return shp }(), buildDBF(nameField), "t.dbf", 0, "", "holds 0 records but t.shp holds 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readBytes(tt.shp, tt.dbf)
			checkFormatError(t, err, tt.file, tt.record, tt.field, tt.reason)
		})
	}
}

// with returns b after applying change to it.
func with(b []byte, change func([]byte)) []byte {
	change(b)
	return b
}

// shpTruncated appends n bytes of a half record and fixes the header length, so the
// walk meets a record header cut short.
func shpTruncated(shp []byte, n int) []byte {
	out := append(shp, make([]byte, n)...)
	binary.BigEndian.PutUint32(out[24:], uint32(len(out)/2))
	return out
}

func checkFormatError(t *testing.T, err error, file string, record int, field, reason string) {
	t.Helper()
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("error = %v, want a *FormatError", err)
	}
	if fe.File != file || fe.Record != record || fe.Field != field || !strings.Contains(fe.Error(), reason) {
		t.Errorf("error = %+v\nwant File %q Record %d Field %q and a message containing %q", fe, file, record, field, reason)
	}
}

func TestFormatErrorMessage(t *testing.T) {
	tests := []struct {
		err  FormatError
		want string
	}{
		{FormatError{File: "geoBoundaries-AFG-ADM2.shp", Record: 17, Ring: 2, Reason: "has 3 points, a ring needs at least 4"},
			"geoBoundaries-AFG-ADM2.shp: record 17: ring 2 has 3 points, a ring needs at least 4"},
		{FormatError{File: "d.shp", Record: 5, Ring: 1, Vertex: 8, Reason: "latitude is NaN"}, "d.shp: record 5: ring 1 vertex 8: latitude is NaN"},
		{FormatError{File: "d.dbf", Record: 3, Field: "shapeName", Reason: "bad"}, `d.dbf: record 3: field "shapeName": bad`},
		{FormatError{File: "d.shp", Reason: "file code is 1"}, "d.shp: file code is 1"},
		{FormatError{File: "d.dbf", Field: "AREA", Reason: "field length is 0"}, `d.dbf: field "AREA": field length is 0`},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

// A 100-byte-scale file claiming 2^31 points must fail before allocating for them.
func TestHugeClaimDoesNotAllocate(t *testing.T) {
	shp := buildSHP(shapePolygon, shpRecord{rings: []orb.Ring{square(65, 33, 1)}})
	putI32(shp, numPartsAt, math.MaxInt32, binary.LittleEndian)
	putI32(shp, numPointsAt, math.MaxInt32, binary.LittleEndian)
	dbf := buildDBF(nameField, []string{"A"})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := readBytes(shp, dbf)
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("no error for a record claiming 2^31 points")
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Errorf("allocated %d bytes reading a %d-byte file", grew, len(shp))
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestReadReaderError(t *testing.T) {
	_, dbf := oneSquare()
	_, err := Read("t", failingReader{}, bytes.NewReader(dbf), "")
	if err == nil || !strings.Contains(err.Error(), "t.shp: disk on fire") {
		t.Errorf("error = %v, want it to name t.shp and the cause", err)
	}
}

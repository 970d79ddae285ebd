package gpkg

import (
	"context"
	"database/sql"
	"math"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
)

func TestEnvelope(t *testing.T) {
	square := orb.Ring{{60, 30}, {61, 30}, {61, 31}, {60, 31}, {60, 30}}
	for _, g := range []orb.Geometry{orb.Point{66.5, 34.25}, orb.Polygon{square}, orb.MultiPolygon{{square}}, orb.LineString{{60, 30}, {75, 39}}} {
		blob, err := Encode(g, WGS84)
		if err != nil {
			t.Fatal(err)
		}
		b, empty, err := Envelope(blob)
		if err != nil || empty || b != g.Bound() {
			t.Errorf("%s: envelope %v, empty %v, %v; want %v", g.GeoJSONType(), b, empty, err, g.Bound())
		}
		// Without the header's envelope, the WKB gives the same bound.
		bare := append([]byte{'G', 'P', 0, flagLittleEndian, 0xe6, 0x10, 0, 0}, blob[8+32:]...)
		if b2, _, err := Envelope(bare); err != nil || b2 != b {
			t.Errorf("%s without an envelope: %v, %v", g.GeoJSONType(), b2, err)
		}
	}
	empty, _ := Encode(orb.MultiPolygon{}, WGS84)
	if _, isEmpty, err := Envelope(empty); err != nil || !isEmpty {
		t.Errorf("empty multipolygon: empty %v, %v", isEmpty, err)
	}
	for _, bad := range [][]byte{nil, []byte("GP"), []byte("XX\x00\x03\x00\x00\x00\x00"), []byte("GP\x00\x03\x00\x00\x00\x00\x01")} {
		if _, _, err := Envelope(bad); err == nil {
			t.Errorf("Envelope(%q) accepted it", bad)
		}
	}
}

// TestSQLFunctions checks the functions the R-tree triggers call, in SQL.
func TestSQLFunctions(t *testing.T) {
	RegisterFunctions()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	blob, _ := Encode(orb.LineString{{60, 30}, {75, 39}}, WGS84)
	var minX, maxX, minY, maxY float64
	var empty, nullEmpty sql.NullInt64
	if err := db.QueryRowContext(context.Background(), "SELECT ST_MinX(?1), ST_MaxX(?1), ST_MinY(?1), ST_MaxY(?1), ST_IsEmpty(?1), ST_IsEmpty(NULL)", blob).
		Scan(&minX, &maxX, &minY, &maxY, &empty, &nullEmpty); err != nil {
		t.Fatal(err)
	}
	if minX != 60 || maxX != 75 || minY != 30 || maxY != 39 || empty.Int64 != 0 || nullEmpty.Valid {
		t.Errorf("ST_ functions: %v %v %v %v, empty %v, empty of NULL %v", minX, maxX, minY, maxY, empty, nullEmpty)
	}
}

// FuzzEnvelope checks that Envelope never panics and, for any blob Decode
// reads, agrees with the bound of the decoded geometry.
func FuzzEnvelope(f *testing.F) {
	for _, g := range []orb.Geometry{orb.Point{66.5, 34.25}, orb.LineString{{60, 30}, {75, 39}}} {
		blob, _ := Encode(g, WGS84)
		f.Add(blob)
	}
	f.Add([]byte("GP\x00\x01\xe6\x10\x00\x00\x01\x01\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, blob []byte) {
		b, empty, err := Envelope(blob)
		g, _, derr := Decode(blob)
		if err != nil || derr != nil || g == nil || empty {
			return
		}
		if (blob[3]>>1)&0x7 == 0 && !sameBound(g.Bound(), b) {
			t.Errorf("Envelope %v, decoded bound %v", b, g.Bound())
		}
	})
}

// sameBound compares bounds with NaN equal to NaN, as a hostile blob's
// coordinates may be.
func sameBound(a, b orb.Bound) bool {
	same := func(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) }
	return same(a.Min[0], b.Min[0]) && same(a.Min[1], b.Min[1]) && same(a.Max[0], b.Max[0]) && same(a.Max[1], b.Max[1])
}

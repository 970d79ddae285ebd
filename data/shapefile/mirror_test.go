package shapefile

import (
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/afcontrol/afcontrol/data/shapefile/shapefiletest"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

const adm2 = shapefiletest.Name

// readMirrorFile returns one file of the district shapefile made from the
// boundaries built into the program (see shapefiletest), a copy to change.
func readMirrorFile(tb testing.TB, ext string) []byte {
	tb.Helper()
	return slices.Clone(shapefiletest.Districts(tb)[ext])
}

// mirrorSHP writes the district shapefile into a temporary folder.
func mirrorSHP(tb testing.TB) string {
	tb.Helper()
	return shapefiletest.WriteDistricts(tb, tb.TempDir())
}

func TestMirrorADM2(t *testing.T) {
	layer, err := ReadFile(mirrorSHP(t))
	if err != nil {
		t.Fatal(err)
	}
	if layer.Name != adm2 || len(layer.Features) != 398 {
		t.Fatalf("got layer %q with %d features, want %q with 398", layer.Name, len(layer.Features), adm2)
	}
	if want := []string{"shapeName", "shapeISO", "shapeID", "shapeGroup", "shapeType"}; !reflect.DeepEqual(layer.Fields, want) {
		t.Errorf("Fields = %q, want %q", layer.Fields, want)
	}
	if ok, known := IsWGS84(layer.PRJ); !ok || !known {
		t.Errorf("IsWGS84(%q) = %v, %v, want true, true", layer.PRJ, ok, known)
	}

	names := map[string]int{}
	multi, vertices := 0, 0
	for k, f := range layer.Features {
		if f.Index != k {
			t.Fatalf("feature %d has Index %d", k, f.Index)
		}
		names[f.Attrs["shapeName"]]++
		if len(f.Geom) > 1 {
			multi++
		}
		for _, p := range f.Geom {
			for _, r := range p {
				vertices += len(r)
			}
		}
	}
	for _, name := range []string{"Qala-I- Naw", "Zanda  Jan\n", "Warduj\n", "Khost(Matun)", "Arghandab"} {
		if names[name] == 0 {
			t.Errorf("no district named %q", name)
		}
	}
	if names["Arghandab"] != 2 {
		t.Errorf("Arghandab appears %d times, want 2 (two provinces)", names["Arghandab"])
	}
	if multi != 3 {
		t.Errorf("%d features have several polygons, want 3", multi)
	}
	if vertices != 181611 {
		t.Errorf("%d vertices, want 181611", vertices)
	}
	nahri := layer.Features[173]
	if nahri.Attrs["shapeName"] != "Nahri Shahi" || len(nahri.Geom) != 1 || len(nahri.Geom[0]) != 2 {
		t.Errorf("feature 173 = %q with %d polygons, want Nahri Shahi as one polygon with a hole", nahri.Attrs["shapeName"], len(nahri.Geom))
	}
}

// The upstream GeoJSON was converted from the upstream shapefile by GDAL; the
// shapefile written back from it, read by this package, which groups rings
// into polygons on its own, must agree with it polygon by polygon.
func TestMirrorMatchesGeoJSON(t *testing.T) {
	layer, err := ReadFile(mirrorSHP(t))
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(shapefiletest.GeoJSON(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != len(layer.Features) {
		t.Fatalf("GeoJSON has %d features, shapefile %d", len(fc.Features), len(layer.Features))
	}
	kinds := map[string]int{}
	for k, gf := range fc.Features {
		var want orb.MultiPolygon
		switch g := gf.Geometry.(type) {
		case orb.Polygon:
			want = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			want = g
		default:
			t.Fatalf("GeoJSON feature %d is a %T", k, g)
		}
		kinds[gf.Geometry.GeoJSONType()]++
		got := layer.Features[k]
		if got.Attrs["shapeName"] != gf.Properties.MustString("shapeName", "") {
			t.Errorf("feature %d: name %q, GeoJSON %q", k, got.Attrs["shapeName"], gf.Properties.MustString("shapeName", ""))
		}
		if len(got.Geom) != len(want) {
			t.Errorf("feature %d: %d polygons, GeoJSON %d", k, len(got.Geom), len(want))
			continue
		}
		for p := range want {
			if len(got.Geom[p]) != len(want[p]) {
				t.Errorf("feature %d polygon %d: %d rings, GeoJSON %d", k, p, len(got.Geom[p]), len(want[p]))
				continue
			}
			for r := range want[p] {
				g, w := got.Geom[p][r], want[p][r]
				if len(g) != len(w) || !boundsNear(g.Bound(), w.Bound(), 1e-6) {
					t.Errorf("feature %d polygon %d ring %d: %d points in %v, GeoJSON %d in %v", k, p, r, len(g), g.Bound(), len(w), w.Bound())
				}
			}
		}
	}
	if kinds["Polygon"] != 395 || kinds["MultiPolygon"] != 3 {
		t.Errorf("GeoJSON kinds = %v, want 395 Polygon and 3 MultiPolygon", kinds)
	}
}

func boundsNear(a, b orb.Bound, tol float64) bool {
	for k := range 2 {
		if math.Abs(a.Min[k]-b.Min[k]) > tol || math.Abs(a.Max[k]-b.Max[k]) > tol {
			return false
		}
	}
	return true
}

// recordOffsets walks a .shp the simple way and returns where each record header is.
func recordOffsets(shp []byte) []int {
	var out []int
	for off := 100; off+8 <= len(shp); off += 8 + 2*int(binary.BigEndian.Uint32(shp[off+4:])) {
		out = append(out, off)
	}
	return out
}

// Corruptions of in-memory copies of the real files.
func TestMirrorCorrupt(t *testing.T) {
	realSHP, realDBF := readMirrorFile(t, ".shp"), readMirrorFile(t, ".dbf")
	recLen := int(binary.LittleEndian.Uint16(realDBF[10:]))
	offsets := recordOffsets(realSHP)
	koshk := offsets[2] + 8 // two outer rings, 380 points, part 1 at point 376
	copySHP := func() []byte { return slices.Clone(realSHP) }

	tests := []struct {
		name   string
		shp    []byte
		dbf    []byte
		file   string
		record int
		reason string
	}{
		{"truncated .shp", realSHP[:len(realSHP)/2], realDBF, adm2 + ".shp", 0, fmt.Sprintf("file length of %d bytes but the file holds %d", len(realSHP), len(realSHP)/2)},
		{"truncated .shp with its length fixed", shpTruncatedAt(realSHP, offsets[200]+50), realDBF, adm2 + ".shp", 201, "runs past the end of the file"},
		{"wrong file code", with(copySHP(), func(b []byte) { putI32Big(b, 0, 9995) }), realDBF, adm2 + ".shp", 0, "file code is 9995"},
		{"polyline file", with(copySHP(), func(b []byte) { putI32(b, 32, 3, binary.LittleEndian) }), realDBF, adm2 + ".shp", 0, "shape type 3 (PolyLine) is not supported"},
		{"point record", with(copySHP(), func(b []byte) { putI32(b, offsets[9]+8, 1, binary.LittleEndian) }), realDBF, adm2 + ".shp", 10, "shape type 1 (Point) differs"},
		{"part index out of range", with(copySHP(), func(b []byte) { putI32(b, koshk+44+4, 5000, binary.LittleEndian) }), realDBF, adm2 + ".shp", 3, "ring 2 starts at point offset 5000, outside the 380 points"},
		{"ring too short", with(copySHP(), func(b []byte) { putI32(b, koshk+44+4, 377, binary.LittleEndian) }), realDBF, adm2 + ".shp", 3, "ring 2 has 3 points, a ring needs at least 4"},
		{"NaN coordinate", with(copySHP(), func(b []byte) { putF64(b, offsets[5]+8+44+4+16*7+8, math.NaN()) }), realDBF, adm2 + ".shp", 6, "ring 1 vertex 8: latitude is NaN"},
		{"point moved off the closing point", with(copySHP(), func(b []byte) { putF64(b, offsets[5]+8+44+4, 61.5) }), realDBF, adm2 + ".shp", 6, "ring 1 is not closed"},
		{"dbf count mismatch", realSHP, with(slices.Clone(realDBF), func(b []byte) { binary.LittleEndian.PutUint32(b[4:], 397) }), adm2 + ".dbf", 0, "holds 397 records but " + adm2 + ".shp holds 398"},
		{"dbf cut short", realSHP, realDBF[:len(realDBF)-100], adm2 + ".dbf", 0, fmt.Sprintf("header claims 398 records of %d bytes", recLen)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(adm2, bytesReader(tt.shp), bytesReader(tt.dbf), "")
			checkFormatError(t, err, tt.file, tt.record, "", tt.reason)
		})
	}
}

// shpTruncatedAt cuts a copy of shp at n bytes and fixes its header length to match.
func shpTruncatedAt(shp []byte, n int) []byte {
	out := slices.Clone(shp[:n])
	binary.BigEndian.PutUint32(out[24:], uint32(n/2))
	return out
}

// BenchmarkReadADM2 reads the full-resolution 398-district shapefile from disk
// (2.9 MB, 181,611 vertices). The promise: well under 200 ms.
func BenchmarkReadADM2(b *testing.B) {
	path := mirrorSHP(b)
	for b.Loop() {
		if _, err := ReadFile(path); err != nil {
			b.Fatal(err)
		}
	}
}

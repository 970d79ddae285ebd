package gpkg

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestRoundTrip(t *testing.T) {
	square := orb.Ring{{60, 30}, {61, 30}, {61, 31}, {60, 31}, {60, 30}}
	tests := []struct {
		name string
		g    orb.Geometry
	}{
		{"point", orb.Point{66.5, 34.25}},
		{"polygon", orb.Polygon{square}},
		{"multipolygon", orb.MultiPolygon{{square}, {orb.Ring{{70, 35}, {71, 35}, {71, 36}, {70, 35}}}}},
		{"linestring", orb.LineString{{60, 30}, {75, 39}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blob, err := Encode(tt.g, WGS84)
			if err != nil {
				t.Fatal(err)
			}
			if string(blob[:2]) != "GP" || blob[3]&flagLittleEndian == 0 {
				t.Fatalf("header % x", blob[:4])
			}
			if srs := binary.LittleEndian.Uint32(blob[4:8]); srs != WGS84 {
				t.Fatalf("srs %d", srs)
			}
			b := tt.g.Bound()
			env := []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]}
			for i, want := range env {
				got := math.Float64frombits(binary.LittleEndian.Uint64(blob[8+8*i:]))
				if got != want {
					t.Errorf("envelope[%d] = %v, want %v", i, got, want)
				}
			}
			g, srs, err := Decode(blob)
			if err != nil {
				t.Fatal(err)
			}
			if srs != WGS84 || !orb.Equal(g, tt.g) {
				t.Fatalf("decoded %v (srs %d), want %v", g, srs, tt.g)
			}
		})
	}
}

func TestEmpty(t *testing.T) {
	blob, err := Encode(orb.MultiPolygon{}, WGS84)
	if err != nil {
		t.Fatal(err)
	}
	if blob[3]&flagEmpty == 0 || len(blob) < 8 {
		t.Fatalf("empty flag not set: % x", blob)
	}
	g, _, err := Decode(blob)
	if err != nil || g != nil {
		t.Fatalf("Decode(empty) = %v, %v", g, err)
	}
}

func TestDecodeRefuses(t *testing.T) {
	good, _ := Encode(orb.Point{1, 2}, WGS84)
	tests := map[string][]byte{
		"short":     []byte("GP"),
		"magic":     append([]byte("XP"), good[2:]...),
		"version":   append([]byte{'G', 'P', 1}, good[3:]...),
		"extended":  append([]byte{'G', 'P', 0, good[3] | flagExtended}, good[4:]...),
		"envelope":  append([]byte{'G', 'P', 0, good[3]&^0x0e | 5<<1}, good[4:]...),
		"truncated": good[:len(good)-4],
	}
	for name, blob := range tests {
		if _, _, err := Decode(blob); err == nil {
			t.Errorf("%s: Decode accepted % x", name, blob)
		} else if name != "truncated" && !errors.Is(err, ErrNotGeoPackage) {
			t.Errorf("%s: error %v does not wrap ErrNotGeoPackage", name, err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, g := range []orb.Geometry{orb.Point{1, 2}, orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}} {
		b, _ := Encode(g, WGS84)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, blob []byte) {
		g, srs, err := Decode(blob)
		if err != nil || g == nil {
			return
		}
		again, err := Encode(g, srs)
		if err != nil {
			return
		}
		if _, _, err := Decode(again); err != nil {
			t.Fatalf("re-encoded blob does not decode: %v", err)
		}
	})
}

func TestEncodeNil(t *testing.T) {
	if _, err := Encode(nil, WGS84); !errors.Is(err, ErrNilGeometry) {
		t.Fatalf("Encode(nil): %v, want ErrNilGeometry", err)
	}
	var p orb.Polygon // a typed nil is a geometry with no points: empty, not nil
	b, err := Encode(p, WGS84)
	if err != nil {
		t.Fatal(err)
	}
	if g, _, err := Decode(b); err != nil || g != nil {
		t.Fatalf("empty polygon decodes to %v, %v; want nil, nil", g, err)
	}
}

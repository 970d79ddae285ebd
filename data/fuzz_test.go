package data

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// FuzzReadGeoJSONLayer feeds arbitrary bytes to the GeoJSON boundary reader
// and, when it reads them, to the checks every feature goes through before it
// is stored. Seeds are in testdata/fuzz/FuzzReadGeoJSONLayer.
func FuzzReadGeoJSONLayer(f *testing.F) {
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"shapeName":"Square"},"geometry":{"type":"Polygon","coordinates":[[[65,33],[66,33],[66,34],[65,34],[65,33]]]}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "in.geojson")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		l, err := readGeoJSONLayer(path)
		if err != nil {
			var fe *FeatureError
			if !errors.As(err, &fe) || fe.File != path || fe.Feature < 0 || fe.Reason == "" {
				t.Fatalf("error %q is not a FeatureError naming the file and a reason", err)
			}
			return
		}
		for i, feat := range l.features {
			if feat.index != i {
				t.Fatalf("feature %d has index %d", i, feat.index)
			}
			if feat.attrs == nil {
				t.Fatalf("feature %d has no attribute map", i)
			}
		}
		fields := map[string]bool{}
		for _, name := range l.fields {
			if fields[name] {
				t.Fatalf("field %q listed twice", name)
			}
			fields[name] = true
		}
		for _, feat := range l.features {
			for k := range feat.attrs {
				if !fields[k] {
					t.Fatalf("attribute %q is not among the fields %v", k, l.fields)
				}
			}
		}
		s, err := prepareSet(l, BoundaryOptions{})
		if err != nil {
			var fe *FeatureError
			if !errors.As(err, &fe) || fe.Feature < 0 || fe.Feature > len(l.features) {
				t.Fatalf("error %q does not name a feature of the file (%d features)", err, len(l.features))
			}
			return
		}
		if len(s.features) != len(l.features) {
			t.Fatalf("%d features read, %d prepared", len(l.features), len(s.features))
		}
		for _, nf := range s.features {
			if nf.name == "" || validatePolygons(nf.geom) != nil {
				t.Fatalf("prepared a feature with name %q and geometry %v", nf.name, nf.geom)
			}
		}
	})
}

// parsePolygons reads the text form the FuzzValidatePolygons seeds use:
// "x y" points separated by ",", rings by ";", polygons by "|". Numbers that
// do not parse are read as 0; NaN, Inf and huge values are kept.
func parsePolygons(s string) orb.MultiPolygon {
	var mp orb.MultiPolygon
	for _, ptext := range strings.Split(s, "|") {
		var poly orb.Polygon
		for _, rtext := range strings.Split(ptext, ";") {
			var ring orb.Ring
			for _, q := range strings.Split(rtext, ",") {
				xy := strings.Fields(q)
				if len(xy) == 0 {
					continue
				}
				var p orb.Point
				for i := 0; i < 2 && i < len(xy); i++ {
					p[i], _ = strconv.ParseFloat(xy[i], 64)
				}
				ring = append(ring, p)
			}
			if len(ring) > 0 {
				poly = append(poly, ring)
			}
		}
		if len(poly) > 0 {
			mp = append(mp, poly)
		}
	}
	return mp
}

// naiveSelfCrossing checks every pair of non-adjacent edges, for comparison
// with the bucketed ringSelfCrossing.
func naiveSelfCrossing(ring orb.Ring) bool {
	n := len(ring) - 1
	for i := 0; i < n; i++ {
		for j := i + 2; j < n; j++ {
			if i == 0 && j == n-1 {
				continue
			}
			if properlyCross(ring[i], ring[i+1], ring[j], ring[j+1]) {
				return true
			}
		}
	}
	return false
}

func inRange(ring orb.Ring) bool {
	for _, p := range ring {
		if !(math.Abs(p[0]) <= 180 && math.Abs(p[1]) <= 90) {
			return false
		}
	}
	return true
}

// FuzzValidatePolygons checks that validatePolygons never panics, that what it
// accepts is closed, finite and in range, and that its self-crossing test
// agrees with checking every pair of edges. Seeds are in
// testdata/fuzz/FuzzValidatePolygons.
func FuzzValidatePolygons(f *testing.F) {
	f.Add("65 33, 66 33, 66 34, 65 34, 65 33")
	f.Fuzz(func(t *testing.T, s string) {
		mp := parsePolygons(s)
		err := validatePolygons(mp)
		for _, poly := range mp {
			for _, ring := range poly {
				if len(ring) < 2000 && naiveSelfCrossing(ring) && ring[0] == ring[len(ring)-1] && err == nil {
					t.Fatalf("a self-crossing ring was accepted: %v", ring)
				}
				if !inRange(ring) {
					continue // validatePolygons never asks ringSelfCrossing about these
				}
				if i, j, ok, err := ringSelfCrossing(ring); err == nil && ok {
					if j-i < 2 || (i == 0 && j == len(ring)-2) || !properlyCross(ring[i], ring[i+1], ring[j], ring[j+1]) {
						t.Fatalf("edges %d and %d reported crossing in %v", i, j, ring)
					}
				}
			}
		}
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if len(mp) == 0 {
			t.Fatal("an empty geometry was accepted")
		}
		for _, poly := range mp {
			if len(poly) == 0 {
				t.Fatal("a polygon without rings was accepted")
			}
			for _, ring := range poly {
				if len(ring) < 4 || ring[0] != ring[len(ring)-1] {
					t.Fatalf("an open or short ring was accepted: %v", ring)
				}
				for _, p := range ring {
					if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.Abs(p[0]) > 180 || math.Abs(p[1]) > 90 {
						t.Fatalf("an out-of-range point was accepted: %v", p)
					}
				}
			}
		}
	})
}

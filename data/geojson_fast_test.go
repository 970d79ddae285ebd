package data

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/afcontrol/afcontrol/assets"
)

// sameLayer fails the test unless the fast and the feature-by-feature
// readings of b agree: where the fast path accepts b, the careful path
// must accept it too and give the same features.
func sameLayer(t *testing.T, b []byte) bool {
	t.Helper()
	fast, ok := fastPolygonFeatures(b)
	if !ok {
		return false
	}
	slow, err := parseGeoJSONFeatures("f", b)
	if err != nil {
		t.Fatalf("the fast path accepted what the careful path refuses (%v):\n%q", err, b)
	}
	if len(fast) != len(slow.features) {
		t.Fatalf("fast path: %d features, careful path %d", len(fast), len(slow.features))
	}
	l := &boundaryLayer{}
	seen := map[string]bool{}
	for i, f := range fast {
		l.addFeature(seen, i, f.props, f.geom)
	}
	for i := range fast {
		got, want := l.features[i], slow.features[i]
		if !reflect.DeepEqual(got.attrs, want.attrs) || !reflect.DeepEqual(got.geom, want.geom) || got.index != want.index {
			t.Fatalf("feature %d: fast path %+v, careful path %+v\n%q", i+1, got, want, b)
		}
	}
	slices.Sort(l.fields)
	slices.Sort(slow.fields)
	if !slices.Equal(l.fields, slow.fields) {
		t.Fatalf("fields: fast path %q, careful path %q", l.fields, slow.fields)
	}
	return true
}

// TestFastPathOnEmbeddedBoundaries checks that the built-in files take the
// fast path, and that it reads them as the careful path does.
func TestFastPathOnEmbeddedBoundaries(t *testing.T) {
	m, err := assets.Boundaries()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range m.Files {
		b, err := assets.ReadBoundary(f)
		if err != nil {
			t.Fatal(err)
		}
		if !sameLayer(t, b) {
			t.Errorf("%s did not take the fast path", f.Name)
		}
	}
}

// TestFastPathDeclines lists files the fast path must leave to the careful one.
func TestFastPathDeclines(t *testing.T) {
	for _, in := range []string{
		`{"Type":"FeatureCollection","features":[]}`,
		`{"type":"FeatureCollection","features":[{"TYPE":"Feature","geometry":null}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinateſ":[]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1],[2,3]]]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1e400,2]]]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[["1",2]]]}}]}`,
		`{"type":"FeatureCollection","features":[null]}`,
		`{"type":"FeatureCollection","features":{}}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1,2]]]}}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":"Qal\u0061"},"geometry":null}]}`,
	} {
		if _, ok := fastPolygonFeatures([]byte(in)); ok {
			t.Errorf("the fast path took %s", in)
		}
	}
}

// FuzzFastPolygonFeatures holds the fast path to the careful one: whatever
// it accepts, the careful path accepts and reads the same.
func FuzzFastPolygonFeatures(f *testing.F) {
	for _, s := range []string{
		`{"type":"FeatureCollection","features":[]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"shapeName":"A","n":1,"x":null},"geometry":{"type":"Polygon","coordinates":[[[65,33],[66,33],[66,34],[65,33]]]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":null,"geometry":{"type":"MultiPolygon","coordinates":[[[[65,33],[66,33,7],[66,34],[65,33]]],[]]}},{"type":"Feature","geometry":null}]}`,
		` { "type" : "FeatureCollection" , "features" : [ { "type" : "Feature" , "geometry" : { "type" : "Polygon" , "coordinates" : [ [ [ -0 , 1E2 ] , [ 1.5e-3 , 2 ] ] ] } } ] } `,
	} {
		f.Add([]byte(s))
	}
	bad, _ := filepath.Glob(filepath.Join(badDir, "boundaries-*.geojson"))
	for _, p := range bad {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) { sameLayer(t, b) })
}

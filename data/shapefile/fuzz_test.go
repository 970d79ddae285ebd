package shapefile

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
)

var updateSeeds = flag.Bool("update-seeds", false, "rewrite testdata/fuzz/FuzzRead from the seed builders")

// fuzzSeed is one FuzzRead input: the .shp, the .dbf and the .cpg text.
type fuzzSeed struct {
	name     string
	shp, dbf []byte
	cpg      string
}

// fuzzSeeds are small shapefiles built by the test helpers, each valid, each reaching a
// different part of the reader.
func fuzzSeeds() []fuzzSeed {
	shp, dbf := oneSquare()
	seeds := []fuzzSeed{{"one-square", shp, dbf, ""}}

	seeds = append(seeds, fuzzSeed{"hole-island-latin1",
		buildSHP(shapePolygon,
			shpRecord{rings: []orb.Ring{square(60, 30, 4), ccw(square(61, 31, 2)), square(61.5, 31.5, 1)}},
			shpRecord{rings: []orb.Ring{ccw(square(70, 35, 1))}}),
		buildDBF(nameField, []string{"H\xe9rat"}, []string{"Qal\x92a"}),
		"1252"})

	seeds = append(seeds, fuzzSeed{"polygonz-m",
		buildSHP(shapePolygonZ, shpRecord{rings: []orb.Ring{square(65, 33, 1)}, withZ: true, withM: true}),
		buildDBF(nameField, []string{"Z"}),
		"UTF-8"})

	typed := []fieldSpec{{"NAME", 'C', 8}, {"POP", 'N', 6}, {"AREA", 'F', 8}, {"OK", 'L', 1}, {"DAY", 'D', 8}}
	seeds = append(seeds, fuzzSeed{"field-types-deleted",
		buildSHP(shapePolygonM, shpRecord{rings: []orb.Ring{square(65, 33, 1)}}, shpRecord{}),
		buildDBF(typed, []string{"A", "  1200", " 12.5e1", "T", "20210707"}, []string{"\x00DELETEDB", "", "", "?", ""}),
		""})
	return seeds
}

// encodeSeed writes a seed in the corpus file format of go test.
func encodeSeed(s fuzzSeed) []byte {
	return fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\n[]byte(%q)\nstring(%q)\n", s.shp, s.dbf, s.cpg)
}

// The committed corpus must be what the builders make today: run with -update-seeds
// after changing them.
func TestFuzzSeedsCommitted(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzRead")
	for _, s := range fuzzSeeds() {
		path := filepath.Join(dir, s.name)
		want := encodeSeed(s)
		if *updateSeeds {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run TestFuzzSeedsCommitted -update-seeds)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from its builder (run go test -run TestFuzzSeedsCommitted -update-seeds)", path)
		}
		if _, err := ReadWithCPG(s.name, bytes.NewReader(s.shp), bytes.NewReader(s.dbf), "", s.cpg); err != nil {
			t.Errorf("seed %s does not read: %v", s.name, err)
		}
	}
}

// FuzzRead checks that no input makes the reader panic or hang, that every error is a
// *FormatError (the readers here never fail), and that what it accepts keeps the
// promises of Read: closed rings of 4 points or more, lon/lat in range, outer rings
// clockwise and holes counter-clockwise, one attribute per field, indexes increasing.
func FuzzRead(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s.shp, s.dbf, s.cpg)
	}
	f.Fuzz(func(t *testing.T, shp, dbf []byte, cpg string) {
		layer, err := ReadWithCPG("f", bytes.NewReader(shp), bytes.NewReader(dbf), "", cpg)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is a %T, want a *FormatError", err, err)
			}
			return
		}
		checkFuzzLayer(t, layer)
	})
}

// checkFuzzLayer checks the promises of Read on a layer it returned.
func checkFuzzLayer(t *testing.T, layer *Layer) {
	t.Helper()
	last := -1
	for _, feat := range layer.Features {
		if feat.Index <= last {
			t.Fatalf("feature index %d after %d", feat.Index, last)
		}
		last = feat.Index
		if len(feat.Attrs) != len(layer.Fields) {
			t.Fatalf("feature %d has %d attributes for %d fields", feat.Index, len(feat.Attrs), len(layer.Fields))
		}
		if len(feat.Geom) == 0 {
			t.Fatalf("feature %d has no polygon", feat.Index)
		}
		for _, poly := range feat.Geom {
			for r, ring := range poly {
				checkFuzzRing(t, feat.Index, r, ring)
			}
		}
	}
}

func checkFuzzRing(t *testing.T, index, r int, ring orb.Ring) {
	t.Helper()
	if len(ring) < 4 || ring[0] != ring[len(ring)-1] {
		t.Fatalf("feature %d ring %d: %d points, closed %v", index, r, len(ring), ring[0] == ring[len(ring)-1])
	}
	for _, p := range ring {
		if reason := checkLonLat(p); reason != "" {
			t.Fatalf("feature %d ring %d: %s", index, r, reason)
		}
	}
	if a := ringArea(ring); (r == 0 && a > 0) || (r > 0 && a <= 0) {
		t.Fatalf("feature %d ring %d: signed area %v has the wrong winding", index, r, a)
	}
}

// FuzzIsWGS84 checks that no .prj text makes the WKT parser panic or recurse without
// bound, and that an unknown answer is never a yes.
func FuzzIsWGS84(f *testing.F) {
	f.Add(`GEOGCS["WGS84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.017453292519943295]]`)
	f.Add(`PROJCS["UTM",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]],UNIT["Meter",1.0]]`)
	f.Add(`GEOGCRS("WGS 84",ENSEMBLE("World Geodetic System 1984 ensemble"),CS[ellipsoidal,2],ANGLEUNIT["degree",0.0174532925199433])`)
	f.Fuzz(func(t *testing.T, prj string) {
		if ok, known := IsWGS84(prj); ok && !known {
			t.Fatalf("IsWGS84(%q) = true but unknown", prj)
		}
	})
}

package data

import (
	"context"
	"testing"
)

// BenchmarkImportADM2Shapefile imports the full-resolution 398-district
// shapefile into a dataset that already holds the provinces: reading,
// validating, placing every district and deriving the borders, in one
// transaction. The promise is 1 s.
func BenchmarkImportADM2Shapefile(b *testing.B) {
	ctx := context.Background()
	d := newDataset(b)
	if _, err := d.ImportBoundaries(ctx, []string{mirrorFile(b, "geoBoundaries-AFG-ADM1.geojson")}, BoundaryOptions{}); err != nil {
		b.Fatal(err)
	}
	shp := mirrorFile(b, "geoBoundaries-AFG-ADM2.shp")
	b.ResetTimer()
	for b.Loop() {
		rep, err := d.ImportBoundaries(ctx, []string{shp}, BoundaryOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Districts != 398 {
			b.Fatalf("%d districts", rep.Districts)
		}
	}
}

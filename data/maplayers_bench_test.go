package data

import (
	"context"
	"testing"
)

// BenchmarkMapLayers measures reading and decoding the district polygons
// and border lines of the built-in boundaries, what a render reads after
// the control timeline.
func BenchmarkMapLayers(b *testing.B) {
	d, _ := initedDataset(b)
	ctx := context.Background()
	c, err := d.LoadControl(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := d.MapLayers(ctx, c); err != nil {
			b.Fatal(err)
		}
	}
}

package data

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/afcontrol/afcontrol/geom"
)

// TestBoundaryChangeDecodesNothingItWrote checks that an import uses the
// geometry it has in hand for the steps after the write (placing districts,
// deriving borders, linking events, layer extents) instead of decoding what
// it just stored, that stored geometry it needs is decoded once, and that
// the interior points stored with the districts are their label anchors.
// Not parallel: polygonDecodes counts for the whole package.
func TestBoundaryChangeDecodesNothingItWrote(t *testing.T) {
	d := newDataset(t)
	ctx := context.Background()

	before := polygonDecodes.Load()
	rep, err := d.FetchBoundaries(ctx, FetchOptions{Mirror: embeddedMirror(t)})
	if err != nil {
		t.Fatal(err)
	}
	if n := polygonDecodes.Load() - before; n != 0 {
		t.Errorf("importing %d provinces and %d districts decoded %d polygons, want none", rep.Provinces, rep.Districts, n)
	}
	checkAnchors(t, d)

	// A district set over the stored provinces decodes each province once.
	before = polygonDecodes.Load()
	three, err := d.ImportBoundaries(ctx, []string{filepath.Join("testdata", "three-districts.geojson")}, BoundaryOptions{Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := polygonDecodes.Load() - before; n != int64(rep.Provinces) {
		t.Errorf("importing 3 districts over %d stored provinces decoded %d polygons, want %d", rep.Provinces, n, rep.Provinces)
	}
	checkAnchors(t, d)

	// A restore writes the kept blobs as they are; it decodes them once.
	before = polygonDecodes.Load()
	if _, err := d.RestoreBoundarySet(ctx, three.Sets[0].From, BoundaryOptions{Replace: true}); err != nil {
		t.Fatal(err)
	}
	if n, want := polygonDecodes.Load()-before, int64(rep.Provinces+rep.Districts); n != want {
		t.Errorf("restoring %d districts decoded %d polygons, want %d (each stored polygon once)", rep.Districts, n, want)
	}
	checkAnchors(t, d)
}

// checkAnchors checks that every district's Anchor is the interior point of
// its stored polygons.
func checkAnchors(t *testing.T, d *Dataset) {
	t.Helper()
	ctx := context.Background()
	c, err := d.LoadControl(ctx)
	if err != nil {
		t.Fatal(err)
	}
	polys, _, err := d.MapLayers(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	for i, dist := range c.Districts {
		if want := geom.InteriorPoint(polys[i]); dist.Anchor != want {
			t.Errorf("district %d (%s): anchor %v, interior point %v", i+1, dist.Name, dist.Anchor, want)
		}
	}
}

// BenchmarkImportBoundariesFresh imports the embedded provinces and
// districts into a new dataset, as a first start does: reading,
// validating, storing, placing, deriving borders and extents.
func BenchmarkImportBoundariesFresh(b *testing.B) {
	ctx := context.Background()
	mirror := embeddedMirror(b)
	for b.Loop() {
		b.StopTimer()
		d, err := Create(filepath.Join(b.TempDir(), "fresh.gpkg"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := d.FetchBoundaries(ctx, FetchOptions{Mirror: mirror}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		d.Close()
		b.StartTimer()
	}
}

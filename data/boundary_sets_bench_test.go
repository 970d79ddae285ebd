package data

import (
	"context"
	"path/filepath"
	"testing"
)

// fillEvents adds n events spread over every district, straight in SQL: the
// benchmarks below measure boundary changes, not the importer.
func fillEvents(b *testing.B, d *Dataset, n int) {
	b.Helper()
	_, err := d.DB().Exec(`WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < ?),
		dist AS MATERIALIZED (SELECT fid, province, name, stable_key, row_number() OVER (ORDER BY fid) - 1 AS k FROM districts),
		total AS (SELECT count(*) AS n FROM districts)
		INSERT INTO events (date, province, district, district_id, district_key, status, kind, claim, source, confidence, created_at, updated_at)
		SELECT date('2001-01-01', '+' || (i % 7300) || ' days'), dist.province, dist.name, dist.fid, dist.stable_key,
			CASE i % 3 WHEN 0 THEN 'taliban' WHEN 1 THEN 'contested' ELSE 'government' END, 'captured', 0, 'Benchmark', 'medium',
			'2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'
		FROM seq, total JOIN dist ON dist.k = seq.i % total.n`, n)
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkBoundaryChange1M measures how long boundary changes hold the
// write lock over a million events: a re-fetch of the files in use, the same
// districts from another file (every fid kept, no event rewritten), and a
// three-district set replacing the 398 and then restored.
func BenchmarkBoundaryChange1M(b *testing.B) {
	d, _ := initedDataset(b)
	fillEvents(b, d, 1_000_000)
	ctx := context.Background()
	mirror := embeddedMirror(b)
	b.Run("refetch unchanged", func(b *testing.B) {
		for b.Loop() {
			rep, err := d.FetchBoundaries(ctx, FetchOptions{Mirror: mirror})
			if err != nil || !rep.Unchanged {
				b.Fatalf("%+v, %v", rep, err)
			}
		}
	})
	b.Run("same districts from another file", func(b *testing.B) {
		files := []string{filepath.Join(mirror, "geoBoundaries-AFG-ADM2.shp"), filepath.Join(mirror, "geoBoundaries-AFG-ADM2.geojson")}
		i := 0
		for b.Loop() {
			rep, err := d.ImportBoundaries(ctx, files[i%2:i%2+1], BoundaryOptions{})
			if err != nil || rep.Relinked != 0 || rep.Unlinked != 0 {
				b.Fatalf("%+v, %v", rep, err)
			}
			i++
		}
	})
	b.Run("replace with three and restore", func(b *testing.B) {
		three := filepath.Join("testdata", "three-districts.geojson")
		for b.Loop() {
			rep, err := d.ImportBoundaries(ctx, []string{three}, BoundaryOptions{Replace: true})
			if err != nil {
				b.Fatal(err)
			}
			back, err := d.RestoreBoundarySet(ctx, rep.Sets[0].From, BoundaryOptions{})
			if err != nil || back.Unlinked != 0 {
				b.Fatalf("%+v, %v", back, err)
			}
		}
	})
}

package data

import (
	"context"
	"testing"
)

// BenchmarkRebuildIntervals1M rebuilds the status-interval layer of a
// dataset of 1,000,000 events: whole (as an import touching every district
// does) and for one district (as an edit does).
func BenchmarkRebuildIntervals1M(b *testing.B) {
	d, _ := initedDataset(b)
	ctx := context.Background()
	_, err := d.DB().ExecContext(ctx, `INSERT INTO events (date, province, district, district_id, status, kind, claim, source,
		confidence, created_at, updated_at, reported_at)
		WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999999),
		ds AS (SELECT fid, name, province, row_number() OVER (ORDER BY fid) - 1 AS k FROM districts)
		SELECT date('2001-01-01', '+' || (n.i / 398 % 7300) || ' days'), ds.province, ds.name, ds.fid,
			CASE n.i % 3 WHEN 0 THEN 'government' WHEN 1 THEN 'contested' ELSE 'taliban' END, 'captured', n.i % 5 = 0,
			'Benchmark source', 'medium', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', NULL
		FROM n JOIN ds ON ds.k = n.i % 398`)
	if err != nil {
		b.Fatal(err)
	}
	var one int64
	if err := d.DB().QueryRow("SELECT min(fid) FROM districts").Scan(&one); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		fids []int64
	}{{"all", nil}, {"one-district", []int64{one}}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				tx, err := d.DB().BeginTx(ctx, nil)
				if err != nil {
					b.Fatal(err)
				}
				if err := rebuildIntervals(ctx, tx, bc.fids); err != nil {
					tx.Rollback()
					b.Fatal(err)
				}
				tx.Rollback()
			}
		})
	}
}

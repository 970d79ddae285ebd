package data

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
)

// writeNativeEvents writes n native CSV rows over the districts of c to
// path: every district in turn, days spread over 2001–2021, the three
// control statuses and all confidences, a claim in every fourth row.
func writeNativeEvents(tb testing.TB, path string, c *Control, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write(events.NativeColumns())
	statuses := []string{"government", "contested", "taliban"}
	confs := []string{"low", "medium", "high"}
	for i := 0; i < n; i++ {
		dist := c.Districts[i%len(c.Districts)]
		day := events.DayOf(2001, 1, 1) + events.Day((i*7919)%7670)
		w.Write([]string{day.String(), dist.Province, dist.Name, statuses[i%3], "captured", fmt.Sprint(i%4 == 0), "Taliban",
			"Benchmark source", "", confs[(i/3)%3], ""})
	}
	w.Flush()
	if err := errors.Join(w.Error(), f.Close()); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkImportNative1M imports 1,000,000 native rows into a fresh copy of
// a dataset with the real boundaries: reading, resolving, storing and the
// timeline index, in one transaction. The promise is 8 s; cpu-ns/op is the
// processor time, which a machine shared with others inflates less.
func BenchmarkImportNative1M(b *testing.B) {
	d, _ := initedDataset(b)
	c, err := d.LoadControl(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	d.Close()
	dir := b.TempDir()
	path := filepath.Join(dir, "events.csv")
	writeNativeEvents(b, path, c, 1_000_000)
	b.ReportAllocs()
	b.ResetTimer()
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := filepath.Join(dir, fmt.Sprintf("import-%d.gpkg", i))
		copyFile(b, initTemplate, db)
		d, err := Open(db)
		if err != nil {
			b.Fatal(err)
		}
		d.Alone = true // as 'afcontrol events import' has it
		b.StartTimer()
		start := processCPU()
		rep, err := d.ImportEvents(context.Background(), path, EventOptions{})
		cpu += processCPU() - start
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if rep.Imported != 1_000_000 {
			b.Fatalf("imported %d", rep.Imported)
		}
		d.Close()
		removeDataset(db)
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// scaleDataset returns a dataset of n events over the real districts,
// 2001–2021, generated in SQL and kept under the system's temporary folder
// between runs (building ten million rows takes minutes): remove
// afcontrol-bench-*.gpkg there to make it again. Only with
// AFCONTROL_BENCH_SCALE set (make bench-scale): never in make test or CI.
func scaleDataset(b *testing.B, n int) string {
	b.Helper()
	if os.Getenv("AFCONTROL_BENCH_SCALE") == "" {
		b.Skip("set AFCONTROL_BENCH_SCALE (make bench-scale) to build and open a dataset of millions of events")
	}
	path := filepath.Join(os.TempDir(), fmt.Sprintf("afcontrol-bench-%d-schema%d.gpkg", n, SchemaVersion))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	d, _ := initedDataset(b)
	d.Close()
	tmp := path + ".part"
	removeDataset(tmp)
	copyFile(b, initTemplate, tmp)
	d, err := Open(tmp)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	start := time.Now()
	if _, err := d.db.ExecContext(ctx, `CREATE TEMP TABLE bench_districts AS
		SELECT row_number() OVER (ORDER BY fid) - 1 AS k, fid, name, coalesce(province, '') AS province FROM districts`); err != nil {
		b.Fatal(err)
	}
	var districts int
	if err := d.db.QueryRowContext(ctx, "SELECT count(*) FROM bench_districts").Scan(&districts); err != nil || districts == 0 {
		b.Fatalf("%d districts: %v", districts, err)
	}
	const chunk = 1_000_000
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		_, err := d.db.ExecContext(ctx, `WITH RECURSIVE s(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM s WHERE i + 1 < ?)
			INSERT INTO events (date, province, district, district_id, status, kind, claim, actor, source, confidence, created_at, updated_at)
			SELECT date('2001-01-01', '+' || ((i * 7919) % 7670) || ' days'), b.province, b.name, b.fid,
				CASE i % 3 WHEN 0 THEN 'government' WHEN 1 THEN 'contested' ELSE 'taliban' END, 'captured', i % 4 = 0, 'Taliban',
				'Benchmark source', CASE (i / 3) % 3 WHEN 0 THEN 'low' WHEN 1 THEN 'medium' ELSE 'high' END,
				'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
			FROM s JOIN bench_districts b ON b.k = s.i % ?`, lo, hi, districts)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("generated %d events in %v", n, time.Since(start).Round(time.Second))
	start = time.Now()
	if _, err := d.LoadControl(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("built the timeline index in %v", time.Since(start).Round(time.Millisecond))
	if err := d.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkOpen10M opens a dataset of 10,000,000 events and answers the
// status of every district on a day: what 'afcontrol status' and the
// window's first map wait for. The promise is 500 ms.
func BenchmarkOpen10M(b *testing.B) {
	path := scaleDataset(b, 10_000_000)
	day := events.DayOf(2021, 8, 15)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		c, err := d.LoadControl(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		st := c.Timeline.StatusOn(day, timeline.WithClaims, nil)
		if len(st) != len(c.Districts) || st[0] == events.Unknown {
			b.Fatalf("status %v of %d districts", st[:1], len(c.Districts))
		}
		d.Close()
	}
}

// BenchmarkRebuildTimeline10M builds the timeline of 10,000,000 events from
// the events table, as the first load after another program changed them
// and every event import do.
func BenchmarkRebuildTimeline10M(b *testing.B) {
	path := scaleDataset(b, 10_000_000)
	d, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	fids, err := districtFIDs(ctx, d.db)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := buildTimeline(ctx, d.db, fids); err != nil {
			b.Fatal(err)
		}
	}
}

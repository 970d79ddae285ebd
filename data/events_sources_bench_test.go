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
)

// writeACLED writes an ACLED export of n rows in the 2023+ column list:
// every row with its own event_id_cnty (numbered from idFrom) and a point
// at a district's interior point, one in ten a territorial event.
func writeACLED(b testing.TB, d *Dataset, n, idFrom int) string {
	b.Helper()
	return writeACLEDNotes(b, d, n, idFrom, "A benchmark row, about as long as ACLED's notes usually are.")
}

// writeACLEDNotes is writeACLED with notes as every row's notes.
func writeACLEDNotes(b testing.TB, d *Dataset, n, idFrom int, notes string) string {
	b.Helper()
	rows, err := d.DB().Query("SELECT name, coalesce(province, ''), inner_lon, inner_lat FROM districts ORDER BY fid")
	if err != nil {
		b.Fatal(err)
	}
	type place struct {
		name, province string
		lon, lat       float64
	}
	var places []place
	for rows.Next() {
		var p place
		if err := rows.Scan(&p.name, &p.province, &p.lon, &p.lat); err != nil {
			b.Fatal(err)
		}
		places = append(places, p)
	}
	rows.Close()
	path := filepath.Join(b.TempDir(), "acled.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write([]string{"event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
		"actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso",
		"region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
		"source_scale", "notes", "fatalities", "tags", "timestamp"})
	actors := []string{"Taliban", "Military Forces of Afghanistan (2004-2021)", "NRF: National Resistance Front"}
	for i := idFrom; i < idFrom+n; i++ {
		p := places[i%len(places)]
		day := events.DayOf(2017+i%5, time.Month(1+i%12), 1+i%28)
		sub, typ := "Armed clash", "Battles"
		if i%10 == 0 {
			sub = "Non-state actor overtakes territory"
		}
		w.Write([]string{fmt.Sprintf("AFG%06d", i), day.Time().Format("2 January 2006"), "2021", "1", "Political violence", typ, sub,
			actors[i%len(actors)], "", "2", "", "", "1", "12", "", "4", "Caspian", "Afghanistan", p.province, p.name, "", p.name,
			fmt.Sprintf("%.4f", p.lat), fmt.Sprintf("%.4f", p.lon), "1", "Benchmark source", "National",
			notes, fmt.Sprint(i % 7), "", "1630000000"})
	}
	w.Flush()
	if err := errors.Join(w.Error(), f.Close()); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkImportACLED100k imports a 100,000-row ACLED export into a dataset
// that has none of it. The promise is 4 s; cpu-ns/op is the CPU time the
// process spent, which a busy machine inflates less than the wall clock.
func BenchmarkImportACLED100k(b *testing.B) {
	d0, _ := initedDataset(b)
	path := writeACLED(b, d0, 100_000, 0)
	b.ReportAllocs()
	b.ResetTimer()
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d, _ := initedDataset(b)
		b.StartTimer()
		start := processCPU()
		rep, err := d.ImportEvents(context.Background(), path, EventOptions{})
		cpu += processCPU() - start
		if err != nil {
			b.Fatal(err)
		}
		if rep.Imported != 100_000 {
			b.Fatalf("%d imported", rep.Imported)
		}
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// BenchmarkReimportACLED100k imports the same 100,000-row export again: every
// row is compared with its stored event and nothing changes. The promise is
// 4 s.
func BenchmarkReimportACLED100k(b *testing.B) {
	d, _ := initedDataset(b)
	path := writeACLED(b, d, 100_000, 0)
	if _, err := d.ImportEvents(context.Background(), path, EventOptions{}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := processCPU()
	for i := 0; i < b.N; i++ {
		rep, err := d.ImportEvents(context.Background(), path, EventOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Changed() || rep.Unchanged != 100_000 {
			b.Fatalf("re-import %+v", rep)
		}
	}
	b.ReportMetric(float64((processCPU()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

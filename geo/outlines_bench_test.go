package geo

import (
	"testing"
	"time"

	"github.com/afcontrol/afcontrol/data/datatest"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
)

// changedSets returns the renderer over the reference dataset's districts
// and, for each day of July and August 2021, the districts whose status
// (with claims) differs from 1 May 2021: the sets "Outline changes since"
// draws while the slider steps day by day through the summer's offensive.
func changedSets(b *testing.B) (*Renderer, [][]int) {
	b.Helper()
	ds := datatest.Dataset(b)
	c, err := ds.LoadControl(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	geoms, borders, err := ds.MapLayers(b.Context(), c)
	if err != nil {
		b.Fatal(err)
	}
	districts := make([]District, len(geoms))
	for i, g := range geoms {
		districts[i] = District{Name: c.Districts[i].Name, Province: c.Districts[i].Province, Geom: g}
	}
	r, err := NewRenderer(districts, borders, c.Provinces)
	if err != nil {
		b.Fatal(err)
	}
	since := events.DayOf(2021, time.May, 1)
	var sets [][]int
	sum := 0
	for d := events.DayOf(2021, time.July, 1); d <= events.DayOf(2021, time.August, 31); d++ {
		s := c.Timeline.Changed(since, d, timeline.WithClaims)
		sets = append(sets, s)
		sum += len(s)
	}
	if sum == 0 {
		b.Fatal("no district changes in July and August 2021")
	}
	b.Logf("%d days, %d to %d changed districts, %.0f on average",
		len(sets), len(sets[0]), len(sets[len(sets)-1]), float64(sum)/float64(len(sets)))
	return r, sets
}

// BenchmarkSetHighlightDays measures one slider step with the compare
// outlines on at 1920×1080: SetHighlight with the next day's changed set.
// "cached" is the renderer's own path, warm after the first pass over the
// days as in a session; "stroked" strokes every changed district's rings
// afresh on each step, the cost without the outline cache; "cold" drops
// the cache before each step, as a view change does.
func BenchmarkSetHighlightDays(b *testing.B) {
	r, sets := changedSets(b)
	r.SetView(r.FitView(1920, 1080))
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			r.SetHighlight(sets[i%len(sets)])
		}
		held := 0
		for _, o := range r.outlines.outline {
			held += 2*cap(o.cov) + 8*cap(o.runs)
		}
		b.ReportMetric(float64(held)/1e6, "cache-MB")
	})
	b.Run("cold", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			r.outlines.level = nil
			r.highlight = r.highlight[:0]
			r.SetHighlight(sets[i%len(sets)])
		}
	})
	b.Run("stroked", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			r.highlight = append(r.highlight[:0], sets[i%len(sets)]...)
			strokedHighlight(r)
		}
	})
}

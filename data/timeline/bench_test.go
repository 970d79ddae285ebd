package timeline

import (
	"math/rand/v2"
	"testing"

	"github.com/afcontrol/afcontrol/data/events"
)

const benchDistricts = 398

func benchChanges() []Change {
	r := rand.New(rand.NewPCG(2001, 2021))
	changes := randomChanges(r, 1_000_000, benchDistricts, events.DayOf(2001, 1, 1), events.DayOf(2021, 12, 31))
	for i := range changes {
		changes[i].Seq = int64(i)
	}
	return changes
}

// BenchmarkStatusOnDay1M is the whole map on one day with 1,000,000 changes
// over 398 districts (2001–2021). The promise is 1 ms.
func BenchmarkStatusOnDay1M(b *testing.B) {
	tl, err := Build(benchDistricts, benchChanges())
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]events.Status, benchDistricts)
	days := []events.Day{events.DayOf(2001, 1, 1), events.DayOf(2011, 6, 15), events.DayOf(2021, 8, 15)}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		dst = tl.StatusOn(days[i%len(days)], WithClaims, dst)
		i++
	}
}

// BenchmarkBuild1M builds the timeline of 1,000,000 changes.
func BenchmarkBuild1M(b *testing.B) {
	changes := benchChanges()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(benchDistricts, changes); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeries builds the daily counts of 21 years (7,670 days) from
// 1,000,000 changes, uncached.
func BenchmarkSeries(b *testing.B) {
	tl, err := Build(benchDistricts, benchChanges())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if s := tl.buildSeries(WithClaims); len(s) == 0 {
			b.Fatal("no series")
		}
	}
}

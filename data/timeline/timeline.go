package timeline

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/afcontrol/afcontrol/data/events"
)

// Earliest and latest days a change may fall on: the range events.ParseDay
// accepts. Bounding it keeps the daily Series to at most 73,414 days.
var (
	firstDay = events.DayOf(1900, 1, 1)
	lastDay  = events.DayOf(2100, 12, 31)
)

// Timeline holds, per layer and per district, the district's changes sorted
// by day with at most one change per day. The zero value is an empty timeline
// of no districts.
type Timeline struct {
	districts   int
	layers      [2]layer
	first, last events.Day
	hasRange    bool
	series      [2]seriesCache
}

// layer is one layer's changes, district by district: district d's changes
// are at [off[d], off[d+1]) of days, status and seq, sorted by day.
type layer struct {
	off    []int32
	days   []events.Day
	status []events.Status
	seq    []int64
}

type seriesCache struct {
	once   sync.Once
	counts []Counts
}

// Build makes the timeline of districts districts from changes, which may come
// in any order and are not modified.
//
// Changes with Status NoChange are ignored. On one day, one district keeps a
// single change per layer: its own report over an Area one, then the one
// with the higher Confidence, then the larger Seq, then the one later in
// changes. So a same-day claim of higher confidence overrides a confirmed
// report in the WithClaims layer only, and an area assessment never
// overrides the district's own report of the same day.
//
// A change whose District is outside [0, districts), whose Status is not a
// control value or NoChange, whose Confidence is above High, or whose Day is
// outside 1900-01-01..2100-12-31 is an error (the first one is named, with the
// count of the others), and no timeline is built: a bad index means the
// caller's ids and boundaries disagree, which no guess would fix. A negative
// districts is an error; zero districts is an empty timeline.
func Build(districts int, changes []Change) (*Timeline, error) {
	if districts < 0 {
		return nil, fmt.Errorf("timeline: %d districts", districts)
	}
	if len(changes) > 1<<31-1 {
		return nil, errors.New("timeline: more than 2^31-1 changes")
	}
	var firstErr error
	bad := 0
	kept := 0
	for i, c := range changes {
		if reason := c.problem(districts); reason != "" {
			if bad == 0 {
				firstErr = fmt.Errorf("change %d (seq %d): %s", i, c.Seq, reason)
			}
			bad++
			continue
		}
		if c.Status != events.NoChange {
			kept++
		}
	}
	if bad > 0 {
		if bad > 1 {
			return nil, fmt.Errorf("timeline: %w (and %d more bad changes)", firstErr, bad-1)
		}
		return nil, fmt.Errorf("timeline: %w", firstErr)
	}

	// Bucket by district (a counting sort keeps input order within a
	// district), then sort each district's changes so that, within a day,
	// the winner comes last.
	off := make([]int32, districts+1)
	for _, c := range changes {
		if c.Status != events.NoChange {
			off[c.District+1]++
		}
	}
	for d := 0; d < districts; d++ {
		off[d+1] += off[d]
	}
	items := make([]item, kept)
	next := slices.Clone(off[:districts])
	for i, c := range changes {
		if c.Status == events.NoChange {
			continue
		}
		items[next[c.District]] = item{day: c.Day, conf: c.Confidence, status: c.Status, claim: c.Claim, area: c.Area, seq: c.Seq, idx: int32(i)}
		next[c.District]++
	}
	for d := 0; d < districts; d++ {
		slices.SortFunc(items[off[d]:off[d+1]], item.compare)
	}

	t := &Timeline{districts: districts}
	t.layers[Confirmed] = buildLayer(districts, off, items, true)
	t.layers[WithClaims] = buildLayer(districts, off, items, false)
	if kept > 0 {
		t.first, t.last = lastDay, firstDay
		all := &t.layers[WithClaims]
		for d := 0; d < districts; d++ {
			lo, hi := all.off[d], all.off[d+1]
			if lo < hi {
				t.first = min(t.first, all.days[lo])
				t.last = max(t.last, all.days[hi-1])
			}
		}
		t.hasRange = true
	}
	return t, nil
}

type item struct {
	day    events.Day
	idx    int32
	seq    int64
	conf   events.Confidence
	status events.Status
	claim  bool
	area   bool
}

// compare orders by day, then own reports after area ones, then confidence,
// then seq, then input position, so that the winner of each day comes last.
func (a item) compare(b item) int {
	if a.day != b.day {
		return cmp.Compare(a.day, b.day)
	}
	if a.area != b.area {
		if a.area {
			return -1
		}
		return 1
	}
	if a.conf != b.conf {
		return cmp.Compare(a.conf, b.conf)
	}
	if a.seq != b.seq {
		return cmp.Compare(a.seq, b.seq)
	}
	return cmp.Compare(a.idx, b.idx)
}

// buildLayer keeps, per district and day, the last (winning) item, skipping
// claims when confirmedOnly is set.
func buildLayer(districts int, off []int32, items []item, confirmedOnly bool) layer {
	l := layer{off: make([]int32, districts+1)}
	n := 0
	for _, it := range items {
		if !(confirmedOnly && it.claim) {
			n++
		}
	}
	l.days = make([]events.Day, 0, n)
	l.status = make([]events.Status, 0, n)
	l.seq = make([]int64, 0, n)
	for d := 0; d < districts; d++ {
		seg := items[off[d]:off[d+1]]
		for i, it := range seg {
			if confirmedOnly && it.claim {
				continue
			}
			// Skip it when a later kept item of this layer falls on the same day.
			later := false
			for _, nx := range seg[i+1:] {
				if nx.day != it.day {
					break
				}
				if !(confirmedOnly && nx.claim) {
					later = true
					break
				}
			}
			if later {
				continue
			}
			l.days = append(l.days, it.day)
			l.status = append(l.status, it.status)
			l.seq = append(l.seq, it.seq)
		}
		l.off[d+1] = int32(len(l.days))
	}
	return l
}

// find returns the index of district d's latest change on or before day, or
// -1 when there is none.
func (l *layer) find(d int, day events.Day) int32 {
	lo, hi := l.off[d], l.off[d+1]
	// Invariant: days[..lo) <= day < days[hi..).
	for lo < hi {
		mid := int32(uint32(lo+hi) >> 1)
		if l.days[mid] <= day {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == l.off[d] {
		return -1
	}
	return lo - 1
}

func (l *layer) statusOf(d int, day events.Day) events.Status {
	if i := l.find(d, day); i >= 0 {
		return l.status[i]
	}
	return events.Unknown
}

// Range returns the first and last day with a change in either layer; ok is
// false when the timeline has no changes.
func (t *Timeline) Range() (first, last events.Day, ok bool) {
	return t.first, t.last, t.hasRange
}

// Districts returns the number of districts the timeline covers.
func (t *Timeline) Districts() int { return t.districts }

package timeline

import (
	"fmt"
	"slices"

	"github.com/afcontrol/afcontrol/data/events"
)

// Builder makes a Timeline from changes that arrive already grouped: by
// district, then by day (as an index on district and date gives them). It
// keeps only each day's winners, so it holds the timeline's size in memory,
// not the number of changes: a store of ten million reports over twenty
// years needs the few million district-days, not the ten million rows.
//
// The zero value is not usable; call NewBuilder.
type Builder struct {
	districts int
	layers    [2]layer
	// The district and day being collected, and the best change of each
	// layer on it so far.
	district int
	day      events.Day
	open     bool
	best     [2]Change
	has      [2]bool
	first    events.Day
	last     events.Day
	hasRange bool
	// closed districts [0, closed) have their offsets set.
	closed int
	err    error
}

// NewBuilder starts a timeline of districts districts. A negative districts
// is an error from Timeline.
func NewBuilder(districts int) *Builder {
	b := &Builder{districts: districts}
	if districts < 0 {
		b.err = fmt.Errorf("timeline: %d districts", districts)
		return b
	}
	for i := range b.layers {
		b.layers[i].off = make([]int32, districts+1)
	}
	return b
}

// Grow reserves room for confirmed and withClaims more changes in the two
// layers, for a caller that knows how many days will be kept: the layers
// then take no more memory than they need.
func (b *Builder) Grow(confirmed, withClaims int) {
	if b.err != nil {
		return
	}
	for l, n := range [2]int{confirmed, withClaims} {
		ly := &b.layers[l]
		ly.days = slices.Grow(ly.days, n)
		ly.status = slices.Grow(ly.status, n)
		ly.seq = slices.Grow(ly.seq, n)
	}
}

// Add takes the next change. Changes with Status NoChange are checked and
// ignored. The others must come in non-decreasing (District, Day) order;
// within one district and day any order, ranked as Build ranks them (an own
// report over an area one, then higher Confidence, then larger Seq, then
// the later one added). A change Build
// would refuse, or one out of order, is an error, and so is every later Add
// and Timeline.
func (b *Builder) Add(c Change) error {
	if b.err != nil {
		return b.err
	}
	reason := c.problem(b.districts)
	if reason == "" && c.Status != events.NoChange && b.open && (c.District < b.district || (c.District == b.district && c.Day < b.day)) {
		reason = fmt.Sprintf("district %d day %v comes after district %d day %v", c.District, c.Day, b.district, b.day)
	}
	if reason != "" {
		b.err = fmt.Errorf("timeline: change (seq %d): %s", c.Seq, reason)
		return b.err
	}
	if c.Status == events.NoChange {
		return nil
	}
	if !b.open || c.District != b.district || c.Day != b.day {
		b.flush()
		b.closeBelow(c.District)
		b.district, b.day, b.open = c.District, c.Day, true
	}
	for _, l := range []Layer{Confirmed, WithClaims} {
		if l == Confirmed && c.Claim {
			continue
		}
		if best := &b.best[l]; !b.has[l] || beats(c, *best) {
			*best, b.has[l] = c, true
		}
	}
	return nil
}

// beats reports whether c wins a day over best, as Build ranks them: a
// district's own report over an area assessment, then higher confidence,
// then the larger (or equal: the later added) Seq.
func beats(c, best Change) bool {
	if c.Area != best.Area {
		return !c.Area
	}
	return c.Confidence > best.Confidence || (c.Confidence == best.Confidence && c.Seq >= best.Seq)
}

// flush appends the collected day's winners to their layers.
func (b *Builder) flush() {
	if !b.open {
		return
	}
	for l := range b.layers {
		if !b.has[l] {
			continue
		}
		ly, c := &b.layers[l], b.best[l]
		ly.days = append(ly.days, c.Day)
		ly.status = append(ly.status, c.Status)
		ly.seq = append(ly.seq, c.Seq)
		b.has[l] = false
	}
	if !b.hasRange {
		b.first, b.last, b.hasRange = b.day, b.day, true
	}
	b.first, b.last = min(b.first, b.day), max(b.last, b.day)
}

// closeBelow ends every district before d: their changes are all in, so
// their end offsets are the layers' current lengths.
func (b *Builder) closeBelow(d int) {
	for ; b.closed < d; b.closed++ {
		for l := range b.layers {
			b.layers[l].off[b.closed+1] = int32(len(b.layers[l].days))
		}
	}
}

// Timeline returns the timeline of the changes added, or the first error.
// The Builder must not be used after it.
func (b *Builder) Timeline() (*Timeline, error) {
	if b.err != nil {
		return nil, b.err
	}
	b.flush()
	b.open = false
	b.closeBelow(b.districts)
	if len(b.layers[WithClaims].days) > 1<<31-1 {
		return nil, fmt.Errorf("timeline: more than 2^31-1 changes")
	}
	t := &Timeline{districts: b.districts, layers: b.layers, first: b.first, last: b.last, hasRange: b.hasRange}
	b.err = fmt.Errorf("timeline: builder already used")
	return t, nil
}

package timeline

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/afcontrol/afcontrol/data/events"
)

// Prior tells, of the change of sequence seq that a timeline kept, its
// confidence and whether it was an area assessment: what a timeline does
// not hold, and a merge needs to weigh a new report against it.
type Prior func(seq int64) (conf events.Confidence, area bool, err error)

// Merge returns the timeline of t's changes and changes: the districts' own
// reports (not Area), each with a Seq larger than any t holds, as the
// reports entered after those t was built from. It is Build of all the
// changes together, for the cost of the new ones: on a day t has a change
// for in a layer, prior gives the kept one's confidence and kind, and the
// new report wins unless the kept one is the district's own report of
// higher confidence. t is not modified.
func (t *Timeline) Merge(changes []Change, prior Prior) (*Timeline, error) {
	var top int64
	for li := range t.layers {
		for _, s := range t.layers[li].seq {
			top = max(top, s)
		}
	}
	add := make([]item, 0, len(changes))
	for i, c := range changes {
		reason := c.problem(t.districts)
		switch {
		case reason != "":
		case c.Area:
			reason = "an area assessment"
		case c.Seq <= top:
			reason = fmt.Sprintf("not after the timeline's changes (up to seq %d)", top)
		}
		if reason != "" {
			return nil, fmt.Errorf("timeline: merge: change %d (seq %d): %s", i, c.Seq, reason)
		}
		if c.Status != events.NoChange {
			add = append(add, item{day: c.Day, conf: c.Confidence, status: c.Status, claim: c.Claim, seq: c.Seq, idx: int32(c.District)})
		}
	}
	// By district, then day, the winner of each day last (item.compare).
	slices.SortFunc(add, func(a, b item) int {
		return cmp.Or(cmp.Compare(a.idx, b.idx), a.compare(b))
	})
	out := &Timeline{districts: t.districts}
	for li := range t.layers {
		l, err := mergeLayer(&t.layers[li], add, Layer(li) == Confirmed, t.districts, prior)
		if err != nil {
			return nil, err
		}
		out.layers[li] = l
	}
	out.setRange()
	return out, nil
}

// mergeLayer is one layer of Merge: old's changes and the day winners of
// add (sorted by district, then as item.compare orders), claims left out
// when confirmedOnly.
func mergeLayer(old *layer, add []item, confirmedOnly bool, districts int, prior Prior) (layer, error) {
	n := len(old.days) + len(add)
	l := layer{off: make([]int32, districts+1), days: make([]events.Day, 0, n), status: make([]events.Status, 0, n), seq: make([]int64, 0, n)}
	put := func(day events.Day, st events.Status, seq int64) {
		l.days = append(l.days, day)
		l.status = append(l.status, st)
		l.seq = append(l.seq, seq)
	}
	k := 0
	for d := range districts {
		i, end := old.off[d], old.off[d+1]
		for k < len(add) && int(add[k].idx) == d {
			// One day's new reports: the last of them this layer keeps
			// is their winner.
			var win *item
			day := add[k].day
			for ; k < len(add) && int(add[k].idx) == d && add[k].day == day; k++ {
				if !(confirmedOnly && add[k].claim) {
					win = &add[k]
				}
			}
			if win == nil {
				continue
			}
			for ; i < end && old.days[i] < day; i++ {
				put(old.days[i], old.status[i], old.seq[i])
			}
			if i < end && old.days[i] == day {
				conf, area, err := prior(old.seq[i])
				if err != nil {
					return layer{}, err
				}
				i++
				if !area && conf > win.conf {
					put(day, old.status[i-1], old.seq[i-1])
					continue
				}
			}
			put(day, win.status, win.seq)
		}
		for ; i < end; i++ {
			put(old.days[i], old.status[i], old.seq[i])
		}
		l.off[d+1] = int32(len(l.days))
	}
	if len(l.days) > 1<<31-1 {
		return layer{}, errors.New("timeline: more than 2^31-1 changes")
	}
	return l, nil
}

// Pick returns the timeline of t's districts at, in that order: district j
// of the result is t's district at[j]. t is not modified.
func (t *Timeline) Pick(at []int) (*Timeline, error) {
	for _, d := range at {
		if d < 0 || d >= t.districts {
			return nil, fmt.Errorf("timeline: pick of district %d of %d", d, t.districts)
		}
	}
	out := &Timeline{districts: len(at)}
	for li := range t.layers {
		out.layers[li] = gather(len(at), func(j int) (*layer, int) { return &t.layers[li], at[j] })
	}
	out.setRange()
	return out, nil
}

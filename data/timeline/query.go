package timeline

import "github.com/afcontrol/afcontrol/data/events"

// StatusOn returns the status of every district on day in layer, indexed by
// district: the status of the district's latest change on or before day
// (a change on day itself counts), Unknown before its first change. dst is
// reused, and returned resliced to the number of districts, when its capacity
// allows; otherwise a new slice is made. A Layer other than Confirmed or
// WithClaims panics.
func (t *Timeline) StatusOn(day events.Day, layer Layer, dst []events.Status) []events.Status {
	l := &t.layers[layer]
	if cap(dst) >= t.districts {
		dst = dst[:t.districts]
	} else {
		dst = make([]events.Status, t.districts)
	}
	for d := range dst {
		dst[d] = l.statusOf(d, day)
	}
	return dst
}

// Source returns the Seq of the change that decides district's status on day
// in layer. ok is false before the district's first change in that layer
// (the status is then Unknown) and for a district out of range.
func (t *Timeline) Source(district int, day events.Day, layer Layer) (seq int64, ok bool) {
	l := &t.layers[layer]
	if district < 0 || district >= t.districts {
		return 0, false
	}
	if i := l.find(district, day); i >= 0 {
		return l.seq[i], true
	}
	return 0, false
}

// Counts returns how many districts have each status on day in layer; Total
// is the number of districts.
func (t *Timeline) Counts(day events.Day, layer Layer) Counts {
	l := &t.layers[layer]
	var c Counts
	for d := 0; d < t.districts; d++ {
		c.ByStatus[l.statusOf(d, day)]++
	}
	c.Total = t.districts
	return c
}

// CountsBy returns the counts on day in layer per group, such as a province:
// district d belongs to group[d]. The result has groups entries. A district
// whose group is negative or not below groups, or which lies beyond
// len(group), is left out of every group (use -1 for "no group"); so is a
// group entry beyond the number of districts. groups <= 0 gives nil.
func (t *Timeline) CountsBy(day events.Day, layer Layer, group []int, groups int) []Counts {
	if groups <= 0 {
		return nil
	}
	l := &t.layers[layer]
	out := make([]Counts, groups)
	n := min(len(group), t.districts)
	for d := 0; d < n; d++ {
		g := group[d]
		if g < 0 || g >= groups {
			continue
		}
		out[g].ByStatus[l.statusOf(d, day)]++
		out[g].Total++
	}
	return out
}

// Disputed returns, in increasing order, the districts whose status on day in
// the WithClaims layer differs from the Confirmed one: where a claim stands
// over (or instead of) a confirmed report. nil when there are none.
func (t *Timeline) Disputed(day events.Day) []int {
	c, w := &t.layers[Confirmed], &t.layers[WithClaims]
	var out []int
	for d := 0; d < t.districts; d++ {
		if c.statusOf(d, day) != w.statusOf(d, day) {
			out = append(out, d)
		}
	}
	return out
}

// Changed returns, in increasing order, the districts whose status in layer
// differs between d0 and d1 (in either order; equal days give nil). A
// district that changed and changed back between the two days is not listed.
// nil when there are none.
func (t *Timeline) Changed(d0, d1 events.Day, layer Layer) []int {
	l := &t.layers[layer]
	var out []int
	for d := 0; d < t.districts; d++ {
		if l.statusOf(d, d0) != l.statusOf(d, d1) {
			out = append(out, d)
		}
	}
	return out
}

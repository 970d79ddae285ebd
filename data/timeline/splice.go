package timeline

import (
	"fmt"

	"github.com/afcontrol/afcontrol/data/events"
)

// Splice returns a timeline that is t except for the districts at names:
// district at[j] has, in both layers, the changes of part's district j. It
// is how a write that changed the events of a few districts brings a whole
// timeline up to date without building it again. at must name distinct
// districts of t, one for each of part's; t and part are not modified.
func (t *Timeline) Splice(part *Timeline, at []int) (*Timeline, error) {
	if len(at) != part.districts {
		return nil, fmt.Errorf("timeline: splice of %d districts at %d places", part.districts, len(at))
	}
	from := make([]int, t.districts)
	for d := range from {
		from[d] = -1
	}
	for j, d := range at {
		if d < 0 || d >= t.districts || from[d] >= 0 {
			return nil, fmt.Errorf("timeline: splice at district %d of %d, or twice", d, t.districts)
		}
		from[d] = j
	}
	out := &Timeline{districts: t.districts}
	for li := range out.layers {
		base, repl := &t.layers[li], &part.layers[li]
		out.layers[li] = gather(t.districts, func(d int) (*layer, int) {
			if j := from[d]; j >= 0 {
				return repl, j
			}
			return base, d
		})
	}
	out.setRange()
	return out, nil
}

// gather makes a layer of n districts whose district j has the changes
// that src(j) names: a layer and one of its districts.
func gather(n int, src func(j int) (*layer, int)) layer {
	total := 0
	for j := range n {
		s, d := src(j)
		total += int(s.off[d+1] - s.off[d])
	}
	l := layer{off: make([]int32, n+1), days: make([]events.Day, 0, total), status: make([]events.Status, 0, total), seq: make([]int64, 0, total)}
	for j := range n {
		s, d := src(j)
		lo, hi := s.off[d], s.off[d+1]
		l.days = append(l.days, s.days[lo:hi]...)
		l.status = append(l.status, s.status[lo:hi]...)
		l.seq = append(l.seq, s.seq[lo:hi]...)
		l.off[j+1] = int32(len(l.days))
	}
	return l
}

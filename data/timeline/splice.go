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
		src := func(d int) (*layer, int) {
			if j := from[d]; j >= 0 {
				return repl, j
			}
			return base, d
		}
		n := 0
		for d := range t.districts {
			l, i := src(d)
			n += int(l.off[i+1] - l.off[i])
		}
		l := layer{off: make([]int32, t.districts+1), days: make([]events.Day, 0, n), status: make([]events.Status, 0, n), seq: make([]int64, 0, n)}
		for d := range t.districts {
			s, i := src(d)
			lo, hi := s.off[i], s.off[i+1]
			l.days = append(l.days, s.days[lo:hi]...)
			l.status = append(l.status, s.status[lo:hi]...)
			l.seq = append(l.seq, s.seq[lo:hi]...)
			l.off[d+1] = int32(len(l.days))
		}
		out.layers[li] = l
	}
	out.setRange()
	return out, nil
}

package timeline

import "github.com/afcontrol/afcontrol/data/events"

// Series returns the counts of every day from first to last of Range, in
// layer: counts[i] is Counts(first+i, layer). Both layers span the same
// days, so their series line up. It is computed on the first call per layer
// and cached; the returned slice is shared and must not be modified. A
// timeline with no changes gives (0, nil).
func (t *Timeline) Series(layer Layer) (first events.Day, counts []Counts) {
	c := &t.series[layer]
	c.once.Do(func() { c.counts = t.buildSeries(layer) })
	if c.counts == nil {
		return 0, nil
	}
	return t.first, c.counts
}

// buildSeries sweeps the layer's changes in day order, keeping the current
// status of each district and the running counts: one step per change and
// per day.
func (t *Timeline) buildSeries(layer Layer) []Counts {
	if !t.hasRange {
		return nil
	}
	l := &t.layers[layer]
	days := int(t.last-t.first) + 1
	// Bucket the layer's changes by day.
	start := make([]int32, days+1)
	for _, day := range l.days {
		start[day-t.first+1]++
	}
	for i := 0; i < days; i++ {
		start[i+1] += start[i]
	}
	type step struct {
		district int32
		status   events.Status
	}
	steps := make([]step, len(l.days))
	next := append([]int32(nil), start[:days]...)
	for d := 0; d < t.districts; d++ {
		for i := l.off[d]; i < l.off[d+1]; i++ {
			k := l.days[i] - t.first
			steps[next[k]] = step{int32(d), l.status[i]}
			next[k]++
		}
	}
	cur := make([]events.Status, t.districts)
	run := Counts{Total: t.districts}
	run.ByStatus[events.Unknown] = t.districts
	out := make([]Counts, days)
	for i := 0; i < days; i++ {
		for _, s := range steps[start[i]:start[i+1]] {
			run.ByStatus[cur[s.district]]--
			run.ByStatus[s.status]++
			cur[s.district] = s.status
		}
		out[i] = run
	}
	return out
}

package ui

import (
	"sync/atomic"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/scene"
)

// DayState is the map of one day as the window shows it: every district's
// fill in the layer, the counts, and what changed since the compare day.
// The window computes it once per change of day, layer or comparison and
// hands the same value to the map (which only recolours), the legend, the
// district panel, the chart's cursor and presentation mode. It is never
// changed after newDayState returns, so the map's drawing goroutine reads
// it while the UI goroutine holds it.
type DayState struct {
	Day   events.Day
	Layer timeline.Layer
	// Compare is the day compared with; 0 when no comparison is on.
	Compare events.Day
	// Fills is each district's fill, by district index.
	Fills []geo.Fill
	// Counts are the fills counted, over every district.
	Counts geo.Counts
	// Changed lists, in increasing order, the districts whose status in
	// Layer differs between Compare and Day; nil without a comparison.
	Changed []int
}

// dayStates counts the days computed, so a test can check that a step of
// the slider computes its day once, however many widgets show it.
var dayStates atomic.Int64

// newDayState computes day in layer from the scene's control timeline; a
// compare day of 0 lists no changes.
func newDayState(s *scene.Scene, day events.Day, layer timeline.Layer, compare events.Day) *DayState {
	dayStates.Add(1)
	d := &DayState{Day: day, Layer: layer, Compare: compare}
	d.Fills = s.Fills(day, layer, nil)
	d.Counts = geo.CountFills(d.Fills, len(d.Fills))
	if compare != 0 {
		d.Changed = s.Control.Timeline.Changed(compare, day, layer)
	}
	return d
}

// Claims reports whether the state is of the layer with claims, for the
// legend's claimed rows and the export's options.
func (d *DayState) Claims() bool { return d.Layer == timeline.WithClaims }

// fill returns district i's fill; a district out of range has the zero fill
// (no sourced report).
func (d *DayState) fill(i int) geo.Fill {
	if d == nil || i < 0 || i >= len(d.Fills) {
		return geo.Fill{}
	}
	return d.Fills[i]
}

// statusCounts are districts counted per map class.
type statusCounts struct {
	ByStatus [4]int // indexed by geo.Status
	Total    int
}

// provinceCounts counts the districts of province pi (by provinceOf) per
// status; a claimed district counts under the status claimed.
func (d *DayState) provinceCounts(provinceOf []int, pi int) statusCounts {
	var c statusCounts
	for i, f := range d.Fills {
		if i >= len(provinceOf) || provinceOf[i] != pi {
			continue
		}
		s := f.Status
		if int(s) >= len(c.ByStatus) {
			s = geo.Unknown
		}
		c.ByStatus[s]++
		c.Total++
	}
	return c
}

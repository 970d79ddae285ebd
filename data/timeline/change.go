package timeline

import (
	"fmt"

	"github.com/afcontrol/afcontrol/data/events"
)

// Change is one reported status of one district on one day.
type Change struct {
	// District is the district's index in [0, districts).
	District int
	Day      events.Day
	// Status is the control after the report; NoChange reports are ignored.
	Status     events.Status
	Confidence events.Confidence
	// Claim marks a report that only the WithClaims layer uses.
	Claim bool
	// Area marks the effect on this district of an area assessment: a
	// report about its whole province or the whole country. On the same
	// day, the district's own report beats it whatever the confidence.
	Area bool
	// Seq is the entry order: a later entry has a larger Seq. It breaks
	// same-day, same-confidence ties and traces a colour back to its row.
	Seq int64
}

// problem says what makes c not a change of a timeline of districts
// districts: a district out of range, a status or confidence that is not
// one, a day outside firstDay..lastDay; "" when it is one.
func (c Change) problem(districts int) string {
	switch {
	case c.District < 0 || c.District >= districts:
		return fmt.Sprintf("district %d outside [0,%d)", c.District, districts)
	case c.Status > events.NoChange:
		return fmt.Sprintf("status %v", c.Status)
	case c.Confidence > events.High:
		return fmt.Sprintf("confidence %v", c.Confidence)
	case c.Status != events.NoChange && (c.Day < firstDay || c.Day > lastDay):
		return fmt.Sprintf("day %v outside %v..%v", c.Day, firstDay, lastDay)
	}
	return ""
}

// Layer chooses which reports count.
type Layer uint8

// The layers. Confirmed is the zero value.
const (
	// Confirmed uses only changes with Claim false.
	Confirmed Layer = iota
	// WithClaims uses every change, claims included.
	WithClaims
)

// String returns "confirmed" or "with claims"; other values give "layer(N)".
func (l Layer) String() string {
	switch l {
	case Confirmed:
		return "confirmed"
	case WithClaims:
		return "with claims"
	}
	return fmt.Sprintf("layer(%d)", uint8(l))
}

// Counts is how many districts have each status.
type Counts struct {
	// ByStatus is indexed by events.Unknown, Government, Contested, Taliban.
	ByStatus [4]int
	// Total is the number of districts counted, Unknown included.
	Total int
}

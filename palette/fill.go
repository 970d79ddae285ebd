package palette

// Basis is what a district's status rests on. Reported is the zero value.
type Basis uint8

// The bases a status can rest on.
const (
	// Reported: the district's own report, of medium or high confidence.
	Reported Basis = iota
	// LowConfidence: the district's own report, whose source is unsure (of
	// the day, or of the fact).
	LowConfidence
	// Assessed: an assessment covering the district (of a province, the
	// country, or the district itself) rather than a report of an event.
	Assessed
)

// Fill is how one district is painted on a day: its status, whether that
// status rests on a claim nobody has confirmed (only set when the claims
// layer is on), and what it rests on. A claimed or tentative Unknown is
// painted as Unknown.
type Fill struct {
	Status  Status
	Claimed bool
	Basis   Basis
}

// Tentative reports whether the fill's status rests on a low-confidence
// report or an assessment; an Unknown fill is never tentative, and a Basis
// outside the enum counts as tentative.
func (f Fill) Tentative() bool {
	return f.Basis != Reported && f.Status != Unknown && f.Status <= Taliban
}

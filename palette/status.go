package palette

// Status is the reported control of a district on a day. The order is the
// order of the legend's rows reversed: Unknown, Government, Contested,
// Taliban.
type Status uint8

// The control classes a district can be in.
const (
	Unknown Status = iota
	Government
	Contested
	Taliban
)

// Statuses lists every status in order, for legends and counts.
var Statuses = [...]Status{Unknown, Government, Contested, Taliban}

// String returns "unknown", "government", "contested" or "taliban"; a value
// outside the enum gives "unknown".
func (s Status) String() string {
	switch s {
	case Government:
		return "government"
	case Contested:
		return "contested"
	case Taliban:
		return "taliban"
	}
	return "unknown"
}

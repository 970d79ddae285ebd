package events

import (
	"fmt"
	"strings"
)

// Status is who controls a district after an event. The four control values
// are ordered Unknown, Government, Contested, Taliban and can index arrays of
// length 4; NoChange marks an event (an attack, say) that reports no change
// of control and is not a control value.
type Status uint8

// The statuses. Unknown is the zero value.
const (
	Unknown Status = iota
	Government
	Contested
	Taliban
	NoChange
)

var statusNames = [...]string{"unknown", "government", "contested", "taliban", "nochange"}

// String returns the lower-case name: "unknown", "government", "contested",
// "taliban" or "nochange"; a value out of range gives "status(N)".
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("status(%d)", uint8(s))
}

// ParseStatus reads a status name, ignoring case and surrounding spaces. It
// accepts the four control values and "nochange" (which WriteNative writes
// for events that change nothing); anything else, the empty string included,
// is an error.
func ParseStatus(s string) (Status, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for i, n := range statusNames {
		if t == n {
			return Status(i), nil
		}
	}
	return 0, fmt.Errorf("unknown status, want government, contested, taliban, unknown or nochange")
}

// Confidence is how far a report can be trusted, ordered Low < Medium < High.
// Low is the zero value.
type Confidence uint8

// The confidence levels, in increasing order.
const (
	Low Confidence = iota
	Medium
	High
)

var confidenceNames = [...]string{"low", "medium", "high"}

// String returns "low", "medium" or "high"; a value out of range gives
// "confidence(N)".
func (c Confidence) String() string {
	if int(c) < len(confidenceNames) {
		return confidenceNames[c]
	}
	return fmt.Sprintf("confidence(%d)", uint8(c))
}

// ParseConfidence reads "low", "medium" or "high", ignoring case and
// surrounding spaces. The empty string is an error: confidence is required.
func ParseConfidence(s string) (Confidence, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for i, n := range confidenceNames {
		if t == n {
			return Confidence(i), nil
		}
	}
	if t == "" {
		return 0, fmt.Errorf("required, want low, medium or high")
	}
	return 0, fmt.Errorf("unknown confidence, want low, medium or high")
}

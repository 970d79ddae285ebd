package timeline

import "github.com/afcontrol/afcontrol/data/events"

// Span is one stretch of unchanged status of one district in one layer,
// from From (included) to To (excluded): StatusOn gives Status for every day
// of it.
type Span struct {
	From, To events.Day
	// Open is false for the span before the district's first report, which
	// has no From; Closed is false for the span still current, which has no
	// To.
	Open, Closed bool
	Status       events.Status
	// Seq is the change that set the status, 0 before the first report.
	// Later reports of the same status extend the span and keep its Seq.
	Seq int64
}

// Spans appends to dst district's spans in layer, oldest first, and returns
// it. A district always has at least one span: the one before its first
// report (status Unknown, no From), which its first report ends even when
// that report says unknown. A district out of range gives dst unchanged; a
// Layer other than Confirmed or WithClaims panics.
func (t *Timeline) Spans(district int, layer Layer, dst []Span) []Span {
	if district < 0 || district >= t.districts {
		return dst
	}
	l := &t.layers[layer]
	cur := Span{Status: events.Unknown}
	for i := l.off[district]; i < l.off[district+1]; i++ {
		if cur.Open && l.status[i] == cur.Status {
			continue
		}
		cur.To, cur.Closed = l.days[i], true
		dst = append(dst, cur)
		cur = Span{From: l.days[i], Open: true, Status: l.status[i], Seq: l.seq[i]}
	}
	return append(dst, cur)
}

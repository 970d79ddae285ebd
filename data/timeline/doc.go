// Package timeline answers who controls each district on any day, from the
// dated status changes reported for it, fast enough to scrub through time.
//
// There are two layers: Confirmed uses only reports that are not claims,
// WithClaims uses every report. The status of a district on day D in a layer
// is the status of its latest change on or before D in that layer; changes on
// the same day are ranked by confidence, then by entry order (Seq). Before its
// first change a district is Unknown. A Timeline is immutable once built and
// safe for concurrent use.
package timeline

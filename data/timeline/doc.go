// Package timeline answers who controls each district on any day, from the
// dated status changes reported for it, fast enough to scrub through time.
//
// There are two layers: Confirmed uses only reports that are not claims,
// WithClaims uses every report. The changes that count for a district are
// its own reports and the area assessments whose scope covers it (its
// province, or the whole country), which the caller passes once per district
// covered, marked Area, when it builds the timeline: the effect of an
// assessment is worked out then, not at every query. The status of a
// district on day D in a layer is the status of its latest change on or
// before D in that layer; on the same day the district's own report beats an
// area assessment, then higher confidence wins, then the later entry (Seq).
// Before its first change a district is Unknown. A Timeline is immutable once built and
// safe for concurrent use.
package timeline

package events

// Row is one reported event as read from a file, before its names are
// resolved to a district.
type Row struct {
	// Line is the 1-based physical line where the record starts in a CSV
	// file, or the feature's index+1 in a GeoJSON file.
	Line int
	Date Day
	// Province and District are as written in the file, trimmed. Either may
	// be empty in rows that carry a point (ACLED, UCDP, GeoJSON).
	Province, District string
	// Status is the control after the event, or NoChange.
	Status Status
	// Kind is lower case: captured, retaken, contested, attack, surrender,
	// assessment, claim, or a source's own event type.
	Kind string
	// Claim is true when a party claims the event and nobody has confirmed it.
	Claim                    bool
	Actor, Source, SourceURL string
	Confidence               Confidence
	Notes                    string
	// Lon and Lat are WGS 84 degrees, set only when HasPoint is true.
	Lon, Lat float64
	HasPoint bool
}

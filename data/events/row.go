package events

// Row is one reported event as read from a file, before its names are
// resolved to a district.
type Row struct {
	// Line is the 1-based physical line where the record starts in a CSV
	// file, or the feature's (or API record's) index+1 in a JSON file.
	Line int
	Date Day
	// Until is the last day of the range the source dates the event to
	// (UCDP date_end); it is set only when Ranged is true, and then is
	// after Date.
	Until  Day
	Ranged bool
	// Scope is what the event concerns: one district (the zero value), a
	// whole province or the whole country.
	Scope Scope
	// Province and District are as written in the file, trimmed. Either may
	// be empty in rows that carry a point (ACLED, UCDP, GeoJSON); District
	// is empty in province-scope rows, both are in country-scope rows.
	Province, District string
	// Status is the control after the event, or NoChange.
	Status Status
	// Kind is lower case: captured, retaken, handover, contested, attack,
	// surrender, assessment, claim, or a source's own event type.
	Kind string
	// Claim is true when a party claims the event and nobody has confirmed it.
	Claim                    bool
	Actor, Source, SourceURL string
	// SourceID is the source's own id for the event (ACLED event_id_cnty,
	// UCDP id, the native source_id column); "" when the file has none.
	SourceID   string
	Confidence Confidence
	Notes      string
	// Lon and Lat are WGS 84 degrees, set only when HasPoint is true.
	Lon, Lat float64
	HasPoint bool
	// Fatalities is the source's count (ACLED fatalities, UCDP best), set
	// only when HasFatalities is true.
	Fatalities    int
	HasFatalities bool
	// Admin3 and Location are the source's finer place names, as written.
	Admin3, Location string
	// GeoPrecision and TimePrecision are the source's own precision codes
	// (ACLED geo_precision 1–3 and time_precision 1–3; UCDP where_prec 1–7
	// and date_prec 1–5); 0 when the file has none.
	GeoPrecision, TimePrecision int
	// Deleted marks a row of ACLED's list of deleted events: only Line and
	// SourceID are set, and the stored event with that id is to be removed.
	Deleted bool
	// Skip, when not empty, says why the row is not an event to store
	// ("outside Afghanistan (Pakistan)", "HXL hashtag row"): only Line and
	// Skip are then set. Importers count skipped rows by reason.
	Skip string
}

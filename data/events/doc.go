// Package events reads reported control events from the files analysts
// already have (the native CSV, ACLED exports and API JSON, UCDP GED CSV and
// API JSON, GeoJSON points) into plain rows, and writes them back out as
// native CSV.
//
// A row keeps what its source means, not only what it says: who gains the
// territory in an ACLED event (through the actor table, Actors), how
// precisely the source placed and dated it (an event placed no closer than a
// province has ScopeProvince), the source's own id, and the rows a file holds
// that are not events to store (another country's, an HXL hashtag row),
// marked with Skip.
//
// Every reader treats its input as hostile: it streams, refuses oversized
// fields, checks every field of every row, and reports all bad rows with
// the file, line (or feature), field, value and reason. CSV files may be
// comma-, semicolon- or tab-delimited, in UTF-8 or UTF-16 with a byte order
// mark. Names are kept as written; resolving them to districts happens
// later, in the gazetteer.
package events

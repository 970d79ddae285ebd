// Package events reads reported control events from the files analysts
// already have (the native CSV, ACLED exports, UCDP GED CSV, GeoJSON points)
// into plain rows, and writes them back out as native CSV.
//
// Every reader treats its input as hostile: it streams, refuses oversized
// fields, checks every field of every row, and reports all bad rows with
// the file, line (or feature), field, value and reason. Names are kept as
// written; resolving them to districts happens later, in the gazetteer.
package events

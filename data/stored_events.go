package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// Event is one stored event row.
type Event struct {
	FID                      int64
	Date                     string
	Province, District       string
	Status, Kind             string
	Claim                    bool
	Actor, Source, SourceURL string
	Confidence, Notes        string
	// Scope is "district", "province" or "country"; SourceDB and SourceID
	// name the source's own id for the event ("" when it has none).
	Scope, SourceDB, SourceID string
}

// eventSelect are the columns Event is scanned from, in scanEvent's order.
const eventSelect = `fid, substr(date, 1, 10), province, district, status, kind, claim, actor, source, source_url,
	confidence, notes, scope, source_db, source_id`

func scanEvent(row interface{ Scan(...any) error }) (Event, error) {
	var e Event
	err := row.Scan(&e.FID, &e.Date, &e.Province, &e.District, &e.Status, &e.Kind, &e.Claim, &e.Actor, &e.Source,
		&e.SourceURL, &e.Confidence, &e.Notes, &e.Scope, &e.SourceDB, &e.SourceID)
	return e, err
}

// EventByFID returns one event, for tracing a colour to its report.
func (d *Dataset) EventByFID(ctx context.Context, fid int64) (Event, error) {
	e, err := scanEvent(d.db.QueryRowContext(ctx, "SELECT "+eventSelect+" FROM events WHERE fid = ?", fid))
	if err == sql.ErrNoRows {
		return e, fmt.Errorf("no event %d", fid)
	}
	return e, err
}

// EventsByFID returns the events with the given fids in one query, keyed by
// fid. Fids with no event are absent from the map; an empty list gives an
// empty map.
func (d *Dataset) EventsByFID(ctx context.Context, fids []int64) (map[int64]Event, error) {
	out := make(map[int64]Event, len(fids))
	if len(fids) == 0 {
		return out, nil
	}
	list, err := json.Marshal(fids)
	if err != nil {
		return nil, err
	}
	rows, err := d.db.QueryContext(ctx, "SELECT "+eventSelect+" FROM events WHERE fid IN (SELECT value FROM json_each(?))", string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out[e.FID] = e
	}
	return out, rows.Err()
}

// DistrictEvents returns the dated history of one district, oldest first:
// its own events (not the area events that cover it; see ProvinceEvents).
func (d *Dataset) DistrictEvents(ctx context.Context, districtFID int64) ([]Event, error) {
	return d.queryEvents(ctx, "SELECT "+eventSelect+" FROM events WHERE district_id = ? ORDER BY date, fid", districtFID)
}

// ProvinceEvents returns the area events of a province, oldest first: those
// whose scope is the province (assessments, and events placed no more
// precisely than the province) and those whose scope is the whole country.
// province is the canonical name, as in District.Province.
func (d *Dataset) ProvinceEvents(ctx context.Context, province string) ([]Event, error) {
	return d.queryEvents(ctx, "SELECT "+eventSelect+` FROM events
		WHERE scope = 'province' AND province = ? OR scope = 'country' ORDER BY date, fid`, province)
}

func (d *Dataset) queryEvents(ctx context.Context, query string, args ...any) ([]Event, error) {
	rows, err := d.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// UnlinkedEvents returns the events that have no district in the active
// boundary set (a replacement left them without one), oldest first, with
// their reported names: they are kept, off the map, until a set that has
// their district is imported or restored.
func (d *Dataset) UnlinkedEvents(ctx context.Context) ([]Event, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT fid, substr(date, 1, 10), province, district, status, kind, claim, actor, source, source_url,
		confidence, notes FROM events WHERE district_id IS NULL AND scope = 'district' ORDER BY date, fid`)
	if err != nil {
		return nil, fmt.Errorf("unlinked events: %w", d.explain(err))
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.FID, &e.Date, &e.Province, &e.District, &e.Status, &e.Kind, &e.Claim, &e.Actor,
			&e.Source, &e.SourceURL, &e.Confidence, &e.Notes); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

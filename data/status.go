package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/afcontrol/afcontrol/data/timeline"
)

// District is one district of the loaded boundary set, as the map and the
// tables show it. Index is its position in Control.Districts and in every
// status slice.
type District struct {
	Index          int
	FID            int64
	Name, Province string
	Code           string
}

// Control is the control timeline of a dataset: its districts and the
// reported changes, ready to answer "who held what on day D" instantly.
type Control struct {
	Districts []District
	Timeline  *timeline.Timeline
	// Provinces lists the province names; ProvinceOf[i] indexes it for
	// district i (-1 when unplaced).
	Provinces  []string
	ProvinceOf []int
	fidIndex   map[int64]int
}

// Basis says what an event's status rests on beyond its report: a
// low-confidence source, an assessment rather than a reported event, or
// both. The zero value is a firm report.
type Basis struct {
	Low, Assessment bool
}

// LoadControl reads the districts and the timeline of their status-changing
// events: from the timeline index kept in the file when it is current (one
// row, whatever the number of events), else from the events, keeping the
// index for next time. Events whose district is no longer in the boundary
// set are left out.
//
// The status rule: the events that count for a district on day D are its
// own and the assessments (kind "assessment") whose scope covers it, its
// province or the whole country; the latest on or before D wins; on the
// same day the district's own report beats an area assessment, then higher
// confidence, then the later entry. Each assessment is expanded, when the
// timeline is built, into a change of every district it covers, so a query
// costs what it did before.
// Province- and country-scope events that are not assessments (ACLED
// geo_precision 3, UCDP where_prec 4 and above: "somewhere in the
// province") colour no district; ProvinceEvents lists them.
func (d *Dataset) LoadControl(ctx context.Context) (*Control, error) {
	c := &Control{fidIndex: map[int64]int{}}
	rows, err := d.db.QueryContext(ctx, "SELECT fid, name, coalesce(province, ''), coalesce(code, '') FROM districts ORDER BY fid")
	if err != nil {
		return nil, fmt.Errorf("load control: %w", err)
	}
	provIndex := map[string]int{}
	for rows.Next() {
		var dist District
		if err := rows.Scan(&dist.FID, &dist.Name, &dist.Province, &dist.Code); err != nil {
			rows.Close()
			return nil, fmt.Errorf("load control: %w", err)
		}
		dist.Index = len(c.Districts)
		c.fidIndex[dist.FID] = dist.Index
		c.Districts = append(c.Districts, dist)
		p := -1
		if dist.Province != "" {
			var ok bool
			if p, ok = provIndex[dist.Province]; !ok {
				p = len(c.Provinces)
				provIndex[dist.Province] = p
				c.Provinces = append(c.Provinces, dist.Province)
			}
		}
		c.ProvinceOf = append(c.ProvinceOf, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load control: %w", err)
	}
	fids := make([]int64, len(c.Districts))
	for i, dist := range c.Districts {
		fids[i] = dist.FID
	}
	if c.Timeline, err = d.loadTimeline(ctx, fids); err != nil {
		return nil, fmt.Errorf("load control: %w", err)
	}
	return c, nil
}

// Bases returns what each of the events fids rests on, in one query: only
// the events that are not firm reports are in the map.
func (d *Dataset) Bases(ctx context.Context, fids []int64) (map[int64]Basis, error) {
	out := map[int64]Basis{}
	if len(fids) == 0 {
		return out, nil
	}
	list, err := json.Marshal(fids)
	if err != nil {
		return nil, err
	}
	rows, err := d.db.QueryContext(ctx, `SELECT fid, confidence = 'low', coalesce(kind, '') = 'assessment' FROM events
		WHERE fid IN (SELECT value FROM json_each(?)) AND (confidence = 'low' OR kind = 'assessment')`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var fid int64
		var b Basis
		if err := rows.Scan(&fid, &b.Low, &b.Assessment); err != nil {
			return nil, err
		}
		out[fid] = b
	}
	return out, rows.Err()
}

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

// BoundaryAttribution returns the credit line stored with the district
// boundary set in use, or "" when there is none or it has no credit line.
func (d *Dataset) BoundaryAttribution(ctx context.Context) (string, error) {
	var a string
	err := d.db.QueryRowContext(ctx,
		"SELECT attribution FROM boundary_sets WHERE level = 'district' AND active ORDER BY id DESC LIMIT 1").Scan(&a)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return a, err
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

// Tally is one published aggregate count.
type Tally struct {
	Date, Source, SourceURL, Counted string
	Count                            int
	OutOf                            int // 0 when not stated
	Claim                            bool
	Notes                            string
}

// Tallies returns the published tallies, oldest first.
func (d *Dataset) Tallies(ctx context.Context) ([]Tally, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT substr(date, 1, 10), source, source_url, counted, count, coalesce(out_of, 0), claim, notes
		FROM tallies ORDER BY date, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Tally
	for rows.Next() {
		var t Tally
		if err := rows.Scan(&t.Date, &t.Source, &t.SourceURL, &t.Counted, &t.Count, &t.OutOf, &t.Claim, &t.Notes); err != nil {
			return nil, err
		}
		out = append(out, t)
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

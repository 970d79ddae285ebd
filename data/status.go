package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/afcontrol/afcontrol/data/events"
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

// LoadControl reads the districts and every status-changing event and builds
// the timeline. Events whose district is no longer in the boundary set are
// left out.
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
	changes, err := loadChanges(ctx, d.db, c.fidIndex, nil)
	if err != nil {
		return nil, fmt.Errorf("load control: %w", err)
	}
	c.Timeline, err = timeline.Build(len(c.Districts), changes)
	if err != nil {
		return nil, fmt.Errorf("load control: %w", err)
	}
	return c, nil
}

// querier is what loadChanges reads through: the database or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// loadChanges reads the status-changing events of the districts in
// fidIndex (keyed by district fid) as timeline changes. With only set, it
// reads only those districts' events, for rebuilding part of the map; nil
// reads every event and skips those of districts not in fidIndex.
func loadChanges(ctx context.Context, q querier, fidIndex map[int64]int, only []int64) ([]timeline.Change, error) {
	query := `SELECT fid, district_id, substr(date, 1, 10), status, confidence, claim FROM events
		WHERE district_id IS NOT NULL AND status <> 'nochange'`
	var args []any
	if only != nil {
		list, err := json.Marshal(only)
		if err != nil {
			return nil, err
		}
		query += " AND district_id IN (SELECT value FROM json_each(?))"
		args = append(args, string(list))
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []timeline.Change
	for rows.Next() {
		var fid, district int64
		var date, status, confidence string
		var claim bool
		if err := rows.Scan(&fid, &district, &date, &status, &confidence, &claim); err != nil {
			return nil, err
		}
		i, ok := fidIndex[district]
		if !ok {
			continue
		}
		day, err := events.ParseDay(date)
		if err != nil {
			return nil, fmt.Errorf("event %d: %w", fid, err)
		}
		st, err := events.ParseStatus(status)
		if err != nil {
			return nil, fmt.Errorf("event %d: %w", fid, err)
		}
		conf, err := events.ParseConfidence(confidence)
		if err != nil {
			return nil, fmt.Errorf("event %d: %w", fid, err)
		}
		out = append(out, timeline.Change{District: i, Day: day, Status: st, Confidence: conf, Claim: claim, Seq: fid})
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
}

// EventByFID returns one event, for tracing a colour to its report.
func (d *Dataset) EventByFID(ctx context.Context, fid int64) (Event, error) {
	var e Event
	err := d.db.QueryRowContext(ctx, `SELECT fid, substr(date, 1, 10), province, district, status, kind, claim, actor, source, source_url,
		confidence, notes FROM events WHERE fid = ?`, fid).Scan(&e.FID, &e.Date, &e.Province, &e.District, &e.Status,
		&e.Kind, &e.Claim, &e.Actor, &e.Source, &e.SourceURL, &e.Confidence, &e.Notes)
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
	rows, err := d.db.QueryContext(ctx, `SELECT fid, substr(date, 1, 10), province, district, status, kind, claim, actor, source, source_url,
		confidence, notes FROM events WHERE fid IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.FID, &e.Date, &e.Province, &e.District, &e.Status, &e.Kind, &e.Claim, &e.Actor,
			&e.Source, &e.SourceURL, &e.Confidence, &e.Notes); err != nil {
			return nil, err
		}
		out[e.FID] = e
	}
	return out, rows.Err()
}

// BoundaryAttribution returns the credit line stored with the newest
// district boundary set, or "" when there is none or it has no credit line.
func (d *Dataset) BoundaryAttribution(ctx context.Context) (string, error) {
	var a string
	err := d.db.QueryRowContext(ctx,
		"SELECT attribution FROM boundary_sets WHERE level = 'district' ORDER BY id DESC LIMIT 1").Scan(&a)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return a, err
}

// DistrictEvents returns the dated history of one district, oldest first.
func (d *Dataset) DistrictEvents(ctx context.Context, districtFID int64) ([]Event, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT fid, substr(date, 1, 10), province, district, status, kind, claim, actor, source, source_url,
		confidence, notes FROM events WHERE district_id = ? ORDER BY date, fid`, districtFID)
	if err != nil {
		return nil, err
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

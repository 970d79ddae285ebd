package data

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/paulmach/orb"
)

// District is one district of the loaded boundary set, as the map and the
// tables show it. Index is its position in Control.Districts and in every
// status slice.
type District struct {
	Index          int
	FID            int64
	Name, Province string
	Code           string
	// Anchor is where the district's label goes, in lon/lat: the interior
	// point of its polygons (geom.InteriorPoint, inside the largest one,
	// never in a hole), computed once when the boundaries were imported
	// and stored with them, so a map need not compute it again.
	Anchor orb.Point
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
	rows, err := d.db.QueryContext(ctx, `SELECT fid, name, coalesce(province, ''), coalesce(code, ''), inner_lon, inner_lat
		FROM districts ORDER BY fid`)
	if err != nil {
		return nil, fmt.Errorf("load control: %w", err)
	}
	provIndex := map[string]int{}
	for rows.Next() {
		var dist District
		if err := rows.Scan(&dist.FID, &dist.Name, &dist.Province, &dist.Code, &dist.Anchor[0], &dist.Anchor[1]); err != nil {
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

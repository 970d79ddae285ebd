package scene

import (
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// StatusRow is one district's status on a day and the report behind it.
type StatusRow struct {
	Index          int // in Control.Districts
	Name, Province string
	// Code is the district's stable code (the boundary file's shapeID), the
	// key that joins a table to a map: district names repeat across
	// provinces.
	Code     string
	Status   events.Status
	HasEvent bool // false before the district's first report
	Event    data.Event
	// URLDropped is set when the event's source URL was not an http or
	// https URL (hand-edited data) and was left out of Event.
	URLDropped bool
}

// StatusTable returns every district's status on day in layer with the
// report that decides it, ordered by province and then district name. The
// deciding reports are read in one query. A source URL that is not http or
// https is left out (see URLDropped): a table's links must only ever open
// web pages.
func StatusTable(ctx context.Context, d *data.Dataset, c *data.Control, day events.Day, layer timeline.Layer) ([]StatusRow, error) {
	statuses := c.Timeline.StatusOn(day, layer, nil)
	rows := make([]StatusRow, len(c.Districts))
	deciding := make([]int64, len(c.Districts))
	var fids []int64
	for i, dist := range c.Districts {
		rows[i] = StatusRow{Index: i, Name: dist.Name, Province: dist.Province, Code: dist.Code, Status: statuses[i]}
		if fid, ok := c.Timeline.Source(i, day, layer); ok {
			deciding[i] = fid
			fids = append(fids, fid)
		}
	}
	byFID, err := d.EventsByFID(ctx, fids)
	if err != nil {
		return nil, err
	}
	for i, fid := range deciding {
		if fid == 0 {
			continue
		}
		e, ok := byFID[fid]
		if !ok {
			return nil, fmt.Errorf("no event %d", fid)
		}
		if e.SourceURL, ok = events.SafeURL(e.SourceURL); !ok {
			rows[i].URLDropped = true
		}
		rows[i].HasEvent, rows[i].Event = true, e
	}
	slices.SortStableFunc(rows, func(a, b StatusRow) int {
		return cmp.Or(cmp.Compare(a.Province, b.Province), cmp.Compare(a.Name, b.Name))
	})
	return rows, nil
}

// Coverage returns the status table's coverage line, the one the legend
// carries: how many districts have a sourced status, and how many of them
// rest on an assessment.
func Coverage(rows []StatusRow) string {
	c := geo.Counts{Total: len(rows)}
	for _, r := range rows {
		if r.Status == events.Unknown {
			c.Confirmed[geo.Unknown]++
			continue
		}
		if r.HasEvent && r.Event.Kind == "assessment" {
			c.Tentative++
			c.Assessed++
		}
	}
	return c.Coverage()
}

// CSVHeader is the status table's header row.
var CSVHeader = []string{"province", "district", "status", "since", "kind", "claim", "source", "source_url", "confidence", "district_code"}

// utf8BOM starts a CSV written for Excel, which otherwise reads UTF-8 as
// the Windows code page and garbles every non-ASCII name.
const utf8BOM = "\ufeff"

// WriteStatusCSV writes the table with a header; every cell goes through
// events.NeutraliseCell, so no cell starts a spreadsheet formula. Before a
// district's first report, since, kind, claim and the source cells are
// empty.
func WriteStatusCSV(w io.Writer, rows []StatusRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, r := range rows {
		rec := []string{r.Province, r.Name, r.Status.String(), "", "", "", "", "", "", r.Code}
		if r.HasEvent {
			e := r.Event
			rec[3], rec[4], rec[5], rec[6], rec[7], rec[8] = e.Date, e.Kind, strconv.FormatBool(e.Claim), e.Source, e.SourceURL, e.Confidence
		}
		for i := range rec {
			rec[i] = events.NeutraliseCell(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func exportCSV(ctx context.Context, d *data.Dataset, o Options) (string, error) {
	c, err := d.LoadControl(ctx)
	if err != nil {
		return "", err
	}
	day := o.dayOr(c)
	rows, err := StatusTable(ctx, d, c, day, o.Layer())
	if err != nil {
		return "", err
	}
	err = WriteAtomic(ctx, o.Output, func(w io.Writer) error {
		if o.Excel {
			if _, err := io.WriteString(w, utf8BOM); err != nil {
				return err
			}
		}
		return WriteStatusCSV(w, rows)
	})
	return fmt.Sprintf("%d districts, %s, %s; %s%s", len(rows), day, o.Layer(), Coverage(rows), droppedURLs(rows)), err
}

// droppedURLs says how many source URLs StatusTable left out, for a summary;
// "" when none.
func droppedURLs(rows []StatusRow) string {
	n := 0
	for _, r := range rows {
		if r.URLDropped {
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("; %d source %s left out: not http or https", n, map[bool]string{true: "URL", false: "URLs"}[n == 1])
}

// geojsonGrid is the grid, in degrees, that GeoJSON coordinates are snapped
// to: six decimals (about 0.1 m), as RFC 7946 suggests. Coarser grids make
// invalid polygons of valid ones where a district narrows to a few metres
// (at four decimals 7 of the 398 AIMS districts self-intersect, at five 2);
// at six GDAL's ST_IsValid finds none, which the export test checks.
const geojsonGrid = 1e-6

// exportGeoJSON writes the districts as a FeatureCollection (RFC 7946: lon/lat
// in WGS 84, outer rings counter-clockwise) with each district's status and
// the report behind it as properties, and the day and layer as members of
// the collection.
func exportGeoJSON(ctx context.Context, d *data.Dataset, o Options) (string, error) {
	c, err := d.LoadControl(ctx)
	if err != nil {
		return "", err
	}
	geoms, _, err := d.MapLayers(ctx, c)
	if err != nil {
		return "", err
	}
	day := o.dayOr(c)
	rows, err := StatusTable(ctx, d, c, day, o.Layer())
	if err != nil {
		return "", err
	}
	geoms = geo.Snap(geoms, geojsonGrid)
	fc := geojson.NewFeatureCollection()
	fc.ExtraMembers = geojson.Properties{"date": day.String(), "layer": o.Layer().String(), "coverage": Coverage(rows)}
	for _, r := range rows {
		f := geojson.NewFeature(rfc7946(geoms[r.Index]))
		f.ID = c.Districts[r.Index].FID
		props := geojson.Properties{"name": r.Name, "province": r.Province, "district_code": r.Code, "status": r.Status.String(),
			"since": nil, "kind": nil, "claim": nil, "source": nil, "source_url": nil, "confidence": nil}
		if r.HasEvent {
			e := r.Event
			props["since"], props["kind"], props["claim"] = e.Date, e.Kind, e.Claim
			props["source"], props["source_url"], props["confidence"] = e.Source, e.SourceURL, e.Confidence
		}
		f.Properties = props
		fc.Append(f)
	}
	err = WriteAtomic(ctx, o.Output, func(w io.Writer) error { return json.NewEncoder(w).Encode(fc) })
	return fmt.Sprintf("%d districts, %s, %s; %s%s", len(rows), day, o.Layer(), Coverage(rows), droppedURLs(rows)), err
}

// onGrid rounds x to the GeoJSON grid, to the float nearest the decimal so
// that it prints with six decimals at most.
func onGrid(x float64) float64 { return math.Round(x/geojsonGrid) / geojsonScale }

// geojsonScale is 1/geojsonGrid, exact.
const geojsonScale = 1 / geojsonGrid

// rfc7946 returns mp with its coordinates rounded to the GeoJSON grid's
// decimals and its rings wound as RFC 7946 asks: outer rings
// counter-clockwise, holes clockwise.
func rfc7946(mp orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, len(mp))
	for i, poly := range mp {
		out[i] = make(orb.Polygon, len(poly))
		for j, ring := range poly {
			r := make(orb.Ring, len(ring))
			for k, q := range ring {
				r[k] = orb.Point{onGrid(q[0]), onGrid(q[1])}
			}
			if want := orb.CCW; (j == 0) != (r.Orientation() == want) {
				r.Reverse()
			}
			out[i][j] = r
		}
	}
	return out
}

package main

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

// statusRow is one district's status on a day and the report behind it.
type statusRow struct {
	Index          int // in Control.Districts
	Name, Province string
	Status         events.Status
	HasEvent       bool // false before the district's first report
	Event          data.Event
}

// statusTable returns every district's status on day in layer with the
// report that decides it, ordered by province and then district name.
func statusTable(ctx context.Context, d *data.Dataset, c *data.Control, day events.Day, layer timeline.Layer) ([]statusRow, error) {
	statuses := c.Timeline.StatusOn(day, layer, nil)
	rows := make([]statusRow, len(c.Districts))
	for i, dist := range c.Districts {
		rows[i] = statusRow{Index: i, Name: dist.Name, Province: dist.Province, Status: statuses[i]}
		if seq, ok := c.Timeline.Source(i, day, layer); ok {
			e, err := d.EventByFID(ctx, seq)
			if err != nil {
				return nil, err
			}
			rows[i].HasEvent, rows[i].Event = true, e
		}
	}
	slices.SortStableFunc(rows, func(a, b statusRow) int {
		return cmp.Or(cmp.Compare(a.Province, b.Province), cmp.Compare(a.Name, b.Name))
	})
	return rows, nil
}

// coverage returns the status table's coverage line, the one the legend
// carries: how many districts have a sourced status, and how many of them
// rest on an assessment.
func coverage(rows []statusRow) string {
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

// csvHeader is the status table's header row.
var csvHeader = []string{"province", "district", "status", "since", "kind", "claim", "source", "source_url", "confidence"}

// writeStatusCSV writes the table with a header; every cell goes through
// events.NeutraliseCell, so no cell starts a spreadsheet formula. Before a
// district's first report, since, kind, claim and the source cells are
// empty.
func writeStatusCSV(w io.Writer, rows []statusRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, r := range rows {
		rec := []string{r.Province, r.Name, r.Status.String(), "", "", "", "", "", ""}
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

func exportCSV(ctx context.Context, d *data.Dataset, o exportOptions) (string, error) {
	c, err := d.LoadControl(ctx)
	if err != nil {
		return "", err
	}
	day := o.dayOr(c)
	rows, err := statusTable(ctx, d, c, day, o.layer())
	if err != nil {
		return "", err
	}
	err = writeAtomic(ctx, o.output, func(w io.Writer) error { return writeStatusCSV(w, rows) })
	return fmt.Sprintf("%d districts, %s, %s; %s", len(rows), day, o.layer(), coverage(rows)), err
}

// geojsonGrid is the grid, in degrees, that GeoJSON coordinates are snapped
// to: 0.0001° is about 10 m on the ground, far below what the AIMS
// boundaries resolve, and halves the file.
const geojsonGrid = 1e-4

// exportGeoJSON writes the districts as a FeatureCollection (RFC 7946: lon/lat
// in WGS 84, outer rings counter-clockwise) with each district's status and
// the report behind it as properties, and the day and layer as members of
// the collection.
func exportGeoJSON(ctx context.Context, d *data.Dataset, o exportOptions) (string, error) {
	c, err := d.LoadControl(ctx)
	if err != nil {
		return "", err
	}
	districts, _, err := d.MapLayers(ctx, c)
	if err != nil {
		return "", err
	}
	day := o.dayOr(c)
	rows, err := statusTable(ctx, d, c, day, o.layer())
	if err != nil {
		return "", err
	}
	geoms := make([]orb.MultiPolygon, len(districts))
	for i, dist := range districts {
		geoms[i] = dist.Geom
	}
	geoms = geo.Snap(geoms, geojsonGrid)
	fc := geojson.NewFeatureCollection()
	fc.ExtraMembers = geojson.Properties{"date": day.String(), "layer": o.layer().String(), "coverage": coverage(rows)}
	for _, r := range rows {
		f := geojson.NewFeature(rfc7946(geoms[r.Index]))
		f.ID = c.Districts[r.Index].FID
		props := geojson.Properties{"name": r.Name, "province": r.Province, "status": r.Status.String(),
			"since": nil, "kind": nil, "claim": nil, "source": nil, "source_url": nil, "confidence": nil}
		if r.HasEvent {
			e := r.Event
			props["since"], props["kind"], props["claim"] = e.Date, e.Kind, e.Claim
			props["source"], props["source_url"], props["confidence"] = e.Source, e.SourceURL, e.Confidence
		}
		f.Properties = props
		fc.Append(f)
	}
	err = writeAtomic(ctx, o.output, func(w io.Writer) error { return json.NewEncoder(w).Encode(fc) })
	return fmt.Sprintf("%d districts, %s, %s; %s", len(rows), day, o.layer(), coverage(rows)), err
}

// onGrid rounds x to the GeoJSON grid, to the float nearest the decimal so
// that it prints with four decimals at most.
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

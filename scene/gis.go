package scene

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/gpkg"
	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/paulmach/orb"
)

// gisFeature is one feature of a GIS export: a district's polygon with the
// status it had, over one day or one interval.
type gisFeature struct {
	Geom                 orb.MultiPolygon
	Code, Name, Province string
	Layer, Status        string
	// From and To bound an interval (GeoPackage DATETIMEs, "" open); for a
	// day's map From is the day's report date and To is "".
	From, To          string
	EventID           int64
	Kind              string
	Claim             bool
	HasEvent          bool
	Source, SourceURL string
	Confidence        string
}

// gisFeatures returns the features of o: the day's map, one feature per
// district ordered as the status table, or with o.Intervals the whole
// status-interval layer of o's layer. With onGrid, the polygons are those
// the GeoJSON export writes: snapped to its grid and wound as RFC 7946 asks.
func gisFeatures(ctx context.Context, d *data.Dataset, o Options, onGrid bool) ([]gisFeature, string, error) {
	c, err := d.LoadControl(ctx)
	if err != nil {
		return nil, "", err
	}
	districts, _, err := d.MapLayers(ctx, c)
	if err != nil {
		return nil, "", err
	}
	if onGrid {
		for i, g := range geo.Snap(slices.Clone(districts), geojsonGrid) {
			districts[i] = rfc7946(g)
		}
	}
	layer := o.Layer()
	if o.Intervals {
		ivs, err := d.Intervals(ctx, layer)
		if err != nil {
			return nil, "", err
		}
		index := map[int64]int{}
		for i, dist := range c.Districts {
			index[dist.FID] = i
		}
		var out []gisFeature
		for _, iv := range ivs {
			i, ok := index[iv.DistrictFID]
			if !ok {
				continue
			}
			dist := c.Districts[i]
			out = append(out, gisFeature{Geom: districts[i], Code: dist.Code, Name: dist.Name, Province: dist.Province,
				Layer: iv.Layer, Status: iv.Status, From: iv.From, To: iv.To, EventID: iv.EventID, Claim: iv.Claim,
				HasEvent: iv.EventID != 0, Source: iv.Source, Confidence: iv.Confidence})
		}
		return out, fmt.Sprintf("%d intervals, %s", len(out), layer), nil
	}
	day := o.dayOr(c)
	rows, err := StatusTable(ctx, d, c, day, layer)
	if err != nil {
		return nil, "", err
	}
	out := make([]gisFeature, len(rows))
	for i, r := range rows {
		f := gisFeature{Geom: districts[r.Index], Code: r.Code, Name: r.Name, Province: r.Province,
			Layer: layer.String(), Status: r.Status.String(), HasEvent: r.HasEvent}
		if r.HasEvent {
			e := r.Event
			f.From, f.EventID, f.Kind, f.Claim = e.Date, e.FID, e.Kind, e.Claim
			f.Source, f.SourceURL, f.Confidence = e.Source, e.SourceURL, e.Confidence
		}
		out[i] = f
	}
	return out, fmt.Sprintf("%d districts, %s, %s", len(out), day, layer), nil
}

// statusStyle is the dataset's stored style of the status-interval layer
// in layer, for a layer of the same columns.
func statusStyle(layer timeline.Layer, temporal bool) gpkg.Style {
	for _, s := range data.DefaultStyles() {
		if s.Table == "status_intervals" && s.Name == "afcontrol "+layer.String() {
			s.Default = true
			if !temporal {
				s.Temporal = nil
			}
			return s
		}
	}
	panic("no status_intervals style for " + layer.String())
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// exportGPKG writes the day's map, or with o.Intervals the status-interval
// layer, as a GeoPackage of one feature table, styled in afcontrol's
// palette (the intervals with their temporal preset).
func exportGPKG(ctx context.Context, d *data.Dataset, o Options) (string, error) {
	feats, msg, err := gisFeatures(ctx, d, o, false)
	if err != nil {
		return "", err
	}
	l := gpkg.Layer{GeometryType: "MULTIPOLYGON"}
	if o.Intervals {
		l.Name, l.Description = "status_intervals", "afcontrol: district status by span of unchanged status ("+o.Layer().String()+")"
		l.Columns = columns("district_code TEXT", "district TEXT", "province TEXT", "layer TEXT", "status TEXT", "valid_from DATETIME", "valid_to DATETIME", "event_id INTEGER", "source TEXT", "confidence TEXT", "claim BOOLEAN")
		for _, f := range feats {
			var event, claim any
			if f.HasEvent {
				event, claim = f.EventID, f.Claim
			}
			l.Features = append(l.Features, gpkg.Feature{Geom: f.Geom, Values: []any{f.Code, f.Name, f.Province, f.Layer,
				f.Status, nullable(f.From), nullable(f.To), event, nullable(f.Source), nullable(f.Confidence), claim}})
		}
	} else {
		l.Name, l.Description = "status", "afcontrol: district status on "+msg
		l.Columns = columns("district_code TEXT", "district TEXT", "province TEXT", "layer TEXT", "status TEXT", "since DATE", "kind TEXT", "claim BOOLEAN", "source TEXT", "source_url TEXT", "confidence TEXT", "event_id INTEGER")
		for _, f := range feats {
			var event, claim any
			if f.HasEvent {
				event, claim = f.EventID, f.Claim
			}
			l.Features = append(l.Features, gpkg.Feature{Geom: f.Geom, Values: []any{f.Code, f.Name, f.Province, f.Layer,
				f.Status, nullable(f.From), nullable(f.Kind), claim, nullable(f.Source), nullable(f.SourceURL),
				nullable(f.Confidence), event}})
		}
	}
	l.Styles = []gpkg.Style{statusStyle(o.Layer(), o.Intervals)}
	return msg, gpkg.WriteLayer(ctx, o.Output, l)
}

// columns reads "name TYPE" pairs.
func columns(specs ...string) []gpkg.Column {
	out := make([]gpkg.Column, len(specs))
	for i, s := range specs {
		name, typ, _ := strings.Cut(s, " ")
		out[i] = gpkg.Column{Name: name, Type: typ}
	}
	return out
}

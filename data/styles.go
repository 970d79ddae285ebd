package data

import (
	"context"
	"database/sql"
	"image/color"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/gpkg"
	"github.com/afcontrol/afcontrol/geom"
	"github.com/afcontrol/afcontrol/palette"
)

// styleOwner marks the layer_styles rows afcontrol writes, and rewrites on
// every migration; styles an analyst saves from QGIS are left alone.
const styleOwner = "afcontrol"

// pxToMM turns the palette's line widths (pixels of a 96 dpi screen) into
// the millimetres QGIS styles use.
const pxToMM = 25.4 / 96

// statusClasses are the fills of the status_intervals layer in layer, from
// the palette: claims are drawn in their claimed swatch in the "with
// claims" layer, as the map draws them.
func statusClasses(p palette.Palette, layer string) []gpkg.Class {
	edge, width := p.Border[geom.DistrictBorder], float64(p.BorderWidth[geom.DistrictBorder])*pxToMM
	swatch := func(label string, s palette.Swatch, match map[string]string) gpkg.Class {
		c := gpkg.Class{Label: label, Match: match, Fill: s.Base, Stroke: edge, Width: width}
		if s.Pattern != palette.Solid {
			c.Hatch = s.Ink
		}
		return c
	}
	var out []gpkg.Class
	for _, st := range palette.Statuses {
		name := st.String()
		label := map[palette.Status]string{palette.Unknown: "No sourced report", palette.Government: "Government",
			palette.Contested: "Contested", palette.Taliban: "Taliban"}[st]
		if layer == "with claims" && st != palette.Unknown {
			out = append(out, swatch(label+" (claim)", p.Claimed[st], map[string]string{"layer": layer, "status": name, "claim": "1"}))
			out = append(out, swatch(label, p.Confirmed[st], map[string]string{"layer": layer, "status": name, "claim": "0"}))
			continue
		}
		out = append(out, swatch(label, p.Confirmed[st], map[string]string{"layer": layer, "status": name}))
	}
	return out
}

// DefaultStyles returns the styles afcontrol stores in every dataset, in
// the default palette: the status-interval layer by status with its
// temporal preset (the confirmed layer by default, the claims layer as a
// second style), the events by status as instants of their day, the
// districts, provinces and borders as the map draws them.
func DefaultStyles() []gpkg.Style {
	p := palette.DefaultPalette()
	mm := func(k geom.BorderKind) float64 { return float64(p.BorderWidth[k]) * pxToMM }
	intervals := gpkg.Temporal{Start: "valid_from", End: "valid_to"}
	var eventClasses []gpkg.Class
	for _, st := range []events.Status{events.Government, events.Contested, events.Taliban, events.Unknown, events.NoChange} {
		fill := p.Confirmed[palette.Unknown].Base
		switch st {
		case events.Government:
			fill = p.Confirmed[palette.Government].Base
		case events.Contested:
			fill = p.Confirmed[palette.Contested].Base
		case events.Taliban:
			fill = p.Confirmed[palette.Taliban].Base
		}
		eventClasses = append(eventClasses, gpkg.Class{Label: st.String(), Match: map[string]string{"status": st.String()},
			Fill: fill, Stroke: p.Casing, Width: 0.2})
	}
	return []gpkg.Style{
		{Table: "status_intervals", Column: "geom", Name: "afcontrol confirmed", Default: true, Symbol: gpkg.FillSymbol,
			Description: "Confirmed reports, in afcontrol's palette; the temporal controller plays valid_from to valid_to",
			Classes:     statusClasses(p, "confirmed"), Temporal: &intervals},
		{Table: "status_intervals", Column: "geom", Name: "afcontrol with claims", Symbol: gpkg.FillSymbol,
			Description: "Confirmed reports and claims, in afcontrol's palette; the temporal controller plays valid_from to valid_to",
			Classes:     statusClasses(p, "with claims"), Temporal: &intervals},
		{Table: "events", Column: "geom", Name: "afcontrol", Default: true, Symbol: gpkg.MarkerSymbol,
			Description: "Reported events by status; the temporal controller shows each on its day (reported_at)",
			Classes:     eventClasses, Temporal: &gpkg.Temporal{Start: "reported_at"}},
		{Table: "districts", Column: "geom", Name: "afcontrol", Default: true, Symbol: gpkg.FillSymbol,
			Description: "Districts as afcontrol draws them before any report",
			Classes: []gpkg.Class{{Label: "District", Fill: p.Confirmed[palette.Unknown].Base,
				Stroke: p.Border[geom.DistrictBorder], Width: mm(geom.DistrictBorder)}}},
		{Table: "provinces", Column: "geom", Name: "afcontrol", Default: true, Symbol: gpkg.FillSymbol,
			Description: "Province outlines as afcontrol draws them",
			Classes: []gpkg.Class{{Label: "Province", Fill: color.RGBA{},
				Stroke: p.Border[geom.ProvinceBorder], Width: mm(geom.ProvinceBorder)}}},
		{Table: "borders", Column: "geom", Name: "afcontrol", Default: true, Symbol: gpkg.LineSymbol,
			Description: "District, province and country borders as afcontrol draws them",
			Classes: []gpkg.Class{
				{Label: "District border", Match: map[string]string{"kind": "district"}, Stroke: p.Border[geom.DistrictBorder], Width: mm(geom.DistrictBorder)},
				{Label: "Province border", Match: map[string]string{"kind": "province"}, Stroke: p.Border[geom.ProvinceBorder], Width: mm(geom.ProvinceBorder)},
				{Label: "Country border", Match: map[string]string{"kind": "country"}, Stroke: p.Border[geom.CountryBorder], Width: mm(geom.CountryBorder)},
			}},
	}
}

// writeStyles replaces afcontrol's own rows of layer_styles with
// DefaultStyles.
func writeStyles(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM layer_styles WHERE owner = ?", styleOwner); err != nil {
		return err
	}
	for _, s := range DefaultStyles() {
		_, err := tx.ExecContext(ctx, `INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column,
			styleName, styleQML, styleSLD, useAsDefault, description, owner, ui) VALUES ('', '', ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
			s.Table, s.Column, s.Name, s.QML(), s.SLD(), s.Default, s.Description, styleOwner)
		if err != nil {
			return err
		}
	}
	return nil
}

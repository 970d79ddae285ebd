package gpkg

import (
	"encoding/xml"
	"fmt"
	"image/color"
	"sort"
	"strings"
)

// Symbol kinds of a Style: what its classes draw.
const (
	FillSymbol   = "fill"
	LineSymbol   = "line"
	MarkerSymbol = "marker"
)

// Class is one rule of a style: the features whose fields equal Match (all
// of them; an empty Match takes every feature) drawn with one symbol.
type Class struct {
	Label string
	Match map[string]string
	// Fill is the fill or marker colour; Stroke and Width (millimetres) the
	// outline or line. A zero Fill draws no fill.
	Fill, Stroke color.RGBA
	Width        float64
	// Hatch, when not zero, lays diagonal lines of that colour over the
	// fill, as afcontrol's map hatches contested districts.
	Hatch color.RGBA
}

// Temporal is a layer's preset for QGIS's temporal controller: with End
// set, each feature shows from its Start field (included) to its End field
// (excluded), a NULL meaning open; without, each feature is an instant at
// its Start field.
type Temporal struct {
	Start, End string
}

// Style is one entry of the layer_styles table, as QGIS and GDAL define it.
type Style struct {
	Table, Column string // the feature table and its geometry column
	Name          string // at most 30 characters
	Description   string
	Default       bool // QGIS applies the default style when it opens the layer
	Symbol        string
	Classes       []Class
	Temporal      *Temporal
}

func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), `"`, "&quot;")
}

func qgisColour(c color.RGBA) string { return fmt.Sprintf("%d,%d,%d,%d", c.R, c.G, c.B, c.A) }

func hexColour(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// filter is the class's Match as a QGIS expression, fields in a stable order.
func (c Class) filter() string {
	keys := make([]string, 0, len(c.Match))
	for k := range c.Match {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf(`"%s" = '%s'`, k, strings.ReplaceAll(c.Match[k], "'", "''")))
	}
	if len(parts) == 0 {
		return "ELSE"
	}
	return strings.Join(parts, " AND ")
}

func option(name, value string) string {
	return `<Option type="QString" name="` + name + `" value="` + xmlText(value) + `"/>`
}

// symbolQML is the QGIS symbol of class c, named name.
func (s Style) symbolQML(name string, c Class) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<symbol type="%s" name="%s" alpha="1" clip_to_extent="1" force_rhr="0">`, s.Symbol, name)
	switch s.Symbol {
	case FillSymbol:
		style := "solid"
		if c.Fill.A == 0 {
			style = "no"
		}
		b.WriteString(`<layer class="SimpleFill" enabled="1" locked="0" pass="0"><Option type="Map">`)
		b.WriteString(option("color", qgisColour(c.Fill)) + option("style", style) +
			option("outline_color", qgisColour(c.Stroke)) + option("outline_style", "solid") +
			option("outline_width", fmt.Sprint(c.Width)) + option("outline_width_unit", "MM") +
			option("joinstyle", "round"))
		b.WriteString(`</Option></layer>`)
		if c.Hatch.A != 0 {
			b.WriteString(`<layer class="LinePatternFill" enabled="1" locked="0" pass="0"><Option type="Map">`)
			b.WriteString(option("angle", "45") + option("color", qgisColour(c.Hatch)) + option("distance", "2") +
				option("distance_unit", "MM") + option("line_width", "0.4") + option("line_width_unit", "MM"))
			fmt.Fprintf(&b, `</Option><symbol type="line" name="@%s@1" alpha="1" clip_to_extent="1" force_rhr="0">`, name)
			b.WriteString(`<layer class="SimpleLine" enabled="1" locked="0" pass="0"><Option type="Map">`)
			b.WriteString(option("line_color", qgisColour(c.Hatch)) + option("line_width", "0.4") + option("line_width_unit", "MM"))
			b.WriteString(`</Option></layer></symbol></layer>`)
		}
	case LineSymbol:
		b.WriteString(`<layer class="SimpleLine" enabled="1" locked="0" pass="0"><Option type="Map">`)
		b.WriteString(option("line_color", qgisColour(c.Stroke)) + option("line_width", fmt.Sprint(c.Width)) +
			option("line_width_unit", "MM") + option("capstyle", "round") + option("joinstyle", "round"))
		b.WriteString(`</Option></layer>`)
	case MarkerSymbol:
		b.WriteString(`<layer class="SimpleMarker" enabled="1" locked="0" pass="0"><Option type="Map">`)
		b.WriteString(option("name", "circle") + option("color", qgisColour(c.Fill)) + option("size", "2.4") +
			option("size_unit", "MM") + option("outline_color", qgisColour(c.Stroke)) +
			option("outline_width", fmt.Sprint(c.Width)) + option("outline_width_unit", "MM"))
		b.WriteString(`</Option></layer>`)
	}
	b.WriteString(`</symbol>`)
	return b.String()
}

// QML returns the style as a QGIS layer style document (QGIS 3.22 reads
// it): a rule-based renderer with one rule per class, and the temporal
// preset when there is one.
func (s Style) QML() string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>` + "\n")
	b.WriteString(`<qgis version="3.22.0" styleCategories="Symbology|Temporal">`)
	if t := s.Temporal; t != nil {
		mode := "1" // an instant from a field
		if t.End != "" {
			mode = "2" // start and end from fields
		}
		fmt.Fprintf(&b, `<temporal enabled="1" mode="%s" startField="%s" endField="%s" durationField="" durationUnit="d" fixedDuration="0" accumulate="0" limitMode="0" startExpression="" endExpression="">`,
			mode, xmlText(t.Start), xmlText(t.End))
		b.WriteString(`<fixedRange><start></start><end></end></fixedRange></temporal>`)
	}
	b.WriteString(`<renderer-v2 type="RuleRenderer" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1"><rules key="{afcontrol-root}">`)
	for i, c := range s.Classes {
		fmt.Fprintf(&b, `<rule key="{afcontrol-%d}" symbol="%d" label="%s" filter="%s"/>`, i, i, xmlText(c.Label), xmlText(c.filter()))
	}
	b.WriteString(`</rules><symbols>`)
	for i, c := range s.Classes {
		b.WriteString(s.symbolQML(fmt.Sprint(i), c))
	}
	b.WriteString(`</symbols></renderer-v2><blendMode>0</blendMode><featureBlendMode>0</featureBlendMode><layerGeometryType>`)
	b.WriteString(map[string]string{MarkerSymbol: "0", LineSymbol: "1", FillSymbol: "2"}[s.Symbol])
	b.WriteString("</layerGeometryType></qgis>\n")
	return b.String()
}

// SLD returns the style as an OGC Styled Layer Descriptor 1.1 (symbology
// only: SLD has no temporal preset), for tools other than QGIS.
func (s Style) SLD() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<StyledLayerDescriptor xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc" xmlns:se="http://www.opengis.net/se" version="1.1.0">`)
	fmt.Fprintf(&b, `<NamedLayer><se:Name>%s</se:Name><UserStyle><se:Name>%s</se:Name><se:FeatureTypeStyle>`, xmlText(s.Table), xmlText(s.Name))
	for _, c := range s.Classes {
		fmt.Fprintf(&b, `<se:Rule><se:Name>%s</se:Name>`, xmlText(c.Label))
		keys := make([]string, 0, len(c.Match))
		for k := range c.Match {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if len(keys) > 0 {
			b.WriteString(`<ogc:Filter>`)
			if len(keys) > 1 {
				b.WriteString(`<ogc:And>`)
			}
			for _, k := range keys {
				fmt.Fprintf(&b, `<ogc:PropertyIsEqualTo><ogc:PropertyName>%s</ogc:PropertyName><ogc:Literal>%s</ogc:Literal></ogc:PropertyIsEqualTo>`,
					xmlText(k), xmlText(c.Match[k]))
			}
			if len(keys) > 1 {
				b.WriteString(`</ogc:And>`)
			}
			b.WriteString(`</ogc:Filter>`)
		} else {
			b.WriteString(`<se:ElseFilter/>`)
		}
		stroke := fmt.Sprintf(`<se:Stroke><se:SvgParameter name="stroke">%s</se:SvgParameter><se:SvgParameter name="stroke-width">%.2f</se:SvgParameter></se:Stroke>`,
			hexColour(c.Stroke), c.Width*96/25.4)
		switch s.Symbol {
		case FillSymbol:
			b.WriteString(`<se:PolygonSymbolizer>`)
			if c.Fill.A != 0 {
				fmt.Fprintf(&b, `<se:Fill><se:SvgParameter name="fill">%s</se:SvgParameter></se:Fill>`, hexColour(c.Fill))
			}
			b.WriteString(stroke + `</se:PolygonSymbolizer>`)
		case LineSymbol:
			b.WriteString(`<se:LineSymbolizer>` + stroke + `</se:LineSymbolizer>`)
		case MarkerSymbol:
			fmt.Fprintf(&b, `<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle</se:WellKnownName><se:Fill><se:SvgParameter name="fill">%s</se:SvgParameter></se:Fill>%s</se:Mark><se:Size>9</se:Size></se:Graphic></se:PointSymbolizer>`,
				hexColour(c.Fill), stroke)
		}
		b.WriteString(`</se:Rule>`)
	}
	b.WriteString(`</se:FeatureTypeStyle></UserStyle></NamedLayer></StyledLayerDescriptor>` + "\n")
	return b.String()
}

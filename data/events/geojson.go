package events

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxFeature is the largest GeoJSON feature read; maxRead bounds what the
// JSON decoder may pull in while looking for the end of one value (it reads
// ahead, so the guard sits well above maxFeature).
const (
	maxFeature = 1 << 20
	maxRead    = 8 * maxFeature
)

// ReadGeoJSON reads a GeoJSON FeatureCollection of events, feature by
// feature, without holding the file in memory. Each feature has a Point
// geometry ([lon, lat] or [lon, lat, z]; finite, longitude within ±180,
// latitude within ±90) or a null geometry, and the native fields as string
// properties (see ReadNative): date, province, district, status, kind,
// claim (a JSON bool or a string), actor, source, source_url, confidence,
// notes, and optionally source_id. A null property counts as empty; other properties are ignored.
// Province and district are required only when the geometry is null. Row.Line
// is the feature's 1-based position.
//
// The error is RowErrors (with Feature set) listing every bad feature, beside
// the good rows. Text that is not JSON, a top level that is not an object
// with "type": "FeatureCollection" and a "features" array, or a value over
// 8 MiB is a file-level error with no rows; a feature over 1 MiB is a row
// error. An empty features array gives no rows and no error.
func ReadGeoJSON(name string, r io.Reader) ([]Row, error) {
	return collect(func(s Sink) error { return streamGeoJSON(name, r, s) })
}

func streamGeoJSON(name string, r io.Reader, s Sink) error {
	g := &readGuard{r: r}
	dec := json.NewDecoder(g)
	feature := 0
	fail := jsonFailure(name, "feature", &feature)
	if err := expectDelim(dec, '{'); err != nil {
		return fail(err)
	}
	var typ string
	sawFeatures := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		key, _ := tok.(string)
		g.reset()
		switch key {
		case "type":
			if err := dec.Decode(&typ); err != nil {
				return fail(fmt.Errorf(`"type" is not a string: %w`, err))
			}
		case "features":
			sawFeatures = true
			if err := expectDelim(dec, '['); err != nil {
				return fail(fmt.Errorf(`"features" is not an array: %w`, err))
			}
			for dec.More() {
				feature++
				g.reset()
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return fail(err)
				}
				row, errs := geoJSONRow(name, feature, raw)
				if errs != nil {
					for _, e := range errs {
						s.Bad(e)
					}
					continue
				}
				if err := s.Row(row); err != nil {
					return err
				}
			}
			if err := expectDelim(dec, ']'); err != nil {
				return fail(err)
			}
			feature = 0
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return fail(err)
			}
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return fail(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail(errors.New("data after the top-level object"))
	}
	if typ != "FeatureCollection" {
		return fail(fmt.Errorf(`type %q, want "FeatureCollection"`, typ))
	}
	if !sawFeatures {
		return fail(errors.New(`no "features" array`))
	}
	return nil
}

// jsonFailure returns the error wording of a JSON reader: the file, then
// where it was (the top level, or "unit N" while *n counts units from 1),
// then what went wrong: invalid JSON at a byte offset, an early end, or err
// itself.
func jsonFailure(name, unit string, n *int) func(error) error {
	return func(err error) error {
		var se *json.SyntaxError
		where := "top level"
		if *n > 0 {
			where = unit + " " + itoa(*n)
		}
		switch {
		case errors.As(err, &se):
			return fmt.Errorf("%s: %s: invalid JSON at byte %d: %w", name, where, se.Offset, err)
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return fmt.Errorf("%s: %s: file ends early: %w", name, where, io.ErrUnexpectedEOF)
		}
		return fmt.Errorf("%s: %s: %w", name, where, err)
	}
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("found %v, want %q", tok, string(want))
	}
	return nil
}

func geoJSONRow(name string, n int, raw json.RawMessage) (Row, []RowError) {
	c := rowCheck{file: name, line: n, feature: true}
	if len(raw) > maxFeature {
		c.record = []string{shorten(string(raw), 200)}
		c.fail("", "", fmt.Sprintf("feature longer than %d bytes", maxFeature))
		return Row{}, c.errs
	}
	c.record = []string{string(raw)}
	var f struct {
		Type       string                     `json:"type"`
		Geometry   json.RawMessage            `json:"geometry"`
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		c.fail("", "", "not a GeoJSON Feature: "+err.Error())
		return Row{}, c.errs
	}
	if f.Type != "Feature" {
		c.fail("type", f.Type, `want "Feature"`)
		return Row{}, c.errs
	}
	row := Row{Line: n}
	row.Lon, row.Lat, row.HasPoint = c.geoPoint(f.Geometry)
	hadGeometry := len(f.Geometry) > 0 && !bytes.Equal(bytes.TrimSpace(f.Geometry), []byte("null"))
	prop := func(k string) string { return c.stringProp(f.Properties, k) }
	row.Date = c.day("date", prop("date"))
	row.Province = c.text("province", prop("province"), !hadGeometry, false)
	row.District = c.text("district", prop("district"), !hadGeometry, false)
	row.Status = c.status("status", prop("status"))
	row.Kind = strings.ToLower(c.text("kind", prop("kind"), false, false))
	if v, ok := f.Properties["claim"]; ok && (bytes.Equal(v, []byte("true")) || bytes.Equal(v, []byte("false"))) {
		row.Claim = string(v) == "true"
	} else {
		row.Claim = c.claim("claim", prop("claim"))
	}
	row.Actor = c.text("actor", prop("actor"), false, false)
	row.Source = c.text("source", prop("source"), true, false)
	row.SourceURL = c.sourceURL("source_url", prop("source_url"))
	row.Confidence = c.confidence("confidence", prop("confidence"))
	row.Notes = c.text("notes", prop("notes"), false, true)
	row.SourceID = c.text("source_id", prop("source_id"), false, false)
	return row, c.errs
}

// stringProp returns a string property; absent and null are empty, any
// other JSON type is an error (except claim, which the caller handles).
func (c *rowCheck) stringProp(props map[string]json.RawMessage, k string) string {
	v, ok := props[k]
	if !ok || bytes.Equal(v, []byte("null")) {
		return ""
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		c.fail(k, string(v), "want a string")
		return ""
	}
	return s
}

// geoPoint reads a Point geometry; null or absent is no point.
func (c *rowCheck) geoPoint(raw json.RawMessage) (lon, lat float64, ok bool) {
	if len(raw) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return 0, 0, false
	}
	var geom struct {
		Type        string            `json:"type"`
		Coordinates []json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &geom); err != nil {
		c.fail("geometry", shorten(string(raw), 200), "not a Point geometry: "+err.Error())
		return 0, 0, false
	}
	if geom.Type != "Point" {
		c.fail("geometry", geom.Type, "want a Point (or null)")
		return 0, 0, false
	}
	if len(geom.Coordinates) < 2 || len(geom.Coordinates) > 3 {
		c.fail("coordinates", shorten(string(raw), 200), "want [longitude, latitude]")
		return 0, 0, false
	}
	lon, okX := c.jsonCoordinate("longitude", geom.Coordinates[0], 180)
	lat, okY := c.jsonCoordinate("latitude", geom.Coordinates[1], 90)
	if len(geom.Coordinates) == 3 {
		c.jsonCoordinate("altitude", geom.Coordinates[2], 1e7)
	}
	return lon, lat, okX && okY && len(c.errs) == 0
}

func (c *rowCheck) jsonCoordinate(field string, raw json.RawMessage, limit float64) (float64, bool) {
	s := string(raw)
	if s == "" || !(s[0] == '-' || s[0] >= '0' && s[0] <= '9') {
		c.fail(field, s, "not a number")
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		c.fail(field, s, "not a finite number")
		return 0, false
	}
	return c.coordinateValue(field, s, f, limit)
}

// readGuard refuses to read more than maxRead bytes between two resets, so
// one oversized JSON value cannot fill memory.
type readGuard struct {
	r io.Reader
	n int
}

func (g *readGuard) reset() { g.n = 0 }

func (g *readGuard) Read(p []byte) (int, error) {
	if g.n > maxRead {
		return 0, fmt.Errorf("a value over %d bytes: %w", maxRead, ErrTooLarge)
	}
	if len(p) > maxRead {
		p = p[:maxRead]
	}
	n, err := g.r.Read(p)
	g.n += n
	return n, err
}

package data

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/afcontrol/afcontrol/data/gpkg"
	"github.com/afcontrol/afcontrol/data/shapefile"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// maxBoundaryFile is the largest boundary file read into memory. The
// full-resolution district file is about 5 MB; 512 MiB leaves room for far
// finer sets while refusing a file that would exhaust a laptop.
const maxBoundaryFile = 512 << 20

// boundaryFeature is one feature read from a boundary file, before it is
// validated and matched.
type boundaryFeature struct {
	index int // 0-based position in the file
	attrs map[string]string
	geom  orb.Geometry
}

// boundaryLayer is the content of one boundary file.
type boundaryLayer struct {
	file     string // path as given
	format   string // "GeoJSON", "Shapefile", "GeoPackage"
	fields   []string
	features []boundaryFeature
	mainFile string // the file whose SHA-256 is recorded
	// described, when set, names the layer's source, licence, attribution
	// and SHA-256 instead of mainFile (a layer that is not a file on disk).
	described *boundarySource
}

// boundarySource is what is recorded of where a boundary set came from.
type boundarySource struct {
	source, licence, attribution, sha256 string
}

// readBoundaryFile reads any supported boundary file by its extension.
func readBoundaryFile(ctx context.Context, path string) (*boundaryLayer, error) {
	fail := func(format string, args ...any) error {
		return &FeatureError{File: path, Reason: fmt.Sprintf(format, args...)}
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, &FeatureError{File: path, Reason: unwrapPathError(err).Error(), Err: err}
	}
	if st.IsDir() {
		return nil, fail("is a folder, not a boundary file")
	}
	if st.Size() > maxBoundaryFile {
		return nil, fail("file is %d MiB; boundary files over %d MiB are refused", st.Size()>>20, maxBoundaryFile>>20)
	}
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".geojson", ".json":
		return readGeoJSONLayer(path)
	case ".shp":
		l, err := shapefile.ReadFile(path)
		return shapefileLayer(path, path, l, err)
	case ".zip":
		l, err := shapefile.ReadZip(path)
		return shapefileLayer(path, path, l, err)
	case ".gpkg":
		return readGeoPackageLayer(ctx, path)
	default:
		return nil, fail("unsupported file type %q: use GeoJSON (.geojson), an ESRI Shapefile (.shp or .zip) or a GeoPackage (.gpkg)", ext)
	}
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// shapefileLayer turns what the shapefile reader returned for path into a
// layer. A reader's error keeps its record (as the feature: both count from
// 1), ring and vertex, names the member file when it is not path itself
// (the .dbf beside a .shp, the .shp inside a .zip), and stays reachable
// with errors.As.
func shapefileLayer(path, main string, l *shapefile.Layer, err error) (*boundaryLayer, error) {
	if err != nil {
		var fe *shapefile.FormatError
		if errors.As(err, &fe) {
			reason := strings.TrimPrefix(fe.Detail(), ": ")
			base := filepath.Base(path)
			if member := strings.TrimPrefix(strings.TrimPrefix(fe.File, base), "/"); member != "" {
				reason = member + ": " + reason
			}
			return nil, &FeatureError{File: path, Feature: fe.Record, Reason: reason, Err: err}
		}
		// The reader names the archive it could not open; the error names it once.
		reason := strings.TrimPrefix(unwrapPathError(err).Error(), path+": ")
		return nil, &FeatureError{File: path, Reason: reason, Err: err}
	}
	if ok, known := shapefile.IsWGS84(l.PRJ); known && !ok {
		return nil, &FeatureError{File: path, Reason: "the .prj is " + ErrNotLonLat.Error(), Err: ErrNotLonLat}
	}
	out := &boundaryLayer{file: path, format: "Shapefile", fields: l.Fields, mainFile: main}
	for _, f := range l.Features {
		out.features = append(out.features, boundaryFeature{index: f.Index, attrs: f.Attrs, geom: f.Geom})
	}
	return out, nil
}

// readGeoJSONLayer reads a FeatureCollection feature by feature, so that an
// error names the feature it is in.
func readGeoJSONLayer(path string) (*boundaryLayer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &FeatureError{File: path, Reason: unwrapPathError(err).Error(), Err: err}
	}
	return parseGeoJSONLayer(path, b)
}

// parseGeoJSONLayer reads the FeatureCollection b, named path in errors.
func parseGeoJSONLayer(path string, b []byte) (*boundaryLayer, error) {
	if fs, ok := fastPolygonFeatures(b); ok {
		out := &boundaryLayer{file: path, format: "GeoJSON", mainFile: path}
		seen := map[string]bool{}
		for i, f := range fs {
			out.addFeature(seen, i, f.props, f.geom)
		}
		return out, nil
	}
	return parseGeoJSONFeatures(path, b)
}

// parseGeoJSONFeatures reads the FeatureCollection b feature by feature, so
// that an error names the feature it is in.
func parseGeoJSONFeatures(path string, b []byte) (*boundaryLayer, error) {
	// One pass splits the features out: each is decoded on its own below,
	// so that an error names its feature.
	var top struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	err := json.Unmarshal(b, &top)
	var te *json.UnmarshalTypeError
	notArray := errors.As(err, &te) && te.Field == "features"
	if err != nil && !notArray {
		return nil, &FeatureError{File: path, Feature: brokenFeature(b), Reason: jsonReason(b, err)}
	}
	// A type error leaves the other fields decoded, so the type is known.
	if top.Type != "FeatureCollection" {
		return nil, &FeatureError{File: path, Reason: fmt.Sprintf("GeoJSON type is %q; a boundary file must be a FeatureCollection", top.Type)}
	}
	if notArray {
		return nil, &FeatureError{File: path, Reason: "\"features\" is not an array of features"}
	}
	features := top.Features
	out := &boundaryLayer{file: path, format: "GeoJSON", mainFile: path}
	seen := map[string]bool{}
	decoded, errs := decodeFeatures(features)
	for i := range features {
		f, err := decoded[i], errs[i]
		if err != nil {
			return nil, &FeatureError{File: path, Feature: i + 1, Reason: "not a GeoJSON feature: " + err.Error()}
		}
		out.addFeature(seen, i, f.Properties, f.Geometry)
	}
	return out, nil
}

// addFeature appends feature i with its properties as text, and adds the
// property names not seen before to the layer's fields.
func (l *boundaryLayer) addFeature(seen map[string]bool, i int, props map[string]any, geom orb.Geometry) {
	attrs := make(map[string]string, len(props))
	for k, v := range props {
		switch v := v.(type) {
		case nil:
			attrs[k] = ""
		case string:
			attrs[k] = v
		default:
			attrs[k] = fmt.Sprint(v)
		}
		if !seen[k] {
			seen[k] = true
			l.fields = append(l.fields, k)
		}
	}
	l.features = append(l.features, boundaryFeature{index: i, attrs: attrs, geom: geom})
}

// decodeFeatures decodes every feature, on all processors: decoding is
// most of the time a first start takes. The results and errors are by
// index, so the caller reports the first bad feature as a serial decode
// would.
func decodeFeatures(raw []json.RawMessage) ([]*geojson.Feature, []error) {
	out := make([]*geojson.Feature, len(raw))
	errs := make([]error, len(raw))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(raw)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(raw) {
					return
				}
				out[i], errs[i] = geojson.UnmarshalFeature(raw[i])
			}
		})
	}
	wg.Wait()
	return out, errs
}

// brokenFeature returns the 1-based number of the feature of a
// FeatureCollection in which malformed JSON b breaks, or 0 when it breaks
// outside the features array. Boundary files are often one long line, so the
// feature says more than the line number.
func brokenFeature(b []byte) int {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return 0
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return 0
		}
		if key != "features" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return 0
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return 0
		}
		for i := 1; ; i++ {
			if !dec.More() {
				if _, err := dec.Token(); err != nil {
					return i // cut off after a comma, where feature i starts
				}
				return 0
			}
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return i
			}
		}
	}
	return 0
}

// jsonReason turns a JSON syntax error's byte offset into a line number.
func jsonReason(b []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := min(int(se.Offset), len(b))
		if off >= len(bytes.TrimRight(b, " \t\r\n")) {
			// The scanner reports a file cut inside a token as a bad
			// character at the end rather than as an early end.
			return "the file ends too early (truncated JSON)"
		}
		line := 1 + bytes.Count(b[:off], []byte("\n"))
		if off > 0 && (bytes.HasPrefix(b[off-1:], []byte("NaN")) || bytes.HasPrefix(b[off-1:], []byte("Infinity"))) {
			return fmt.Sprintf("line %d: a coordinate is NaN or Infinity, which is not a number in JSON", line)
		}
		return fmt.Sprintf("line %d: malformed JSON: %v", line, se)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end of JSON input") {
		return "the file ends too early (truncated JSON)"
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("field %q has a JSON %s where GeoJSON needs %s", te.Field, te.Value, te.Type)
	}
	return "malformed JSON: " + err.Error()
}

// readGeoPackageLayer reads the first feature table of a GeoPackage (such as
// one written by ogr2ogr), read-only.
func readGeoPackageLayer(ctx context.Context, path string) (*boundaryLayer, error) {
	fail := func(format string, args ...any) error {
		return &FeatureError{File: path, Reason: fmt.Sprintf(format, args...)}
	}
	if err := checkHeader(path); err != nil {
		return nil, fail("not a GeoPackage: the file is not an SQLite database")
	}
	db, err := sql.Open("sqlite", gpkg.FileURI(path, url.Values{"mode": {"ro"}}.Encode()))
	if err != nil {
		return nil, fail("%v", err)
	}
	defer db.Close()
	var table, column string
	var srs int64
	err = db.QueryRowContext(ctx, `SELECT g.table_name, g.column_name, g.srs_id FROM gpkg_geometry_columns g
		JOIN gpkg_contents c ON c.table_name = g.table_name
		WHERE c.data_type = 'features' AND upper(g.geometry_type_name) IN ('POLYGON', 'MULTIPOLYGON', 'GEOMETRY')
		ORDER BY g.table_name LIMIT 1`).Scan(&table, &column, &srs)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fail("the GeoPackage has no polygon feature table")
	}
	if err != nil {
		return nil, fail("not a GeoPackage: %v", err)
	}
	var org string
	var code int64
	if err := db.QueryRowContext(ctx, "SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = ?", srs).Scan(&org, &code); err != nil {
		return nil, fail("table %s: SRS %d is not defined: %v", table, srs, err)
	}
	if !strings.EqualFold(org, "EPSG") || code != 4326 {
		return nil, &FeatureError{File: path, Reason: fmt.Sprintf("table %s is in %s:%d, %s", table, org, code, ErrNotLonLat), Err: ErrNotLonLat}
	}
	rows, err := db.QueryContext(ctx, "SELECT * FROM "+quoteIdent(table))
	if err != nil {
		return nil, fail("table %s: %v", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, fail("table %s: %v", table, err)
	}
	out := &boundaryLayer{file: path, format: "GeoPackage", mainFile: path}
	for _, c := range cols {
		if c != column {
			out.fields = append(out.fields, c)
		}
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for i := 0; rows.Next(); i++ {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, &FeatureError{File: path, Feature: i + 1, Reason: err.Error()}
		}
		f := boundaryFeature{index: i, attrs: map[string]string{}}
		for j, c := range cols {
			if c == column {
				blob, _ := vals[j].([]byte)
				if blob == nil {
					continue
				}
				g, _, err := gpkg.Decode(blob)
				if err != nil {
					return nil, &FeatureError{File: path, Feature: i + 1, Reason: "geometry: " + err.Error(), Err: err}
				}
				f.geom = g
				continue
			}
			switch v := vals[j].(type) {
			case nil:
			case []byte:
				f.attrs[c] = string(v)
			default:
				f.attrs[c] = fmt.Sprint(v)
			}
		}
		out.features = append(out.features, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fail("table %s: %v", table, err)
	}
	return out, nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// Package shapefiletest writes ESRI Shapefiles for tests: the 398
// geoBoundaries districts built into the program, written from their
// GeoJSON as the specification says (outer rings clockwise, holes
// counterclockwise, dBASE III attributes in UTF-8 with a .cpg), so the
// shapefile readers are tested on real data without any file beside the
// checkout; and a small made-up set with an unclosed hole. It imports no
// afcontrol package but assets, so the shapefile package's own tests can
// use it.
package shapefiletest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/afcontrol/afcontrol/assets"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Name is the base name of the files WriteDistricts writes, as upstream.
const Name = "geoBoundaries-AFG-ADM2"

// Fields are the dBASE fields written, in order, as in the upstream .dbf.
var Fields = []string{"shapeName", "shapeISO", "shapeID", "shapeGroup", "shapeType"}

// PRJ is the WGS 84 projection file written beside the .shp.
const PRJ = `GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`

// Files is one shapefile set in memory, by extension (".shp", ".shx",
// ".dbf", ".prj", ".cpg").
type Files map[string][]byte

var built = sync.OnceValues(build)

// Districts returns the shapefile set of the embedded districts. The
// result is shared: callers must copy a slice before changing it.
func Districts(tb testing.TB) Files {
	tb.Helper()
	f, err := built()
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// WriteDistricts writes the set into dir under Name and returns the .shp path.
func WriteDistricts(tb testing.TB, dir string) string {
	tb.Helper()
	return WriteSet(tb, dir, Name, Districts(tb))
}

// GeoJSON returns the embedded district GeoJSON the shapefile is made from.
func GeoJSON(tb testing.TB) []byte {
	tb.Helper()
	b, err := districtGeoJSON()
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func districtGeoJSON() ([]byte, error) {
	m, err := assets.Boundaries()
	if err != nil {
		return nil, err
	}
	for _, f := range m.Files {
		if f.Level == "district" {
			return assets.ReadBoundary(f)
		}
	}
	return nil, fmt.Errorf("no district file among the embedded boundaries")
}

func build() (Files, error) {
	src, err := districtGeoJSON()
	if err != nil {
		return nil, err
	}
	fc, err := geojson.UnmarshalFeatureCollection(src)
	if err != nil {
		return nil, err
	}
	var body bytes.Buffer
	var rows [][]string
	var all orb.Bound
	for i, f := range fc.Features {
		var mp orb.MultiPolygon
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			mp = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			mp = g
		default:
			return nil, fmt.Errorf("feature %d is a %T", i+1, g)
		}
		appendRecord(&body, i+1, polygonRecord(mp))
		if i == 0 {
			all = mp.Bound()
		} else {
			all = all.Union(mp.Bound())
		}
		var row []string
		for _, name := range Fields {
			s, _ := f.Properties[name].(string)
			row = append(row, s)
		}
		rows = append(rows, row)
	}
	return set(body.Bytes(), all, Fields, rows), nil
}

// UnclosedHoleName is the base name of the UnclosedHole set in tests.
const UnclosedHoleName = "boundaries-unclosed-hole"

// UnclosedHole returns a made-up set of two squares named by a shapeName
// field: "West", and "Holed", whose second ring (its hole) is not closed,
// so a reader must refuse record 2, ring 2.
func UnclosedHole() Files {
	west := orb.Ring{{63, 33}, {63, 34}, {64, 34}, {64, 33}, {63, 33}}
	holed := orb.Ring{{65, 33}, {65, 34}, {66, 34}, {66, 33}, {65, 33}}
	hole := orb.Ring{{65.2, 33.2}, {65.8, 33.2}, {65.8, 33.8}, {65.2, 33.8}, {65.25, 33.2}}
	var body bytes.Buffer
	appendRecord(&body, 1, ringsRecord([]orb.Ring{west}, west.Bound()))
	appendRecord(&body, 2, ringsRecord([]orb.Ring{holed, hole}, holed.Bound()))
	return set(body.Bytes(), west.Bound().Union(holed.Bound()), []string{"shapeName"}, [][]string{{"West"}, {"Holed"}})
}

// WriteSet writes set f into dir under name and returns the .shp path.
func WriteSet(tb testing.TB, dir, name string, f Files) string {
	tb.Helper()
	for ext, b := range f {
		if err := os.WriteFile(filepath.Join(dir, name+ext), b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return filepath.Join(dir, name+".shp")
}

// appendRecord appends record number n with content to a .shp body.
func appendRecord(body *bytes.Buffer, n int, content []byte) {
	binary.Write(body, binary.BigEndian, int32(n))
	binary.Write(body, binary.BigEndian, int32(len(content)/2))
	body.Write(content)
}

// set is the shapefile set of the records in body, bounded by b, with the
// attribute rows of fields.
func set(body []byte, b orb.Bound, fields []string, rows [][]string) Files {
	shp := append(header(100+len(body), b), body...)
	return Files{
		".shp": shp,
		".shx": index(shp, b),
		".dbf": dbf(fields, rows),
		".prj": []byte(PRJ),
		".cpg": []byte("UTF-8"),
	}
}

// header is a .shp or .shx header for a polygon file of fileLen bytes.
func header(fileLen int, b orb.Bound) []byte {
	h := make([]byte, 100)
	binary.BigEndian.PutUint32(h[0:], 9994)
	binary.BigEndian.PutUint32(h[24:], uint32(fileLen/2))
	binary.LittleEndian.PutUint32(h[28:], 1000)
	binary.LittleEndian.PutUint32(h[32:], 5)
	for k, v := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
		binary.LittleEndian.PutUint64(h[36+8*k:], math.Float64bits(v))
	}
	return h
}

// polygonRecord is the content of one Polygon record: outer rings
// clockwise, holes counterclockwise, as the specification orders them.
func polygonRecord(mp orb.MultiPolygon) []byte {
	var rings []orb.Ring
	for _, p := range mp {
		for k, r := range p {
			r = r.Clone()
			if cw := r.Orientation() == orb.CW; cw != (k == 0) {
				r.Reverse()
			}
			rings = append(rings, r)
		}
	}
	return ringsRecord(rings, mp.Bound())
}

// ringsRecord is the content of one Polygon record of rings as given, with
// bounding box b.
func ringsRecord(rings []orb.Ring, b orb.Bound) []byte {
	var c bytes.Buffer
	le := func(v any) { binary.Write(&c, binary.LittleEndian, v) }
	le(int32(5))
	le([4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]})
	n := 0
	for _, r := range rings {
		n += len(r)
	}
	le(int32(len(rings)))
	le(int32(n))
	start := 0
	for _, r := range rings {
		le(int32(start))
		start += len(r)
	}
	for _, r := range rings {
		for _, p := range r {
			le([2]float64{p[0], p[1]})
		}
	}
	return c.Bytes()
}

// index is the .shx of shp.
func index(shp []byte, b orb.Bound) []byte {
	var body bytes.Buffer
	for off := 100; off < len(shp); {
		words := binary.BigEndian.Uint32(shp[off+4:])
		binary.Write(&body, binary.BigEndian, int32(off/2))
		binary.Write(&body, binary.BigEndian, int32(words))
		off += 8 + 2*int(words)
	}
	return append(header(100+body.Len(), b), body.Bytes()...)
}

// dbf is a dBASE III table of character fields, each as wide as its
// longest value.
func dbf(fields []string, rows [][]string) []byte {
	widths := make([]int, len(fields))
	for k := range widths {
		widths[k] = 1
	}
	for _, r := range rows {
		for k, v := range r {
			widths[k] = max(widths[k], len(v))
		}
	}
	recLen := 1
	for _, w := range widths {
		recLen += w
	}
	headerLen := 32 + 32*len(fields) + 1
	var b bytes.Buffer
	b.Write([]byte{0x03, 125, 1, 1})
	binary.Write(&b, binary.LittleEndian, uint32(len(rows)))
	binary.Write(&b, binary.LittleEndian, uint16(headerLen))
	binary.Write(&b, binary.LittleEndian, uint16(recLen))
	b.Write(make([]byte, 20))
	for k, name := range fields {
		d := make([]byte, 32)
		copy(d[:11], name)
		d[11] = 'C'
		d[16] = byte(widths[k])
		b.Write(d)
	}
	b.WriteByte(0x0D)
	for _, r := range rows {
		b.WriteByte(' ')
		for k, v := range r {
			cell := bytes.Repeat([]byte{' '}, widths[k])
			copy(cell, v)
			b.Write(cell)
		}
	}
	b.WriteByte(0x1A)
	return b.Bytes()
}

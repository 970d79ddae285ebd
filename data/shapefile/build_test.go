package shapefile

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
)

// Builders of small shapefiles for tests and fuzz seeds. They write what the
// specification says, nothing checked, so a test can then break one thing at a time.

// square returns a closed clockwise ring of side d with its lower left corner at (lon, lat).
func square(lon, lat, d float64) orb.Ring {
	return orb.Ring{{lon, lat}, {lon, lat + d}, {lon + d, lat + d}, {lon + d, lat}, {lon, lat}}
}

// ccw returns a reversed copy of r.
func ccw(r orb.Ring) orb.Ring {
	out := r.Clone()
	out.Reverse()
	return out
}

// shpRecord is one record to build: rings nil writes a Null shape; withZ and withM add
// Z and M arrays (filled with the point index) after the points.
type shpRecord struct {
	rings        []orb.Ring
	withZ, withM bool
}

// buildSHP writes a .shp of the given shape type holding the records.
func buildSHP(shapeType int32, records ...shpRecord) []byte {
	var body bytes.Buffer
	for i, r := range records {
		c := polygonContent(shapeType, r)
		binary.Write(&body, binary.BigEndian, int32(i+1))
		binary.Write(&body, binary.BigEndian, int32(len(c)/2))
		body.Write(c)
	}
	return append(shpHeader(shapeType, 100+body.Len()), body.Bytes()...)
}

func shpHeader(shapeType int32, fileLen int) []byte {
	h := make([]byte, 100)
	binary.BigEndian.PutUint32(h[0:], 9994)
	binary.BigEndian.PutUint32(h[24:], uint32(fileLen/2))
	binary.LittleEndian.PutUint32(h[28:], 1000)
	binary.LittleEndian.PutUint32(h[32:], uint32(shapeType))
	return h
}

func polygonContent(shapeType int32, r shpRecord) []byte {
	var c bytes.Buffer
	le := func(v any) { binary.Write(&c, binary.LittleEndian, v) }
	if r.rings == nil {
		le(int32(0))
		return c.Bytes()
	}
	var pts []orb.Point
	var parts []int32
	for _, ring := range r.rings {
		parts = append(parts, int32(len(pts)))
		pts = append(pts, ring...)
	}
	b := orb.MultiPoint(pts).Bound()
	le(shapeType)
	le([4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]})
	le(int32(len(parts)))
	le(int32(len(pts)))
	le(parts)
	for _, p := range pts {
		le([2]float64(p))
	}
	measures := func() {
		le([2]float64{0, float64(len(pts))})
		for k := range pts {
			le(float64(k))
		}
	}
	if r.withZ {
		measures()
	}
	if r.withM {
		measures()
	}
	return c.Bytes()
}

// buildSHX writes the index of a .shp built by buildSHP.
func buildSHX(shp []byte) []byte {
	var body bytes.Buffer
	for off := 100; off < len(shp); {
		words := binary.BigEndian.Uint32(shp[off+4:])
		binary.Write(&body, binary.BigEndian, int32(off/2))
		binary.Write(&body, binary.BigEndian, int32(words))
		off += 8 + 2*int(words)
	}
	shapeType := int32(binary.LittleEndian.Uint32(shp[32:]))
	return append(shpHeader(shapeType, 100+body.Len()), body.Bytes()...)
}

// fieldSpec is one dBASE field to build.
type fieldSpec struct {
	name   string
	kind   byte
	length int
}

// buildDBF writes a dBASE III table; each row is its field values as raw text, padded
// with spaces to the field length (longer values are cut). A row whose first value
// starts with "\x00DELETED" is written with the deletion flag.
func buildDBF(fields []fieldSpec, rows ...[]string) []byte {
	recLen := 1
	for _, f := range fields {
		recLen += f.length
	}
	headerLen := 32 + 32*len(fields) + 1
	var b bytes.Buffer
	b.WriteByte(0x03)
	b.Write([]byte{125, 1, 1})
	binary.Write(&b, binary.LittleEndian, uint32(len(rows)))
	binary.Write(&b, binary.LittleEndian, uint16(headerLen))
	binary.Write(&b, binary.LittleEndian, uint16(recLen))
	b.Write(make([]byte, 20))
	for _, f := range fields {
		d := make([]byte, 32)
		copy(d[:11], f.name)
		d[11] = f.kind
		d[16] = byte(f.length)
		b.Write(d)
	}
	b.WriteByte(0x0D)
	for _, row := range rows {
		flag := byte(' ')
		if len(row) > 0 && len(row[0]) >= 8 && row[0][:8] == "\x00DELETED" {
			flag = '*'
			row = append([]string{row[0][8:]}, row[1:]...)
		}
		b.WriteByte(flag)
		for k, f := range fields {
			v := []byte(row[k])
			cell := bytes.Repeat([]byte{' '}, f.length)
			copy(cell, v)
			b.Write(cell)
		}
	}
	b.WriteByte(0x1A)
	return b.Bytes()
}

var nameField = []fieldSpec{{"NAME", 'C', 20}}

// oneSquare returns the .shp and .dbf of the smallest valid shapefile: one square
// district named "Square".
func oneSquare() (shp, dbf []byte) {
	return buildSHP(shapePolygon, shpRecord{rings: []orb.Ring{square(65, 33, 1)}}),
		buildDBF(nameField, []string{"Square"})
}

// writeSet writes files named base+ext into dir, for ReadFile tests.
func writeSet(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// putF64 overwrites a little-endian float64 at off.
func putF64(b []byte, off int, v float64) {
	binary.LittleEndian.PutUint64(b[off:], math.Float64bits(v))
}

// putI32 overwrites a little- or big-endian int32 at off.
func putI32(b []byte, off int, v int32, order binary.ByteOrder) {
	order.PutUint32(b[off:], uint32(v))
}

func putI32Big(b []byte, off int, v int32) { putI32(b, off, v, binary.BigEndian) }

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

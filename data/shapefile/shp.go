package shapefile

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

const (
	shpHeaderLen = 100
	shpFileCode  = 9994
	shpVersion   = 1000
)

// Shape types this reader accepts; the others are named only for error messages.
const (
	shapeNull     = 0
	shapePolygon  = 5
	shapePolygonZ = 15
	shapePolygonM = 25
)

var shapeTypeNames = map[int32]string{
	0: "Null", 1: "Point", 3: "PolyLine", 5: "Polygon", 8: "MultiPoint",
	11: "PointZ", 13: "PolyLineZ", 15: "PolygonZ", 18: "MultiPointZ",
	21: "PointM", 23: "PolyLineM", 25: "PolygonM", 28: "MultiPointM", 31: "MultiPatch",
}

func shapeTypeName(t int32) string {
	if n, ok := shapeTypeNames[t]; ok {
		return fmt.Sprintf("%d (%s)", t, n)
	}
	return fmt.Sprintf("%d (unknown)", t)
}

// span locates one record's content inside the .shp, in bytes, after its 8-byte
// record header.
type span struct {
	offset int // of the record header
	length int // of the content
}

// walkSHP checks the .shp header against the real size of data and returns the shape
// type of the file and where each record lies. It reads no geometry.
func walkSHP(file string, data []byte) (int32, []span, error) {
	if len(data) < shpHeaderLen {
		return 0, nil, fileError(file, "file is %d bytes, shorter than the 100-byte header", len(data))
	}
	if code := int32(binary.BigEndian.Uint32(data[0:])); code != shpFileCode {
		return 0, nil, fileError(file, "file code is %d, want %d: not a shapefile", code, shpFileCode)
	}
	words := int64(int32(binary.BigEndian.Uint32(data[24:])))
	if words*2 != int64(len(data)) {
		return 0, nil, fileError(file, "header gives a file length of %d bytes but the file holds %d", words*2, len(data))
	}
	if v := int32(binary.LittleEndian.Uint32(data[28:])); v != shpVersion {
		return 0, nil, fileError(file, "version is %d, want %d", v, shpVersion)
	}
	shapeType := int32(binary.LittleEndian.Uint32(data[32:]))
	switch shapeType {
	case shapePolygon, shapePolygonZ, shapePolygonM:
	default:
		return 0, nil, fileError(file, "shape type %s is not supported: only Polygon, PolygonZ and PolygonM", shapeTypeName(shapeType))
	}

	var spans []span
	for off := shpHeaderLen; off < len(data); {
		i := len(spans)
		if len(data)-off < 8 {
			return 0, nil, recordError(file, i, "record header cut short at byte %d", off)
		}
		number := int64(int32(binary.BigEndian.Uint32(data[off:])))
		if number != int64(i)+1 {
			return 0, nil, recordError(file, i, "record number is %d, want %d", number, i+1)
		}
		n := int64(int32(binary.BigEndian.Uint32(data[off+4:]))) * 2
		if n < 4 {
			return 0, nil, recordError(file, i, "content length is %d bytes, less than the 4 a shape type needs", n)
		}
		if n > int64(len(data)-off-8) {
			return 0, nil, recordError(file, i, "content length of %d bytes runs past the end of the file (%d bytes left)", n, len(data)-off-8)
		}
		spans = append(spans, span{offset: off, length: int(n)})
		off += 8 + int(n)
	}
	return shapeType, spans, nil
}

// decodePolygon decodes the record content c of record i into rings, in file order,
// each one checked: closed, at least 4 points, finite lon/lat in range.
func decodePolygon(file string, i int, fileType int32, c []byte) ([]orb.Ring, error) {
	shapeType := int32(binary.LittleEndian.Uint32(c))
	if shapeType == shapeNull {
		return nil, recordError(file, i, "the record has no geometry (null shape)")
	}
	if shapeType != fileType {
		return nil, recordError(file, i, "shape type %s differs from the file's %s", shapeTypeName(shapeType), shapeTypeName(fileType))
	}
	if len(c) < 44 {
		return nil, recordError(file, i, "content of %d bytes is shorter than the 44-byte polygon header", len(c))
	}
	numParts := int64(int32(binary.LittleEndian.Uint32(c[36:])))
	numPoints := int64(int32(binary.LittleEndian.Uint32(c[40:])))
	if numParts < 1 {
		return nil, recordError(file, i, "polygon has %d parts, needs at least 1", numParts)
	}
	if numPoints < 4*numParts {
		return nil, recordError(file, i, "polygon has %d points for %d parts, each ring needs at least 4", numPoints, numParts)
	}
	if err := checkContentLength(shapeType, int64(len(c)), numParts, numPoints); err != "" {
		return nil, recordError(file, i, "%s", err)
	}

	// From here numParts and numPoints are bounded by the record's real size.
	np, npts := int(numParts), int(numPoints)
	partsAt, pointsAt := 44, 44+4*np
	starts := make([]int, np+1)
	for p := 0; p < np; p++ {
		s := int(int32(binary.LittleEndian.Uint32(c[partsAt+4*p:])))
		switch {
		case p == 0 && s != 0:
			return nil, ringError(file, i, 0, "starts at point offset %d, want 0", s)
		case s < 0 || s >= npts:
			return nil, ringError(file, i, p, "starts at point offset %d, outside the %d points", s, npts)
		case p > 0 && s <= starts[p-1]:
			return nil, ringError(file, i, p, "starts at point offset %d, not after ring %d at offset %d", s, p, starts[p-1])
		}
		starts[p] = s
	}
	starts[np] = npts
	for p := 0; p < np; p++ {
		if n := starts[p+1] - starts[p]; n < 4 {
			return nil, ringError(file, i, p, "has %d points, a ring needs at least 4", n)
		} else if n > MaxRingVertices {
			return nil, ringError(file, i, p, "has %d points, more than the %d this reader accepts in one ring", n, MaxRingVertices)
		}
	}

	points := make([]orb.Point, npts)
	for k := range points {
		at := pointsAt + 16*k
		points[k] = orb.Point{
			math.Float64frombits(binary.LittleEndian.Uint64(c[at:])),
			math.Float64frombits(binary.LittleEndian.Uint64(c[at+8:])),
		}
	}

	rings := make([]orb.Ring, np)
	for p := 0; p < np; p++ {
		a, b := starts[p], starts[p+1]
		ring := orb.Ring(points[a:b:b])
		for k, pt := range ring {
			if reason := checkLonLat(pt); reason != "" {
				fe := ringError(file, i, p, "%s", reason)
				fe.Vertex = k + 1
				return nil, fe
			}
		}
		if ring[0] != ring[len(ring)-1] {
			return nil, ringError(file, i, p, "is not closed: it starts at %v and ends at %v", ring[0], ring[len(ring)-1])
		}
		rings[p] = ring
	}
	return rings, nil
}

// checkContentLength returns why a polygon record of n bytes cannot hold numParts parts
// and numPoints points, or "" when it can. PolygonZ may carry M values or not; PolygonM
// may leave its M values out.
func checkContentLength(shapeType int32, n, numParts, numPoints int64) string {
	base := 44 + 4*numParts + 16*numPoints
	measures := 16 + 8*numPoints
	var want []int64
	switch shapeType {
	case shapePolygon:
		want = []int64{base}
	case shapePolygonZ:
		want = []int64{base + measures, base + 2*measures}
	case shapePolygonM:
		want = []int64{base, base + measures}
	}
	for _, w := range want {
		if n == w {
			return ""
		}
	}
	return fmt.Sprintf("content of %d bytes does not match %d parts and %d points (want %d bytes)", n, numParts, numPoints, want[0])
}

// checkLonLat returns why p is not a WGS 84 longitude/latitude pair, or "" when it is.
// The bounds are inclusive: ±180 and ±90 are accepted.
func checkLonLat(p orb.Point) string {
	lon, lat := p[0], p[1]
	switch {
	case math.IsNaN(lon) || math.IsInf(lon, 0):
		return fmt.Sprintf("longitude is %v", lon)
	case math.IsNaN(lat) || math.IsInf(lat, 0):
		return fmt.Sprintf("latitude is %v", lat)
	case lon < -180 || lon > 180:
		return fmt.Sprintf("longitude %v is outside [-180, 180]", lon)
	case lat < -90 || lat > 90:
		return fmt.Sprintf("latitude %v is outside [-90, 90]", lat)
	}
	return ""
}

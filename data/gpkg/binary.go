package gpkg

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// WGS84 is the SRS id of EPSG:4326, the only one afcontrol writes.
const WGS84 = 4326

const (
	flagLittleEndian = 1 << 0
	envelopeXY       = 1 << 1 // envelope code 1 in bits 1-3: [minx, maxx, miny, maxy]
	flagEmpty        = 1 << 4
	flagExtended     = 1 << 5
)

// Encode returns g as a GeoPackage geometry blob with the given SRS id: the GP
// header with an XY envelope, then little-endian WKB. An empty geometry (no
// points) is written with the empty flag set and no envelope. A nil geometry
// has no type to write and is ErrNilGeometry.
func Encode(g orb.Geometry, srsID int32) ([]byte, error) {
	if g == nil {
		return nil, ErrNilGeometry
	}
	var buf bytes.Buffer
	flags := byte(flagLittleEndian)
	b := g.Bound()
	empty := isEmpty(g)
	if empty {
		flags |= flagEmpty
	} else {
		flags |= envelopeXY
	}
	buf.Write([]byte{'G', 'P', 0, flags})
	var n [4]byte
	binary.LittleEndian.PutUint32(n[:], uint32(srsID))
	buf.Write(n[:])
	if !empty {
		for _, v := range []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
			var f [8]byte
			binary.LittleEndian.PutUint64(f[:], math.Float64bits(v))
			buf.Write(f[:])
		}
	}
	body, err := wkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return nil, fmt.Errorf("gpkg: encode %s: %w", g.GeoJSONType(), err)
	}
	buf.Write(body)
	return buf.Bytes(), nil
}

// ErrNilGeometry is returned by Encode for a nil geometry.
var ErrNilGeometry = errors.New("gpkg: encode: no geometry")

// ErrNotGeoPackage is returned for a blob that does not start with the "GP"
// magic bytes or has a header this package does not read.
var ErrNotGeoPackage = errors.New("not a GeoPackage geometry")

// Decode parses a GeoPackage geometry blob and returns its geometry and SRS id.
// A blob flagged empty decodes to a nil geometry. Extended (non-standard)
// geometry types and truncated or malformed blobs are errors.
func Decode(blob []byte) (orb.Geometry, int32, error) {
	if len(blob) < 8 || blob[0] != 'G' || blob[1] != 'P' {
		return nil, 0, ErrNotGeoPackage
	}
	if blob[2] != 0 {
		return nil, 0, fmt.Errorf("%w: version %d", ErrNotGeoPackage, blob[2])
	}
	flags := blob[3]
	if flags&flagExtended != 0 {
		return nil, 0, fmt.Errorf("%w: extended geometry type", ErrNotGeoPackage)
	}
	var order binary.ByteOrder = binary.BigEndian
	if flags&flagLittleEndian != 0 {
		order = binary.LittleEndian
	}
	srs := int32(order.Uint32(blob[4:8]))
	envLen := 0
	switch (flags >> 1) & 0x7 {
	case 0:
	case 1:
		envLen = 32
	case 2, 3:
		envLen = 48
	case 4:
		envLen = 64
	default:
		return nil, 0, fmt.Errorf("%w: envelope code %d", ErrNotGeoPackage, (flags>>1)&0x7)
	}
	if len(blob) < 8+envLen {
		return nil, 0, fmt.Errorf("%w: truncated envelope", ErrNotGeoPackage)
	}
	if flags&flagEmpty != 0 {
		return nil, srs, nil
	}
	g, err := wkb.Unmarshal(blob[8+envLen:])
	if err != nil {
		return nil, 0, fmt.Errorf("gpkg: wkb: %w", err)
	}
	return g, srs, nil
}

func isEmpty(g orb.Geometry) bool {
	switch g := g.(type) {
	case nil:
		return true
	case orb.Point:
		return false
	case orb.MultiPoint:
		return len(g) == 0
	case orb.LineString:
		return len(g) == 0
	case orb.MultiLineString:
		for _, l := range g {
			if len(l) > 0 {
				return false
			}
		}
		return true
	case orb.Polygon:
		return len(g) == 0 || len(g[0]) == 0
	case orb.MultiPolygon:
		for _, p := range g {
			if len(p) > 0 && len(p[0]) > 0 {
				return false
			}
		}
		return true
	}
	return false
}

package gpkg

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// Envelope returns the bounds of a GeoPackage geometry blob, read from its
// header when the header carries an envelope and from the WKB otherwise.
// empty is true for a blob flagged empty and for a geometry with no points;
// the bound is then the zero value. A blob that is not a GeoPackage
// geometry is an error.
func Envelope(blob []byte) (b orb.Bound, empty bool, err error) {
	if len(blob) < 8 || blob[0] != 'G' || blob[1] != 'P' || blob[2] != 0 {
		return b, false, ErrNotGeoPackage
	}
	flags := blob[3]
	if flags&flagExtended != 0 {
		return b, false, fmt.Errorf("%w: extended geometry type", ErrNotGeoPackage)
	}
	if flags&flagEmpty != 0 {
		return b, true, nil
	}
	var order binary.ByteOrder = binary.BigEndian
	if flags&flagLittleEndian != 0 {
		order = binary.LittleEndian
	}
	code := (flags >> 1) & 0x7
	if code >= 1 && code <= 4 {
		if len(blob) < 8+32 {
			return b, false, fmt.Errorf("%w: truncated envelope", ErrNotGeoPackage)
		}
		f := func(i int) float64 { return math.Float64frombits(order.Uint64(blob[8+8*i:])) }
		return orb.Bound{Min: orb.Point{f(0), f(2)}, Max: orb.Point{f(1), f(3)}}, false, nil
	}
	if code != 0 {
		return b, false, fmt.Errorf("%w: envelope code %d", ErrNotGeoPackage, code)
	}
	g, err := wkb.Unmarshal(blob[8:])
	if err != nil {
		return b, false, fmt.Errorf("gpkg: wkb: %w", err)
	}
	if isEmpty(g) {
		return b, true, nil
	}
	return g.Bound(), false, nil
}

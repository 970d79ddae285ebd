package data

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/afcontrol/afcontrol/data/gpkg"
	"github.com/afcontrol/afcontrol/geom"
	"github.com/paulmach/orb"
)

// storedShape is one province or district of the tables, decoded. inner is
// a district's interior point, the one stored in inner_lon/inner_lat (the
// label anchor); provinces leave it zero.
type storedShape struct {
	fid        int64
	name, code string
	geom       orb.MultiPolygon
	bound      orb.Bound
	inner      orb.Point
}

// shapeCache holds the provinces and districts of one boundary change's
// transaction, each level in fid order: a level the change wrote as it was
// written, the others decoded from their table the first time a step needs
// them. So the steps after the write (placing the districts, deriving the
// borders, linking the events) decode no geometry the change itself
// encoded, and none twice.
type shapeCache struct {
	levels map[Level][]storedShape
}

func newShapeCache() *shapeCache {
	return &shapeCache{levels: map[Level][]storedShape{}}
}

// get returns the shapes of level, decoding them from the table when the
// cache does not hold them.
func (c *shapeCache) get(ctx context.Context, tx *sql.Tx, level Level) ([]storedShape, error) {
	if s, ok := c.levels[level]; ok {
		return s, nil
	}
	s, err := loadShapes(ctx, tx, level)
	if err != nil {
		return nil, err
	}
	c.levels[level] = s
	return s, nil
}

// wrote records what writeLevel stored for level: rows with their fids and
// geometry. Rows without geometry (a restore writes the kept blobs as they
// are) drop the level from the cache, to be decoded from the table.
func (c *shapeCache) wrote(level Level, rows []featureRow) {
	out := make([]storedShape, 0, len(rows))
	for _, r := range rows {
		if r.geom == nil {
			delete(c.levels, level)
			return
		}
		out = append(out, storedShape{fid: r.fid, name: r.name, code: r.code, geom: r.geom, bound: r.geom.Bound(),
			inner: orb.Point{r.innerLon, r.innerLat}})
	}
	slices.SortFunc(out, func(a, b storedShape) int { return cmp.Compare(a.fid, b.fid) })
	c.levels[level] = out
}

// loadShapes decodes the provinces or districts of the tables, in fid
// order. A district stored without an interior point (kept by an older
// afcontrol) gets one computed.
func loadShapes(ctx context.Context, tx *sql.Tx, level Level) ([]storedShape, error) {
	query := "SELECT fid, name, coalesce(code, ''), geom, inner_lon, inner_lat FROM districts ORDER BY fid"
	if level == LevelProvince {
		query = "SELECT fid, name, coalesce(code, ''), geom, NULL, NULL FROM provinces ORDER BY fid"
	}
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []storedShape
	for rows.Next() {
		var s storedShape
		var blob []byte
		var lon, lat sql.NullFloat64
		if err := rows.Scan(&s.fid, &s.name, &s.code, &blob, &lon, &lat); err != nil {
			return nil, err
		}
		if s.geom, err = decodeMultiPolygon(blob); err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		s.bound = s.geom.Bound()
		if level == LevelDistrict {
			s.inner = orb.Point{lon.Float64, lat.Float64}
			if !lon.Valid || !lat.Valid || s.inner == (orb.Point{}) {
				s.inner = geom.InteriorPoint(s.geom)
			}
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// polygonDecodes counts the polygon blobs decoded, so that a test can tell
// that a boundary change decodes nothing it wrote itself.
var polygonDecodes atomic.Int64

// decodeMultiPolygon decodes a stored province or district: a MultiPolygon,
// or a Polygon taken as a MultiPolygon of one.
func decodeMultiPolygon(blob []byte) (orb.MultiPolygon, error) {
	polygonDecodes.Add(1)
	g, _, err := gpkg.Decode(blob)
	if err != nil {
		return nil, err
	}
	switch g := g.(type) {
	case orb.MultiPolygon:
		return g, nil
	case orb.Polygon:
		return orb.MultiPolygon{g}, nil
	}
	return nil, fmt.Errorf("geometry is not a polygon")
}

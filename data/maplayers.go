package data

import (
	"context"
	"fmt"

	"github.com/afcontrol/afcontrol/data/gpkg"
	"github.com/afcontrol/afcontrol/geom"
	"github.com/paulmach/orb"
)

// MapLayers reads what the renderer draws: the district polygons in the
// order of c.Districts (in lon/lat) and the stored border lines with their
// district indexes.
func (d *Dataset) MapLayers(ctx context.Context, c *Control) ([]orb.MultiPolygon, []geom.Border, error) {
	districts := make([]orb.MultiPolygon, len(c.Districts))
	rows, err := d.db.QueryContext(ctx, "SELECT fid, geom FROM districts")
	if err != nil {
		return nil, nil, fmt.Errorf("map layers: %w", err)
	}
	for rows.Next() {
		var fid int64
		var blob []byte
		if err := rows.Scan(&fid, &blob); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("map layers: %w", err)
		}
		i, ok := c.fidIndex[fid]
		if !ok {
			continue
		}
		mp, err := decodeMultiPolygon(blob)
		if err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("map layers: district %d: %w", fid, err)
		}
		districts[i] = mp
	}
	rows.Close()
	var borders []geom.Border
	rows, err = d.db.QueryContext(ctx, "SELECT geom, kind, left_district, coalesce(right_district, -1) FROM borders")
	if err != nil {
		return nil, nil, fmt.Errorf("map layers: %w", err)
	}
	defer rows.Close()
	kinds := map[string]geom.BorderKind{"district": geom.DistrictBorder, "province": geom.ProvinceBorder, "country": geom.CountryBorder}
	for rows.Next() {
		var blob []byte
		var kind string
		var left, right int64
		if err := rows.Scan(&blob, &kind, &left, &right); err != nil {
			return nil, nil, fmt.Errorf("map layers: %w", err)
		}
		g, _, err := gpkg.Decode(blob)
		if err != nil {
			return nil, nil, fmt.Errorf("map layers: border: %w", err)
		}
		ls, ok := g.(orb.LineString)
		if !ok {
			continue
		}
		b := geom.Border{Kind: kinds[kind], Left: c.fidIndex[left], Right: -1, Line: ls}
		if right >= 0 {
			b.Right = c.fidIndex[right]
		}
		borders = append(borders, b)
	}
	return districts, borders, rows.Err()
}

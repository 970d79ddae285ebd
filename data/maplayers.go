package data

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/afcontrol/afcontrol/data/gpkg"
	"github.com/afcontrol/afcontrol/geom"
	"github.com/paulmach/orb"
)

// MapLayers reads what the renderer draws: the district polygons in the
// order of c.Districts (in lon/lat) and the stored border lines with their
// district indexes. Districts not in c are skipped, as are borders that are
// not lines. The two layers are read and decoded at the same time, on two
// connections, as decoding them is most of the time a render spends
// reading the dataset.
func (d *Dataset) MapLayers(ctx context.Context, c *Control) ([]orb.MultiPolygon, []geom.Border, error) {
	var (
		districts []orb.MultiPolygon
		borders   []geom.Border
		errB      error
		wg        sync.WaitGroup
	)
	wg.Go(func() { borders, errB = d.borderLayer(ctx, c) })
	districts, errD := d.districtLayer(ctx, c)
	wg.Wait()
	if errD != nil {
		return nil, nil, errD
	}
	if errB != nil {
		return nil, nil, errB
	}
	return districts, borders, nil
}

// districtLayer reads the district polygons in the order of c.Districts.
func (d *Dataset) districtLayer(ctx context.Context, c *Control) ([]orb.MultiPolygon, error) {
	districts := make([]orb.MultiPolygon, len(c.Districts))
	rows, err := d.db.QueryContext(ctx, "SELECT fid, geom FROM districts")
	if err != nil {
		return nil, fmt.Errorf("map layers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var fid int64
		var blob sql.RawBytes // decoded before the next row, so not copied
		if err := rows.Scan(&fid, &blob); err != nil {
			return nil, fmt.Errorf("map layers: %w", err)
		}
		i, ok := c.fidIndex[fid]
		if !ok {
			continue
		}
		mp, err := decodeMultiPolygon(blob)
		if err != nil {
			return nil, fmt.Errorf("map layers: district %d: %w", fid, err)
		}
		districts[i] = mp
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("map layers: %w", err)
	}
	return districts, nil
}

// borderLayer reads the stored border lines, with the indexes in
// c.Districts of the districts on their two sides (-1 for none).
func (d *Dataset) borderLayer(ctx context.Context, c *Control) ([]geom.Border, error) {
	var borders []geom.Border
	rows, err := d.db.QueryContext(ctx, "SELECT geom, kind, left_district, coalesce(right_district, -1) FROM borders")
	if err != nil {
		return nil, fmt.Errorf("map layers: %w", err)
	}
	defer rows.Close()
	kinds := map[string]geom.BorderKind{"district": geom.DistrictBorder, "province": geom.ProvinceBorder, "country": geom.CountryBorder}
	for rows.Next() {
		var blob sql.RawBytes
		var kind string
		var left, right int64
		if err := rows.Scan(&blob, &kind, &left, &right); err != nil {
			return nil, fmt.Errorf("map layers: %w", err)
		}
		g, _, err := gpkg.Decode(blob)
		if err != nil {
			return nil, fmt.Errorf("map layers: border: %w", err)
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
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("map layers: %w", err)
	}
	return borders, nil
}

package data

import (
	"errors"
	"fmt"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/paulmach/orb"
)

// placed is where a row was resolved to: a district (index into the
// gazetteer) or, for an area row, a province name ("" for the country).
type placed struct {
	district int // -1 for province and country scope
	province string
	by       string // point, nearest, name, province, country
}

// placement is a name pair resolved once, for every row that repeats it.
type placement struct {
	i   int
	err error
}

// pointPlace is where a point was found: the district holding it, else
// the nearest within nearTolerance and how far it is (-1 for none).
type pointPlace struct {
	in, near int
	dist     float64
}

// caches are what placeEvent remembers between rows: reports repeat names
// and places, so each pair of names and each point is resolved once.
type caches struct {
	byName  map[[2]string]placement
	byPoint map[orb.Point]pointPlace
}

// maxCached bounds each cache: a file of endless different names or
// points starts them again.
const maxCached = 1 << 16

func newCaches() *caches {
	return &caches{byName: map[[2]string]placement{}, byPoint: map[orb.Point]pointPlace{}}
}

// resolve is g.resolve through the cache.
func (c *caches) resolve(g *gazetteer, province, district string) placement {
	key := [2]string{province, district}
	p, seen := c.byName[key]
	if !seen {
		if len(c.byName) >= maxCached {
			clear(c.byName)
		}
		p.i, p.err = g.resolve(province, district)
		c.byName[key] = p
	}
	return p
}

// locate finds pt's district, or the nearest one, through the cache.
func (c *caches) locate(g *gazetteer, pt orb.Point) pointPlace {
	p, seen := c.byPoint[pt]
	if !seen {
		if len(c.byPoint) >= maxCached {
			clear(c.byPoint)
		}
		p = pointPlace{in: g.locate(pt), near: -1}
		if p.in < 0 {
			p.near, p.dist = g.nearest(pt)
		}
		c.byPoint[pt] = p
	}
	return p
}

// errAbroad marks a point too far from every district to be in Afghanistan.
var errAbroad = errors.New("point outside Afghanistan")

// placeEvent resolves a row: a district-scope row by its point (else its
// names), through the caches; an area row to its province. note says
// why a point placement deserves a look: the point lay just outside the
// districts ("nearest"), or its district is not the one admin2 names.
func placeEvent(g *gazetteer, row events.Row, c *caches) (at placed, note string, err error) {
	switch row.Scope {
	case events.ScopeCountry:
		return placed{district: -1, by: "country"}, "", nil
	case events.ScopeProvince:
		prov := g.canonicalProvinceOf(row.Province)
		if prov == "" && row.Province == "" && row.HasPoint {
			if i := g.locate(orb.Point{row.Lon, row.Lat}); i >= 0 {
				prov = g.districts[i].province
			}
		}
		if prov == "" {
			if row.Province == "" {
				return placed{}, "", fmt.Errorf("no province named")
			}
			return placed{}, "", fmt.Errorf("unknown province %q", row.Province)
		}
		return placed{district: -1, province: prov, by: "province"}, "", nil
	}
	if !row.HasPoint {
		p := c.resolve(g, row.Province, row.District)
		if p.err != nil {
			return placed{}, "", p.err
		}
		return placed{district: p.i, province: g.districts[p.i].province, by: "name"}, "", nil
	}
	pt := orb.Point{row.Lon, row.Lat}
	found := c.locate(g, pt)
	i := found.in
	by := "point"
	if i < 0 {
		j := found.near
		if j < 0 {
			return placed{}, "", errAbroad
		}
		i, by = j, "nearest"
		note = fmt.Sprintf("the point (%g, %g) is %.0f m outside %s/%s, placed there", row.Lat, row.Lon, found.dist,
			g.districts[j].province, g.districts[j].name)
	}
	if by == "point" && row.District != "" {
		p := c.resolve(g, row.Province, row.District)
		if p.err == nil && p.i != i {
			note = fmt.Sprintf("admin2 names %s/%s, the point is in %s/%s; placed by the point", g.districts[p.i].province,
				g.districts[p.i].name, g.districts[i].province, g.districts[i].name)
		}
	}
	return placed{district: i, province: g.districts[i].province, by: by}, note, nil
}

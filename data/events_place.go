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

// errAbroad marks a point too far from every district to be in Afghanistan.
var errAbroad = errors.New("point outside Afghanistan")

// placeEvent resolves a row: a district-scope row by its point (else its
// names, through the byName cache); an area row to its province. note says
// why a point placement deserves a look: the point lay just outside the
// districts ("nearest"), or its district is not the one admin2 names.
func placeEvent(g *gazetteer, row events.Row, byName map[[2]string]placement) (at placed, note string, err error) {
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
		key := [2]string{row.Province, row.District}
		p, seen := byName[key]
		if !seen {
			p.i, p.err = g.resolve(row.Province, row.District)
			byName[key] = p
		}
		if p.err != nil {
			return placed{}, "", p.err
		}
		return placed{district: p.i, province: g.districts[p.i].province, by: "name"}, "", nil
	}
	pt := orb.Point{row.Lon, row.Lat}
	i := g.locate(pt)
	by := "point"
	if i < 0 {
		j, dist := g.nearest(pt)
		if j < 0 {
			return placed{}, "", errAbroad
		}
		i, by = j, "nearest"
		note = fmt.Sprintf("the point (%g, %g) is %.0f m outside %s/%s, placed there", row.Lat, row.Lon, dist,
			g.districts[j].province, g.districts[j].name)
	}
	if by == "point" && row.District != "" {
		key := [2]string{row.Province, row.District}
		p, seen := byName[key]
		if !seen {
			p.i, p.err = g.resolve(row.Province, row.District)
			byName[key] = p
		}
		if p.err == nil && p.i != i {
			note = fmt.Sprintf("admin2 names %s/%s, the point is in %s/%s; placed by the point", g.districts[p.i].province,
				g.districts[p.i].name, g.districts[i].province, g.districts[i].name)
		}
	}
	return placed{district: i, province: g.districts[i].province, by: by}, note, nil
}

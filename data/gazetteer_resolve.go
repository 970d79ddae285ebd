package data

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/paulmach/orb"
)

// districtRef is one district as the gazetteer knows it.
type districtRef struct {
	fid            int64
	name, province string
	key            string // stable key, "" for a district stored before there were keys
	geom           orb.MultiPolygon
	bound          orb.Bound
}

// gazetteer resolves reported province and district names, and points, to
// the districts of the loaded boundary set.
type gazetteer struct {
	districts []districtRef
	byKey     map[string][]int  // nameKey of a district name or alias → districts
	province  map[string]string // nameKey of a province name or alias → canonical name
}

// loadGazetteer reads the districts and the aliases table.
func loadGazetteer(ctx context.Context, q queryer, withGeometry bool) (*gazetteer, error) {
	g := &gazetteer{byKey: map[string][]int{}, province: map[string]string{}}
	shapes, err := loadShapesQ(ctx, q, withGeometry)
	if err != nil {
		return nil, err
	}
	g.districts = shapes
	byName := map[string][]int{} // nameKey of the canonical name → districts
	for i, d := range g.districts {
		k := nameKey(d.name)
		byName[k] = append(byName[k], i)
		g.add(k, i)
		g.province[nameKey(d.province)] = d.province
	}
	rows, err := q.QueryContext(ctx, "SELECT kind, alias, name, province FROM aliases")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, alias, name, province string
		if err := rows.Scan(&kind, &alias, &name, &province); err != nil {
			return nil, err
		}
		switch kind {
		case "province":
			g.province[nameKey(alias)] = name
			g.province[nameKey(name)] = name
		case "district":
			for _, i := range byName[nameKey(name)] {
				if province == "" || nameKey(g.districts[i].province) == nameKey(province) {
					g.add(nameKey(alias), i)
				}
			}
		}
	}
	return g, rows.Err()
}

func (g *gazetteer) add(key string, i int) {
	for _, j := range g.byKey[key] {
		if j == i {
			return
		}
	}
	g.byKey[key] = append(g.byKey[key], i)
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func loadShapesQ(ctx context.Context, q queryer, withGeometry bool) ([]districtRef, error) {
	cols := "fid, name, coalesce(province, ''), coalesce(stable_key, ''), NULL"
	if withGeometry {
		cols = "fid, name, coalesce(province, ''), coalesce(stable_key, ''), geom"
	}
	rows, err := q.QueryContext(ctx, "SELECT "+cols+" FROM districts ORDER BY fid")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []districtRef
	for rows.Next() {
		var d districtRef
		var blob []byte
		if err := rows.Scan(&d.fid, &d.name, &d.province, &d.key, &blob); err != nil {
			return nil, err
		}
		if blob != nil {
			mp, err := decodeMultiPolygon(blob)
			if err != nil {
				return nil, fmt.Errorf("district %s: %w", d.name, err)
			}
			d.geom, d.bound = mp, mp.Bound()
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// canonicalProvinceOf returns the canonical province for a reported name, or
// "" when the gazetteer does not know it. " province" suffixes are ignored.
func (g *gazetteer) canonicalProvinceOf(name string) string {
	name = strings.TrimSpace(name)
	for _, suffix := range []string{" province", " Province", " Wilayat"} {
		name = strings.TrimSuffix(name, suffix)
	}
	return g.province[nameKey(name)]
}

// resolve finds the one district a reported (province, district) pair
// names. A province narrows a name that several provinces share. A name that
// matches no district, or more than one, is an error that says which: the
// gazetteer never guesses.
func (g *gazetteer) resolve(province, district string) (int, error) {
	district = strings.TrimSpace(district)
	for _, suffix := range []string{" district", " District"} {
		district = strings.TrimSuffix(district, suffix)
	}
	if district == "" {
		return -1, fmt.Errorf("no district named")
	}
	cands := g.byKey[nameKey(district)]
	prov := ""
	if strings.TrimSpace(province) != "" {
		prov = g.canonicalProvinceOf(province)
		if prov == "" {
			return -1, fmt.Errorf("unknown province %q", province)
		}
		var in []int
		for _, i := range cands {
			if g.districts[i].province == prov {
				in = append(in, i)
			}
		}
		if len(in) == 0 && len(cands) > 0 {
			return -1, fmt.Errorf("no district %q in %s (there is one in %s)", district, prov, g.provincesOf(cands))
		}
		cands = in
	}
	switch len(cands) {
	case 0:
		if prov != "" {
			return -1, fmt.Errorf("unknown district %q in %s", district, prov)
		}
		return -1, fmt.Errorf("unknown district %q", district)
	case 1:
		return cands[0], nil
	}
	return -1, fmt.Errorf("ambiguous district %q: it is in %s; give the province", district, g.provincesOf(cands))
}

func (g *gazetteer) provincesOf(cands []int) string {
	var ps []string
	for _, i := range cands {
		ps = append(ps, g.districts[i].name+" ("+g.districts[i].province+")")
	}
	sort.Strings(ps)
	return strings.Join(ps, ", ")
}

// locate returns the district containing p, or -1 when none does.
func (g *gazetteer) locate(p orb.Point) int {
	for i, d := range g.districts {
		if d.bound.Contains(p) && multiContains(d.geom, p) {
			return i
		}
	}
	return -1
}

// seedAliases fills an empty aliases table from assets/aliases.csv.
func seedAliases(ctx context.Context, tx *sql.Tx) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM aliases").Scan(&n); err != nil || n > 0 {
		return err
	}
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO aliases (kind, alias, key, name, province) VALUES (?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, a := range loadSeed() {
		if _, err := stmt.ExecContext(ctx, a.kind, a.alias, nameKey(a.alias), a.name, a.province); err != nil {
			return err
		}
	}
	return nil
}

package data

import "sync"

// overrideTable is assets/province_overrides.csv: districts whose province
// the province polygons get wrong, keyed by code and by name.
type overrideTable struct {
	byCode, byName map[string]string
}

var provinceOverrides = sync.OnceValue(func() overrideTable {
	t := overrideTable{byCode: map[string]string{}, byName: map[string]string{}}
	rows, _ := readAssetCSV("province_overrides.csv")
	for _, r := range rows {
		if len(r) < 3 {
			continue
		}
		if r[1] != "" {
			t.byCode[r[1]] = r[2]
		} else {
			t.byName[nameKey(r[0])] = r[2]
		}
	}
	return t
})

// lookup returns the province for a district by its code, else its name.
func (t overrideTable) lookup(name, code string) (string, bool) {
	if p, ok := t.byCode[code]; ok && code != "" {
		return p, true
	}
	p, ok := t.byName[nameKey(name)]
	return p, ok
}

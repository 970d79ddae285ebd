package data

import (
	"encoding/csv"
	"strings"
	"sync"

	"github.com/afcontrol/afcontrol/assets"
)

// seedAlias is one row of assets/aliases.csv.
type seedAlias struct {
	kind, alias, name, province string
}

var loadSeed = sync.OnceValue(func() []seedAlias {
	rows, _ := readAssetCSV("aliases.csv")
	var out []seedAlias
	for _, r := range rows {
		if len(r) >= 4 {
			out = append(out, seedAlias{kind: r[0], alias: r[1], name: r[2], province: r[3]})
		}
	}
	return out
})

// readAssetCSV reads an embedded CSV file without its header; a missing file
// gives no rows.
func readAssetCSV(name string) ([][]string, error) {
	f, err := assets.Files.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return rows[1:], nil
}

// seedProvinces maps the nameKey of every province spelling in
// assets/aliases.csv to its canonical name.
var seedProvinces = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, a := range loadSeed() {
		if a.kind == "province" {
			m[nameKey(a.alias)] = a.name
			m[nameKey(a.name)] = a.name
		}
	}
	return m
})

// canonicalProvince maps a province spelling to the gazetteer's canonical
// name ("Ghanzi" and "Ghazni province" to "Ghazni"); an unknown name is
// returned cleaned but otherwise unchanged.
func canonicalProvince(name string) string {
	name = cleanName(name)
	k := nameKey(strings.TrimSuffix(strings.TrimSuffix(name, " Province"), " province"))
	if canonical, ok := seedProvinces()[k]; ok {
		return canonical
	}
	return name
}

package data

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/afcontrol/afcontrol/assets"
)

// geoBoundariesAttribution is the credit line geoBoundaries asks for.
const geoBoundariesAttribution = "Boundaries: geoBoundaries (geoboundaries.org), Runfola et al. 2020; ADM2: AIMS 2014"

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

// geoBoundariesMeta is what afcontrol reads from a geoBoundaries
// "-metaData.json" file.
type geoBoundariesMeta struct {
	Source  string `json:"boundarySource"`
	Year    string `json:"boundaryYear"`
	Licence string `json:"boundaryLicense"`
}

// readGeoBoundariesMeta reads the metadata file beside a geoBoundaries file
// (geoBoundaries-AFG-ADM2.geojson → geoBoundaries-AFG-ADM2-metaData.json);
// a missing or unreadable file gives empty fields.
func readGeoBoundariesMeta(path string) geoBoundariesMeta {
	var m geoBoundariesMeta
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	base = strings.TrimSuffix(base, "_simplified")
	f, err := os.Open(filepath.Join(filepath.Dir(path), base+"-metaData.json"))
	if err != nil {
		return m
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 1<<20))
	if err == nil {
		_ = json.Unmarshal(b, &m)
	}
	return m
}

package data

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Place is a district or a province that a search found.
type Place struct {
	// Kind is "district" or "province".
	Kind string
	// Name is the name as the boundary set writes it; Province is the
	// district's province, or the province's own name.
	Name, Province string
	// FID is the district's feature id; 0 for a province.
	FID int64
	// Exact is true when the text names the place (any known spelling), false
	// when it only begins its name.
	Exact bool
}

// String returns "Qala-I- Naw, Badghis" for a district and "Badghis
// (province)" for a province.
func (p Place) String() string {
	if p.Kind == "province" {
		return p.Name + " (province)"
	}
	return p.Name + ", " + p.Province
}

// maxPlaces bounds how many places a search returns.
const maxPlaces = 20

// SearchPlaces finds the districts and provinces that text names, in any
// spelling the gazetteer knows ("qala i naw", "Qala-e-Naw" and "Qala-I- Naw"
// are one place), and then those whose name or alias begins with it, for
// type-ahead. Exact matches come first, provinces before districts, then by
// name. A trailing " district" or " province" is ignored. Text that folds to
// nothing (empty, punctuation only) finds nothing and is not an error. At most
// 20 places are returned.
func (d *Dataset) SearchPlaces(ctx context.Context, text string) ([]Place, error) {
	text = strings.TrimSpace(text)
	lower := strings.ToLower(text)
	for _, suffix := range []string{" district", " province"} {
		if strings.HasSuffix(lower, suffix) {
			text = text[:len(text)-len(suffix)]
			break
		}
	}
	key := nameKey(text)
	if key == "" {
		return nil, nil
	}
	g, err := loadGazetteer(ctx, d.db, false)
	if err != nil {
		return nil, fmt.Errorf("search places: %w", err)
	}
	seen := map[string]Place{}
	add := func(p Place) {
		id := p.Kind + "\x00" + p.Name + "\x00" + p.Province
		if old, ok := seen[id]; ok && (old.Exact || !p.Exact) {
			return
		}
		seen[id] = p
	}
	for k, canonical := range g.province {
		if exact := k == key; exact || strings.HasPrefix(k, key) {
			add(Place{Kind: "province", Name: canonical, Province: canonical, Exact: exact})
		}
	}
	for k, ids := range g.byKey {
		if exact := k == key; exact || strings.HasPrefix(k, key) {
			for _, i := range ids {
				dr := g.districts[i]
				add(Place{Kind: "district", Name: dr.name, Province: dr.province, FID: dr.fid, Exact: exact})
			}
		}
	}
	out := make([]Place, 0, len(seen))
	for _, p := range seen {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Exact != b.Exact {
			return a.Exact
		}
		if a.Kind != b.Kind {
			return a.Kind == "province"
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Province < b.Province
	})
	if len(out) > maxPlaces {
		out = out[:maxPlaces]
	}
	return out, nil
}

package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// geoBoundariesAttribution is the credit line geoBoundaries asks for.
const geoBoundariesAttribution = "Boundaries: geoBoundaries (geoboundaries.org), Runfola et al. 2020; ADM2: AIMS 2014"

// BoundaryAttribution returns the credit line stored with the district
// boundary set in use, or "" when there is none or it has no credit line.
func (d *Dataset) BoundaryAttribution(ctx context.Context) (string, error) {
	var a string
	err := d.db.QueryRowContext(ctx,
		"SELECT attribution FROM boundary_sets WHERE level = 'district' AND active ORDER BY id DESC LIMIT 1").Scan(&a)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return a, err
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

package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/afcontrol/afcontrol/data/gpkg"
	"github.com/afcontrol/afcontrol/geom"
	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// Level is an administrative level of a boundary set.
type Level string

// The two levels afcontrol stores.
const (
	LevelProvince Level = "province"
	LevelDistrict Level = "district"
)

// BoundaryOptions steer a boundary import. Zero values mean: detect the level
// and the name and code fields, and describe the source from the file (and
// from a geoBoundaries metadata file beside it, when there is one).
type BoundaryOptions struct {
	Level       Level
	NameField   string
	CodeField   string
	Source      string
	Licence     string
	Attribution string
	// Progress, when set, is told what is happening, for long imports.
	Progress func(msg string)
	// Check, when set, sees the report before the transaction commits; an
	// error from it rolls the whole import back.
	Check func(BoundaryReport) error
	// Replace allows a district set that leaves events without a district;
	// without it such an import is refused with a *ReplaceError.
	Replace bool
}

// BoundaryReport says what an import stored.
type BoundaryReport struct {
	Provinces, Districts int
	Borders              int
	// Unassigned lists the districts that no province polygon covers.
	Unassigned []string
	// Corrected lists the districts placed by the province table in assets
	// where the province polygons disagree with the district set.
	Corrected []string
	// Relinked counts the events the change linked to another district (by
	// their stable key, else by point or name); Unlinked the events left
	// without a district, which keep their reported names.
	Relinked, Unlinked int
	// Sets lists the levels whose active set changed; Unchanged is set when
	// every file was the active set of its level already, and nothing was
	// written.
	Sets      []SetChange
	Unchanged bool
}

// namesFields and codeFields are tried in order when no field is given.
var (
	nameFields = []string{"shapeName", "ADM2_EN", "ADM1_EN", "NAME_2", "NAME_1", "DIST_NAME", "DISTNAME", "PROV_NAME", "PROVNAME", "NAME_EN", "NAME", "Name", "name"}
	codeFields = []string{"shapeISO", "ADM2_PCODE", "ADM1_PCODE", "PCODE", "DIST_CODE", "PROV_CODE", "shapeID", "CODE", "code"}
)

// ImportBoundaries reads boundary files and stores them, all in one
// transaction: on any error the dataset is left exactly as it was. Each file
// becomes a new boundary set, the active one of its level; the set it
// replaces is kept, for RestoreBoundarySet. A file that is the active set of
// its level already (the same SHA-256) changes nothing. Features keep their
// fid across sets when they continue a stored one (the same upstream id,
// else the same province and name), so events stay linked to them without
// being rewritten; a district set that would leave events without a
// district is refused with a *ReplaceError unless opt.Replace. Province files are stored before
// district files; every district is placed in the province that covers most
// of it, and the district, province and country border lines are derived from
// the district edges. Each file's level is taken from opt.Level, else from the
// file (geoBoundaries' shapeType ADM1/ADM2), else from its feature count.
func (d *Dataset) ImportBoundaries(ctx context.Context, paths []string, opt BoundaryOptions) (BoundaryReport, error) {
	var rep BoundaryReport
	if len(paths) == 0 {
		return rep, errors.New("import boundaries: no files given")
	}
	progress := opt.Progress
	if progress == nil {
		progress = func(string) {}
	}
	var layers []*boundaryLayer
	for _, p := range paths {
		progress("reading " + p)
		l, err := readBoundaryFile(ctx, p)
		if err != nil {
			return rep, fmt.Errorf("import boundaries: %w", err)
		}
		layers = append(layers, l)
	}
	return d.importLayers(ctx, layers, opt)
}

// importLayers validates and stores boundary layers read by the caller, as
// ImportBoundaries does.
func (d *Dataset) importLayers(ctx context.Context, layers []*boundaryLayer, opt BoundaryOptions) (BoundaryReport, error) {
	var rep BoundaryReport
	progress := opt.Progress
	if progress == nil {
		progress = func(string) {}
	}
	var sets []*boundarySet
	for _, l := range layers {
		s, err := prepareSet(l, opt)
		if err != nil {
			return rep, fmt.Errorf("import boundaries: %w", err)
		}
		sets = append(sets, s)
	}
	sort.SliceStable(sets, func(i, j int) bool { return sets[i].level == LevelProvince && sets[j].level != LevelProvince })
	for i := 1; i < len(sets); i++ {
		if sets[i].level == sets[i-1].level {
			return rep, fmt.Errorf("import boundaries: %s and %s are both %s files; give one file per level", sets[i-1].file, sets[i].file, sets[i].level)
		}
	}
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		before, _, err := unlinkedEvents(ctx, tx)
		if err != nil {
			return err
		}
		c := change{what: filepath.Base(sets[len(sets)-1].file), unlinkedBefore: before, shapes: newShapeCache()}
		for _, s := range sets {
			from, sum, err := activeSet(ctx, tx, s.level)
			if err != nil {
				return err
			}
			if sum == s.sha256 {
				progress(fmt.Sprintf("%s is the active %s set already: unchanged", filepath.Base(s.file), s.level))
				continue
			}
			progress(fmt.Sprintf("storing %d %ss from %s", len(s.features), s.level, filepath.Base(s.file)))
			if err := archiveActive(ctx, tx, s.level); err != nil {
				return err
			}
			set, err := insertBoundarySet(ctx, tx, s)
			if err != nil {
				return err
			}
			if err := activate(ctx, tx, s.level, set); err != nil {
				return err
			}
			rows, err := s.rows(ctx, tx, c.shapes)
			if err != nil {
				return err
			}
			deleted, err := writeLevel(ctx, tx, s.level, set, rows)
			if err != nil {
				return err
			}
			c.shapes.wrote(s.level, rows)
			if s.level == LevelDistrict {
				c.what, c.lostDistricts, c.previous = filepath.Base(s.file), deleted, from
			}
			rep.Sets = append(rep.Sets, SetChange{Level: s.level, From: from, To: set})
		}
		if len(rep.Sets) == 0 {
			return errUnchanged
		}
		return finishChange(ctx, tx, &rep, opt, c)
	})
	if errors.Is(err, errUnchanged) {
		c, err := d.BoundaryCounts(ctx)
		if err != nil {
			return BoundaryReport{}, fmt.Errorf("import boundaries: %w", d.explain(err))
		}
		rep.Provinces, rep.Districts, rep.Borders, rep.Unchanged = c.Provinces, c.Districts, c.Borders, true
		return rep, nil
	}
	if err != nil {
		return BoundaryReport{}, fmt.Errorf("import boundaries: %w", d.explain(err))
	}
	return rep, nil
}

// rows turns the set's features into the rows to store, each with its
// stable key (the upstream id, else province and name) and, where it
// continues a stored feature, that feature's fid. Districts are placed in
// the stored provinces here to key them; placeDistricts places them again,
// stored, afterwards.
func (s *boundarySet) rows(ctx context.Context, tx *sql.Tx, cache *shapeCache) ([]featureRow, error) {
	rows := make([]featureRow, len(s.features))
	placeKeys := make([]string, len(s.features))
	var provinces []storedShape
	if s.level == LevelDistrict {
		var err error
		provinces, err = cache.get(ctx, tx, LevelProvince)
		if err != nil {
			return nil, err
		}
	}
	byName := map[string]int{}
	for i, p := range provinces {
		byName[nameKey(p.name)] = i
	}
	overrides := provinceOverrides()
	for i, f := range s.features {
		blob, err := gpkg.Encode(f.geom, gpkg.WGS84)
		if err != nil {
			return nil, err
		}
		r := featureRow{name: f.name, nameSource: f.nameSource, code: f.code, blob: blob, geom: f.geom}
		province := ""
		if s.level == LevelDistrict {
			in := geom.InteriorPoint(f.geom)
			r.area, r.innerLon, r.innerLat = orbgeo.Area(f.geom)/1e6, in[0], in[1]
			shape := storedShape{name: f.name, code: f.code, geom: f.geom, bound: f.geom.Bound(), inner: in}
			if p, _, _ := provinceFor(shape, provinces, byName, overrides); p >= 0 {
				province = provinces[p].name
			}
		}
		placeKeys[i] = placeKey(province, f.name)
		r.key = placeKeys[i]
		if f.uid != "" {
			r.key = "id:" + f.uid
		}
		rows[i] = r
	}
	uniqueKeys(rows)
	stored, err := loadStoredKeys(ctx, tx, s.level)
	if err != nil {
		return nil, err
	}
	stored.match(rows, placeKeys)
	return rows, nil
}

// boundarySet is a validated file ready to store.
type boundarySet struct {
	file, format string
	level        Level
	features     []namedFeature
	source       string
	licence      string
	attribution  string
	sha256       string
}

type namedFeature struct {
	name, nameSource, code string
	uid                    string // the upstream id (geoBoundaries shapeID), when the file has one
	geom                   orb.MultiPolygon
}

func prepareSet(l *boundaryLayer, opt BoundaryOptions) (*boundarySet, error) {
	fail := func(feature int, name, format string, args ...any) error {
		return &FeatureError{File: l.file, Feature: feature, Name: name, Reason: fmt.Sprintf(format, args...)}
	}
	if len(l.features) == 0 {
		return nil, fail(0, "", "the file has no features")
	}
	nameField, err := pickField(l, opt.NameField, nameFields, "name")
	if err != nil {
		return nil, err
	}
	codeField, _ := pickField(l, opt.CodeField, codeFields, "code")
	level := opt.Level
	if level == "" {
		level = detectLevel(l)
	}
	if level != LevelProvince && level != LevelDistrict {
		return nil, fail(0, "", "unknown level %q: use province or district", level)
	}
	s := &boundarySet{file: l.file, format: l.format, level: level}
	seen := map[string]int{}
	vertices := 0
	for _, f := range l.features {
		raw := f.attrs[nameField]
		name := cleanName(raw)
		if name == "" {
			return nil, fail(f.index+1, "", "the name field %q is empty", nameField)
		}
		var mp orb.MultiPolygon
		switch g := f.geom.(type) {
		case nil:
			return nil, fail(f.index+1, name, "the feature has no geometry")
		case orb.Polygon:
			mp = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			mp = g
		default:
			return nil, fail(f.index+1, name, "geometry is a %s; a boundary must be a Polygon or MultiPolygon", g.GeoJSONType())
		}
		if err := checkVertexLimits(mp, &vertices); err != nil {
			return nil, fail(f.index+1, name, "%v", err)
		}
		if err := validatePolygons(mp); err != nil {
			return nil, fail(f.index+1, name, "%v", err)
		}
		nf := namedFeature{name: name, nameSource: raw, code: strings.TrimSpace(f.attrs[codeField]), uid: strings.TrimSpace(f.attrs["shapeID"]), geom: mp}
		if level == LevelProvince {
			nf.name = canonicalProvince(name)
			if prev, dup := seen[nameKey(nf.name)]; dup {
				return nil, fail(f.index+1, name, "province %q appears twice (also feature %d)", nf.name, prev)
			}
			seen[nameKey(nf.name)] = f.index + 1
			nf.code = strings.ReplaceAll(nf.code, "_", "-")
		}
		s.features = append(s.features, nf)
	}
	if err := describeSource(s, l, opt); err != nil {
		return nil, err
	}
	return s, nil
}

// pickField returns the given field, which must exist, or the first of the
// candidates that every feature has filled in.
func pickField(l *boundaryLayer, given string, candidates []string, what string) (string, error) {
	has := map[string]bool{}
	for _, f := range l.fields {
		has[f] = true
	}
	if given != "" {
		if !has[given] {
			return "", missingField(l.file, &MissingFieldError{Role: what, Given: given, Fields: l.fields})
		}
		return given, nil
	}
next:
	for _, c := range candidates {
		if !has[c] {
			continue
		}
		for _, f := range l.features {
			if strings.TrimSpace(f.attrs[c]) == "" {
				continue next
			}
		}
		return c, nil
	}
	return "", missingField(l.file, &MissingFieldError{Role: what, Tried: candidates, Fields: l.fields})
}

// missingField is the error of a file that lacks the field e says.
func missingField(file string, e *MissingFieldError) error {
	return &FeatureError{File: file, Reason: e.Error(), Err: e}
}

func detectLevel(l *boundaryLayer) Level {
	switch l.features[0].attrs["shapeType"] {
	case "ADM1":
		return LevelProvince
	case "ADM2":
		return LevelDistrict
	}
	if len(l.features) <= 60 {
		return LevelProvince
	}
	return LevelDistrict
}

// describeSource fills in the source, licence, attribution and checksum.
func describeSource(s *boundarySet, l *boundaryLayer, opt BoundaryOptions) error {
	if m := l.described; m != nil {
		s.source, s.licence, s.attribution, s.sha256 = m.source, m.licence, m.attribution, m.sha256
		return nil
	}
	sum, err := fileSHA256(l.mainFile)
	if err != nil {
		return &FeatureError{File: l.file, Reason: err.Error(), Err: err}
	}
	s.sha256 = sum
	s.source, s.licence, s.attribution = opt.Source, opt.Licence, opt.Attribution
	base := filepath.Base(l.mainFile)
	if strings.HasPrefix(base, "geoBoundaries-") {
		meta := readGeoBoundariesMeta(l.mainFile)
		if s.source == "" {
			s.source = "geoBoundaries gbOpen " + strings.TrimSuffix(base, filepath.Ext(base))
			if meta.Source != "" {
				s.source += " (" + meta.Source + ", " + meta.Year + ")"
			}
		}
		if s.licence == "" {
			s.licence = meta.Licence
		}
		if s.attribution == "" {
			s.attribution = geoBoundariesAttribution
		}
	}
	if s.source == "" {
		s.source = base
	}
	if s.licence == "" {
		s.licence = "not stated"
	}
	return nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func insertBoundarySet(ctx context.Context, tx *sql.Tx, s *boundarySet) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO boundary_sets (level, source, file_name, licence, attribution, sha256, features, imported_at, active)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)`, string(s.level), s.source, filepath.Base(s.file), s.licence, s.attribution,
		s.sha256, len(s.features), timestamp(time.Now()))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// updateExtents writes each layer's bounding box into gpkg_contents, which
// QGIS and GDAL read for the layer extent, from the envelopes in the
// geometry headers.
func updateExtents(ctx context.Context, tx *sql.Tx) error {
	for _, table := range []string{"provinces", "districts", "borders"} {
		b, ok, err := layerBound(ctx, tx, table)
		if err != nil {
			return err
		}
		if !ok {
			_, err = tx.ExecContext(ctx, `UPDATE gpkg_contents SET min_x = NULL, min_y = NULL, max_x = NULL, max_y = NULL,
				last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = ?`, table)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?,
				last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = ?`, b.Min[0], b.Min[1], b.Max[0], b.Max[1], table)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func layerBound(ctx context.Context, tx *sql.Tx, table string) (orb.Bound, bool, error) {
	rows, err := tx.QueryContext(ctx, "SELECT geom FROM "+table)
	if err != nil {
		return orb.Bound{}, false, err
	}
	defer rows.Close()
	var b orb.Bound
	ok := false
	for rows.Next() {
		var blob []byte
		if err := rows.Scan(&blob); err != nil {
			return b, false, err
		}
		// The envelope in the blob's header, written by gpkg.Encode: no
		// need to decode the geometry.
		gb, empty, err := gpkg.Envelope(blob)
		if err != nil || empty {
			continue
		}
		if !ok {
			b, ok = gb, true
		} else {
			b = b.Union(gb)
		}
	}
	return b, ok, rows.Err()
}

// BoundaryCounts is how many features each boundary layer holds.
type BoundaryCounts struct{ Provinces, Districts, Borders int }

// BoundaryCounts counts the stored features.
func (d *Dataset) BoundaryCounts(ctx context.Context) (BoundaryCounts, error) {
	var c BoundaryCounts
	err := d.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM provinces), (SELECT count(*) FROM districts),
		(SELECT count(*) FROM borders)`).Scan(&c.Provinces, &c.Districts, &c.Borders)
	return c, err
}

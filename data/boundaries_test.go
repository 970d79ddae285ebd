package data

import (
	"archive/zip"
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/afcontrol/afcontrol/data/shapefile/shapefiletest"
)

// fetchedDataset is a new dataset filled from the mirror as
// `afcontrol boundaries fetch --mirror` fills it.
func fetchedDataset(t *testing.T) (*Dataset, BoundaryReport) {
	t.Helper()
	d := newDataset(t)
	rep, err := d.FetchBoundaries(context.Background(), FetchOptions{Mirror: embeddedMirror(t)})
	if err != nil {
		t.Fatal(err)
	}
	return d, rep
}

// contentChecksums hashes every table's rows, in rowid order, and the schema
// itself, so that a test can tell whether anything in the file changed.
func contentChecksums(tb testing.TB, db *sql.DB) map[string]string {
	tb.Helper()
	tables := []string{"sqlite_master"}
	rows, err := db.Query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
	if err != nil {
		tb.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			tb.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	sums := map[string]string{}
	for _, table := range tables {
		q := "SELECT * FROM " + quoteIdent(table) + " ORDER BY rowid"
		if table == "sqlite_master" {
			q = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
		}
		sums[table] = hashRows(tb, db, q)
	}
	return sums
}

func hashRows(tb testing.TB, db *sql.DB, query string) string {
	tb.Helper()
	rows, err := db.Query(query)
	if err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		tb.Fatal(err)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	h := sha256.New()
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			tb.Fatal(err)
		}
		for _, v := range vals {
			// Type and length prefixes keep ("ab", "c") apart from ("a", "bc").
			s := fmt.Sprint(v)
			if b, ok := v.([]byte); ok {
				s = string(b)
			}
			fmt.Fprintf(h, "%T:%d:%s|", v, len(s), s)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return fmt.Sprintf("%d rows %x", n, h.Sum(nil))
}

func assertSameContent(tb testing.TB, before, after map[string]string) {
	tb.Helper()
	for table, sum := range before {
		if after[table] != sum {
			tb.Errorf("table %s changed: %s before, %s after", table, sum, after[table])
		}
	}
	for table := range after {
		if _, ok := before[table]; !ok {
			tb.Errorf("table %s appeared", table)
		}
	}
}

func queryInt(tb testing.TB, db *sql.DB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

// mirrorSums reads the mirror's SHA256SUMS.
func mirrorSums(tb testing.TB) map[string]string {
	tb.Helper()
	f, err := os.Open(mirrorFile(tb, "SHA256SUMS"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fs := strings.Fields(sc.Text()); len(fs) == 2 {
			sums[fs[1]] = fs[0]
		}
	}
	return sums
}

// gdalTool returns the path of a GDAL program. Without it the test is skipped
// on a developer's machine, but fails in CI, where gdal-bin is installed.
func gdalTool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s is not installed; CI must install gdal-bin", name)
		}
		tb.Skipf("%s is not installed (Debian/Ubuntu: apt-get install gdal-bin); skipping the GDAL check", name)
	}
	return p
}

func TestFetchBoundariesFromMirror(t *testing.T) {
	t.Parallel()
	d, rep := fetchedDataset(t)
	db := d.DB()
	if rep.Provinces != 34 || rep.Districts != 398 || len(rep.Unassigned) != 0 {
		t.Fatalf("report: %d provinces, %d districts, %d unassigned (%v); want 34, 398, 0",
			rep.Provinces, rep.Districts, len(rep.Unassigned), rep.Unassigned)
	}
	if c, err := d.BoundaryCounts(context.Background()); err != nil || c.Provinces != 34 || c.Districts != 398 || c.Borders != rep.Borders {
		t.Errorf("stored %+v (%v); report said %+v", c, err, rep)
	}
	if n := queryInt(t, db, "SELECT count(*) FROM districts WHERE province_id IS NULL OR province IS NULL"); n != 0 {
		t.Errorf("%d districts are not placed in a province", n)
	}

	var source string
	if err := db.QueryRow("SELECT name_source FROM provinces WHERE name = 'Ghazni'").Scan(&source); err != nil {
		t.Fatalf("no province named Ghazni: %v", err)
	}
	if source != "Ghanzi" {
		t.Errorf("Ghazni's name_source = %q, want the file's own spelling Ghanzi", source)
	}

	for province, want := range map[string]int{"Badakhshan": 28, "Nangarhar": 22, "Ghazni": 19, "Panjshir": 7, "Kabul": 15} {
		got := queryInt(t, db, "SELECT count(*) FROM districts d JOIN provinces p ON p.fid = d.province_id WHERE p.name = ?", province)
		if got != want {
			t.Errorf("%s has %d districts, want %d (AIMS 398)", province, got, want)
		}
		if byName := queryInt(t, db, "SELECT count(*) FROM districts WHERE province = ?", province); byName != got {
			t.Errorf("%s: %d districts by province name, %d by province id", province, byName, got)
		}
	}
	rows, err := db.Query("SELECT p.name FROM provinces p WHERE NOT EXISTS (SELECT 1 FROM districts d WHERE d.province_id = p.fid)")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		rows.Scan(&name)
		t.Errorf("province %s has no district", name)
	}
	rows.Close()

	for _, kind := range []string{"district", "province", "country"} {
		if n := queryInt(t, db, "SELECT count(*) FROM borders WHERE kind = ?", kind); n == 0 {
			t.Errorf("no %s borders", kind)
		}
	}
	if n := queryInt(t, db, "SELECT count(*) FROM borders WHERE kind = 'country' AND right_district IS NOT NULL"); n != 0 {
		t.Errorf("%d country borders have a district on both sides", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM borders b JOIN districts l ON l.fid = b.left_district
		JOIN districts r ON r.fid = b.right_district WHERE b.kind = 'province' AND l.province_id = r.province_id`); n != 0 {
		t.Errorf("%d province borders run between districts of one province", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM districts d WHERE NOT EXISTS
		(SELECT 1 FROM borders b WHERE b.left_district = d.fid OR b.right_district = d.fid)`); n != 0 {
		t.Errorf("%d districts have no border", n)
	}

	// The SHA-256 of each file used is recorded with its source.
	sums := mirrorSums(t)
	for level, file := range map[string]string{"province": "geoBoundaries-AFG-ADM1.geojson", "district": "geoBoundaries-AFG-ADM2.geojson"} {
		var sum, name, licence, attribution string
		err := db.QueryRow("SELECT sha256, file_name, licence, attribution FROM boundary_sets WHERE level = ?", level).Scan(&sum, &name, &licence, &attribution)
		if err != nil {
			t.Fatalf("boundary_sets has no %s row: %v", level, err)
		}
		if name != file || sum != sums[file] {
			t.Errorf("%s set: file %s sha256 %s; want %s %s", level, name, sum, file, sums[file])
		}
		if !strings.Contains(attribution, "geoBoundaries") || licence == "" {
			t.Errorf("%s set: licence %q, attribution %q", level, licence, attribution)
		}
	}
}

// zipSlip writes a zip whose shapefile entry climbs out of its folder.
func zipSlip(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "boundaries-zip-slip.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := zip.NewWriter(f)
	for _, e := range []struct{ name, body string }{{"../../escape.shp", strings.Repeat("\x00", 100)}, {"ok.txt", "x"}} {
		fw, err := w.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(e.body))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportBadBoundaryFilesChangesNothing(t *testing.T) {
	t.Parallel()
	bad := badDir
	cases := []struct {
		file    string
		feature string // "" when the error is about the whole file
		reason  []string
	}{
		{"boundaries-coordinates-out-of-range.geojson", "feature 2 (Kushk)", []string{"outside longitude -180..180, latitude -90..90", "(200, 95)"}},
		{"boundaries-empty.geojson", "", []string{"no features"}},
		{"boundaries-linestring-not-polygon.geojson", "feature 1 (Paghman)", []string{"LineString", "Polygon or MultiPolygon"}},
		{"boundaries-nan-coordinate.geojson", "feature 1", []string{"NaN"}},
		{"boundaries-no-name-field.geojson", "", []string{"no name field", "the fields are shapeType"}},
		{"boundaries-not-a-featurecollection.geojson", "", []string{"must be a FeatureCollection"}},
		{"boundaries-null-geometry.geojson", "feature 1 (Paghman)", []string{"no geometry"}},
		{"boundaries-self-intersecting.geojson", "feature 1 (Figure eight)", []string{"crosses itself"}},
		{"boundaries-truncated.geojson", "feature 2", []string{"truncated"}},
		{"boundaries-unclosed-ring.geojson", "feature 1 (Paghman)", []string{"not closed"}},
		{"boundaries-unclosed-hole.shp", "feature 2", []string{"ring 2 is not closed"}},
		{"boundaries-zip-slip.zip", "", []string{"../../escape.shp", "climbs out"}},
		{"dataset-not-sqlite.gpkg", "", []string{"not an SQLite database"}},
	}
	// A new hostile file in the folder must get its own row here.
	listed := map[string]bool{}
	for _, c := range cases {
		listed[c.file] = true
	}
	files, _ := filepath.Glob(filepath.Join(bad, "boundaries-*"))
	files = append(files, "boundaries-zip-slip.zip", shapefiletest.UnclosedHoleName+".shp")
	for _, f := range files {
		switch filepath.Ext(f) {
		case ".dbf", ".shx", ".prj", ".cpg":
			continue // beside their .shp
		}
		if !listed[filepath.Base(f)] {
			t.Errorf("%s has no case in this test", filepath.Base(f))
		}
	}

	d, _ := fetchedDataset(t)
	before := contentChecksums(t, d.DB())
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join(bad, c.file)
			switch c.file {
			case "boundaries-zip-slip.zip":
				path = zipSlip(t)
			case shapefiletest.UnclosedHoleName + ".shp":
				path = shapefiletest.WriteSet(t, t.TempDir(), shapefiletest.UnclosedHoleName, shapefiletest.UnclosedHole())
			}
			_, err := d.ImportBoundaries(context.Background(), []string{path}, BoundaryOptions{})
			if err == nil {
				t.Fatal("imported")
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("error is not one line: %q", msg)
			}
			if strings.Contains(msg, " --") {
				t.Errorf("error %q gives command-line advice; the caller words that", msg)
			}
			var fe *FeatureError
			if !errors.As(err, &fe) {
				t.Fatalf("error %q is not a FeatureError", msg)
			}
			if fe.File != path || !strings.Contains(msg, path) {
				t.Errorf("error %q does not name the file", msg)
			}
			if c.feature != "" && !strings.Contains(msg, c.file+": "+c.feature+": ") {
				t.Errorf("error %q does not name %s", msg, c.feature)
			}
			if c.feature == "" && fe.Feature != 0 {
				t.Errorf("error %q names feature %d in a whole-file error", msg, fe.Feature)
			}
			for _, r := range c.reason {
				if !strings.Contains(msg, r) {
					t.Errorf("error %q does not give the reason %q", msg, r)
				}
			}
		})
	}
	assertSameContent(t, before, contentChecksums(t, d.DB()))
}

// districtAreas imports one district file into a new dataset and returns the
// stored area of each district by name and code.
func districtAreas(t *testing.T, path string) map[string]float64 {
	t.Helper()
	d := newDataset(t)
	rep, err := d.ImportBoundaries(context.Background(), []string{path}, BoundaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Districts != 398 {
		t.Fatalf("%s: %d districts, want 398", filepath.Base(path), rep.Districts)
	}
	rows, err := d.DB().Query("SELECT name, coalesce(code, ''), area_km2 FROM districts")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	areas := map[string]float64{}
	for rows.Next() {
		var name, code string
		var area float64
		if err := rows.Scan(&name, &code, &area); err != nil {
			t.Fatal(err)
		}
		key := name + " / " + code
		if _, dup := areas[key]; dup {
			t.Errorf("%s: %s twice", filepath.Base(path), key)
		}
		if !(area > 0) {
			t.Errorf("%s: %s has area %g", filepath.Base(path), key, area)
		}
		areas[key] = area
	}
	return areas
}

func TestDistrictFormatsAgree(t *testing.T) {
	t.Parallel()
	shp := mirrorFile(t, "geoBoundaries-AFG-ADM2.shp")
	formats := []struct{ name, path string }{
		{"shapefile", shp},
		{"GeoJSON", mirrorFile(t, "geoBoundaries-AFG-ADM2.geojson")},
	}
	if _, err := exec.LookPath("ogr2ogr"); err == nil || os.Getenv("CI") != "" {
		ogr2ogr := gdalTool(t, "ogr2ogr")
		gpkg := filepath.Join(t.TempDir(), "out.gpkg")
		if out, err := exec.Command(ogr2ogr, "-f", "GPKG", gpkg, shp).CombinedOutput(); err != nil {
			t.Fatalf("ogr2ogr: %v\n%s", err, out)
		}
		formats = append(formats, struct{ name, path string }{"GDAL GeoPackage", gpkg})
	} else {
		t.Log("ogr2ogr is not installed (Debian/Ubuntu: apt-get install gdal-bin); comparing without the GDAL-written GeoPackage")
	}
	ref := districtAreas(t, formats[0].path)
	for _, f := range formats[1:] {
		areas := districtAreas(t, f.path)
		for key, a := range ref {
			b, ok := areas[key]
			if !ok {
				t.Errorf("%s lacks %s", f.name, key)
				continue
			}
			if math.Abs(a-b) > 0.001*a {
				t.Errorf("%s: %s is %.3f km² in the shapefile, %.3f km² in the %s", key, f.name, a, b, f.name)
			}
		}
		for key := range areas {
			if _, ok := ref[key]; !ok {
				t.Errorf("%s has %s, which the shapefile lacks", f.name, key)
			}
		}
	}
}

func TestOgrinfoReadsDataset(t *testing.T) {
	t.Parallel()
	ogrinfo := gdalTool(t, "ogrinfo")
	d, _ := fetchedDataset(t)
	path := d.Path()
	// The analyst hands over the closed file.
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		out, err := exec.Command(ogrinfo, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	for layer, want := range map[string]string{"districts": "Feature Count: 398", "provinces": "Feature Count: 34"} {
		if out := run("-so", path, layer); !strings.Contains(out, want) {
			t.Errorf("ogrinfo -so %s: no %q in\n%s", layer, want, out)
		}
	}
	out := run(path)
	for _, layer := range []string{"provinces", "districts", "borders"} {
		if !strings.Contains(out, ": "+layer+" (") {
			t.Errorf("ogrinfo does not list the %s layer:\n%s", layer, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "ERROR") || strings.Contains(line, "Warning") {
			t.Errorf("ogrinfo complains: %s", line)
		}
	}
	if out := run("-q", path, "-sql", "SELECT name FROM provinces WHERE name = 'Ghazni'"); !strings.Contains(out, "name (String) = Ghazni") {
		t.Errorf("ogrinfo does not find Ghazni:\n%s", out)
	}
}

func TestImportLevelAgainReplacesIt(t *testing.T) {
	t.Parallel()
	d, _ := fetchedDataset(t)
	db := d.DB()
	ctx := context.Background()
	check := func(step string, rep BoundaryReport, err error, districtFile string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		c, _ := d.BoundaryCounts(ctx)
		if rep.Provinces != 34 || rep.Districts != 398 || len(rep.Unassigned) != 0 || c.Provinces != 34 || c.Districts != 398 {
			t.Errorf("%s: report %+v, stored %+v", step, rep, c)
		}
		for _, level := range []string{"province", "district"} {
			if n := queryInt(t, db, "SELECT count(*) FROM boundary_sets WHERE level = ? AND active", level); n != 1 {
				t.Errorf("%s: %d active %s sets, want 1", step, n, level)
			}
		}
		if n := queryInt(t, db, "SELECT count(*) FROM boundary_sets b WHERE active AND NOT EXISTS (SELECT 1 FROM districts WHERE boundary_set = b.id) AND NOT EXISTS (SELECT 1 FROM provinces WHERE boundary_set = b.id)"); n != 0 {
			t.Errorf("%s: %d active boundary sets are used by no feature", step, n)
		}
		if n := queryInt(t, db, "SELECT count(*) FROM boundary_sets b WHERE NOT active AND NOT EXISTS (SELECT 1 FROM boundary_history WHERE boundary_set = b.id)"); n != 0 {
			t.Errorf("%s: %d replaced boundary sets are not kept", step, n)
		}
		var name string
		db.QueryRow("SELECT b.file_name FROM districts d JOIN boundary_sets b ON b.id = d.boundary_set LIMIT 1").Scan(&name)
		if name != districtFile {
			t.Errorf("%s: districts come from %s, want %s", step, name, districtFile)
		}
		if n := queryInt(t, db, "SELECT count(*) FROM districts WHERE province_id IS NULL"); n != 0 {
			t.Errorf("%s: %d districts unplaced", step, n)
		}
		if n := queryInt(t, db, "SELECT count(*) FROM borders b WHERE NOT EXISTS (SELECT 1 FROM districts d WHERE d.fid = b.left_district)"); n != 0 {
			t.Errorf("%s: %d borders belong to districts that are gone", step, n)
		}
	}
	rep, err := d.ImportBoundaries(ctx, []string{mirrorFile(t, "geoBoundaries-AFG-ADM2.shp")}, BoundaryOptions{})
	check("districts again, from the shapefile", rep, err, "geoBoundaries-AFG-ADM2.shp")
	rep, err = d.ImportBoundaries(ctx, []string{mirrorFile(t, "geoBoundaries-AFG-ADM1.geojson")}, BoundaryOptions{})
	check("provinces again", rep, err, "geoBoundaries-AFG-ADM2.shp")
	if n := queryInt(t, db, "SELECT count(*) FROM districts d JOIN provinces p ON p.fid = d.province_id WHERE p.name = 'Badakhshan'"); n != 28 {
		t.Errorf("after the provinces were replaced Badakhshan has %d districts, want 28", n)
	}
}

// copyShapefileSet copies the mirror's district shapefile into dir under the
// name afg.* and writes prj as its .prj.
func copyShapefileSet(t *testing.T, dir, prj string) string {
	t.Helper()
	for _, ext := range []string{".shp", ".shx", ".dbf"} {
		copyFile(t, mirrorFile(t, "geoBoundaries-AFG-ADM2"+ext), filepath.Join(dir, "afg"+ext))
	}
	if err := os.WriteFile(filepath.Join(dir, "afg.prj"), []byte(prj), 0o644); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "afg.shp")
}

const utm42N = `PROJCS["WGS 84 / UTM zone 42N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],` +
	`PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],` +
	`PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",69],PARAMETER["scale_factor",0.9996],` +
	`PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1]]`

func TestImportRefusesPrjThatIsNotWGS84(t *testing.T) {
	t.Parallel()
	d := newDataset(t)
	ctx := context.Background()
	dir := t.TempDir()
	shp := copyShapefileSet(t, dir, string(readBytes(t, mirrorFile(t, "geoBoundaries-AFG-ADM2.prj"))))
	// The same copied set with its own WGS 84 .prj imports, so the refusal
	// below is the .prj's doing.
	if rep, err := d.ImportBoundaries(ctx, []string{shp}, BoundaryOptions{}); err != nil || rep.Districts != 398 {
		t.Fatalf("the copied set with a WGS 84 .prj: %+v, %v", rep, err)
	}
	before := contentChecksums(t, d.DB())
	if err := os.WriteFile(filepath.Join(dir, "afg.prj"), []byte(utm42N), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := d.ImportBoundaries(ctx, []string{shp}, BoundaryOptions{})
	if err == nil {
		t.Fatal("a UTM shapefile was imported as longitude/latitude")
	}
	if msg := err.Error(); !strings.Contains(msg, shp) || !strings.Contains(msg, "not in WGS 84") || !errors.Is(err, ErrNotLonLat) {
		t.Errorf("error %q should name the file, say the .prj is not WGS 84 and wrap ErrNotLonLat", msg)
	}
	assertSameContent(t, before, contentChecksums(t, d.DB()))
}

// writeZip writes a zip archive of the given entries, in order.
func writeZip(t *testing.T, path string, entries []struct{ name, src string }) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := zip.NewWriter(f)
	for _, e := range entries {
		ew, err := w.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ew.Write(readBytes(t, e.src)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestImportZippedShapefile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	var set []struct{ name, src string }
	for _, ext := range []string{".shp", ".shx", ".dbf", ".prj"} {
		set = append(set, struct{ name, src string }{"AFG/geoBoundaries-AFG-ADM2" + ext, mirrorFile(t, "geoBoundaries-AFG-ADM2"+ext)})
	}
	good := filepath.Join(dir, "districts.zip")
	writeZip(t, good, set)
	d := newDataset(t)
	if rep, err := d.ImportBoundaries(ctx, []string{good}, BoundaryOptions{}); err != nil || rep.Districts != 398 {
		t.Fatalf("zipped shapefile: %+v, %v", rep, err)
	}
	before := contentChecksums(t, d.DB())

	// The same set behind entry names that climb out of the archive, in
	// the ways an archive can spell that; none is extracted anywhere.
	for _, evil := range []string{"../districts.shp", `..\..\districts.shp`, "/tmp/districts.shp", "AFG/../../districts.shp", `C:\districts.shp`} {
		slip := filepath.Join(dir, "slip.zip")
		entries := append([]struct{ name, src string }{{evil, mirrorFile(t, "geoBoundaries-AFG-ADM2.shp")}}, set[1:]...)
		writeZip(t, slip, entries)
		_, err := d.ImportBoundaries(ctx, []string{slip}, BoundaryOptions{})
		if err == nil {
			t.Errorf("entry %q: imported", evil)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "slip.zip") || !strings.Contains(msg, fmt.Sprintf("%q", evil)) {
			t.Errorf("entry %q: error %q should name the archive and the entry", evil, msg)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "districts.shp")); err == nil {
		t.Error("an entry was written outside the archive's folder")
	}
	assertSameContent(t, before, contentChecksums(t, d.DB()))
}

// geoBoundariesServer serves the API's answer for ADM1 and ADM2 and the files
// it names, from the mirror, with serve deciding each file's bytes. files
// holds the mirror's two GeoJSON files by name; they are read before the
// server starts, so that no handler has to fail the test.
func geoBoundariesServer(t *testing.T, serve func(w http.ResponseWriter, name string, files map[string][]byte)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	files := map[string][]byte{}
	for _, adm := range []string{"ADM1", "ADM2"} {
		name := "geoBoundaries-AFG-" + adm + ".geojson"
		files[name] = readBytes(t, mirrorFile(t, name))
	}
	hits := new(atomic.Int32)
	var srv *httptest.Server
	srv = newPipeServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch {
		case strings.HasPrefix(r.URL.Path, "/api/gbOpen/AFG/"):
			adm := strings.Trim(strings.TrimPrefix(r.URL.Path, "/api/gbOpen/AFG/"), "/")
			if adm != "ADM1" && adm != "ADM2" {
				http.NotFound(w, r)
				return
			}
			fmt.Fprintf(w, `{"boundaryISO": "AFG", "boundaryType": %q, "gjDownloadURL": "%s/files/geoBoundaries-AFG-%s.geojson"}`, adm, srv.URL, adm)
		case strings.HasPrefix(r.URL.Path, "/files/"):
			name := strings.TrimPrefix(r.URL.Path, "/files/")
			if files[name] == nil {
				http.NotFound(w, r)
				return
			}
			serve(w, name, files)
		default:
			http.NotFound(w, r)
		}
	}))
	return srv, hits
}

func serveWhole(w http.ResponseWriter, name string, files map[string][]byte) { w.Write(files[name]) }

func TestFetchBoundariesDownloads(t *testing.T) {
	// No mirror at all: neither the option nor the environment.
	t.Setenv("AFCONTROL_MIRROR", "")
	srv, hits := geoBoundariesServer(t, serveWhole)
	d := newDataset(t)
	var progress []string
	rep, err := d.FetchBoundaries(context.Background(), FetchOptions{
		API:      srv.URL + "/api/gbOpen/AFG/",
		Client:   srv.Client(),
		Progress: func(m string) { progress = append(progress, m) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Provinces != 34 || rep.Districts != 398 || len(rep.Unassigned) != 0 {
		t.Errorf("report %+v", rep)
	}
	if n := hits.Load(); n != 4 {
		t.Errorf("%d requests, want 4 (two API answers, two files)", n)
	}
	if !strings.Contains(strings.Join(progress, "\n"), "downloading geoBoundaries-AFG-ADM2.geojson") {
		t.Errorf("no download progress in %q", progress)
	}
	sums := mirrorSums(t)
	rows, err := d.DB().Query("SELECT file_name, sha256 FROM boundary_sets")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var name, sum string
		rows.Scan(&name, &sum)
		if sum != sums[name] {
			t.Errorf("%s recorded with SHA-256 %s, want %s", name, sum, sums[name])
		}
		n++
	}
	if n != 2 {
		t.Errorf("%d boundary sets, want 2", n)
	}
}

func TestFetchBoundariesRefusesBadDownloads(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		serve  func(w http.ResponseWriter, name string, files map[string][]byte)
		reason []string
	}{
		{"truncated district file", func(w http.ResponseWriter, name string, files map[string][]byte) {
			body := files[name]
			if strings.Contains(name, "ADM2") {
				body = body[:len(body)/2]
			}
			w.Write(body)
		}, []string{"geoBoundaries-AFG-ADM2.geojson", "truncated"}},
		{"connection cut during the district file", func(w http.ResponseWriter, name string, files map[string][]byte) {
			body := files[name]
			if strings.Contains(name, "ADM2") {
				w.Header().Set("Content-Length", fmt.Sprint(len(body)))
				w.Write(body[:len(body)/3])
				return // the server closes the connection short of the promised length
			}
			w.Write(body)
		}, []string{"geoBoundaries-AFG-ADM2.geojson", "unexpected EOF"}},
		{"district file missing", func(w http.ResponseWriter, name string, files map[string][]byte) {
			body := files[name]
			if strings.Contains(name, "ADM2") {
				http.Error(w, "gone", http.StatusNotFound)
				return
			}
			w.Write(body)
		}, []string{"geoBoundaries-AFG-ADM2.geojson", "404"}},
		{"province file served as the district file", func(w http.ResponseWriter, name string, files map[string][]byte) {
			body := files[name]
			if strings.Contains(name, "ADM2") {
				body = files["geoBoundaries-AFG-ADM1.geojson"]
			}
			w.Write(body)
		}, []string{"both province files"}},
		{"district file with a quarter of the districts", func(w http.ResponseWriter, name string, files map[string][]byte) {
			body := files[name]
			if strings.Contains(name, "ADM2") {
				var fc map[string]any
				if err := json.Unmarshal(body, &fc); err != nil {
					http.Error(w, err.Error(), http.StatusInternalServerError)
					return
				}
				fc["features"] = fc["features"].([]any)[:100]
				body, _ = json.Marshal(fc)
			}
			w.Write(body)
		}, []string{"34 provinces and 100 districts", "expected 34 and about 400"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv, _ := geoBoundariesServer(t, c.serve)
			d := newDataset(t)
			before := contentChecksums(t, d.DB())
			_, err := d.FetchBoundaries(context.Background(), FetchOptions{
				Mirror: t.TempDir(), // holds nothing, so the files are downloaded
				API:    srv.URL + "/api/gbOpen/AFG/",
				Client: srv.Client(),
			})
			if err == nil {
				t.Fatal("fetched")
			}
			for _, r := range c.reason {
				if !strings.Contains(err.Error(), r) {
					t.Errorf("error %q lacks %q", err, r)
				}
			}
			assertSameContent(t, before, contentChecksums(t, d.DB()))
		})
	}
}

// alteredMirror copies the mirror's boundary files and SHA256SUMS into a new
// folder and changes one byte of the district file.
func alteredMirror(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"SHA256SUMS", "geoBoundaries-AFG-ADM1.geojson", "geoBoundaries-AFG-ADM2.geojson"} {
		copyFile(t, mirrorFile(t, name), filepath.Join(dir, name))
	}
	path := filepath.Join(dir, "geoBoundaries-AFG-ADM2.geojson")
	b := readBytes(t, path)
	i := len(b) / 2
	for b[i] < '0' || b[i] > '8' {
		i++
	}
	b[i]++ // one digit of one coordinate: still valid GeoJSON
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestFetchBoundariesRefusesAlteredMirror(t *testing.T) {
	t.Parallel()
	mirror := alteredMirror(t)
	srv, hits := geoBoundariesServer(t, serveWhole)
	d := newDataset(t)
	before := contentChecksums(t, d.DB())
	_, err := d.FetchBoundaries(context.Background(), FetchOptions{Mirror: mirror, API: srv.URL + "/api/gbOpen/AFG/", Client: srv.Client()})
	if err == nil {
		t.Fatal("an altered mirror file was accepted")
	}
	if msg := err.Error(); !strings.Contains(msg, filepath.Join(mirror, "geoBoundaries-AFG-ADM2.geojson")) || !strings.Contains(msg, "SHA256SUMS") {
		t.Errorf("error %q should name the file and the SHA256SUMS mismatch", msg)
	}
	if hits.Load() != 0 {
		t.Error("a mirror that fails its check must not fall back to downloading")
	}
	assertSameContent(t, before, contentChecksums(t, d.DB()))

	// A mirror whose SHA256SUMS does not list a file is refused too.
	os.WriteFile(filepath.Join(mirror, "SHA256SUMS"), []byte(mirrorSums(t)["geoBoundaries-AFG-ADM1.geojson"]+"  geoBoundaries-AFG-ADM1.geojson\n"), 0o644)
	if _, err := d.FetchBoundaries(context.Background(), FetchOptions{Mirror: mirror}); err == nil || !strings.Contains(err.Error(), "not listed") {
		t.Errorf("a file missing from SHA256SUMS: %v", err)
	}
	assertSameContent(t, before, contentChecksums(t, d.DB()))
}

func TestNameKey(t *testing.T) {
	same := [][]string{
		{"Qala-i-Naw", "Qala-e-Naw", "qala i naw", "Qala-I- Naw", "QALA I NAW"},
		{"Herat", "Hirat"},
		{"Sar-e Pol", "Sar-e Pul"},
		{"Nimruz", "Nimroz"},
		{"Paktia", "Paktya"},
		{"Uruzgan", "Oruzgan"},
		{"Zanda Jan", "Zanda  Jan\n", "zanda-jan"},
		{"Kohistanat", "Kōhistānāt"},
	}
	for _, group := range same {
		want := nameKey(group[0])
		if want == "" {
			t.Errorf("nameKey(%q) is empty", group[0])
		}
		for _, name := range group[1:] {
			if got := nameKey(name); got != want {
				t.Errorf("nameKey(%q) = %q, nameKey(%q) = %q; want the same", name, got, group[0], want)
			}
		}
	}
	different := [][2]string{
		{"Kabul", "Kandahar"},
		{"Arghandab", "Arghistan"},
		{"Khost", "Khost wa Firing"},
		{"Ghazni", "Ghor"},
		{"Paktia", "Paktika"},
	}
	for _, p := range different {
		if a, b := nameKey(p[0]), nameKey(p[1]); a == b {
			t.Errorf("nameKey(%q) = nameKey(%q) = %q; different places need different keys", p[0], p[1], a)
		}
	}
	for _, empty := range []string{"", "   ", "--", "\t-\n"} {
		if got := nameKey(empty); got != "" {
			t.Errorf("nameKey(%q) = %q, want empty", empty, got)
		}
	}
	// A name that is only a connector is kept, not dropped to nothing.
	if nameKey("e") == "" {
		t.Error(`nameKey("e") is empty`)
	}
}

func TestCleanName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Zanda  Jan\n", "Zanda Jan"},
		{"  Kabul ", "Kabul"},
		{"Deh\tBala", "Deh Bala"},
		{"Sar-e\u00a0Pul", "Sar-e Pul"},
		{"Qala-i-Naw", "Qala-i-Naw"},
		{"\r\n", ""},
		{"", ""},
	} {
		if got := cleanName(c.in); got != c.want {
			t.Errorf("cleanName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestInit(t *testing.T) {
	t.Setenv("AFCONTROL_MIRROR", "")
	ctx := context.Background()
	mirror := embeddedMirror(t)
	var asked atomic.Int32
	failing := newPipeServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		http.Error(w, "no network", http.StatusInternalServerError)
	}))

	t.Run("fresh path, no mirror", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "new", "folder", "afcontrol.gpkg")
		rep, err := Init(ctx, path, FetchOptions{API: failing.URL + "/", Client: failing.Client()})
		if err != nil {
			t.Fatal(err)
		}
		if n := asked.Load(); n != 0 {
			t.Errorf("Init without a mirror asked the network %d times; it must use the embedded boundaries", n)
		}
		if rep.Boundaries.Provinces != 34 || rep.Boundaries.Districts != 398 || len(rep.Boundaries.Unassigned) != 0 {
			t.Errorf("report %+v", rep.Boundaries)
		}
		d, err := Open(path)
		if err != nil {
			t.Fatalf("the dataset Init made does not open: %v", err)
		}
		defer d.Close()
		if c, err := d.BoundaryCounts(ctx); err != nil || c.Provinces != 34 || c.Districts != 398 || c.Borders == 0 {
			t.Errorf("the dataset holds %+v (%v)", c, err)
		}
	})

	t.Run("from a mirror", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "afcontrol.gpkg")
		rep, err := Init(ctx, path, FetchOptions{Mirror: mirror, API: failing.URL + "/", Client: failing.Client()})
		if err != nil || rep.Boundaries.Districts != 398 {
			t.Fatalf("Init from a mirror: %+v, %v", rep.Boundaries, err)
		}
	})

	t.Run("existing path", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "afcontrol.gpkg")
		content := []byte("already here")
		os.WriteFile(path, content, 0o644)
		if _, err := Init(ctx, path, FetchOptions{Mirror: mirror}); err == nil || !strings.Contains(err.Error(), "exists") {
			t.Errorf("Init over an existing file: %v", err)
		}
		assertUntouched(t, path, content)
	})

	for _, c := range []struct {
		name, mirror, reason string
	}{
		{"mirror with a bad checksum", alteredMirror(t), "SHA256SUMS"},
		{"mirror without the files", t.TempDir(), "lacks geoBoundaries-AFG-ADM1.geojson"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "afcontrol.gpkg")
			_, err := Init(ctx, path, FetchOptions{Mirror: c.mirror, API: failing.URL + "/", Client: failing.Client()})
			if err == nil {
				t.Fatal("Init succeeded")
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.reason) {
				t.Errorf("error %q should name the file and say %q", err, c.reason)
			}
			left, _ := os.ReadDir(dir)
			for _, e := range left {
				t.Errorf("a failed Init left %s behind", e.Name())
			}
		})
	}
}

// Keep the hash helpers honest: equal rows hash equal, and a change of one
// value, or moving a byte between columns, changes the hash.
func TestContentChecksumsSeeChanges(t *testing.T) {
	d := newDataset(t)
	db := d.DB()
	if _, err := db.Exec("CREATE TABLE t (a TEXT, b BLOB); INSERT INTO t VALUES ('ab', x'63')"); err != nil {
		t.Fatal(err)
	}
	first := contentChecksums(t, db)
	if again := contentChecksums(t, db); again["t"] != first["t"] {
		t.Fatal("the same rows hash differently")
	}
	db.Exec("UPDATE t SET a = 'a', b = x'6263'")
	if contentChecksums(t, db)["t"] == first["t"] {
		t.Error("moving a byte between columns was not seen")
	}
	second := contentChecksums(t, db)
	db.Exec("INSERT INTO t VALUES (NULL, NULL)")
	if contentChecksums(t, db)["t"] == second["t"] {
		t.Error("a new row was not seen")
	}
}

package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/data/datatest"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/geo/brief"
	"github.com/paulmach/orb"
)

// invalidPolygons counts the features of layer in file whose geometry GEOS
// (through GDAL's SQLite dialect) finds invalid.
func invalidPolygons(t *testing.T, file, layer, geom string) int {
	t.Helper()
	ogrinfo := needTool(t, "ogrinfo")
	out, err := exec.Command(ogrinfo, "-ro", "-q", "-dialect", "sqlite", "-sql",
		`SELECT count(*) AS invalid FROM "`+layer+`" WHERE NOT ST_IsValid(`+geom+`)`, file).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo ST_IsValid on %s: %v\n%s", file, err, out)
	}
	m := regexp.MustCompile(`invalid \(Integer\) = (\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("ogrinfo ST_IsValid on %s printed no count:\n%s", file, out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// featureCount is the feature count ogrinfo reports for layer of file, or
// for all its layers when layer is "".
func featureCount(t *testing.T, file, layer string) int {
	t.Helper()
	ogrinfo := needTool(t, "ogrinfo")
	args := []string{"-ro", "-so", "-al", file}
	if layer != "" {
		args = []string{"-ro", "-so", file, layer}
	}
	out, err := exec.Command(ogrinfo, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo %s: %v\n%s", file, err, out)
	}
	if bytes.Contains(out, []byte("Warning")) || bytes.Contains(out, []byte("ERROR")) {
		t.Errorf("ogrinfo complains about %s:\n%s", file, out)
	}
	total := 0
	for _, m := range regexp.MustCompile(`Feature Count: (\d+)`).FindAllSubmatch(out, -1) {
		n, _ := strconv.Atoi(string(m[1]))
		total += n
	}
	return total
}

func TestExportsJoinByCodeAndStayValid(t *testing.T) {
	db := datatest.Template(t)
	dir := t.TempDir()
	js, tab := filepath.Join(dir, "d.geojson"), filepath.Join(dir, "d.csv")
	afc(t, "export", "geojson", "--db", db, "--date", "2021-08-15", "-o", js)
	afc(t, "export", "csv", "--excel", "--db", db, "--date", "2021-08-15", "-o", tab)

	if n := invalidPolygons(t, js, "d", "geometry"); n != 0 {
		t.Errorf("%d of the exported GeoJSON polygons are invalid", n)
	}
	b, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	mapCodes := map[string]string{}
	for _, f := range fc.Features {
		code, _ := f.Properties["district_code"].(string)
		mapCodes[code], _ = f.Properties["status"].(string)
	}
	if regexp.MustCompile(`\.[0-9]{7,}[,\]]`).Match(b) {
		t.Error("the GeoJSON has coordinates with more than six decimals")
	}

	raw, err := os.ReadFile(tab)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")) {
		t.Fatalf("--excel CSV starts %q, want a UTF-8 byte order mark", raw[:min(8, len(raw))])
	}
	recs, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	codeCol := slicesIndex(recs[0], "district_code")
	if codeCol < 0 {
		t.Fatalf("CSV header %q has no district_code", recs[0])
	}
	tableCodes := map[string]string{}
	for _, rec := range recs[1:] {
		tableCodes[rec[codeCol]] = rec[2]
	}
	if len(tableCodes) != 398 || len(mapCodes) != 398 {
		t.Fatalf("%d unique codes in the CSV and %d in the GeoJSON; want 398 each", len(tableCodes), len(mapCodes))
	}
	for code, st := range tableCodes {
		if code == "" {
			t.Error("a CSV row has no district code")
		}
		if mapCodes[code] != st {
			t.Errorf("code %s: CSV status %q, GeoJSON %q", code, st, mapCodes[code])
		}
	}
}

func TestExportGPKG(t *testing.T) {
	db := datatest.Template(t)
	dir := t.TempDir()
	day, all := filepath.Join(dir, "day.gpkg"), filepath.Join(dir, "intervals.gpkg")
	afc(t, "export", "gpkg", "--db", db, "--date", "2021-08-15", "-o", day)
	afc(t, "export", "gpkg", "--db", db, "--intervals", "-o", all)
	if n := featureCount(t, day, "status"); n != 398 {
		t.Errorf("the day's GeoPackage has %d features, want 398", n)
	}
	if n := featureCount(t, all, "status_intervals"); n <= 398 {
		t.Errorf("the interval GeoPackage has %d features, want more than one a district", n)
	}
	for file, layer := range map[string]string{day: "status", all: "status_intervals"} {
		if n := invalidPolygons(t, file, layer, "geom"); n != 0 {
			t.Errorf("%s: %d invalid polygons", filepath.Base(file), n)
		}
		validate(t, file)
	}
}

// validate runs GDAL's validate_gpkg.py, as Debian's python3-gdal installs
// it, strictly on file.
func validate(t *testing.T, file string) {
	t.Helper()
	script, err := exec.Command("/usr/bin/python3", "-c", "import osgeo_utils.samples.validate_gpkg as m; print(m.__file__)").Output()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("GDAL's validate_gpkg.py is missing (%v): install python3-gdal", err)
		}
		t.Skip("GDAL's validate_gpkg.py is missing (Debian/Ubuntu: apt-get install python3-gdal)")
	}
	out, err := exec.Command("/usr/bin/python3", strings.TrimSpace(string(script)), "-k", "--extra", "--warning-as-error", file).CombinedOutput()
	if err != nil {
		t.Errorf("validate_gpkg.py %s: %v\n%s", filepath.Base(file), err, out)
	}
}

func TestExportKML(t *testing.T) {
	db := datatest.Template(t)
	dir := t.TempDir()
	day, all := filepath.Join(dir, "day.kml"), filepath.Join(dir, "intervals.kml")
	afc(t, "export", "kml", "--db", db, "--date", "2021-08-15", "-o", day)
	afc(t, "export", "kml", "--db", db, "--intervals", "-o", all)
	if n := featureCount(t, day, ""); n != 398 {
		t.Errorf("the day's KML has %d placemarks, want 398", n)
	}
	if n := invalidPolygons(t, day, "afcontrol: 398 districts, 2021-08-15, confirmed", "geometry"); n != 0 {
		t.Errorf("%d invalid polygons in the KML", n)
	}
	b, err := os.ReadFile(all)
	if err != nil {
		t.Fatal(err)
	}
	spans := bytes.Count(b, []byte("<TimeSpan>"))
	if n := bytes.Count(b, []byte("<Placemark>")); spans != n || n <= 398 {
		t.Errorf("interval KML: %d placemarks, %d with a TimeSpan", n, spans)
	}
	// Nirkh fell on 2021-05-11: its Taliban interval begins that day.
	if !regexp.MustCompile(`<name>Nirkh \(Wardak\)</name><TimeSpan><begin>2021-05-11</begin>`).Match(b) {
		t.Error("no interval of Nirkh beginning 2021-05-11")
	}
	p := geo.DefaultPalette().Confirmed[geo.Taliban].Base
	if want := "<Style id=\"taliban\"><LineStyle>"; !bytes.Contains(b, []byte(want)) ||
		!bytes.Contains(b, []byte("<PolyStyle><color>d9"+hexByte(p.B)+hexByte(p.G)+hexByte(p.R)+"</color>")) {
		t.Error("the KML lacks the palette's Taliban style")
	}
}

func hexByte(b uint8) string { return strconv.FormatUint(uint64(b)|0x100, 16)[1:] }

func TestExportPNGWorldFile(t *testing.T) {
	db := datatest.Template(t)
	out := filepath.Join(t.TempDir(), "m.png")
	afc(t, "export", "png", "--db", db, "--date", "2021-08-15", "--world-file", "-o", out)
	gdalinfo := needTool(t, "gdalinfo")
	info, err := exec.Command(gdalinfo, out).CombinedOutput()
	if err != nil {
		t.Fatalf("gdalinfo: %v\n%s", err, info)
	}
	if !bytes.Contains(info, []byte("Lambert Conformal Conic")) {
		t.Errorf("gdalinfo does not report the render's projection:\n%s", info)
	}
	// The corners in lon/lat frame Afghanistan (60-75 E, 29-39 N).
	corner := regexp.MustCompile(`(Upper Left|Lower Right)\s+\(\s*(-?[0-9.]+),\s*(-?[0-9.]+)\)\s+\(\s*(\d+)d`)
	ms := corner.FindAllSubmatch(info, -1)
	if len(ms) != 2 {
		t.Fatalf("gdalinfo reports no corner coordinates in lon/lat:\n%s", info)
	}
	ulLon, _ := strconv.Atoi(string(ms[0][4]))
	lrLon, _ := strconv.Atoi(string(ms[1][4]))
	if ulLon > 60 || lrLon < 75 {
		t.Errorf("corners at %d° E and %d° E do not frame the country:\n%s", ulLon, lrLon, info)
	}
	// A point GDAL projects with the .prj lands where the renderer puts it.
	gt := needTool(t, "gdaltransform")
	cmd := exec.Command(gt, "-s_srs", "EPSG:4326", "-t_srs", strings.TrimSuffix(out, ".png")+".prj")
	cmd.Stdin = strings.NewReader("70.5 36.25\n")
	res, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("gdaltransform: %v\n%s", err, res)
	}
	f := strings.Fields(bufio.NewScanner(bytes.NewReader(res)).Text() + string(res))
	if len(f) < 2 {
		t.Fatalf("gdaltransform printed %q", res)
	}
	x, _ := strconv.ParseFloat(f[0], 64)
	y, _ := strconv.ParseFloat(f[1], 64)
	want := geo.Afghanistan.Forward(orb.Point{70.5, 36.25})
	if math.Abs(x-want[0]) > 1 || math.Abs(y-want[1]) > 1 {
		t.Errorf("the .prj puts 70.5 E 36.25 N at (%.1f, %.1f); the renderer at (%.1f, %.1f)", x, y, want[0], want[1])
	}
}

func slicesIndex(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// TestExportPDFIsGeoPDF reads a briefing PDF's georeferencing back with
// GDAL: in the render's projection, the page's top left and its pixel size
// are where and what the map's view makes them.
func TestExportPDFIsGeoPDF(t *testing.T) {
	db := datatest.Template(t)
	out := filepath.Join(t.TempDir(), "b.pdf")
	afc(t, "export", "pdf", "--db", db, "--date", "2021-08-15", "-o", out)
	// Adding the viewport moved the objects after it: every cross-reference
	// entry must still point at its object.
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	sx := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\s*$`).FindSubmatch(raw)
	if sx == nil {
		t.Fatal("the PDF ends without startxref")
	}
	at, _ := strconv.Atoi(string(sx[1]))
	if !bytes.HasPrefix(raw[at:], []byte("xref\n")) {
		t.Fatalf("startxref %d does not point at the xref table", at)
	}
	for _, e := range regexp.MustCompile(`(\d{10}) \d{5} n`).FindAllSubmatch(raw[at:], -1) {
		off, _ := strconv.Atoi(string(e[1]))
		if !regexp.MustCompile(`^\d+ 0 obj`).Match(raw[off:min(off+16, len(raw))]) {
			t.Errorf("xref entry %s points at %q", e[1], raw[off:min(off+16, len(raw))])
		}
	}
	gdalinfo := needTool(t, "gdalinfo")
	info, err := exec.Command(gdalinfo, out).CombinedOutput()
	if err != nil {
		t.Fatalf("gdalinfo: %v\n%s", err, info)
	}
	if !bytes.Contains(info, []byte("Lambert Conformal Conic")) {
		t.Fatalf("gdalinfo reads no projection from the PDF:\n%s", info)
	}
	m := regexp.MustCompile(`Origin = \((-?[0-9.]+),(-?[0-9.]+)\)\nPixel Size = \((-?[0-9.]+),(-?[0-9.]+)\)`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("gdalinfo reports no geotransform:\n%s", info)
	}
	var v [4]float64
	for i := range v {
		v[i], _ = strconv.ParseFloat(string(m[i+1]), 64)
	}
	d := openForTest(t, db)
	s := loadScene(t, d)
	mw, mh := brief.A4Landscape.MapArea()
	view := s.ExportView(nil, int(math.Round(mw)), int(math.Round(mh)))
	// GDAL rasterises the page at 150 dpi: a pixel is 72/150 points.
	px := 72.0 / 150 / view.Scale
	if math.Abs(v[0]-view.X0) > 2*px || math.Abs(v[1]-view.Y0) > 2*px || math.Abs(v[2]-px)/px > 0.01 || math.Abs(-v[3]-px)/px > 0.01 {
		t.Errorf("GDAL places the page at (%.0f, %.0f), %.1f × %.1f m a pixel; the view at (%.0f, %.0f), %.1f m",
			v[0], v[1], v[2], -v[3], view.X0, view.Y0, px)
	}
}

package data

import (
	"context"
	"database/sql"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
)

// debianPython is the Python that Debian's python3-gdal and python3-qgis
// install into: /usr/bin/python3, not whichever python3 comes first on PATH.
const debianPython = "/usr/bin/python3"

// validateGPKG returns the path of GDAL's validate_gpkg.py as Debian's
// python3-gdal installs it.
func validateGPKG(tb testing.TB) string {
	tb.Helper()
	out, err := exec.Command(debianPython, "-c", "import osgeo_utils.samples.validate_gpkg as m; print(m.__file__)").Output()
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("GDAL's validate_gpkg.py is not importable (%v); CI must install python3-gdal", err)
		}
		tb.Skip("GDAL's validate_gpkg.py is not installed (Debian/Ubuntu: apt-get install python3-gdal)")
	}
	return strings.TrimSpace(string(out))
}

// editedDataset is a dataset made by Init, given an import and one of
// each edit, so that every write path has left its mark.
func editedDataset(t *testing.T) (*Dataset, string) {
	t.Helper()
	d, path := initedDataset(t)
	ctx := context.Background()
	if _, err := d.ImportEvents(ctx, filepath.Join("testdata", "qgis-events.csv"), EventOptions{}); err != nil {
		t.Fatal(err)
	}
	e, err := d.AddEvent(ctx, handRow())
	if err != nil {
		t.Fatal(err)
	}
	row := handRow()
	row.Status, row.District, row.Province = events.Taliban, "Shindand", "Herat"
	if _, err := d.UpdateEvent(ctx, e.FID, row); err != nil {
		t.Fatal(err)
	}
	other, err := d.AddEvent(ctx, handRow())
	if err != nil {
		t.Fatal(err)
	}
	del, err := d.DeleteEvent(ctx, other.FID)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.RestoreEvent(ctx, del); err != nil {
		t.Fatal(err)
	}
	if _, err := d.DeleteEvent(ctx, other.FID); err != nil {
		t.Fatal(err)
	}
	return d, path
}

func TestGeoPackageValidates(t *testing.T) {
	script := validateGPKG(t)
	d, path := editedDataset(t)
	// Rows staged and copied in whole, with their audit, and spans.
	was := stageMinRows
	t.Cleanup(func() { stageMinRows = was; stagedCopy = nil })
	stageMinRows = 500
	var copied int64
	stagedCopy = func(n int64, _ bool) { copied += n }
	if _, err := d.ImportEvents(context.Background(), writeACLED(t, d, 3000, 0), EventOptions{}); err != nil || copied == 0 {
		t.Fatalf("%d events staged: %v", copied, err)
	}
	// Points, so that the import loads the events' spatial index whole.
	if _, err := d.ImportEvents(context.Background(), filepath.Join("testdata", "acled-2021.csv"), EventOptions{}); err != nil {
		t.Fatal(err)
	}
	var points int
	if err := d.DB().QueryRow("SELECT count(*) FROM events WHERE geom NOT NULL AND ST_MinX(geom) BETWEEN 69 AND 71").Scan(&points); err != nil || points == 0 {
		t.Fatalf("%d points with longitude 69–71 after the ACLED import (%v)", points, err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(debianPython, script, "-k", "--extra", "--warning-as-error", path).CombinedOutput()
	if err != nil {
		t.Fatalf("validate_gpkg.py -k --extra --warning-as-error: %v\n%s", err, out)
	}
	ogrinfo := gdalTool(t, "ogrinfo")
	out, err = exec.Command(ogrinfo, "-ro", "-so", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	for _, layer := range []string{"status_intervals (Multi Polygon)", "events (Point)", "afcontrol_meta (None)", "boundary_sets (None)"} {
		if !strings.Contains(string(out), layer) {
			t.Errorf("ogrinfo does not list %q:\n%s", layer, out)
		}
	}
	if strings.Contains(string(out), "Warning") || strings.Contains(string(out), "ERROR") {
		t.Errorf("ogrinfo complains:\n%s", out)
	}
	// GDAL filters through the spatial index and finds the same points.
	out, err = exec.Command(ogrinfo, "-ro", "-so", "-spat", "69", "20", "71", "45", path, "events").CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo -spat: %v\n%s", err, out)
	}
	if want := fmt.Sprintf("Feature Count: %d\n", points); !strings.Contains(string(out), want) {
		t.Errorf("ogrinfo -spat 69 20 71 45 does not say %q:\n%s", want, out)
	}
}

func TestSpatialIndexFollowsEdits(t *testing.T) {
	d, _ := initedDataset(t)
	db := d.DB()
	for _, table := range []string{"provinces", "districts", "borders"} {
		var rows, indexed int
		if err := db.QueryRow("SELECT (SELECT count(*) FROM "+table+"), (SELECT count(*) FROM rtree_"+table+"_geom)").Scan(&rows, &indexed); err != nil {
			t.Fatal(err)
		}
		if rows == 0 || rows != indexed {
			t.Errorf("%s: %d rows, %d in the R-tree", table, rows, indexed)
		}
	}
	// A district's box in the R-tree holds its interior point.
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM districts d JOIN rtree_districts_geom r ON r.id = d.fid
		WHERE d.inner_lon BETWEEN r.minx AND r.maxx AND d.inner_lat BETWEEN r.miny AND r.maxy`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 398 {
		t.Errorf("%d of 398 district boxes hold their interior point", n)
	}
	geojson := filepath.Join(t.TempDir(), "points.geojson")
	if err := os.WriteFile(geojson, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature",
		"geometry":{"type":"Point","coordinates":[62.2,34.35]},
		"properties":{"date":"2021-07-10","status":"taliban","kind":"captured","claim":false,"source":"Point fixture","confidence":"high"}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ImportEvents(context.Background(), geojson, EventOptions{}); err != nil {
		t.Fatal(err)
	}
	var fid int64
	var minx, miny float64
	if err := db.QueryRow(`SELECT e.fid, r.minx, r.miny FROM events e JOIN rtree_events_geom r ON r.id = e.fid`).Scan(&fid, &minx, &miny); err != nil {
		t.Fatalf("the imported point is not in the R-tree: %v", err)
	}
	if minx < 62.19 || minx > 62.21 || miny < 34.34 || miny > 34.36 {
		t.Errorf("R-tree box of the point starts at (%g, %g), want about (62.2, 34.35)", minx, miny)
	}
	if _, err := d.DeleteEvent(context.Background(), fid); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("SELECT count(*) FROM rtree_events_geom").Scan(&n); err != nil || n != 0 {
		t.Errorf("after the delete the events R-tree holds %d rows (%v)", n, err)
	}
}

func TestTimestampsHaveMilliseconds(t *testing.T) {
	d, _ := editedDataset(t)
	var bad int
	if err := d.DB().QueryRow(`SELECT count(*) FROM events WHERE
		created_at NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'
		OR updated_at NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'
		OR reported_at IS NOT substr(date, 1, 10) || 'T00:00:00.000Z'`).Scan(&bad); err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Errorf("%d events with a timestamp not in GeoPackage 1.3 DATETIME form", bad)
	}
}

// intervalsOn reads the status_intervals layer on day in layer as QGIS's
// temporal filter selects it: valid_from on or before the day's start (or
// none), valid_to after it (or none).
func intervalsOn(t *testing.T, db *sql.DB, day events.Day, layer timeline.Layer) map[string]string {
	t.Helper()
	at := day.String() + "T00:00:00.000Z"
	rows, err := db.Query(`SELECT province || '/' || district, status FROM status_intervals WHERE layer = ?
		AND (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to > ?)`, layer.String(), at, at)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, s string
		if err := rows.Scan(&k, &s); err != nil {
			t.Fatal(err)
		}
		if _, dup := out[k]; dup {
			t.Errorf("%s %v: %s has two intervals", day, layer, k)
		}
		out[k] = s
	}
	return out
}

func TestIntervalsMatchTheMap(t *testing.T) {
	d, _ := editedDataset(t)
	checkIntervals(t, d)
}

// TestIntervalsFollowNewBoundaries replaces the district set (its fids
// change, and the events are linked again) and checks the layer follows.
func TestIntervalsFollowNewBoundaries(t *testing.T) {
	d, _ := initedDataset(t)
	if _, err := d.FetchBoundaries(context.Background(), FetchOptions{Mirror: embeddedMirror(t)}); err != nil {
		t.Fatal(err)
	}
	var stale int
	if err := d.DB().QueryRow("SELECT count(*) FROM status_spans WHERE district_id NOT IN (SELECT fid FROM districts)").Scan(&stale); err != nil {
		t.Fatal(err)
	}
	if stale != 0 {
		t.Errorf("%d spans of districts that are gone", stale)
	}
	checkIntervals(t, d)
}

// checkIntervals compares the status_intervals layer with the map on every
// day from before the first report to after the last, in both layers.
func checkIntervals(t *testing.T, d *Dataset) {
	t.Helper()
	ctx := context.Background()
	c, err := d.LoadControl(ctx)
	if err != nil {
		t.Fatal(err)
	}
	first, last, _ := c.Timeline.Range()
	var days []events.Day
	for day := first - 2; day <= last+2; day++ {
		days = append(days, day)
	}
	for _, layer := range []timeline.Layer{timeline.Confirmed, timeline.WithClaims} {
		for _, day := range days {
			got := intervalsOn(t, d.DB(), day, layer)
			want := c.Timeline.StatusOn(day, layer, nil)
			if len(got) != len(c.Districts) {
				t.Fatalf("%s %v: %d intervals, want one for each of %d districts", day, layer, len(got), len(c.Districts))
			}
			for i, dist := range c.Districts {
				if s := got[dist.Province+"/"+dist.Name]; s != want[i].String() {
					t.Errorf("%s %v: %s/%s is %s in status_intervals, %s on the map", day, layer, dist.Province, dist.Name, s, want[i])
				}
			}
		}
	}
}

func TestDefaultStylesStored(t *testing.T) {
	d := newDataset(t)
	rows, err := d.DB().Query("SELECT f_table_name, styleName, styleQML, styleSLD, useAsDefault FROM layer_styles WHERE owner = 'afcontrol'")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	defaults := map[string]int{}
	for rows.Next() {
		var table, name, qml, sld string
		var def bool
		if err := rows.Scan(&table, &name, &qml, &sld, &def); err != nil {
			t.Fatal(err)
		}
		for what, doc := range map[string]string{"QML": qml, "SLD": sld} {
			if err := xml.Unmarshal([]byte(doc), new(struct{})); err != nil {
				t.Errorf("%s %q: %s is not XML: %v", table, name, what, err)
			}
		}
		if def {
			defaults[table]++
		}
		if table == "status_intervals" && !strings.Contains(qml, `startField="valid_from" endField="valid_to"`) {
			t.Errorf("%q: no temporal preset from valid_from to valid_to", name)
		}
		if table == "status_intervals" && !strings.Contains(qml, "138,43,26,255") {
			t.Errorf("%q: the Taliban fill of the default palette is missing", name)
		}
	}
	for _, table := range []string{"status_intervals", "events", "districts", "provinces", "borders"} {
		if defaults[table] != 1 {
			t.Errorf("%s has %d default styles, want 1", table, defaults[table])
		}
	}
}

// TestMigrateSchema2 opens a dataset as schema 2 left it (seconds-only
// timestamps, a Date-only events layer, no spatial index, no interval layer)
// and checks that opening it brings it up to GeoPackage 1.3 in place, without
// an audit row for the rewrite.
//
// The driver reads DATETIME columns as time.Time, so the test reads them
// through an expression to see the stored text.
func TestMigrateSchema2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.gpkg")
	old, err := openDB(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"PRAGMA journal_mode=WAL", "PRAGMA application_id=1196444487", "PRAGMA user_version=10300",
		migrations[0], migrations[1],
		"INSERT INTO afcontrol_meta (key, value) VALUES ('schema_version', '2')",
		`INSERT INTO boundary_sets (level, source, file_name, licence, attribution, sha256, features, imported_at)
			VALUES ('district', 'test', 'f.geojson', 'PD', 'none', 'x', 0, '2024-01-02T03:04:05Z')`,
		`INSERT INTO events (date, province, district, status, kind, claim, source, confidence, created_at, updated_at)
			VALUES ('2021-07-07', 'Herat', 'Shindand', 'taliban', 'captured', 0, 'Old report', 'high', '2024-01-02T03:04:05Z', '2024-01-02T03:04:05Z')`,
	} {
		if _, err := old.db.Exec(q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	old.Close()
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var created, reported string
	var audits, styles int
	if err := d.DB().QueryRow(`SELECT created_at || '', reported_at || '', (SELECT count(*) FROM audit), (SELECT count(*) FROM layer_styles)
		FROM events`).Scan(&created, &reported, &audits, &styles); err != nil {
		t.Fatal(err)
	}
	if created != "2024-01-02T03:04:05.000Z" || reported != "2021-07-07T00:00:00.000Z" {
		t.Errorf("after the migration created_at %q, reported_at %q", created, reported)
	}
	var imported string
	if err := d.DB().QueryRow("SELECT imported_at FROM boundary_sets").Scan(&imported); err != nil || imported != "2024-01-02T03:04:05.000Z" {
		t.Errorf("boundary set imported_at %q (%v) after the migration", imported, err)
	}
	if audits != 0 {
		t.Errorf("the migration wrote %d audit rows", audits)
	}
	if styles == 0 {
		t.Error("the migration stored no styles")
	}
	var version string
	if err := d.DB().QueryRow("SELECT value FROM afcontrol_meta WHERE key = 'schema_version'").Scan(&version); err != nil || version != strconv.Itoa(SchemaVersion) {
		t.Errorf("schema version %q (%v), want %d", version, err, SchemaVersion)
	}
}

func TestRestoreKeepsMilliseconds(t *testing.T) {
	d, _ := initedDataset(t)
	ctx := context.Background()
	e, err := d.AddEvent(ctx, handRow())
	if err != nil {
		t.Fatal(err)
	}
	var before string
	if err := d.DB().QueryRow("SELECT created_at || '' FROM events WHERE fid = ?", e.FID).Scan(&before); err != nil {
		t.Fatal(err)
	}
	del, err := d.DeleteEvent(ctx, e.FID)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.RestoreEvent(ctx, del); err != nil {
		t.Fatal(err)
	}
	var after string
	if err := d.DB().QueryRow("SELECT created_at || '' FROM events WHERE fid = ?", e.FID).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != before || len(after) != len("2006-01-02T15:04:05.000Z") {
		t.Errorf("created_at %q before the delete, %q after the restore", before, after)
	}
}

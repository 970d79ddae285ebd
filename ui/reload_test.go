package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/gpkg"
)

// TestMapFollowsReplacedDistricts imports, while the window is open, a
// district set with as many districts as the one shown but every polygon
// shrunk: the window builds its map again and shows the new polygons.
func TestMapFollowsReplacedDistricts(t *testing.T) {
	v, _ := newTestViewer(t, 1000, 700)
	path := writeLevel(t, v.ds, "districts", "ADM2", func(_ int64, name string, g orb.Geometry) (string, orb.Geometry) {
		return name, shrink(g, 0.7)
	})
	nv := importWhileOpen(t, v, path)
	if n := nv.scene.Renderer.Len(); n != len(v.scene.Control.Districts) {
		t.Fatalf("the new map has %d districts, want %d", n, len(v.scene.Control.Districts))
	}
	var before []byte
	fyne.DoAndWait(func() { before = bytes.Clone(v.mapView.Frame().Pix) })
	assertShowsDataset(t, nv)
	var after []byte
	fyne.DoAndWait(func() { after = bytes.Clone(nv.mapView.Frame().Pix) })
	if bytes.Equal(before, after) {
		t.Error("the map looks as it did before the import")
	}
}

// TestMapFollowsAProvinceImport imports, while the window is open, a
// province set of the same count with one province renamed: the window
// builds its map again (the district count did not change) and the map and
// the panel know the new name.
func TestMapFollowsAProvinceImport(t *testing.T) {
	v, _ := newTestViewer(t, 1000, 700)
	const renamed = "Renamed Province"
	path := writeLevel(t, v.ds, "provinces", "ADM1", func(_ int64, name string, g orb.Geometry) (string, orb.Geometry) {
		if name == "Kandahar" {
			name = renamed
		}
		return name, g
	})
	nv := importWhileOpen(t, v, path)
	if !slices.Contains(nv.scene.Control.Provinces, renamed) {
		t.Errorf("the window's provinces are %q, without %q", nv.scene.Control.Provinces, renamed)
	}
	if slices.Contains(v.scene.Control.Provinces, renamed) {
		t.Fatal("the old viewer knew the new name")
	}
	assertShowsDataset(t, nv)
}

// importWhileOpen imports the boundary file path into v's dataset, as
// another program would, reloads as the watcher does, and returns the
// viewer that replaced v once its first frame is on screen.
func importWhileOpen(t *testing.T, v *Viewer, path string) *Viewer {
	t.Helper()
	replaced := make(chan *Viewer, 1)
	fyne.DoAndWait(func() { v.onReplaced = func(nv *Viewer) { replaced <- nv } })
	before, err := v.ds.BoundaryCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := v.ds.ImportBoundaries(context.Background(), []string{path}, data.BoundaryOptions{Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Districts != before.Districts || rep.Provinces != before.Provinces {
		t.Fatalf("the import gives %d provinces and %d districts, want %d and %d: the test needs the same counts",
			rep.Provinces, rep.Districts, before.Provinces, before.Districts)
	}
	fyne.DoAndWait(func() { v.reload(nil) })
	var nv *Viewer
	select {
	case nv = <-replaced:
	case <-time.After(20 * time.Second):
		t.Fatal("the window was not built again after the boundary import")
	}
	t.Cleanup(func() { fyne.DoAndWait(nv.stopWatching) })
	if nv.win.Content() != nv.content {
		t.Fatal("the new viewer is not the window's content")
	}
	waitFor(t, "the new map's first frame", func() bool {
		st := nv.mapView.Shown()
		return st.View.W > 1 && st.View == nv.mapView.State().View && st.day == nv.state
	})
	return nv
}

// assertShowsDataset checks that v's map shows what a scene loaded afresh
// from its dataset draws for the same view and day.
func assertShowsDataset(t *testing.T, v *Viewer) {
	t.Helper()
	s, _, err := loadScene(context.Background(), v.ds)
	if err != nil {
		t.Fatal(err)
	}
	fyne.DoAndWait(func() {
		st := v.mapView.Shown()
		r := s.Renderer
		r.SetPalette(v.palette)
		r.SetView(st.View)
		r.SetHighlight(st.day.Changed)
		want := image.NewRGBA(image.Rect(0, 0, st.View.W, st.View.H))
		r.Recolour(want, st.day.Fills)
		if !bytes.Equal(want.Pix, v.mapView.Frame().Pix) {
			t.Error("the map does not show the dataset's boundaries")
		}
	})
}

// writeLevel writes the stored features of table (provinces or districts)
// as a GeoJSON file of geoBoundaries' shape, each through change (given
// its fid, name and geometry, it returns the ones to write), and
// returns its path.
func writeLevel(t *testing.T, ds *data.Dataset, table, shapeType string, change func(fid int64, name string, g orb.Geometry) (string, orb.Geometry)) string {
	t.Helper()
	rows, err := ds.DB().Query("SELECT fid, name, geom FROM " + table + " ORDER BY fid")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	fc := geojson.NewFeatureCollection()
	for rows.Next() {
		var fid int64
		var name string
		var blob []byte
		if err := rows.Scan(&fid, &name, &blob); err != nil {
			t.Fatal(err)
		}
		g, _, err := gpkg.Decode(blob)
		if err != nil {
			t.Fatal(err)
		}
		name, g = change(fid, name, g)
		f := geojson.NewFeature(g)
		f.Properties = geojson.Properties{"shapeName": name, "shapeType": shapeType}
		fc.Append(f)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(fc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), table+".geojson")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// shrink scales g by f around the centre of its bound: the same shape,
// smaller, in the same place.
func shrink(g orb.Geometry, f float64) orb.Geometry {
	c := g.Bound().Center()
	at := func(p orb.Point) orb.Point { return orb.Point{c[0] + f*(p[0]-c[0]), c[1] + f*(p[1]-c[1])} }
	ring := func(r orb.Ring) orb.Ring {
		out := make(orb.Ring, len(r))
		for i, p := range r {
			out[i] = at(p)
		}
		return out
	}
	poly := func(p orb.Polygon) orb.Polygon {
		out := make(orb.Polygon, len(p))
		for i, r := range p {
			out[i] = ring(r)
		}
		return out
	}
	switch g := g.(type) {
	case orb.Polygon:
		return poly(g)
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			out[i] = poly(p)
		}
		return out
	}
	return g
}

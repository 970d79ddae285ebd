package ui

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/afcontrol/afcontrol/data"
)

// chooseImport asks for a boundary or event file and imports it.
func (v *Viewer) chooseImport(boundaries bool) {
	d := dialog.NewFileOpen(func(uc fyne.URIReadCloser, err error) {
		if err != nil || uc == nil {
			return
		}
		path := uc.URI().Path()
		uc.Close()
		v.importFiles([]string{path}, boundaries)
	}, v.win)
	if boundaries {
		d.SetFilter(storage.NewExtensionFileFilter([]string{".geojson", ".json", ".shp", ".zip", ".gpkg"}))
	} else {
		d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".geojson", ".json"}))
	}
	d.Show()
}

// importFiles imports boundary or event files off the UI goroutine, with a
// progress dialog and Cancel, then reloads.
func (v *Viewer) importFiles(paths []string, boundaries bool) {
	ds := v.ds
	var summary []string
	runJob(v.win, "Importing "+filepath.Base(paths[0]), func(ctx context.Context, progress func(string)) error {
		if boundaries {
			rep, err := ds.ImportBoundaries(ctx, paths, data.BoundaryOptions{Progress: progress})
			summary = append(summary, fmt.Sprintf("%d provinces, %d districts", rep.Provinces, rep.Districts))
			return err
		}
		for _, p := range paths {
			progress("reading " + filepath.Base(p))
			rep, err := ds.ImportEvents(ctx, p, data.EventOptions{})
			if err != nil {
				return err
			}
			summary = append(summary, fmt.Sprintf("%s: %d events (%s)", filepath.Base(p), rep.Imported, rep.Format))
		}
		return nil
	}, func() {
		v.reload(nil)
		dialog.ShowInformation("Imported", strings.Join(summary, "\n"), v.win)
	})
}

// dropped imports files dropped on the window: polygons as boundaries,
// anything else as events.
func (v *Viewer) dropped(_ fyne.Position, uris []fyne.URI) {
	var bounds, evs []string
	for _, u := range uris {
		p := u.Path()
		switch strings.ToLower(filepath.Ext(p)) {
		case ".shp", ".zip", ".gpkg":
			bounds = append(bounds, p)
		case ".geojson", ".json":
			if hasPolygons(p) {
				bounds = append(bounds, p)
			} else {
				evs = append(evs, p)
			}
		default:
			evs = append(evs, p)
		}
	}
	if len(bounds) > 0 {
		v.importFiles(bounds, true)
	}
	if len(evs) > 0 {
		v.importFiles(evs, false)
	}
}

// hasPolygons reports whether the start of a GeoJSON file mentions polygons.
func hasPolygons(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head, _ := bufio.NewReader(f).Peek(256 << 10)
	return strings.Contains(string(head), `"Polygon"`) || strings.Contains(string(head), `"MultiPolygon"`)
}

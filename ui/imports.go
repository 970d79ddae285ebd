package ui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/events"
)

// prefImportDir is the folder the last import came from.
const prefImportDir = "importDir"

// errKept is returned by a boundary import's check when the analyst keeps
// the boundaries the dataset has.
var errKept = errors.New("the boundaries were kept as they were")

// chooseImport asks for a boundary or event file and imports it.
func (v *Viewer) chooseImport(boundaries bool) {
	exts := []string{".csv", ".geojson", ".json"}
	if boundaries {
		exts = []string{".geojson", ".json", ".shp", ".zip", ".gpkg"}
	}
	chooseOpen(v.win, exts, v.app.Preferences().String(prefImportDir), func(path string) {
		v.app.Preferences().SetString(prefImportDir, filepath.Dir(path))
		if boundaries {
			v.importBoundaries([]string{path})
		} else {
			v.importEvents(path, false, nil)
		}
	})
}

// importEvents queues the import of one event file (see importQueue): it
// runs off the UI goroutine, behind a progress dialog with Cancel, after
// the imports before it and any boundary import still waiting. A file with
// bad rows is refused whole and its rows and reasons are listed, with the
// choice to import the good rows (skipBad, the rejects written beside the
// file); any other refusal names file, line and reason. Afterwards the
// summary says what was read, stored and skipped. bad is the refusal of a
// first attempt, for the summary.
func (v *Viewer) importEvents(path string, skipBad bool, bad *data.BadRowsError) {
	v.imports.add(queuedImport{name: filepath.Base(path), run: func(v *Viewer, ended func()) {
		v.runEventImport(path, skipBad, bad, ended)
	}})
}

// runEventImport is the queued job of importEvents.
func (v *Viewer) runEventImport(path string, skipBad bool, bad *data.BadRowsError, ended func()) {
	ds := v.ds
	var rep data.EventReport
	name := filepath.Base(path)
	runCancellableJob(v.win, "Importing "+name, func(ctx context.Context, p *jobProgress) error {
		p.Say("reading " + name)
		var err error
		rep, err = ds.ImportEvents(ctx, path, data.EventOptions{SkipBad: skipBad})
		return err
	}, func() {
		v.reload(ended)
		showInfo(v.win, "Imported "+name, importSummary(rep, bad))
	}, func(err error) {
		defer ended()
		var refused *data.BadRowsError
		if !skipBad && errors.As(err, &refused) && !refused.Sync {
			v.showBadRows(path, refused)
			return
		}
		if errors.Is(err, data.ErrNoDistricts) {
			err = fmt.Errorf("%w: import the boundaries first (File → Import boundaries…)", err)
		}
		showError(v.win, err)
	}, ended)
}

// importSummary tells what an event import did, in the order an analyst
// checks it.
func importSummary(rep data.EventReport, bad *data.BadRowsError) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s read (%s format)\n", rep.Read, plural(rep.Read, "row", "rows"), rep.Format)
	fmt.Fprintf(&b, "%d imported: %d placed by point, %d by name\n", rep.Imported, rep.ByPoint, rep.ByName)
	fmt.Fprintf(&b, "%d skipped", rep.Rejected)
	if rep.Rejected > 0 {
		fmt.Fprintf(&b, ", written with their reasons to %s", rep.RejectsPath)
		if bad != nil {
			for i, r := range bad.Problems {
				if i == 5 {
					fmt.Fprintf(&b, "\n  … and %d more", len(bad.Problems)-i+bad.More)
					break
				}
				b.WriteString("\n  " + rowProblem(r))
			}
		}
	}
	return b.String()
}

// rowProblem is one bad row's line and reason, without the file name the
// dialog's title already gives.
func rowProblem(e events.RowError) string {
	s := e.Error()
	if e.File != "" {
		s = strings.TrimPrefix(s, e.File+": ")
	}
	return s
}

// showBadRows lists the rows that kept a file out of the dataset, with their
// reasons (the first of them, and how many more), and offers to import the
// good rows.
func (v *Viewer) showBadRows(path string, bad *data.BadRowsError) {
	name := filepath.Base(path)
	title := fmt.Sprintf("%s: %d bad %s, nothing imported", name, bad.Rows, plural(bad.Rows, "row", "rows"))
	lines := make([]string, len(bad.Problems), len(bad.Problems)+1)
	for i, r := range bad.Problems {
		lines[i] = rowProblem(r)
	}
	if bad.More > 0 {
		lines = append(lines, fmt.Sprintf("… and %d more", bad.More))
	}
	told(title, strings.Join(lines, "\n"))
	list := widget.NewList(func() int { return len(lines) },
		func() fyne.CanvasObject { return widget.NewLabel("line 0000: reason") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(lines[i]) })
	note := widget.NewLabel("The dataset is unchanged. Import the good rows to store the others;\n" +
		"the bad ones are then written with their reasons beside the file, as " +
		strings.TrimSuffix(name, filepath.Ext(name)) + ".rejects.csv.")
	content := container.NewBorder(note, nil, nil, nil, container.NewGridWrap(fyne.NewSize(560, 220), list))
	d := dialog.NewCustomConfirm(title, "Import the good rows", "Cancel", content, func(ok bool) {
		if ok {
			v.importEvents(path, true, bad)
		}
	}, v.win)
	v.badRows = d
	d.Show()
}

// importBoundaries queues the import of boundary files (see importQueue),
// ahead of the event imports waiting: it runs off the UI goroutine. An
// import that would replace a level with far fewer features than the
// dataset has asks first, saying how many districts and linked events it
// affects.
func (v *Viewer) importBoundaries(paths []string) {
	v.imports.add(queuedImport{boundaries: true, name: filepath.Base(paths[0]), run: func(v *Viewer, ended func()) {
		v.runBoundaryImport(paths, ended)
	}})
}

// runBoundaryImport is the queued job of importBoundaries.
func (v *Viewer) runBoundaryImport(paths []string, ended func()) {
	ds, w := v.ds, v.win
	had := len(v.scene.Control.Districts)
	hadProvinces := len(v.scene.Control.Provinces)
	var rep data.BoundaryReport
	name := filepath.Base(paths[0])
	runCancellableJob(w, "Importing "+name, func(ctx context.Context, p *jobProgress) error {
		var err error
		// Replace: the analyst is asked here, before anything is kept,
		// whenever the new set leaves events without a district.
		rep, err = ds.ImportBoundaries(ctx, paths, data.BoundaryOptions{Progress: p.Say, Replace: true,
			Check: func(r data.BoundaryReport) error {
				q := boundaryQuestion(name, r, had, hadProvinces)
				if q == "" {
					return nil
				}
				answer := make(chan bool, 1)
				fyne.Do(func() { v.confirmBoundaries(q, answer) })
				select {
				case ok := <-answer:
					if !ok {
						return errKept
					}
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			}})
		return err
	}, func() {
		if len(rep.Sets) > 0 {
			v.history.record(boundaryEdit(ds, rep.Sets))
			v.updateEditMenu()
		}
		v.reload(ended)
		msg := fmt.Sprintf("%d provinces, %d districts\n%d reported events linked to the new districts, %d left without one",
			rep.Provinces, rep.Districts, rep.Relinked, rep.Unlinked)
		if len(rep.Sets) > 0 {
			msg += "\nEdit → Undo brings the previous boundaries back."
		}
		showInfo(w, "Imported "+name, msg)
	}, func(err error) {
		defer ended()
		if errors.Is(err, errKept) {
			showInfo(w, "Nothing imported", "The dataset keeps its "+fmt.Sprint(had)+" districts.")
			return
		}
		showError(w, boundaryAdvice(err))
	}, ended)
}

// boundaryAdvice adds what to do about a refused boundary file from the
// window; data says what is wrong, not how to get past it.
func boundaryAdvice(err error) error {
	switch {
	case errors.Is(err, data.ErrFieldNotFound):
		return fmt.Errorf("%w.\nRename the field that holds the names to shapeName or NAME (in QGIS, for example), "+
			"or import the file with 'afcontrol boundaries import --name-field FIELD'", err)
	case errors.Is(err, data.ErrNotLonLat):
		return fmt.Errorf("%w.\nReproject it to EPSG:4326 first: in QGIS with Export → Save Features As…, or with ogr2ogr -t_srs EPSG:4326", err)
	}
	return err
}

// boundaryQuestion is what to ask before an import that replaces a level
// with fewer than nine tenths of the features the dataset has, or "" when
// there is nothing to ask.
func boundaryQuestion(name string, r data.BoundaryReport, districts, provinces int) string {
	switch {
	case r.Districts > 0 && r.Districts*10 < districts*9:
		return fmt.Sprintf("%s has %d districts; the dataset has %d.\n"+
			"Importing it replaces all %d districts: %d reported events would be linked to the new districts\n"+
			"and %d would be left without a district.", name, r.Districts, districts, districts, r.Relinked, r.Unlinked)
	case r.Provinces > 0 && r.Provinces*10 < provinces*9:
		return fmt.Sprintf("%s has %d provinces; the dataset has %d.\nImporting it replaces all %d provinces.",
			name, r.Provinces, provinces, provinces)
	case r.Unlinked > 0 && len(r.Sets) > 0:
		return fmt.Sprintf("With %s, %d reported events would have no district (they keep their reported names,\n"+
			"and Edit → Undo or 'afcontrol boundaries restore' brings the previous boundaries back).", name, r.Unlinked)
	}
	return ""
}

func (v *Viewer) confirmBoundaries(question string, answer chan<- bool) {
	told("Replace the boundaries?", question)
	d := dialog.NewConfirm("Replace the boundaries?", question, func(ok bool) { answer <- ok }, v.win)
	d.SetConfirmText("Replace")
	d.SetDismissText("Keep the dataset's")
	d.Show()
}

// dropped imports files dropped on the window: polygons as boundaries,
// anything else as events, one file after another, the boundaries first
// whatever the order of the files.
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
		v.importBoundaries(bounds)
	}
	for _, p := range evs {
		v.importEvents(p, false, nil)
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

// boundaryEdit undoes a boundary import by restoring the sets it replaced,
// and redoes it by restoring the sets it made. A set already active is
// left as it is, so a step that failed half way (one level restored, the
// other not) can be tried again.
func boundaryEdit(ds *data.Dataset, changed []data.SetChange) edit {
	restore := func(ctx context.Context, to func(data.SetChange) int64) error {
		sets, err := ds.BoundarySets(ctx)
		if err != nil {
			return err
		}
		active := map[int64]bool{}
		for _, s := range sets {
			active[s.ID] = s.Active
		}
		for _, c := range changed {
			if id := to(c); id != 0 && !active[id] {
				if _, err := ds.RestoreBoundarySet(ctx, id, data.BoundaryOptions{Replace: true}); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return edit{label: "boundary import",
		undo: func(ctx context.Context) error { return restore(ctx, func(c data.SetChange) int64 { return c.From }) },
		redo: func(ctx context.Context) error { return restore(ctx, func(c data.SetChange) int64 { return c.To }) }}
}

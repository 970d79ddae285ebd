package ui

import (
	"bufio"
	"context"
	"fmt"
	"image/color"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/geo"
)

// mainMenu is the window's menu and the items whose state changes.
type mainMenu struct {
	main             *fyne.MainMenu
	claims           *fyne.MenuItem
	undo, redo       *fyne.MenuItem
	palettes, themes []*fyne.MenuItem
}

// fileMenu is the File menu: new, open, import, recent (Fyne adds Quit).
func fileMenu(a fyne.App, w fyne.Window, v *Viewer) *fyne.Menu {
	items := []*fyne.MenuItem{
		{Label: "New dataset…", Action: func() { newDataset(a, w) }},
		{Label: "Open dataset…", Action: func() { openDataset(a, w) },
			Shortcut: &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}},
	}
	recent := fyne.NewMenuItem("Recent", nil)
	for _, p := range a.Preferences().StringList(prefRecent) {
		recent.ChildMenu = appendItem(recent.ChildMenu, fyne.NewMenuItem(p, func() { openInWindow(a, w, p) }))
	}
	if recent.ChildMenu == nil {
		recent.Disabled = true
	}
	items = append(items, recent, fyne.NewMenuItemSeparator())
	items = append(append(items, serverMenuItems(a, w, v)...), fyne.NewMenuItemSeparator())
	if v != nil {
		items = append(items,
			fyne.NewMenuItem("Import boundaries…", func() { v.chooseImport(true) }),
			fyne.NewMenuItem("Import events…", func() { v.chooseImport(false) }),
		)
	}
	return fyne.NewMenu("File", items...)
}

func appendItem(m *fyne.Menu, it *fyne.MenuItem) *fyne.Menu {
	if m == nil {
		return fyne.NewMenu("", it)
	}
	m.Items = append(m.Items, it)
	return m
}

// startMenu is the menu of a window without a dataset.
func startMenu(a fyne.App, w fyne.Window) *fyne.MainMenu {
	return fyne.NewMainMenu(fileMenu(a, w, nil), helpMenu(a, w))
}

func helpMenu(_ fyne.App, w fyne.Window) *fyne.Menu {
	return fyne.NewMenu("Help", fyne.NewMenuItem("About afcontrol", func() { showAbout(w) }))
}

// installMenu sets the window's menu and its shortcuts.
func (v *Viewer) installMenu() *mainMenu {
	m := &mainMenu{}
	a, w := v.app, v.win
	add := fyne.NewMenuItem("Add event…", func() { v.addEvent(v.panel.District()) })
	add.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}
	m.undo = fyne.NewMenuItem("Undo", v.Undo)
	m.undo.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault}
	m.redo = fyne.NewMenuItem("Redo", v.Redo)
	m.redo.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}

	m.claims = fyne.NewMenuItem("Claims layer", func() { v.claims.SetChecked(!v.claims.Checked) })
	m.claims.Checked = v.claims.Checked
	palette := fyne.NewMenuItem("Palette", nil)
	names := make([]string, 0, 3)
	for n := range geo.Palettes() {
		names = append(names, n)
	}
	sort.Strings(names)
	palette.ChildMenu = fyne.NewMenu("")
	for _, n := range names {
		it := fyne.NewMenuItem(n, nil)
		it.Action = func() {
			v.setPalette(geo.Palettes()[n])
			for _, o := range m.palettes {
				o.Checked = o == it
			}
			m.main.Refresh()
		}
		it.Checked = n == v.palette.Name
		m.palettes = append(m.palettes, it)
		palette.ChildMenu.Items = append(palette.ChildMenu.Items, it)
	}
	themeItem := fyne.NewMenuItem("Theme", nil)
	themeItem.ChildMenu = fyne.NewMenu("")
	for _, t := range []struct{ name, label string }{{"", "As the system"}, {"light", "Light"}, {"dark", "Dark"}} {
		it := fyne.NewMenuItem(t.label, nil)
		it.Action = func() {
			applyTheme(a, t.name)
			a.Preferences().SetString(prefTheme, t.name)
			for _, o := range m.themes {
				o.Checked = o == it
			}
			m.main.Refresh()
		}
		it.Checked = a.Preferences().String(prefTheme) == t.name
		m.themes = append(m.themes, it)
		themeItem.ChildMenu.Items = append(themeItem.ChildMenu.Items, it)
	}
	present := fyne.NewMenuItem("Presentation mode", v.TogglePresentation)
	present.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF5}
	full := fyne.NewMenuItem("Full screen", func() { w.SetFullScreen(!w.FullScreen()) })
	full.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF11}
	reset := fyne.NewMenuItem("Whole country", v.mapView.ResetView)
	reset.Shortcut = &desktop.CustomShortcut{KeyName: fyne.Key0, Modifier: fyne.KeyModifierShortcutDefault}

	m.main = fyne.NewMainMenu(
		fileMenu(a, w, v),
		fyne.NewMenu("Edit", add, fyne.NewMenuItemSeparator(), m.undo, m.redo),
		fyne.NewMenu("View", m.claims, palette, themeItem, fyne.NewMenuItemSeparator(), reset, present, full),
		helpMenu(a, w),
	)
	w.SetMainMenu(m.main)
	for _, it := range []*fyne.MenuItem{add, m.undo, m.redo, present, full, reset} {
		if it.Shortcut != nil {
			action := it.Action
			w.Canvas().AddShortcut(it.Shortcut, func(fyne.Shortcut) { action() })
		}
	}
	// The desktop driver reports Ctrl+Z and Ctrl+Y (Cmd on macOS) as the
	// standard Undo and Redo shortcuts, not as the custom ones above; a
	// focused text field still takes them first, for its own text.
	w.Canvas().AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { v.Undo() })
	w.Canvas().AddShortcut(&fyne.ShortcutRedo{}, func(fyne.Shortcut) { v.Redo() })
	v.menu = m
	v.updateEditMenu()
	return m
}

// updateEditMenu names what Undo and Redo would do, greyed when nothing.
func (v *Viewer) updateEditMenu() {
	if v.menu == nil {
		return
	}
	h := v.history
	v.menu.undo.Label, v.menu.undo.Disabled = "Undo", len(h.done) == 0
	if n := len(h.done); n > 0 {
		v.menu.undo.Label = "Undo " + h.done[n-1].label
	}
	v.menu.redo.Label, v.menu.redo.Disabled = "Redo", len(h.undone) == 0
	if n := len(h.undone); n > 0 {
		v.menu.redo.Label = "Redo " + h.undone[n-1].label
	}
	v.menu.main.Refresh()
}

// variantTheme is the default theme held to one variant.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// applyTheme sets "light", "dark" or, for anything else, the system's
// choice.
func applyTheme(a fyne.App, name string) {
	switch name {
	case "light":
		a.Settings().SetTheme(variantTheme{theme.DefaultTheme(), theme.VariantLight})
	case "dark":
		a.Settings().SetTheme(variantTheme{theme.DefaultTheme(), theme.VariantDark})
	default:
		a.Settings().SetTheme(theme.DefaultTheme())
	}
}

func showError(w fyne.Window, err error) { dialog.ShowError(err, w) }

// showAbout shows the version, the data sources, the attribution and the
// licences.
func showAbout(w fyne.Window) {
	link := func(text, addr string) *widget.Hyperlink {
		u, _ := url.Parse(addr)
		return widget.NewHyperlink(text, u)
	}
	version := fyne.CurrentApp().Metadata().Version
	if version == "" {
		version = "dev"
	}
	text := widget.NewLabel(
		"afcontrol " + version + " — reported district control in Afghanistan over time.\n\n" +
			"Every colour on the map comes from a dated, sourced report; claims are kept apart\n" +
			"from confirmed reports and drawn dotted when the claims layer is on.\n\n" +
			"Boundaries: geoBoundaries (Runfola et al. 2020); districts: AIMS 2014, public domain.\n" +
			"Reference timeline: written from public reporting, each row with its source.\n" +
			"Built with Fyne (BSD 3-Clause), orb (MIT), modernc.org/sqlite (BSD 3-Clause),\n" +
			"Go fonts (BSD 3-Clause).")
	content := container.NewVBox(text,
		link("geoBoundaries", "https://www.geoboundaries.org"),
		link("afcontrol source code", "https://github.com/afcontrol/afcontrol"))
	dialog.ShowCustom("About afcontrol", "Close", content, w)
}

// newDataset asks where to make a new dataset and makes it, from
// $AFCONTROL_MIRROR or the network, then opens it.
func newDataset(a fyne.App, w fyne.Window) {
	d := dialog.NewFileSave(func(uc fyne.URIWriteCloser, err error) {
		if err != nil || uc == nil {
			return
		}
		path := uc.URI().Path()
		uc.Close()
		os.Remove(path) // Init refuses an existing file; the dialog made an empty one
		runJob(w, "Making "+filepath.Base(path), func(ctx context.Context, progress func(string)) error {
			_, err := data.Init(ctx, path, data.FetchOptions{Progress: progress})
			return err
		}, func() { openInWindow(a, w, path) })
	}, w)
	d.SetFileName("afcontrol.gpkg")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".gpkg"}))
	d.Show()
}

// openDataset asks for a dataset file and opens it in the window.
func openDataset(a fyne.App, w fyne.Window) {
	d := dialog.NewFileOpen(func(uc fyne.URIReadCloser, err error) {
		if err != nil || uc == nil {
			return
		}
		path := uc.URI().Path()
		uc.Close()
		openInWindow(a, w, path)
	}, w)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".gpkg"}))
	d.Show()
}

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

// runJob runs work off the UI goroutine behind a progress dialog with a
// Cancel button that cancels work's context; then calls done on success or
// shows the error.
func runJob(w fyne.Window, title string, work func(ctx context.Context, progress func(string)) error, done func()) {
	ctx, cancel := context.WithCancel(context.Background())
	msg := widget.NewLabel("Starting…")
	msg.Truncation = fyne.TextTruncateEllipsis
	bar := widget.NewProgressBarInfinite()
	d := dialog.NewCustom(title, "Cancel", container.NewVBox(msg, bar), w)
	d.SetOnClosed(cancel)
	d.Resize(fyne.NewSize(460, 0))
	d.Show()
	go func() {
		err := work(ctx, func(s string) { fyne.Do(func() { msg.SetText(s) }) })
		fyne.Do(func() {
			canceled := ctx.Err() != nil
			d.SetOnClosed(nil)
			d.Hide()
			cancel()
			bar.Stop()
			switch {
			case canceled:
			case err != nil:
				showError(w, err)
			default:
				done()
			}
		})
	}()
}

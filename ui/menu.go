package ui

import (
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

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
		imp := fyne.NewMenuItem("Import events…", func() { v.chooseImport(false) })
		imp.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: fyne.KeyModifierShortcutDefault}
		exp := fyne.NewMenuItem("Export…", v.ShowExport)
		exp.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
		items = append(items,
			fyne.NewMenuItem("Import boundaries…", func() { v.chooseImport(true) }),
			imp, fyne.NewMenuItemSeparator(), exp,
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

	copyMap := fyne.NewMenuItem("Copy map", v.CopyMap)
	copyMap.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyC, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	goDate := fyne.NewMenuItem("Go to date…", v.GoToDate)
	goDate.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyG, Modifier: fyne.KeyModifierShortcutDefault}
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
		fyne.NewMenu("Edit", add, fyne.NewMenuItemSeparator(), m.undo, m.redo, fyne.NewMenuItemSeparator(), copyMap, goDate),
		fyne.NewMenu("View", m.claims, palette, themeItem, fyne.NewMenuItemSeparator(), reset, present, full),
		helpMenu(a, w),
	)
	w.SetMainMenu(m.main)
	// The desktop driver finds the menu's shortcuts itself; the canvas
	// shortcuts serve drivers without a main menu (and the tests).
	shortcuts := []*fyne.MenuItem{add, m.undo, m.redo, present, full, reset, copyMap, goDate}
	for _, it := range m.main.Items[0].Items {
		if it.Shortcut != nil {
			shortcuts = append(shortcuts, it)
		}
	}
	for _, it := range shortcuts {
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

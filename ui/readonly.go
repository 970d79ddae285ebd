package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/afcontrol/afcontrol/data"
)

// changeItems are the menu items that would change the dataset.
var changeItems = map[string]bool{
	"Import boundaries…": true,
	"Import events…":     true,
	"Add event…":         true,
}

// applyReadOnly greys out every way of changing a read-only dataset and
// says why: the File menu carries the reason, and adding, editing, undoing
// and dropping files answer with it instead of acting.
func (v *Viewer) applyReadOnly(reason string) {
	explain := func() {
		dialog.ShowInformation("Read-only dataset",
			"This dataset is open read-only: "+reason+".\n\nViewing, searching and exporting work; to change it, copy it to a folder you can write to, or make it writable, and open it again.", v.win)
	}
	if v.menu != nil {
		for _, m := range v.menu.main.Items {
			for _, it := range m.Items {
				if changeItems[it.Label] {
					it.Disabled = true
				}
			}
			if m.Label == "File" {
				note := fyne.NewMenuItem("Read-only: "+reason, explain)
				m.Items = append([]*fyne.MenuItem{note, fyne.NewMenuItemSeparator()}, m.Items...)
			}
		}
		v.menu.undo.Disabled, v.menu.redo.Disabled = true, true
		v.menu.main.Refresh()
	}
	v.panel.OnEdit = func(data.Event) { explain() }
	v.panel.OnAdd = func(int) { explain() }
	v.win.SetOnDropped(func(fyne.Position, []fyne.URI) { explain() })
	c := v.win.Canvas()
	// The shortcuts were bound to the actions themselves; the same
	// shortcut added again replaces them.
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { explain() })
	for _, s := range []fyne.Shortcut{
		&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault},
		&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
		&fyne.ShortcutUndo{}, &fyne.ShortcutRedo{},
	} {
		c.AddShortcut(s, func(fyne.Shortcut) {})
	}
}

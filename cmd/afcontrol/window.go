package main

import "github.com/afcontrol/afcontrol/ui"

// openWindow opens the desktop window on the dataset at path.
func openWindow(path string) error { return ui.Run(path) }

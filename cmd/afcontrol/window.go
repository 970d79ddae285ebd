package main

import "github.com/afcontrol/afcontrol/ui"

// openWindow opens the desktop window on the dataset at path ("" for the
// default dataset); a variable so that tests of the argument handling can
// see what would be opened without a display.
var openWindow = ui.Run

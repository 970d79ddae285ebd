// Package assets holds what afcontrol embeds in its binary: the bundled
// reference timeline, the gazetteer seed, the icon and the default
// boundaries (see SOURCES.md).
package assets

import (
	"embed"
	_ "embed"
)

// Files is every embedded data file, by its name in this folder.
//
//go:embed *.csv
var Files embed.FS

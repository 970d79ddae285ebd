// Package assets holds what afcontrol embeds in its binary: the bundled
// reference timeline, the gazetteer seed and the icon.
package assets

import (
	"embed"
	_ "embed"
)

// Files is every embedded data file, by its name in this folder.
//
//go:embed *.csv
var Files embed.FS

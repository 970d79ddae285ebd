package ui

import (
	"strings"

	"github.com/afcontrol/afcontrol/assets"
)

// boundaryCredits is the About box's account of the boundaries built into
// the program, one line per file from their manifest (its level and
// licence; the source is stored with every dataset made from it), and the
// attribution they ask for.
func boundaryCredits() string {
	m, err := assets.Boundaries()
	if err != nil || len(m.Files) == 0 {
		return "Boundaries: geoBoundaries (Runfola et al. 2020); districts: AIMS 2014, public domain."
	}
	var b strings.Builder
	b.WriteString("Built-in boundaries:\n")
	for _, f := range m.Files {
		b.WriteString("  " + f.Name + " (" + f.Level + "s): " + f.Licence + "\n")
	}
	b.WriteString(m.Files[0].Attribution + ".")
	return b.String()
}

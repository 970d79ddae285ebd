package shapefile

import "github.com/paulmach/orb"

// Feature is one record of a shapefile.
//
// Index is its 0-based position in the file (records deleted in the .dbf are left out of
// Layer.Features, so indexes may skip). Attrs maps each dBASE field name to its value as
// text, with the dBASE padding trimmed (see Read for how each field type is written);
// an empty field is "". Geom holds closed rings, each polygon an outer ring followed by
// its holes, outer rings clockwise and holes counter-clockwise as the shapefile
// specification draws them; Z and M values are dropped.
type Feature struct {
	Index int
	Attrs map[string]string
	Geom  orb.MultiPolygon
}

// Layer is what one shapefile holds.
type Layer struct {
	Name     string   // base name without extension
	Fields   []string // dBASE field names in file order
	Features []Feature
	PRJ      string // contents of the .prj, "" when absent
	Encoding string // text encoding the .dbf was decoded with: "UTF-8", "windows-1252" or "ISO-8859-1"
}

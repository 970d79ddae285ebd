// Package data holds the afcontrol dataset file: a SQLite database that is also
// an OGC GeoPackage, its migrations, the importers that fill it, name matching
// and the control timeline. It never imports Fyne.
package data

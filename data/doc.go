// Package data holds the afcontrol dataset file: a SQLite database that is also
// an OGC GeoPackage, its migrations, the importers that fill it, name matching
// and the control timeline. It never imports Fyne, nor geo (the drawing): the
// QGIS styles take their colours from package palette, the border lines and
// interior points from package geom (TestDataDoesNotImportGeo holds it to that).
//
// Import errors name the file, the feature (counted from 1, in the file's
// order) and the reason, as a *FeatureError whose cause errors.As reaches (a
// *shapefile.FormatError with its record, ring and vertex); the reasons a
// caller branches on are sentinels (ErrWouldUnlink, ErrFieldNotFound, …).
// What to do about an error (a flag, a button) is for the caller to say.
package data

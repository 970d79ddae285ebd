// Package shapefile reads polygon ESRI Shapefiles (.shp with its .dbf, and the optional
// .shx, .prj and .cpg beside it) loose on disk or inside a .zip.
//
// Every input is treated as hostile: header fields are checked against the real size of
// the file before anything is allocated from them, every coordinate is checked, and any
// fault is reported as a *FormatError naming the file, the record, the field and the
// reason. Nothing is half-read: a file either decodes entirely or returns an error.
package shapefile

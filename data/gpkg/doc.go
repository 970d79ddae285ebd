// Package gpkg encodes and decodes geometries in the GeoPackage binary format:
// a small "GP" header (version, flags, SRS id, optional envelope) followed by
// standard WKB, as defined in OGC GeoPackage 1.3, clause 2.1.3.
package gpkg

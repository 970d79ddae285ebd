// Package pg keeps an afcontrol dataset in PostgreSQL with PostGIS, for a
// team that shares one history: the same layers as the GeoPackage (geometry
// in EPSG:4326, so QGIS opens them as PostGIS layers), PostgreSQL's own roles
// for who may read and who may edit, an audit written by the server with the
// role behind every change, and the sync that field laptops run to push
// their edits and pull everyone else's.
//
// The server numbers every change to an event (events.seq, from one
// sequence) and notifies listeners on the channel "afcontrol_events"; a
// laptop remembers the last number it pulled. A sync pushes the laptop's
// changes since its last sync in one server transaction and pulls the rest
// in one local transaction, so it can be killed at any point and run again.
package pg

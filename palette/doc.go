// Package palette defines how a district's reported control is painted: the
// status enum, the fill of a district on a day (status, claim, basis), the
// swatches (a base colour, a pattern and its ink) and the three palettes
// (screen, high contrast, print) that the map, the legend, the images and
// the QGIS styles of a dataset all share. It is a leaf: it imports only the
// standard library, so both data and geo can depend on it.
package palette

// Package geo draws the control map: the projection of lon/lat into a plane
// suited to Afghanistan, the view (a scale and an offset), simplification per
// zoom level, the district id buffer that a day's colours are looked up
// through, anti-aliased border and label layers, hit tests, palettes and the
// briefing frame with its legend. It knows no database and no Fyne.
package geo

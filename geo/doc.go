// Package geo draws the control map: the projection of lon/lat into a plane
// suited to Afghanistan, the view (a scale and an offset), simplification per
// zoom level, the district id buffer that a day's colours are looked up
// through, anti-aliased border and label layers, hit tests and the briefing
// frame with its legend. It knows no database and no Fyne.
//
// The colours it paints with come from package palette; geo re-exports
// palette's names (Status, Fill, Swatch, Palette, …) as aliases so that
// callers written against geo keep compiling. The pure geometry it shares
// with data (border derivation, interior points) lives in package geom.
package geo

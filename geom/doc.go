// Package geom holds the plain lon/lat geometry that both the dataset (data)
// and the drawing (geo) need: the border lines derived from the district
// edges, and interior points that lie inside a district whatever its shape.
// It imports neither of them.
package geom

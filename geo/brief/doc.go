// Package brief draws the parts of a briefing output that the renderer's
// frame does not: the north arrow, the sources line text, the vector PDF
// page, and the fixed-palette GIF encoding of rendered frames. It works on
// plain geo values (palettes, views, projected geometry) and knows nothing
// of the dataset.
package brief

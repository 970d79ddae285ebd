// Package brief makes the briefing outputs that are not one raster frame:
// the sources line text, the vector PDF page (with its own north arrow and
// panels, in points), the fixed-palette GIF encoding of rendered frames and
// the fast PNG encoding of one. The raster frame's panels, the north arrow
// and the notes among them, are geo.Renderer.RenderFrame's, asked for in
// its FrameSpec, so their layout and fonts live in one place. It works on
// plain geo values (palettes, views, projected geometry) and knows nothing
// of the dataset.
package brief

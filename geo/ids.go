package geo

// IDBuffer is a copy of a renderer's district id buffer for one view: what
// a frame on screen needs to answer hit tests while the renderer goes on to
// draw the next frame. It is a plain value; the copy never changes once
// made.
type IDBuffer struct {
	View View
	IDs  []uint16 // district i as i+1, 0 for none, row by row
}

// CopyIDs returns a copy of the id buffer of the current view, stored in
// dst when it is large enough (dst must not be in use elsewhere). Before
// the first SetView it returns an empty buffer, whose HitTest finds
// nothing.
func (r *Renderer) CopyIDs(dst []uint16) IDBuffer {
	return IDBuffer{View: r.view, IDs: append(dst[:0], r.ids...)}
}

// HitTest returns the district under pixel (x, y) of b's view, or -1 where
// there is none, outside the view, or in an empty buffer.
func (b IDBuffer) HitTest(x, y int) int {
	if x < 0 || y < 0 || x >= b.View.W || y >= b.View.H || len(b.IDs) < b.View.W*b.View.H {
		return -1
	}
	return int(b.IDs[y*b.View.W+x]) - 1
}

package shapefile

// The largest geometry this package reads. The full-resolution geoBoundaries
// ADM2 file of Afghanistan holds about 180,000 vertices, its largest ring
// about 9,000: the limits leave room for far finer boundary sets while a
// file at the limit still costs a few hundred megabytes to check, not what a
// hostile file would ask for. Both are refused with an error naming the
// record and ring before their points are decoded.
const (
	// MaxRingVertices is the most points one ring may have.
	MaxRingVertices = 4_000_000
	// MaxFileVertices is the most points all the records of one file may
	// have together: 128 MB of coordinates.
	MaxFileVertices = 8_000_000
)

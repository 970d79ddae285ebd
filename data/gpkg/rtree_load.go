package gpkg

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

// RTreeEntry is one cell of an R-tree: a feature's id and its bounds as
// the tree stores them, rounded outwards to 32-bit floats (NewRTreeEntry).
type RTreeEntry struct {
	ID  int64
	Box [4]float32 // minimum x, maximum x, minimum y, maximum y
}

// NewRTreeEntry is the cell of feature id with bounds b, rounded as SQLite
// rounds them.
func NewRTreeEntry(id int64, b orb.Bound) RTreeEntry {
	return RTreeEntry{ID: id, Box: [4]float32{roundDown(b.Min[0]), roundUp(b.Max[0]), roundDown(b.Min[1]), roundUp(b.Max[1])}}
}

// Querier is what LoadRTree writes through: a transaction or a connection.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// RTreeEntryBytes is the size of one cell of a two-dimensional SQLite
// R-tree node: a 64-bit id (a rowid in a leaf, a child's node number
// above it) and four 32-bit floats, minimum and maximum of x, then of y.
const RTreeEntryBytes = 8 + 4*4

// LoadRTree replaces the whole content of the GeoPackage R-tree of table's
// geom column (made by RTreeSQL) with entries, packed bottom up
// (sort-tile-recursive) and written straight to the three tables SQLite's
// R-tree keeps its nodes in: each node is written once, where inserting
// the entries one by one chooses a leaf, rewrites it and adjusts its
// parents for every entry. The tree is the one SQLite reads and goes on
// updating: the nodes keep the size SQLite gave them. entries is sorted in
// place. Call it in a transaction.
func LoadRTree(ctx context.Context, q Querier, table, geom string, entries []RTreeEntry) error {
	name := "rtree_" + table + "_" + geom
	var nodeBytes int
	if err := q.QueryRowContext(ctx, `SELECT length(data) FROM `+quoteIdent(name+"_node")+` WHERE nodeno = 1`).Scan(&nodeBytes); err != nil {
		return fmt.Errorf("spatial index %s: %w", name, err)
	}
	fanout := (nodeBytes - 4) / RTreeEntryBytes
	if fanout < 4 {
		return fmt.Errorf("spatial index %s: nodes of %d bytes", name, nodeBytes)
	}
	for t := range rtreeColumns {
		if _, err := q.ExecContext(ctx, `DELETE FROM `+quoteIdent(name+t)); err != nil {
			return fmt.Errorf("spatial index %s: %w", name, err)
		}
	}
	w := rtreeWriter{ctx: ctx, q: q, name: name, nodeBytes: nodeBytes}
	level := entries
	depth := 0
	next := int64(2) // node 1 is the root
	for len(level) > fanout {
		groups := strTiles(level, fanout)
		parents := make([]RTreeEntry, len(groups))
		for i, g := range groups {
			node := next
			next++
			if err := w.node(node, 0, g); err != nil {
				return err
			}
			if depth == 0 {
				for _, c := range g {
					if err := w.row("_rowid", c.ID, node); err != nil {
						return err
					}
				}
			} else {
				for _, c := range g {
					if err := w.row("_parent", c.ID, node); err != nil {
						return err
					}
				}
			}
			parents[i] = RTreeEntry{ID: node, Box: union(g)}
		}
		level = parents
		depth++
	}
	if err := w.node(1, depth, level); err != nil {
		return err
	}
	kind := "_parent"
	if depth == 0 {
		kind = "_rowid"
	}
	for _, c := range level {
		if err := w.row(kind, c.ID, 1); err != nil {
			return err
		}
	}
	return w.flush()
}

// strTiles cuts cells into groups of at most fanout spatially close cells:
// vertical slices by the cells' centres in x, each cut by their centres in
// y. It sorts cells in place; the groups are slices of it.
func strTiles(cells []RTreeEntry, fanout int) [][]RTreeEntry {
	nodes := (len(cells) + fanout - 1) / fanout
	perStrip := int(math.Ceil(math.Sqrt(float64(nodes)))) * fanout
	centre := func(c RTreeEntry, axis int) float32 { return c.Box[2*axis]/2 + c.Box[2*axis+1]/2 }
	byAxis := func(axis int) func(a, b RTreeEntry) int {
		return func(a, b RTreeEntry) int {
			return cmp.Or(cmp.Compare(centre(a, axis), centre(b, axis)), cmp.Compare(a.ID, b.ID))
		}
	}
	slices.SortFunc(cells, byAxis(0))
	var groups [][]RTreeEntry
	for lo := 0; lo < len(cells); lo += perStrip {
		strip := cells[lo:min(lo+perStrip, len(cells))]
		slices.SortFunc(strip, byAxis(1))
		for g := 0; g < len(strip); g += fanout {
			groups = append(groups, strip[g:min(g+fanout, len(strip))])
		}
	}
	return groups
}

// union is the box around cells.
func union(cells []RTreeEntry) [4]float32 {
	b := cells[0].Box
	for _, c := range cells[1:] {
		b[0], b[1] = min(b[0], c.Box[0]), max(b[1], c.Box[1])
		b[2], b[3] = min(b[2], c.Box[2]), max(b[3], c.Box[3])
	}
	return b
}

// roundDown and roundUp are SQLite's R-tree rounding of a bound to a
// 32-bit float: never inside the bound.
func roundDown(d float64) float32 {
	f := float32(d)
	if float64(f) > d {
		if d < 0 {
			f = float32(d * (1 + 1.0/8388608))
		} else {
			f = float32(d * (1 - 1.0/8388608))
		}
		if float64(f) > d { // below SQLite's reach: the subnormals
			f = math.Nextafter32(f, float32(math.Inf(-1)))
		}
	}
	return f
}

func roundUp(d float64) float32 {
	f := float32(d)
	if float64(f) < d {
		if d < 0 {
			f = float32(d * (1 - 1.0/8388608))
		} else {
			f = float32(d * (1 + 1.0/8388608))
		}
		if float64(f) < d {
			f = math.Nextafter32(f, float32(math.Inf(1)))
		}
	}
	return f
}

// rtreeBatch is how many rows one INSERT into a shadow table carries.
const rtreeBatch = 512

// rtreeColumns are the columns of each of an R-tree's tables, by suffix.
var rtreeColumns = map[string]string{"_node": "nodeno, data", "_rowid": "rowid, nodeno", "_parent": "nodeno, parentnode"}

// rtreeWriter writes nodes and the rowid and parent maps of an R-tree, a
// batch of rows a statement for each table.
type rtreeWriter struct {
	ctx       context.Context
	q         Querier
	name      string
	nodeBytes int
	pending   map[string][]any
}

// node writes node number n with cells; depth is written in the root.
func (w *rtreeWriter) node(n int64, depth int, cells []RTreeEntry) error {
	blob := make([]byte, w.nodeBytes)
	binary.BigEndian.PutUint16(blob[0:], uint16(depth))
	binary.BigEndian.PutUint16(blob[2:], uint16(len(cells)))
	p := blob[4:]
	for _, c := range cells {
		binary.BigEndian.PutUint64(p, uint64(c.ID))
		for i, v := range c.Box {
			binary.BigEndian.PutUint32(p[8+4*i:], math.Float32bits(v))
		}
		p = p[RTreeEntryBytes:]
	}
	return w.row("_node", n, blob)
}

// row queues a row of the shadow table suffix, storing the queue when it
// is full.
func (w *rtreeWriter) row(suffix string, key int64, value any) error {
	if w.pending == nil {
		w.pending = map[string][]any{}
	}
	w.pending[suffix] = append(w.pending[suffix], key, value)
	if len(w.pending[suffix]) == 2*rtreeBatch {
		return w.store(suffix)
	}
	return nil
}

// store writes the queued rows of one shadow table.
func (w *rtreeWriter) store(suffix string) error {
	args := w.pending[suffix]
	if len(args) == 0 {
		return nil
	}
	query := `INSERT INTO ` + quoteIdent(w.name+suffix) + ` (` + rtreeColumns[suffix] + `) VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?, ?), ", len(args)/2), ", ")
	if _, err := w.q.ExecContext(w.ctx, query, args...); err != nil {
		return fmt.Errorf("spatial index %s: %w", w.name, err)
	}
	w.pending[suffix] = args[:0]
	return nil
}

// flush writes every queued row.
func (w *rtreeWriter) flush() error {
	for suffix := range rtreeColumns {
		if err := w.store(suffix); err != nil {
			return err
		}
	}
	return nil
}

// Package btree writes SQLite database files directly: tables whose rows
// come in rowid order and indexes whose keys come in key order, packed into
// b-tree pages as they arrive and written out page by page.
//
// A bulk import writes its rows into such a file and copies the tables into
// the dataset with one INSERT … SELECT * of each, which SQLite carries out
// with its transfer optimisation: it copies the records whole instead of
// decoding and encoding every value, and no value is bound one at a time.
// The file is a valid SQLite database that SQLite checks (PRAGMA
// integrity_check passes on it); only its writer must keep the order of
// the rows and keys, and the records true to their columns.
package btree

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
)

// Page kinds, as the first byte of a b-tree page's header.
const (
	interiorIndex = 0x02
	interiorTable = 0x05
	leafIndex     = 0x0a
	leafTable     = 0x0d
)

// ErrSchemaTooLarge is returned by Close when the schema's entries do not
// fit on the file's first page.
var ErrSchemaTooLarge = errors.New("btree: the schema does not fit on the first page")

// File is a SQLite database file being written. Its trees fill at once:
// pages go to the file as they fill, and Close writes the first page (the
// header and the schema) last.
type File struct {
	f      *os.File
	w      *bufio.Writer
	size   int    // the page size
	pages  uint32 // pages written so far, the first page included
	trees  []*Tree
	err    error
	closed bool
}

// Create opens path for writing a database of pages of size bytes (a power
// of two from 512 to 65536): a new file, or one that exists and is
// emptied, so that a database already attached to a connection (which
// holds the file open) reads what is written here.
func Create(path string, size int) (*File, error) {
	if size < 512 || size > 65536 || size&(size-1) != 0 {
		return nil, fmt.Errorf("btree: page size %d: not a power of two from 512 to 65536", size)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	// The first page is written at Close, once the roots are known.
	if _, err := f.Seek(int64(size), 0); err != nil {
		f.Close()
		return nil, err
	}
	return &File{f: f, w: bufio.NewWriterSize(f, 256<<10), size: size, pages: 1}, nil
}

// Table starts a table (a rowid table; sql is its CREATE TABLE statement as
// sqlite_schema keeps it) whose rows come through Insert in rowid order.
func (f *File) Table(name, sql string) *Tree {
	return f.tree("table", name, name, sql, false)
}

// Index starts an index of table (sql its CREATE INDEX statement) whose
// keys come through Add in the index's order.
func (f *File) Index(name, table, sql string) *Tree {
	return f.tree("index", name, table, sql, true)
}

func (f *File) tree(kind, name, table, sql string, index bool) *Tree {
	t := &Tree{f: f, kind: kind, name: name, table: table, sql: sql, index: index}
	usable := f.size
	if index {
		// The most an index cell keeps on its page, and the least it
		// keeps when it spills (the file format's X and M).
		t.maxLocal = (usable-12)*64/255 - 23
	} else {
		t.maxLocal = usable - 35
	}
	t.minLocal = (usable-12)*32/255 - 23
	kindLeaf := byte(leafTable)
	if index {
		kindLeaf = leafIndex
	}
	t.leaf = newPage(f.size, kindLeaf)
	f.trees = append(f.trees, t)
	return t
}

// lockByte is where SQLite's locks lie in every database file (its
// PENDING_BYTE): the page that holds it is never part of a tree.
const lockByte = 0x40000000

// next returns the number of the page written after page n: the next one,
// but for the lock-byte page.
func (f *File) next(n uint32) uint32 {
	n++
	if int64(n-1)*int64(f.size) == lockByte {
		n++
	}
	return n
}

// write appends a page to the file and returns its number.
func (f *File) write(b []byte) uint32 {
	n := f.next(f.pages)
	if f.err == nil && n != f.pages+1 {
		_, f.err = f.w.Write(make([]byte, f.size)) // the lock-byte page, left empty
	}
	if f.err == nil {
		_, f.err = f.w.Write(b)
	}
	f.pages = n
	return n
}

// Err returns the first error a write met.
func (f *File) Err() error { return f.err }

// Close finishes every tree, writes the first page and closes the file.
// It does not sync the file to disk: it is written to be read back.
func (f *File) Close() error {
	if f.closed {
		return f.err
	}
	f.closed = true
	defer f.f.Close()
	for _, t := range f.trees {
		t.finish()
	}
	if f.err != nil {
		return f.err
	}
	if err := f.w.Flush(); err != nil {
		return err
	}
	first, err := f.firstPage()
	if err != nil {
		return err
	}
	_, err = f.f.WriteAt(first, 0)
	return err
}

// firstPage is the database header and the schema table, as one leaf.
func (f *File) firstPage() ([]byte, error) {
	p := newPage(f.size, leafTable)
	p.hdr = 100
	var rec Record
	var cell []byte
	for i, t := range f.trees {
		rec.Reset()
		rec.Text(t.kind)
		rec.Text(t.name)
		rec.Text(t.table)
		rec.Int(int64(t.root))
		rec.Text(t.sql)
		payload := rec.Append(nil)
		if len(payload) > f.size-35 {
			return nil, ErrSchemaTooLarge
		}
		cell = appendVarint(cell[:0], uint64(len(payload)))
		cell = appendVarint(cell, uint64(i+1))
		cell = append(cell, payload...)
		if !p.fits(len(cell)) {
			return nil, ErrSchemaTooLarge
		}
		p.add(cell)
	}
	b := p.bytes(0)
	h := b[:100]
	copy(h, "SQLite format 3\x00")
	if f.size == 65536 {
		binary.BigEndian.PutUint16(h[16:], 1)
	} else {
		binary.BigEndian.PutUint16(h[16:], uint16(f.size))
	}
	h[18], h[19] = 1, 1 // rollback journal
	h[20] = 0           // no reserved bytes
	h[21], h[22], h[23] = 64, 32, 32
	binary.BigEndian.PutUint32(h[24:], 1) // change counter
	binary.BigEndian.PutUint32(h[28:], f.pages)
	binary.BigEndian.PutUint32(h[40:], 1) // schema cookie
	binary.BigEndian.PutUint32(h[44:], 4) // schema format
	binary.BigEndian.PutUint32(h[56:], 1) // UTF-8
	binary.BigEndian.PutUint32(h[92:], 1) // version-valid-for: the change counter
	binary.BigEndian.PutUint32(h[96:], 3049001)
	return b, nil
}

// Tree is a table or an index being written.
type Tree struct {
	f                  *File
	kind, name, table  string
	sql                string
	index              bool
	maxLocal, minLocal int
	leaf               *page
	levels             []*level // the interior pages being filled, lowest first
	// held is an index cell that did not fit on the full leaf: it becomes
	// the key between that leaf and the next once another key comes.
	held     []byte
	last     int64 // the rowid of the last row
	rows     int64
	root     uint32
	cell     []byte
	finished bool
}

// level is a tree's interior page being filled, and a child that did not
// fit on it with the key after it, held until the next child comes.
type level struct {
	p          *page
	held       bool
	hc         uint32
	hk         []byte
	childBytes [4]byte
}

// Insert adds a table row: rowid must be above the last row's, and rec a
// record of the table's columns (an INTEGER PRIMARY KEY column stored as
// NULL, its value being the rowid).
func (t *Tree) Insert(rowid int64, rec []byte) error {
	if t.index {
		return fmt.Errorf("btree: %s is an index", t.name)
	}
	if t.rows > 0 && rowid <= t.last {
		return fmt.Errorf("btree: %s: rowid %d after %d", t.name, rowid, t.last)
	}
	c := appendVarint(t.cell[:0], uint64(len(rec)))
	c = appendVarint(c, uint64(rowid))
	c = t.appendPayload(c, rec)
	t.cell = c
	if !t.leaf.fits(len(c)) {
		n := t.f.write(t.leaf.bytes(0))
		t.addChild(0, n, appendVarint(nil, uint64(t.last)))
		t.leaf.reset()
	}
	t.leaf.add(c)
	t.last = rowid
	t.rows++
	return t.f.err
}

// Add adds an index key: rec is the record of the indexed columns followed
// by the row's rowid, and comes after the keys added before it in the
// index's order.
func (t *Tree) Add(rec []byte) error {
	if !t.index {
		return fmt.Errorf("btree: %s is a table", t.name)
	}
	c := appendVarint(t.cell[:0], uint64(len(rec)))
	c = t.appendPayload(c, rec)
	t.cell = c
	if t.held != nil {
		n := t.f.write(t.leaf.bytes(0))
		t.addChild(0, n, t.held)
		t.leaf.reset()
		t.held = nil
		t.rows++
	}
	if !t.leaf.fits(len(c)) {
		t.held = append([]byte(nil), c...)
		return t.f.err
	}
	t.leaf.add(c)
	t.rows++
	return t.f.err
}

// Rows returns how many rows or keys the tree has been given.
func (t *Tree) Rows() int64 {
	if t.held != nil {
		return t.rows + 1
	}
	return t.rows
}

// appendPayload appends what of payload stays on the page to c, writing
// the rest to overflow pages, and the first of them after it.
func (t *Tree) appendPayload(c, payload []byte) []byte {
	if len(payload) <= t.maxLocal {
		return append(c, payload...)
	}
	usable := t.f.size
	local := t.minLocal + (len(payload)-t.minLocal)%(usable-4)
	if local > t.maxLocal {
		local = t.minLocal
	}
	c = append(c, payload[:local]...)
	rest := payload[local:]
	// Overflow pages are written in order, so each one's successor is the
	// page written next (past the lock-byte page).
	per := usable - 4
	first := t.f.next(t.f.pages)
	page := make([]byte, usable)
	for len(rest) > 0 {
		clear(page)
		n := min(per, len(rest))
		copy(page[4:], rest[:n])
		rest = rest[n:]
		if len(rest) > 0 {
			binary.BigEndian.PutUint32(page, t.f.next(t.f.next(t.f.pages)))
		}
		t.f.write(page)
	}
	return binary.BigEndian.AppendUint32(c, first)
}

// addChild gives interior level i the child page n and the key after it
// (for a table, the varint of its last rowid; for an index, the cell of
// the key between it and the next child).
func (t *Tree) addChild(i int, n uint32, key []byte) {
	if i == len(t.levels) {
		kind := byte(interiorTable)
		if t.index {
			kind = interiorIndex
		}
		t.levels = append(t.levels, &level{p: newPage(t.f.size, kind)})
	}
	l := t.levels[i]
	if l.held {
		// The page was full: it ends with the held child.
		full := t.f.write(l.p.bytes(l.hc))
		hk := l.hk
		l.p.reset()
		l.held = false
		t.addChild(i+1, full, hk)
	}
	binary.BigEndian.PutUint32(l.childBytes[:], n)
	if !l.p.fits(4 + len(key)) {
		l.held, l.hc, l.hk = true, n, append(l.hk[:0:0], key...)
		return
	}
	l.p.add(l.childBytes[:], key)
}

// finish writes the tree's last pages and sets its root.
func (t *Tree) finish() {
	if t.finished {
		return
	}
	t.finished = true
	if t.held != nil {
		// The last key did not fit on the full leaf: the leaf's own last
		// key goes up between it and a new leaf of the held one.
		last := t.leaf.removeLast()
		n := t.f.write(t.leaf.bytes(0))
		t.addChild(0, n, last)
		t.leaf.reset()
		t.leaf.add(t.held)
		t.held = nil
		t.rows++
	}
	n := t.f.write(t.leaf.bytes(0))
	// Closing a level can start the one above it.
	for i := 0; i < len(t.levels); i++ {
		n = t.closeLevel(i, n)
	}
	t.root = n
}

// closeLevel ends level i with rightmost as its last child, and returns
// its page, the child of the level above.
func (t *Tree) closeLevel(i int, rightmost uint32) uint32 {
	l := t.levels[i]
	if l.held {
		// The held child cannot end the full page: the page's own last
		// child does, and the held one starts a new page.
		last := l.p.removeLast()
		child := binary.BigEndian.Uint32(last)
		full := t.f.write(l.p.bytes(child))
		l.p.reset()
		binary.BigEndian.PutUint32(l.childBytes[:], l.hc)
		l.p.add(l.childBytes[:], l.hk)
		l.held = false
		t.addChild(i+1, full, last[4:])
	}
	return t.f.write(l.p.bytes(rightmost))
}

// page is a b-tree page being filled: cells are placed from its end down,
// their pointers after its header.
type page struct {
	b    []byte
	kind byte
	hdr  int // where the b-tree header starts: 100 on the first page
	offs []int
	top  int // where the cells start
}

func newPage(size int, kind byte) *page {
	return &page{b: make([]byte, size), kind: kind, top: size}
}

func (p *page) interior() bool { return p.kind == interiorIndex || p.kind == interiorTable }

func (p *page) headerSize() int {
	if p.interior() {
		return 12
	}
	return 8
}

func (p *page) reset() {
	p.offs = p.offs[:0]
	p.top = len(p.b)
}

// fits reports whether a cell of n bytes fits besides those on the page.
func (p *page) fits(n int) bool {
	return p.hdr+p.headerSize()+2*(len(p.offs)+1) <= p.top-n
}

// add places the cell made of parts on the page; fits must have said so.
func (p *page) add(parts ...[]byte) {
	n := 0
	for _, b := range parts {
		n += len(b)
	}
	p.top -= n
	at := p.top
	for _, b := range parts {
		at += copy(p.b[at:], b)
	}
	p.offs = append(p.offs, p.top)
}

// removeLast takes the last cell off the page and returns a copy of it.
func (p *page) removeLast() []byte {
	k := len(p.offs) - 1
	end := len(p.b)
	if k > 0 {
		end = p.offs[k-1]
	}
	c := append([]byte(nil), p.b[p.offs[k]:end]...)
	p.offs = p.offs[:k]
	p.top = end
	return c
}

// bytes returns the page as the file keeps it, with rightmost as the last
// child of an interior page.
func (p *page) bytes(rightmost uint32) []byte {
	h := p.b[p.hdr:]
	h[0] = p.kind
	h[1], h[2] = 0, 0 // no free blocks
	binary.BigEndian.PutUint16(h[3:], uint16(len(p.offs)))
	binary.BigEndian.PutUint16(h[5:], uint16(p.top)) // 65536 wraps to 0, as the format has it
	h[7] = 0
	if p.interior() {
		binary.BigEndian.PutUint32(h[8:], rightmost)
	}
	ptr := p.hdr + p.headerSize()
	for _, off := range p.offs {
		binary.BigEndian.PutUint16(p.b[ptr:], uint16(off))
		ptr += 2
	}
	clear(p.b[ptr:p.top])
	return p.b
}

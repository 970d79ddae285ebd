package btree

import (
	"path/filepath"
	"strings"
	"testing"
)

// FuzzWrittenFile writes a table and its index from rows the input
// shapes (the length of each row's text, and its rowid's step), in a page
// size it picks, and has SQLite check the file and count the rows.
func FuzzWrittenFile(f *testing.F) {
	f.Add(uint8(3), []byte{1, 2, 3, 200, 0, 255})
	f.Add(uint8(0), []byte(strings.Repeat("\xff\x01", 300)))
	f.Add(uint8(7), []byte{})
	f.Fuzz(func(t *testing.T, sizeExp uint8, shape []byte) {
		if len(shape) > 4000 {
			shape = shape[:4000]
		}
		size := 512 << (sizeExp % 8)
		path := filepath.Join(t.TempDir(), "f.db")
		w, err := Create(path, size)
		if err != nil {
			t.Fatal(err)
		}
		tab := w.Table("t", testTable)
		ix := w.Index("t_s", "t", "CREATE INDEX t_s ON t(n)")
		var rec Record
		id := int64(0)
		for i, b := range shape {
			id += 1 + int64(b)*int64(b)*int64(b) // steps up to 16 M: rowids of every width
			n := int(b) * (1 + i%17) * 7         // texts up to 30 kB: some spill over pages
			rec.Reset()
			rec.Null()
			rec.Text(strings.Repeat("x", n))
			rec.Null()
			rec.Int(int64(i))
			rec.Null()
			if err := tab.Insert(id, rec.Append(nil)); err != nil {
				t.Fatal(err)
			}
		}
		// The index of n (the row's number, in rowid order too).
		id = 0
		for i, b := range shape {
			id += 1 + int64(b)*int64(b)*int64(b)
			rec.Reset()
			rec.Int(int64(i))
			rec.Int(id)
			if err := ix.Add(rec.Append(nil)); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		db := open(t, path)
		integrity(t, db, "main")
		var n int
		if err := db.QueryRow("SELECT count(*) FROM t NOT INDEXED WHERE length(s) >= 0").Scan(&n); err != nil || n != len(shape) {
			t.Fatalf("%d rows, want %d: %v", n, len(shape), err)
		}
	})
}

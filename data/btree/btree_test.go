package btree

import (
	"bytes"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// row is what the tests store: an id, a text, a blob, an integer and a
// float, any of them NULL in some rows.
type row struct {
	id   int64
	text *string
	blob []byte
	n    *int64
	f    *float64
}

// makeRows returns n rows with ids rising by random steps, texts of random
// length (some far past a page, so that they spill), and integers of
// every width.
func makeRows(rng *rand.Rand, n int) []row {
	rows := make([]row, n)
	id := int64(0)
	for i := range rows {
		id += 1 + rng.Int64N(1000)
		r := row{id: id}
		if i%7 != 0 {
			size := rng.IntN(300)
			switch i % 29 {
			case 3:
				size = 4000 + rng.IntN(200) // about the most a page keeps
			case 5:
				size = 20000 + rng.IntN(20000)
			}
			s := fmt.Sprintf("%08d-", i) + strings.Repeat(string(rune('a'+i%26)), size)
			r.text = &s
		}
		if i%5 != 0 {
			r.blob = make([]byte, 1+rng.IntN(50))
			for j := range r.blob {
				r.blob[j] = byte(rng.IntN(256))
			}
		}
		if i%3 != 0 {
			widths := []int64{0, 1, -1, 127, -128, 32767, -32768, 1<<23 - 1, -1 << 23, math.MaxInt32, math.MinInt32,
				1<<47 - 1, -1 << 47, math.MaxInt64, math.MinInt64}
			v := widths[i%len(widths)] - int64(i%2)
			if i%11 == 0 {
				v = rng.Int64()
			}
			r.n = &v
		}
		if i%4 == 1 {
			f := rng.Float64() * 1e6
			r.f = &f
		}
		rows[i] = r
	}
	return rows
}

func (r row) record(rec *Record) []byte {
	rec.Reset()
	rec.Null() // id, the rowid
	if r.text == nil {
		rec.Null()
	} else {
		rec.Text(*r.text)
	}
	if r.blob == nil {
		rec.Null()
	} else {
		rec.Blob(r.blob)
	}
	if r.n == nil {
		rec.Null()
	} else {
		rec.Int(*r.n)
	}
	if r.f == nil {
		rec.Null()
	} else {
		rec.Float(*r.f)
	}
	return rec.Append(nil)
}

const testTable = "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, b BLOB, n INTEGER, f REAL)"
const testIndex = "CREATE INDEX t_s ON t(s)"

// write writes rows as table t, with the index t_s of their texts.
func write(t *testing.T, path string, size int, rows []row) {
	t.Helper()
	f, err := Create(path, size)
	if err != nil {
		t.Fatal(err)
	}
	tab := f.Table("t", testTable)
	ix := f.Index("t_s", "t", testIndex)
	var rec Record
	for _, r := range rows {
		if err := tab.Insert(r.id, r.record(&rec)); err != nil {
			t.Fatal(err)
		}
	}
	// The index's keys in its order: NULLs first, then texts by their
	// bytes, then rowid.
	keys := slices.Clone(rows)
	slices.SortFunc(keys, func(a, b row) int {
		switch {
		case a.text == nil && b.text == nil:
			return int(a.id - b.id)
		case a.text == nil:
			return -1
		case b.text == nil:
			return 1
		}
		if c := strings.Compare(*a.text, *b.text); c != 0 {
			return c
		}
		return int(a.id - b.id)
	})
	for _, r := range keys {
		rec.Reset()
		if r.text == nil {
			rec.Null()
		} else {
			rec.Text(*r.text)
		}
		rec.Int(r.id)
		if err := ix.Add(rec.Append(nil)); err != nil {
			t.Fatal(err)
		}
	}
	if ix.Rows() != int64(len(rows)) || tab.Rows() != int64(len(rows)) {
		t.Fatalf("rows %d, keys %d, want %d", tab.Rows(), ix.Rows(), len(rows))
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func open(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func integrity(t *testing.T, db *sql.DB, schema string) {
	t.Helper()
	var msgs []string
	rs, err := db.Query("PRAGMA " + schema + ".integrity_check")
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var m string
		rs.Scan(&m)
		msgs = append(msgs, m)
	}
	rs.Close()
	if len(msgs) != 1 || msgs[0] != "ok" {
		t.Fatalf("integrity_check: %q", msgs)
	}
}

// check reads every row back from path, by the table and through the index.
func check(t *testing.T, db *sql.DB, rows []row) {
	t.Helper()
	rs, err := db.Query("SELECT id, s, b, n, f FROM t ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for rs.Next() {
		var id int64
		var s sql.NullString
		var b []byte
		var n sql.NullInt64
		var f sql.NullFloat64
		if err := rs.Scan(&id, &s, &b, &n, &f); err != nil {
			t.Fatal(err)
		}
		if i >= len(rows) {
			t.Fatalf("more rows than %d", len(rows))
		}
		r := rows[i]
		switch {
		case id != r.id:
			t.Fatalf("row %d: id %d, want %d", i, id, r.id)
		case s.Valid != (r.text != nil) || r.text != nil && s.String != *r.text:
			t.Fatalf("row %d: text differs (%d bytes)", i, len(s.String))
		case (b == nil) != (r.blob == nil) || !bytes.Equal(b, r.blob):
			t.Fatalf("row %d: blob %x, want %x", i, b, r.blob)
		case n.Valid != (r.n != nil) || r.n != nil && n.Int64 != *r.n:
			t.Fatalf("row %d: integer %v, want %v", i, n, r.n)
		case f.Valid != (r.f != nil) || r.f != nil && f.Float64 != *r.f:
			t.Fatalf("row %d: real %v, want %v", i, f, r.f)
		}
		i++
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	rs.Close()
	if i != len(rows) {
		t.Fatalf("%d rows, want %d", i, len(rows))
	}
	for _, r := range rows[:min(len(rows), 200)] {
		if r.text == nil {
			continue
		}
		var id int64
		if err := db.QueryRow("SELECT id FROM t INDEXED BY t_s WHERE s = ?", *r.text).Scan(&id); err != nil || id != r.id {
			t.Fatalf("by the index: %d, %v; want %d", id, err, r.id)
		}
	}
}

// TestWrittenFileIsSQLites writes tables of every size up to trees three
// interior levels deep, with rows and keys that spill to overflow pages,
// and has SQLite check them and read them back.
func TestWrittenFileIsSQLites(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct{ size, rows int }{
		{4096, 0}, {4096, 1}, {4096, 2}, {4096, 40}, {4096, 3000}, {4096, 60000},
		{512, 5000}, {1024, 20000}, {65536, 3000},
	} {
		t.Run(fmt.Sprintf("%d-%d", tc.size, tc.rows), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "t.db")
			rows := makeRows(rng, tc.rows)
			write(t, path, tc.size, rows)
			db := open(t, path)
			integrity(t, db, "main")
			check(t, db, rows)
			var depth int
			// A table deep enough to have interior pages above interior pages.
			if tc.size == 512 {
				if err := db.QueryRow("SELECT max(length(path) - length(replace(path, '/', ''))) FROM dbstat WHERE name = 't'").Scan(&depth); err != nil || depth < 2 {
					t.Errorf("the table is %d levels deep below its root (%v): the test wants more", depth, err)
				}
			}
		})
	}
}

// TestCopiedWhole copies a written table and its index into a database
// with the same table through SQLite's transfer of whole records, into an
// empty table and into one with rows already, and has SQLite check both.
func TestCopiedWhole(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	dir := t.TempDir()
	rows := makeRows(rng, 20000)
	write(t, filepath.Join(dir, "stage.db"), 4096, rows)
	for _, before := range []int{0, 5} {
		db := open(t, filepath.Join(dir, fmt.Sprintf("main-%d.db", before)))
		db.SetMaxOpenConns(1)
		for _, q := range []string{testTable, testIndex, "ATTACH '" + filepath.Join(dir, "stage.db") + "' AS stage"} {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		var old []row
		for i := range before {
			s := fmt.Sprintf("before %d", i)
			old = append(old, row{id: int64(i + 1), text: &s})
			if _, err := db.Exec("INSERT INTO t (id, s) VALUES (?, ?)", i+1, s); err != nil {
				t.Fatal(err)
			}
		}
		var copied []row
		for _, r := range rows {
			r.id += int64(before)
			copied = append(copied, r)
		}
		if before > 0 {
			if _, err := db.Exec("UPDATE stage.t SET id = id + ?", before); err == nil {
				t.Fatal("the written file was changed")
			}
		}
		if _, err := db.Exec("INSERT INTO t SELECT * FROM stage.t"); err != nil && before == 0 {
			t.Fatal(err)
		}
		if before > 0 {
			continue
		}
		integrity(t, db, "main")
		check(t, db, append(old, copied...))
	}
}

func TestOutOfOrderRowid(t *testing.T) {
	f, err := Create(filepath.Join(t.TempDir(), "t.db"), 4096)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab := f.Table("t", testTable)
	var rec Record
	rec.Null()
	if err := tab.Insert(5, rec.Append(nil)); err != nil {
		t.Fatal(err)
	}
	if err := tab.Insert(5, rec.Append(nil)); err == nil {
		t.Fatal("a repeated rowid was taken")
	}
	if err := tab.Add(rec.Append(nil)); err == nil {
		t.Fatal("a key was added to a table")
	}
}

func TestVarint(t *testing.T) {
	for _, v := range []uint64{0, 1, 0x7f, 0x80, 0x3fff, 0x4000, 1<<56 - 1, 1 << 56, math.MaxUint64} {
		b := appendVarint(nil, v)
		if len(b) != varintLen(v) {
			t.Errorf("%d: %d bytes, varintLen says %d", v, len(b), varintLen(v))
		}
		// Decode as SQLite does.
		var got uint64
		for i := 0; i < len(b); i++ {
			if i == 8 {
				got = got<<8 | uint64(b[i])
				break
			}
			got = got<<7 | uint64(b[i]&0x7f)
			if b[i]&0x80 == 0 {
				if i != len(b)-1 {
					t.Errorf("%d: ends early", v)
				}
				break
			}
		}
		if got != v {
			t.Errorf("%d: read back %d (% x)", v, got, b)
		}
	}
}

// TestCheckSeesDisorder makes sure the checks above can fail: keys given
// out of order make a file SQLite finds corrupt.
func TestCheckSeesDisorder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	f, err := Create(path, 4096)
	if err != nil {
		t.Fatal(err)
	}
	tab := f.Table("t", testTable)
	ix := f.Index("t_s", "t", testIndex)
	var rec Record
	for i := int64(1); i <= 2000; i++ {
		s := fmt.Sprintf("%06d", (i*7919)%2000)
		rec.Reset()
		rec.Null()
		rec.Text(s)
		rec.Null()
		rec.Null()
		rec.Null()
		tab.Insert(i, rec.Append(nil))
		rec.Reset()
		rec.Text(s) // in rowid order, not the texts'
		rec.Int(i)
		ix.Add(rec.Append(nil))
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	var msg string
	if err := open(t, path).QueryRow("PRAGMA integrity_check").Scan(&msg); err != nil || msg == "ok" {
		t.Fatalf("integrity_check: %q, %v", msg, err)
	}
}

// TestPastTheLockBytePage writes a file of more than a gibibyte, with
// overflow chains across the page at 1 GiB, which SQLite keeps for its
// locks and never reads as part of a tree.
func TestPastTheLockBytePage(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 1.1 GiB")
	}
	path := filepath.Join(t.TempDir(), "big.db")
	f, err := Create(path, 4096)
	if err != nil {
		t.Fatal(err)
	}
	tab := f.Table("t", testTable)
	ix := f.Index("t_s", "t", testIndex)
	var rec Record
	blob := make([]byte, 100_000)
	const rows = 11_500 // 100 kB each: past 1 GiB
	for i := int64(1); i <= rows; i++ {
		for j := range blob {
			blob[j] = byte(i + int64(j))
		}
		s := fmt.Sprintf("%06d", i)
		rec.Reset()
		rec.Null()
		rec.Text(s)
		rec.Blob(blob)
		rec.Int(i)
		rec.Null()
		if err := tab.Insert(i, rec.Append(nil)); err != nil {
			t.Fatal(err)
		}
		rec.Reset()
		rec.Text(s)
		rec.Int(i)
		if err := ix.Add(rec.Append(nil)); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	db := open(t, path)
	integrity(t, db, "main")
	var n int
	var sum int64
	// Every blob read back whole, through its overflow chain.
	if err := db.QueryRow("SELECT count(*), sum(n) FROM t WHERE length(b) = 100000 AND substr(b, 99991, 10) = substr(b, 99991, 10)").Scan(&n, &sum); err != nil || n != rows || sum != rows*(rows+1)/2 {
		t.Fatalf("%d rows, sum %d: %v", n, sum, err)
	}
	var b []byte
	if err := db.QueryRow("SELECT b FROM t WHERE s = '010000'").Scan(&b); err != nil || len(b) != len(blob) || b[len(b)-1] != byte(10000+len(b)-1) {
		t.Fatalf("row 10000's blob: %d bytes, %v", len(b), err)
	}
}

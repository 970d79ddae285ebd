package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// rtreePair makes two feature tables, "built" and "loaded", with the same n
// features (points and boxes, some sharing a place, one empty), each with
// the R-tree RTreeSQL makes; LoadRTree then rebuilds loaded's. It returns
// the database and the features' ids and bounds.
func rtreePair(t *testing.T, n int, seed uint64) (*sql.DB, []RTreeEntry) {
	t.Helper()
	RegisterFunctions()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "r.gpkg"))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	if _, err := db.Exec(`CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
		definition TEXT NOT NULL, scope TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(seed, 7))
	var entries []RTreeEntry
	for _, table := range []string{"built", "loaded"} {
		if _, err := db.Exec(`CREATE TABLE ` + table + ` (fid INTEGER PRIMARY KEY, geom BLOB)`); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		var g orb.Geometry = orb.Point{60 + 15*r.Float64(), 29 + 10*r.Float64()}
		switch {
		case i%7 == 0:
			g = orb.Point{69.1723, 34.5281} // many on one place
		case i%5 == 0:
			x, y := 60+15*r.Float64(), 29+10*r.Float64()
			g = orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + r.Float64(), y + r.Float64()/3}}.ToPolygon()
		}
		blob, err := Encode(g, WGS84)
		if err != nil {
			t.Fatal(err)
		}
		if i == n/2 {
			blob, _ = Encode(orb.Point{}, WGS84)
			blob[3] |= flagEmpty
		} else {
			entries = append(entries, NewRTreeEntry(int64(i), g.Bound()))
		}
		for _, table := range []string{"built", "loaded"} {
			if _, err := tx.Exec(`INSERT INTO `+table+` VALUES (?, ?)`, i, blob); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"built", "loaded"} {
		if _, err := db.Exec(RTreeSQL(table, "geom", "fid")); err != nil {
			t.Fatal(err)
		}
	}
	tx, err = db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := LoadRTree(ctx, tx, "loaded", "geom", slices.Clone(entries)); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return db, entries
}

// rtreeAgrees checks that SQLite finds the loaded tree sound and that
// both trees answer the same window queries, and returns how many nodes
// the loaded tree has.
func rtreeAgrees(t *testing.T, db *sql.DB, r *rand.Rand) int {
	t.Helper()
	var check string
	if err := db.QueryRow(`SELECT rtreecheck('rtree_loaded_geom')`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("rtreecheck: %q %v", check, err)
	}
	ids := func(table string, q [4]float64) []int64 {
		rows, err := db.Query(`SELECT id FROM rtree_`+table+`_geom WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ? ORDER BY id`,
			q[0], q[1], q[2], q[3])
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			out = append(out, id)
		}
		return out
	}
	queries := [][4]float64{{-180, 180, -90, 90}, {69.1723, 69.1723, 34.5281, 34.5281}}
	for range 40 {
		x, y := 59+17*r.Float64(), 28+12*r.Float64()
		queries = append(queries, [4]float64{x, x + 2*r.Float64(), y, y + r.Float64()})
	}
	for _, q := range queries {
		if a, b := ids("built", q), ids("loaded", q); !slices.Equal(a, b) {
			t.Fatalf("window %v: SQLite's tree finds %d features, the loaded one %d", q, len(a), len(b))
		}
	}
	var nodes int
	db.QueryRow(`SELECT count(*) FROM rtree_loaded_geom_node`).Scan(&nodes)
	return nodes
}

func TestLoadRTree(t *testing.T) {
	for _, n := range []int{0, 1, 51, 52, 2600, 6000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			db, entries := rtreePair(t, n, uint64(n))
			r := rand.New(rand.NewPCG(uint64(n), 1))
			nodes := rtreeAgrees(t, db, r)
			var built int
			db.QueryRow(`SELECT count(*) FROM rtree_built_geom_node`).Scan(&built)
			if nodes > built {
				t.Errorf("the loaded tree has %d nodes, SQLite's own %d", nodes, built)
			}
			var count int
			db.QueryRow(`SELECT count(*) FROM rtree_loaded_geom`).Scan(&count)
			if count != len(entries) {
				t.Errorf("the loaded tree holds %d features, want %d", count, len(entries))
			}
			// SQLite goes on updating the loaded tree through the triggers.
			var more [][]byte
			for range 300 {
				blob, _ := Encode(orb.Point{60 + 15*r.Float64(), 29 + 10*r.Float64()}, WGS84)
				more = append(more, blob)
			}
			for _, table := range []string{"built", "loaded"} {
				tx, err := db.Begin()
				if err != nil {
					t.Fatal(err)
				}
				for _, blob := range more {
					if _, err := tx.Exec(`INSERT INTO `+table+` (geom) VALUES (?)`, blob); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := tx.Exec(`DELETE FROM ` + table + ` WHERE fid % 3 = 0`); err != nil {
					t.Fatal(err)
				}
				if _, err := tx.Exec(`UPDATE ` + table + ` SET geom = (SELECT geom FROM ` + table + ` WHERE fid = 1) WHERE fid % 4 = 1`); err != nil {
					t.Fatal(err)
				}
				if err := tx.Commit(); err != nil {
					t.Fatal(err)
				}
			}
			rtreeAgrees(t, db, r)
		})
	}
}

func TestLoadRTreeRounding(t *testing.T) {
	for _, d := range []float64{0, 1, -1, 69.17231234567, -33.3333333333, 1e-40, 180, -180} {
		lo, hi := roundDown(d), roundUp(d)
		if float64(lo) > d || float64(hi) < d {
			t.Errorf("%v rounds to [%v, %v]", d, lo, hi)
		}
	}
}

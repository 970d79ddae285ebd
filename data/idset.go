package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/afcontrol/afcontrol/data/gpkg"
)

// idsInMemory is how many source ids an import keeps in memory, about
// sixty bytes each, before it moves them to a file of their own: past it,
// the memory an import takes no longer grows with the rows of its file. A
// variable for the tests.
var idsInMemory = 250_000

// idBloomWords is the size of the Bloom filter that keeps a set of ids in a
// file from being looked up for every new id: 2^22 words, 32 MiB, one
// false "perhaps" in about 30,000 for ten million ids.
const idBloomWords = 1 << 22

// idBatch is how many ids go to the file in one statement.
const idBatch = 512

// idSet is the source ids an import has read, each with the line it was
// first read on: to refuse an id given twice, and for a sync to tell the
// stored events the file no longer has. It keeps them in a map up to
// idsInMemory ids, and after that in a temporary SQLite file, with a Bloom
// filter in front of the file (an id the filter has not seen is new, and
// costs no lookup) and the last ids in a small map until they are written.
type idSet struct {
	ctx context.Context
	mem map[string]int
	// After the move to the file:
	db      *sql.DB
	dir     string
	bloom   []uint64
	seed    maphash.Seed
	pending map[string]int
}

func newIDSet(ctx context.Context) *idSet { return &idSet{ctx: ctx, mem: map[string]int{}} }

// Add records id as read on line, and returns the line it was first read on
// when it was read before.
func (s *idSet) Add(id string, line int) (first int, dup bool, err error) {
	if s.db == nil {
		if first, dup := s.mem[id]; dup {
			return first, true, nil
		}
		if len(s.mem) < idsInMemory {
			// A copy: the id is a slice of its whole line, which the map
			// would otherwise keep for the rest of the file.
			s.mem[strings.Clone(id)] = line
			return 0, false, nil
		}
		if err := s.spill(); err != nil {
			return 0, false, err
		}
	}
	if first, dup := s.pending[id]; dup {
		return first, true, nil
	}
	if s.perhaps(id) {
		err := s.db.QueryRowContext(s.ctx, "SELECT line FROM ids WHERE id = ?", id).Scan(&first)
		switch {
		case err == nil:
			return first, true, nil
		case err != sql.ErrNoRows:
			return 0, false, fmt.Errorf("source ids: %w", err)
		}
	}
	s.remember(id)
	s.pending[strings.Clone(id)] = line
	if len(s.pending) >= idBatch {
		return 0, false, s.write()
	}
	return 0, false, nil
}

// HaveAll reports, for each of ids, whether it was read.
func (s *idSet) HaveAll(ids []string) ([]bool, error) {
	out := make([]bool, len(ids))
	if s.db == nil {
		for i, id := range ids {
			_, out[i] = s.mem[id]
		}
		return out, nil
	}
	if err := s.write(); err != nil {
		return nil, err
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(s.ctx, "SELECT j.key FROM json_each(?) j WHERE EXISTS (SELECT 1 FROM ids WHERE id = j.value)", string(list))
	if err != nil {
		return nil, fmt.Errorf("source ids: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var i int
		if err := rows.Scan(&i); err != nil {
			return nil, fmt.Errorf("source ids: %w", err)
		}
		out[i] = true
	}
	return out, rows.Err()
}

// bits are the Bloom filter's bits for id: seven, from two halves of one
// hash.
func (s *idSet) bits(id string, f func(word int, bit uint64) bool) bool {
	h := maphash.String(s.seed, id)
	h1, h2 := h, h>>33|1
	for i := range uint64(7) {
		b := (h1 + i*h2) % (idBloomWords * 64)
		if !f(int(b/64), 1<<(b%64)) {
			return false
		}
	}
	return true
}

func (s *idSet) perhaps(id string) bool {
	return s.bits(id, func(w int, bit uint64) bool { return s.bloom[w]&bit != 0 })
}

func (s *idSet) remember(id string) {
	s.bits(id, func(w int, bit uint64) bool { s.bloom[w] |= bit; return true })
}

// spill moves the ids from the map to a temporary SQLite file, kept with a
// small page cache, no journal and no syncs: it lives as long as the
// import and is removed by Close.
func (s *idSet) spill() error {
	dir, err := processTemp("afcontrol-ids-")
	if err != nil {
		return fmt.Errorf("source ids: %w", err)
	}
	s.dir = dir
	q := url.Values{}
	for _, p := range []string{"journal_mode(OFF)", "synchronous(OFF)", "cache_size(-8192)"} {
		q.Add("_pragma", p)
	}
	db, err := sql.Open("sqlite", gpkg.FileURI(filepath.Join(dir, "ids.db"), q.Encode()))
	if err != nil {
		return fmt.Errorf("source ids: %w", err)
	}
	db.SetMaxOpenConns(1)
	s.db = db
	if _, err := db.ExecContext(s.ctx, "CREATE TABLE ids (id TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID"); err != nil {
		return fmt.Errorf("source ids: %w", err)
	}
	s.bloom, s.seed, s.pending = make([]uint64, idBloomWords), maphash.MakeSeed(), map[string]int{}
	for id, line := range s.mem {
		s.remember(id)
		s.pending[id] = line
		if len(s.pending) >= idBatch {
			if err := s.write(); err != nil {
				return err
			}
		}
	}
	s.mem = nil
	return s.write()
}

// write stores the pending ids in the file.
func (s *idSet) write() error {
	if len(s.pending) == 0 {
		return nil
	}
	args := make([]any, 0, 2*len(s.pending))
	for id, line := range s.pending {
		args = append(args, id, line)
	}
	query := "INSERT INTO ids (id, line) VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?), ", len(s.pending)), ", ")
	if _, err := s.db.ExecContext(s.ctx, query, args...); err != nil {
		return fmt.Errorf("source ids: %w", err)
	}
	clear(s.pending)
	return nil
}

// Close lets the ids go and removes their file.
func (s *idSet) Close() {
	s.mem, s.bloom, s.pending = nil, nil, nil
	if s.db != nil {
		s.db.Close()
		s.db = nil
	}
	if s.dir != "" {
		os.RemoveAll(s.dir)
		s.dir = ""
	}
}

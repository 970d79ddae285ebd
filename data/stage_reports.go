package data

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/afcontrol/afcontrol/data/btree"
	"github.com/afcontrol/afcontrol/data/events"
)

// stagedReports is the file beside a staging file that holds, for every
// staged event in fid order, what its district index key and the timeline
// need of it: its district, its day and the status it reports. It is
// written as the rows are staged and read back in passes, so that an
// import of any size holds none of it in memory: the district index is
// written into the staging file from it a group of districts at a time,
// and the timeline is built from it while the rows are copied in.
type stagedReports struct {
	path  string
	f     *os.File
	w     *bufio.Writer
	buf   [reportSize]byte
	first int64 // the fid of the first record
	n     int64 // records written
	// A district is written as its slot: slots[fid] is its slot, fids[slot]
	// its fid, and count[slot] the records of it. Slot 0 is no district (a
	// report of a province or of the country).
	slots          map[int64]uint32
	fids           []int64
	count          []int64
	minDay, maxDay events.Day
}

// reportSize is the size of a record: the district's slot (4 bytes), the
// day (4), whether the event changes its district's status, and its
// status, confidence and claim (a byte each).
const reportSize = 12

func newStagedReports(path string, first int64) (*stagedReports, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &stagedReports{path: path, f: f, w: bufio.NewWriterSize(f, 1<<16), first: first,
		slots: map[int64]uint32{}, fids: []int64{0}, count: []int64{0}}, nil
}

// report is a record read back.
type report struct {
	slot   uint32
	day    events.Day
	change bool
	st     events.Status
	cf     events.Confidence
	claim  bool
}

// add writes the record of the next event: its district (when has), day
// and, when change, the status it reports.
func (r *stagedReports) add(district int64, has bool, day events.Day, change bool, st events.Status, cf events.Confidence, claim bool) error {
	var slot uint32
	if has {
		s, ok := r.slots[district]
		if !ok {
			s = uint32(len(r.fids))
			r.slots[district] = s
			r.fids = append(r.fids, district)
			r.count = append(r.count, 0)
		}
		slot = s
	}
	r.count[slot]++
	if r.n == 0 || day < r.minDay {
		r.minDay = day
	}
	if r.n == 0 || day > r.maxDay {
		r.maxDay = day
	}
	b := r.buf[:]
	binary.LittleEndian.PutUint32(b[0:], slot)
	binary.LittleEndian.PutUint32(b[4:], uint32(day))
	b[8], b[9], b[10], b[11] = 0, byte(st), byte(cf), 0
	if change {
		b[8] = 1
	}
	if claim {
		b[11] = 1
	}
	r.n++
	_, err := r.w.Write(b)
	return err
}

// flush writes out what add buffered, before the records are read.
func (r *stagedReports) flush() error {
	if err := r.w.Flush(); err != nil {
		return fmt.Errorf("staging: %s: %w", r.path, err)
	}
	return nil
}

func (r *stagedReports) close() { r.f.Close() }

// each calls yield with every record, i counting from 0, until it returns
// an error. It reads the file through a handle of its own, so passes can
// run side by side.
func (r *stagedReports) each(yield func(i int64, rep report) error) error {
	f, err := os.Open(r.path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<18)
	var b [reportSize]byte
	for i := int64(0); i < r.n; i++ {
		if _, err := io.ReadFull(br, b[:]); err != nil {
			return fmt.Errorf("staging: %s: record %d: %w", r.path, i, err)
		}
		rep := report{slot: binary.LittleEndian.Uint32(b[0:]), day: events.Day(binary.LittleEndian.Uint32(b[4:])),
			change: b[8] == 1, st: events.Status(b[9]), cf: events.Confidence(b[10]), claim: b[11] == 1}
		if int(rep.slot) >= len(r.fids) {
			return fmt.Errorf("staging: %s: record %d names district slot %d of %d", r.path, i, rep.slot, len(r.fids))
		}
		if err := yield(i, rep); err != nil {
			return err
		}
	}
	return nil
}

// changes calls yield with the reports that change their district's
// status, as the timeline takes them.
func (r *stagedReports) changes(yield func(changeRow) error) error {
	return r.each(func(i int64, rep report) error {
		if !rep.change {
			return nil
		}
		return yield(changeRow{district: r.fids[rep.slot], fid: r.first + i, day: rep.day, st: rep.st, cf: rep.cf, claim: rep.claim})
	})
}

// A district index key is sorted as one number: the rank of its district
// in its group, the day from the first, and the fid from the first.
const (
	keyRankBits = 12
	keyDayBits  = 20
	keyFIDBits  = 32
)

// Keys are sorted a group of districts at a time, up to indexGroupKeys of
// them (8 bytes each, 16 MB), in one pass over the file each; a district
// with more events makes a group of its own, up to maxDistrictKeys (64 MB),
// and past that the index is built by SQLite. Variables for the tests.
var (
	indexGroupKeys  int64 = 1 << 21
	maxDistrictKeys int64 = 1 << 23
)

// indexable reports whether the district index can be written from the
// records: their days and count fit a key, and no district has more
// events than a group holds.
func (r *stagedReports) indexable() bool {
	if r.n >= 1<<keyFIDBits || int64(r.maxDay)-int64(r.minDay) >= 1<<keyDayBits {
		return false
	}
	return slices.Max(r.count) <= maxDistrictKeys
}

// writeIndex adds every record's key of events_district_date to ix, in the
// index's order: no district first, as SQLite orders NULL, then districts
// by fid; within one, days as their text orders them, then fids.
func (r *stagedReports) writeIndex(ix *btree.Tree, rec *btree.Record) error {
	order := make([]uint32, 0, len(r.fids))
	for slot := range r.fids {
		if r.count[slot] > 0 {
			order = append(order, uint32(slot))
		}
	}
	// Slot 0 (no district), when used, is first already; the others go by fid.
	rest := order
	if len(rest) > 0 && rest[0] == 0 {
		rest = rest[1:]
	}
	slices.SortFunc(rest, func(a, b uint32) int { return cmp.Compare(r.fids[a], r.fids[b]) })
	rank := make([]int32, len(r.fids))
	var keys []uint64
	var buf []byte
	for len(order) > 0 {
		// The next group: districts in order while their keys fit.
		n, total := 0, int64(0)
		for n < len(order) && n < 1<<keyRankBits && (n == 0 || total+r.count[order[n]] <= indexGroupKeys) {
			total += r.count[order[n]]
			n++
		}
		group := order[:n]
		order = order[n:]
		for i := range rank {
			rank[i] = -1
		}
		for i, slot := range group {
			rank[slot] = int32(i)
		}
		keys = keys[:0]
		err := r.each(func(i int64, rep report) error {
			if k := rank[rep.slot]; k >= 0 {
				keys = append(keys, uint64(k)<<(keyDayBits+keyFIDBits)|uint64(rep.day-r.minDay)<<keyFIDBits|uint64(i))
			}
			return nil
		})
		if err != nil {
			return err
		}
		slices.Sort(keys)
		for _, k := range keys {
			slot := group[k>>(keyDayBits+keyFIDBits)]
			rec.Reset()
			if slot == 0 {
				rec.Null()
			} else {
				rec.Int(r.fids[slot])
			}
			rec.Text((r.minDay + events.Day(k>>keyFIDBits&(1<<keyDayBits-1))).String())
			rec.Int(r.first + int64(k&(1<<keyFIDBits-1)))
			buf = rec.Append(buf[:0])
			if err := ix.Add(buf); err != nil {
				return err
			}
		}
	}
	return nil
}

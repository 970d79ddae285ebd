package data

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
)

// sqlConn is what reading the events and writing the index need: a *sql.DB or a *sql.Tx.
type sqlConn interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// loadTimeline returns the timeline of the districts fids (in fid order)
// from the timeline index when it is current, else from the events, and then
// keeps it in the index for the next load. The build and the write share one
// transaction, so no change can land between them. A dataset that cannot be
// written (read-only media, another program holding the write lock) still
// loads; it only loads slowly again next time.
func (d *Dataset) loadTimeline(ctx context.Context, fids []int64) (*timeline.Timeline, error) {
	if tl, ok := readTimelineIndex(ctx, d.db, fids); ok {
		return tl, nil
	}
	var tl *timeline.Timeline
	var buildErr error
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		if tl, buildErr = buildTimeline(ctx, tx, fids); buildErr != nil {
			return buildErr
		}
		return writeTimelineIndex(ctx, tx, fids, tl)
	})
	switch {
	case buildErr != nil:
		return nil, buildErr
	case err != nil:
		return buildTimeline(ctx, d.db, fids)
	}
	return tl, nil
}

func districtFIDs(ctx context.Context, q sqlConn) ([]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT fid FROM districts ORDER BY fid")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var fids []int64
	for rows.Next() {
		var fid int64
		if err := rows.Scan(&fid); err != nil {
			return nil, err
		}
		fids = append(fids, fid)
	}
	return fids, rows.Err()
}

// readTimelineIndex returns the stored timeline when there is one built for
// exactly the districts fids. A stored one that does not decode is ignored,
// as a stale one is: the events are the record, the index only a copy.
func readTimelineIndex(ctx context.Context, q sqlConn, fids []int64) (*timeline.Timeline, bool) {
	var dists, enc []byte
	err := q.QueryRowContext(ctx, "SELECT districts, timeline FROM timeline_index WHERE id = 1").Scan(&dists, &enc)
	if err != nil || !bytes.Equal(dists, encodeFIDs(fids)) {
		return nil, false
	}
	tl, err := timeline.Decode(enc)
	if err != nil || tl.Districts() != len(fids) {
		return nil, false
	}
	return tl, true
}

// writeTimelineIndex stores tl as the index of the districts fids; an index
// that holds the same already is left as it is, so an import that changes
// nothing changes no row.
func writeTimelineIndex(ctx context.Context, q sqlConn, fids []int64, tl *timeline.Timeline) error {
	enc, err := tl.AppendBinary(nil)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO timeline_index (id, districts, timeline) VALUES (1, ?, ?)
		ON CONFLICT(id) DO UPDATE SET districts = excluded.districts, timeline = excluded.timeline,
		built_at = excluded.built_at
		WHERE districts IS NOT excluded.districts OR timeline IS NOT excluded.timeline`, encodeFIDs(fids), enc)
	return err
}

// encodeFIDs writes ascending district fids as varint steps.
func encodeFIDs(fids []int64) []byte {
	b := make([]byte, 0, len(fids)+8)
	var prev int64
	for _, f := range fids {
		b = binary.AppendVarint(b, f-prev)
		prev = f
	}
	return b
}

// maxDenseDays bounds the district-days buildTimeline keeps a slot for when
// it reads the events in table order: 8,000,000 (twice 398 districts over
// 25 years) cost 2 × 9 bytes each, 144 MB; ten million events over 20
// years fill 3,000,000. A dataset whose districts' first
// and last reports span more falls back to reading along the index.
var maxDenseDays = 8_000_000

// buildTimeline reads the status-changing events and builds their timeline.
// Events of a district not in fids are left out. Memory follows the number
// of district-days the events span, never the number of events.
//
// The fast way reads the table in storage order (sequential pages) into a
// slot per district and day between the district's first and last report,
// keeping each layer's winner of the day. When the days are too many for
// maxDenseDays it reads along the (district_id, date) index instead, which
// needs nothing but the result in memory and visits the table's pages in
// random order: several times slower on a file larger than the page cache.
func buildTimeline(ctx context.Context, q sqlConn, fids []int64) (*timeline.Timeline, error) {
	spans, total, err := districtSpans(ctx, q, fids)
	if err != nil {
		return nil, err
	}
	if total <= maxDenseDays {
		return buildTimelineDense(ctx, q, fids, spans, total)
	}
	return buildTimelineIndexed(ctx, q, fids)
}

// daySpan is the days from first to last of one district's events; n is 0
// for a district without events.
type daySpan struct {
	first events.Day
	n     int
	off   int // of its first slot
}

// districtSpans finds, by two index seeks per district, the first and last
// day of each district's events, and the slots they need in all.
func districtSpans(ctx context.Context, q sqlConn, fids []int64) ([]daySpan, int, error) {
	spans := make([]daySpan, len(fids))
	total := 0
	for i, fid := range fids {
		var lo, hi sql.NullString
		err := q.QueryRowContext(ctx, `SELECT
			(SELECT substr(date, 1, 10) FROM events WHERE district_id = ?1 ORDER BY date LIMIT 1),
			(SELECT substr(date, 1, 10) FROM events WHERE district_id = ?1 ORDER BY date DESC LIMIT 1)`, fid).Scan(&lo, &hi)
		if err != nil {
			return nil, 0, err
		}
		if !lo.Valid || !hi.Valid {
			continue
		}
		first, err1 := events.ParseDay(lo.String)
		last, err2 := events.ParseDay(hi.String)
		if err1 != nil || err2 != nil || last < first {
			// A malformed date: let the indexed reader name the event.
			return spans, maxDenseDays + 1, nil
		}
		spans[i] = daySpan{first: first, n: int(last-first) + 1, off: total}
		total += spans[i].n
		if total > maxDenseDays {
			return spans, total, nil
		}
	}
	return spans, total, nil
}

// changeQuery selects, per status-changing event, its district, its fid and
// one integer packing the rest, which SQLite computes: the day counted from
// 1900-01-01 times 128, plus 64 for a claim, 16 times the confidence and the
// status. NULL marks a date, status or confidence that is not as afcontrol
// writes them (another program may have written it). Three integers a row
// cost the driver a fraction of what three strings do.
const changeQuery = `SELECT district_id, fid, ` + packedChange + ` FROM events`

// packedChange is changeQuery's packed integer, as an SQL expression.
const packedChange = `CASE WHEN date(substr(date, 1, 10)) IS substr(date, 1, 10) THEN
		CAST(julianday(substr(date, 1, 10)) - 2415020.5 AS INTEGER) * 128 + (claim <> 0) * 64
		+ (CASE confidence WHEN 'low' THEN 0 WHEN 'medium' THEN 16 WHEN 'high' THEN 32 END)
		+ (CASE status WHEN 'unknown' THEN 0 WHEN 'government' THEN 1 WHEN 'contested' THEN 2 WHEN 'taliban' THEN 3 END)
	END`

// ownChanges restricts changeQuery to the status-changing reports about one
// district.
const ownChanges = ` WHERE district_id IS NOT NULL AND scope = 'district' AND status <> 'nochange'`

// day1900 is 1900-01-01, where changeQuery's days count from; day2100,
// 2100-12-31, the last day it reads.
var day1900, day2100 = events.DayOf(1900, 1, 1), events.DayOf(2100, 12, 31)

// errUnreadChange is the error of an event whose packed change does not
// read.
var errUnreadChange = errors.New("its date, status or confidence is not one afcontrol reads")

// unpackChange reads changeQuery's packed integer.
func unpackChange(fid int64, packed sql.NullInt64) (day events.Day, st events.Status, conf events.Confidence, claim bool, err error) {
	v := packed.Int64
	if !packed.Valid || v < 0 || v>>7 > int64(day2100-day1900) || (v>>4)&3 > int64(events.High) {
		return 0, 0, 0, false, fmt.Errorf("event %d: %w", fid, errUnreadChange)
	}
	return day1900 + events.Day(v>>7), events.Status(v & 3), events.Confidence((v >> 4) & 3), v&64 != 0, nil
}

// slots are one layer's best report of each district-day so far: rank packs
// confidence+1 (0 for an empty slot) above the status; seq is its fid.
type slots struct {
	seq    []int64
	rank   []uint8
	filled int
}

func buildTimelineDense(ctx context.Context, q sqlConn, fids []int64, spans []daySpan, total int) (*timeline.Timeline, error) {
	feed, err := newAreaFeed(ctx, q, fids)
	if err != nil {
		return nil, err
	}
	return denseTimeline(fids, spans, total, feed, func(yield func(changeRow) error) error {
		return readChanges(ctx, q, yield)
	})
}

// readChanges calls yield with every status-changing report of one
// district in the table, in table order. An event it cannot read gives an
// error wrapping errUnreadChange.
func readChanges(ctx context.Context, q sqlConn, yield func(changeRow) error) error {
	return readChangesAfter(ctx, q, 0, yield)
}

// readChangesAfter is readChanges of the events after the fid after.
func readChangesAfter(ctx context.Context, q sqlConn, after int64, yield func(changeRow) error) error {
	rows, err := q.QueryContext(ctx, changeQuery+ownChanges+" AND fid > ?", after)
	if err != nil {
		return err
	}
	defer rows.Close()
	var c changeRow
	var packed sql.NullInt64
	for rows.Next() {
		if err := rows.Scan(&c.district, &c.fid, &packed); err != nil {
			return err
		}
		if c.day, c.st, c.cf, c.claim, err = unpackChange(c.fid, packed); err != nil {
			return err
		}
		if err := yield(c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// changeRow is a status-changing report of one district, as the timeline
// is built from: its district's fid, its own, its day and what it says.
type changeRow struct {
	district, fid int64
	day           events.Day
	st            events.Status
	cf            events.Confidence
	claim         bool
}

// denseTimeline builds the timeline of the district-days spans lays out
// from the reports each gives (in any order), and the area assessments of
// feed.
func denseTimeline(fids []int64, spans []daySpan, total int, feed *areaFeed, each func(yield func(changeRow) error) error) (*timeline.Timeline, error) {
	byFID := make(map[int64]int, len(fids))
	for i, f := range fids {
		byFID[f] = i
	}
	var layers [2]slots
	for l := range layers {
		layers[l] = slots{seq: make([]int64, total), rank: make([]uint8, total)}
	}
	var (
		cur   int64 = -1
		at    int
		inSet bool
	)
	err := each(func(c changeRow) error {
		if c.district != cur {
			cur = c.district
			at, inSet = byFID[c.district]
		}
		if !inSet {
			return nil
		}
		sp := spans[at]
		k := int(c.day - sp.first)
		if k < 0 || k >= sp.n {
			return fmt.Errorf("event %d: day %v outside its district's first and last day", c.fid, c.day)
		}
		rank := uint8(c.cf+1)<<4 | uint8(c.st)
		for l := range layers {
			if l == int(timeline.Confirmed) && c.claim {
				continue
			}
			ly, i := &layers[l], sp.off+k
			// Same rule as timeline.Build: higher confidence, then larger seq.
			if old := ly.rank[i]; old>>4 < rank>>4 || (old>>4 == rank>>4 && c.fid >= ly.seq[i]) {
				if old == 0 {
					ly.filled++
				}
				ly.seq[i], ly.rank[i] = c.fid, rank
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	b := timeline.NewBuilder(len(fids))
	feed.b = b
	b.Grow(layers[timeline.Confirmed].filled, layers[timeline.WithClaims].filled)
	conf := &layers[timeline.Confirmed]
	for d, sp := range spans {
		for k := 0; k < sp.n; k++ {
			i := sp.off + k
			for l := range layers {
				ly := &layers[l]
				if ly.rank[i] == 0 {
					continue
				}
				if l == int(timeline.WithClaims) && conf.rank[i] == ly.rank[i] && conf.seq[i] == ly.seq[i] {
					continue // the same report won both layers
				}
				c := timeline.Change{District: d, Day: sp.first + events.Day(k), Status: events.Status(ly.rank[i] & 0x0f),
					Confidence: events.Confidence(ly.rank[i]>>4 - 1), Claim: l == int(timeline.WithClaims), Seq: ly.seq[i]}
				if err := feed.upTo(d, c.Day); err != nil {
					return nil, err
				}
				if err := b.Add(c); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := feed.rest(); err != nil {
		return nil, err
	}
	return b.Timeline()
}

// buildTimelineIndexed reads the status-changing events district by
// district, in date order along the (district_id, date) index, so the
// builder holds only each day's winners.
func buildTimelineIndexed(ctx context.Context, q sqlConn, fids []int64) (*timeline.Timeline, error) {
	feed, err := newAreaFeed(ctx, q, fids)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, changeQuery+` INDEXED BY events_district_date`+ownChanges+` ORDER BY district_id, date`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	b := timeline.NewBuilder(len(fids))
	feed.b = b
	var (
		district, fid int64
		packed        sql.NullInt64
		cur           int64 = -1 // the district of the last row
		at            int        // its index in fids, when inSet
		inSet         bool
	)
	for rows.Next() {
		if err := rows.Scan(&district, &fid, &packed); err != nil {
			return nil, err
		}
		if district != cur {
			// Both ascend: walk fids forward to the district.
			cur = district
			for at < len(fids) && fids[at] < district {
				at++
			}
			inSet = at < len(fids) && fids[at] == district
		}
		if !inSet {
			continue
		}
		day, st, cf, claim, err := unpackChange(fid, packed)
		if err != nil {
			return nil, err
		}
		if err := feed.upTo(at, day); err != nil {
			return nil, err
		}
		if err := b.Add(timeline.Change{District: at, Day: day, Status: st, Confidence: cf, Claim: claim, Seq: fid}); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := feed.rest(); err != nil {
		return nil, err
	}
	return b.Timeline()
}

// areaFeed holds the changes that area assessments make to each district
// (an assessment of a province covers the districts placed in it, one of
// the country every district) and adds them to a builder between the
// district's own reports, keeping the (district, day) order the builder
// needs; the builder ranks an own report above an area one on the same day.
// Assessments are few, so they are held whole.
type areaFeed struct {
	b    *timeline.Builder
	by   [][]timeline.Change // by district index in fids, in day order
	d, k int                 // the next change to add: by[d][k]
}

func newAreaFeed(ctx context.Context, q sqlConn, fids []int64) (*areaFeed, error) {
	f := &areaFeed{by: make([][]timeline.Change, len(fids))}
	at := make(map[int64]int, len(fids))
	for i, fid := range fids {
		at[fid] = i
	}
	rows, err := q.QueryContext(ctx, "SELECT fid, coalesce(province, '') FROM districts")
	if err != nil {
		return nil, err
	}
	inProvince := map[string][]int{}
	for rows.Next() {
		var fid int64
		var province string
		if err := rows.Scan(&fid, &province); err != nil {
			rows.Close()
			return nil, err
		}
		if i, ok := at[fid]; ok && province != "" {
			inProvince[province] = append(inProvince[province], i)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT fid, scope, province, `+packedChange+` FROM events
		WHERE scope <> 'district' AND kind = 'assessment' AND status <> 'nochange' ORDER BY date, fid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var fid int64
		var scope, province string
		var packed sql.NullInt64
		if err := rows.Scan(&fid, &scope, &province, &packed); err != nil {
			return nil, err
		}
		day, st, cf, claim, err := unpackChange(fid, packed)
		if err != nil {
			return nil, err
		}
		c := timeline.Change{Day: day, Status: st, Confidence: cf, Claim: claim, Area: true, Seq: fid}
		covered := inProvince[province]
		if scope == "country" {
			covered = nil
			for i := range fids {
				covered = append(covered, i)
			}
		}
		for _, i := range covered {
			c.District = i
			f.by[i] = append(f.by[i], c)
		}
	}
	return f, rows.Err()
}

// upTo adds every area change of the districts before district, and those
// of district up to and including day.
func (f *areaFeed) upTo(district int, day events.Day) error {
	for f.d < len(f.by) && f.d <= district {
		list := f.by[f.d]
		for f.k < len(list) && (f.d < district || list[f.k].Day <= day) {
			if err := f.b.Add(list[f.k]); err != nil {
				return err
			}
			f.k++
		}
		if f.d == district {
			return nil
		}
		f.d, f.k = f.d+1, 0
	}
	return nil
}

// rest adds the area changes not added yet.
func (f *areaFeed) rest() error { return f.upTo(len(f.by), 0) }

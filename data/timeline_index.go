package data

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
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

// refreshTimelineIndex builds the timeline from the events as tx sees them
// and stores it in the index, so the first load after an import is fast.
func refreshTimelineIndex(ctx context.Context, tx *sql.Tx) error {
	fids, err := districtFIDs(ctx, tx)
	if err != nil {
		return err
	}
	tl, err := buildTimeline(ctx, tx, fids)
	if err != nil {
		return err
	}
	return writeTimelineIndex(ctx, tx, fids, tl)
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

func writeTimelineIndex(ctx context.Context, q sqlConn, fids []int64, tl *timeline.Timeline) error {
	enc, err := tl.AppendBinary(nil)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO timeline_index (id, districts, timeline) VALUES (1, ?, ?)
		ON CONFLICT(id) DO UPDATE SET districts = excluded.districts, timeline = excluded.timeline,
		built_at = excluded.built_at`, encodeFIDs(fids), enc)
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

// buildTimeline reads the status-changing events district by district, in
// date order along the (district_id, date) index, so the builder holds only
// each day's winners: memory follows the size of the timeline, never the
// number of events. Events of a district not in fids are left out.
func buildTimeline(ctx context.Context, q sqlConn, fids []int64) (*timeline.Timeline, error) {
	rows, err := q.QueryContext(ctx, `SELECT district_id, date, status, confidence, claim, fid
		FROM events INDEXED BY events_district_date
		WHERE district_id IS NOT NULL AND status <> 'nochange' ORDER BY district_id, date`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	b := timeline.NewBuilder(len(fids))
	var (
		district, fid      int64
		date, status, conf sql.RawBytes
		claim              bool
		cur                int64 = -1 // the district of the last row
		at                 int        // its index in fids, when inSet
		inSet              bool
		lastDate           []byte
		lastDay            events.Day
	)
	for rows.Next() {
		if err := rows.Scan(&district, &date, &status, &conf, &claim, &fid); err != nil {
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
		if len(date) > 10 {
			date = date[:10]
		}
		if !bytes.Equal(date, lastDate) {
			day, err := events.ParseDay(string(date))
			if err != nil {
				return nil, fmt.Errorf("event %d: date %q: %w", fid, date, err)
			}
			lastDate, lastDay = append(lastDate[:0], date...), day
		}
		st, ok := storedStatus(status)
		if !ok {
			return nil, fmt.Errorf("event %d: status %q", fid, status)
		}
		cf, ok := storedConfidence(conf)
		if !ok {
			return nil, fmt.Errorf("event %d: confidence %q", fid, conf)
		}
		if err := b.Add(timeline.Change{District: at, Day: lastDay, Status: st, Confidence: cf, Claim: claim, Seq: fid}); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return b.Timeline()
}

// storedStatus and storedConfidence read the values the schema's CHECKs allow,
// without a string per row.
func storedStatus(b []byte) (events.Status, bool) {
	switch string(b) {
	case "government":
		return events.Government, true
	case "contested":
		return events.Contested, true
	case "taliban":
		return events.Taliban, true
	case "unknown":
		return events.Unknown, true
	}
	return 0, false
}

func storedConfidence(b []byte) (events.Confidence, bool) {
	switch string(b) {
	case "low":
		return events.Low, true
	case "medium":
		return events.Medium, true
	case "high":
		return events.High, true
	}
	return 0, false
}

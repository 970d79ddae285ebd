package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
)

// spanBatch is how many status_spans rows one INSERT carries: 6,144 bound
// values, under SQLite's limit of 32,766.
const spanBatch = 1024

// rebuildIntervals rewrites, inside tx, the status spans behind the
// status_intervals layer of the districts with the given fids, from their
// events, through the same timeline the map and 'afcontrol status' use, so
// the layer and the map agree on every day. nil rebuilds every district (and
// drops the spans of districts that are gone); fids of districts that do not
// exist are ignored. Call it in the transaction of every write that changes
// events or districts. A full rebuild also brings the timeline index up to
// date.
func rebuildIntervals(ctx context.Context, tx *sql.Tx, districtFIDs []int64) error {
	return rebuildIntervalsFrom(ctx, tx, districtFIDs, nil)
}

// indexedTimeline is the timeline index as a write found it before it
// changed anything: the districts it was built for, and the timeline.
type indexedTimeline struct {
	fids []int64
	tl   *timeline.Timeline
}

// currentIndex reads the timeline index inside tx, before a write: nil
// when there is none current for the districts as they are.
func currentIndex(ctx context.Context, tx *sql.Tx) *indexedTimeline {
	fids, err := districtFIDs(ctx, tx)
	if err != nil {
		return nil
	}
	tl, ok := readTimelineIndex(ctx, tx, fids)
	if !ok {
		return nil
	}
	return &indexedTimeline{fids: fids, tl: tl}
}

// rebuildIntervalsFrom is rebuildIntervals for a write that changed the
// events of the districts districtFIDs and of no other (no area report, no
// change to another district's event, no change to the districts), given
// old, the timeline index from before the write (currentIndex; nil when
// there was none): the timeline of those districts is spliced into old and
// kept as the index, so that the next load reads it rather than building
// the whole timeline again.
func rebuildIntervalsFrom(ctx context.Context, tx *sql.Tx, districtFIDs []int64, old *indexedTimeline) error {
	return rebuildSpans(ctx, tx, districtFIDs, old, nil, "")
}

// rebuildAllIntervals is rebuildIntervals of every district for a bulk
// write, which stages the spans in the file attached as stageSpans, path
// stage.
func rebuildAllIntervals(ctx context.Context, tx *sql.Tx, stage string) error {
	return rebuildSpans(ctx, tx, nil, nil, nil, stage)
}

// rebuildIntervalsAfter is rebuildIntervals for a write that added events
// after the fid after, reports of single districts (districtFIDs), and
// changed none before them, given old, the timeline index from before the
// write (currentIndex): their reports are merged into it
// (timeline.Merge), which reads the new events only. Spans are written for
// those districts; a bulk write stages them in stage. When the new reports
// are too many to hold, name a district the index does not know, or do
// not read, the timeline is built again from every event.
func rebuildIntervalsAfter(ctx context.Context, tx *sql.Tx, after int64, districtFIDs []int64, old *indexedTimeline, stage string) error {
	var changes []timeline.Change
	err := readChangesAfter(ctx, tx, after, func(c changeRow) error {
		i, ok := slices.BinarySearch(old.fids, c.district)
		if !ok || len(changes) == maxEarlyChanges {
			return errNotMerged
		}
		changes = append(changes, timeline.Change{District: i, Day: c.day, Status: c.st, Confidence: c.cf, Claim: c.claim, Seq: c.fid})
		return nil
	})
	var merged *timeline.Timeline
	if err == nil {
		merged, err = old.tl.Merge(changes, priorOf(ctx, tx))
	}
	if err == nil && intervalsMerged != nil {
		intervalsMerged(len(changes))
	}
	switch {
	case errors.Is(err, errNotMerged), errors.Is(err, errUnreadChange):
		return rebuildAllIntervals(ctx, tx, stage)
	case err != nil:
		return fmt.Errorf("status intervals: %w", err)
	}
	if len(districtFIDs) < len(old.fids) {
		return rebuildSpans(ctx, tx, districtFIDs, old, merged, "")
	}
	return rebuildSpans(ctx, tx, nil, old, merged, stage) // all of them, staged
}

// intervalsMerged, when set (by tests), is told how many reports each
// write merged into the timeline index.
var intervalsMerged func(n int)

// errNotMerged says new reports cannot be merged into the timeline index.
var errNotMerged = errors.New("the new reports are not for the timeline index")

// priorOf is the timeline.Prior of the events in tx: the confidence of a
// stored event, and whether it is an area assessment.
func priorOf(ctx context.Context, tx *sql.Tx) timeline.Prior {
	return func(seq int64) (events.Confidence, bool, error) {
		var conf, scope string
		if err := tx.QueryRowContext(ctx, "SELECT confidence, scope FROM events WHERE fid = ?", seq).Scan(&conf, &scope); err != nil {
			return 0, false, fmt.Errorf("event %d: %w", seq, err)
		}
		c, err := events.ParseConfidence(conf)
		if err != nil {
			return 0, false, fmt.Errorf("event %d: %w", seq, errUnreadChange)
		}
		return c, scope != "district", nil
	}
}

// rebuildAllIntervalsFrom is rebuildAllIntervals given tl, the timeline of
// every district (fids) already built, whose spans are in the staging file
// attached as stageSpans.
func rebuildAllIntervalsFrom(ctx context.Context, tx *sql.Tx, fids []int64, tl *timeline.Timeline) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM status_spans"); err != nil {
		return fmt.Errorf("status intervals: %w", err)
	}
	if err := writeTimelineIndex(ctx, tx, fids, tl); err != nil {
		return fmt.Errorf("timeline index: %w", err)
	}
	if err := copyStagedSpans(ctx, tx); err != nil {
		return fmt.Errorf("status intervals: %w", err)
	}
	return intervalsChanged(ctx, tx, true)
}

// rebuildSpans rewrites the spans of the districts districtFIDs (nil: all)
// from the events, or, given merged, from that timeline of old's districts.
func rebuildSpans(ctx context.Context, tx *sql.Tx, districtFIDs []int64, old *indexedTimeline, merged *timeline.Timeline, stage string) error {
	var only []int64
	if districtFIDs != nil {
		only = slices.Clone(districtFIDs)
		slices.Sort(only)
		only = slices.Compact(only)
		if len(only) == 0 {
			return nil
		}
	}
	query := "SELECT fid FROM districts"
	var args []any
	var spansIndex string // a full rewrite builds the district index once, after the rows
	if only != nil {
		list, err := json.Marshal(only)
		if err != nil {
			return err
		}
		query += " WHERE fid IN (SELECT value FROM json_each(?))"
		args = append(args, string(list))
		if _, err := tx.ExecContext(ctx, "DELETE FROM status_spans WHERE district_id IN (SELECT value FROM json_each(?))", string(list)); err != nil {
			return fmt.Errorf("status intervals: %w", err)
		}
	} else {
		var err error
		// Staged spans come with their index, in the order of its keys.
		if stage == "" {
			if spansIndex, err = dropKeeping(ctx, tx, "index", "status_spans_district"); err != nil {
				return fmt.Errorf("status intervals: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM status_spans"); err != nil {
			return fmt.Errorf("status intervals: %w", err)
		}
	}
	rows, err := tx.QueryContext(ctx, query+" ORDER BY fid", args...)
	if err != nil {
		return fmt.Errorf("status intervals: %w", err)
	}
	var fids []int64
	fidIndex := map[int64]int{}
	for rows.Next() {
		var fid int64
		if err := rows.Scan(&fid); err != nil {
			rows.Close()
			return fmt.Errorf("status intervals: %w", err)
		}
		fidIndex[fid] = len(fids)
		fids = append(fids, fid)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("status intervals: %w", err)
	}
	var tl *timeline.Timeline
	if merged != nil {
		at := make([]int, len(fids))
		for j, fid := range fids {
			i, ok := slices.BinarySearch(old.fids, fid)
			if !ok {
				return fmt.Errorf("status intervals: district %d is not in the timeline index", fid)
			}
			at[j] = i
		}
		if tl, err = merged.Pick(at); err != nil {
			return fmt.Errorf("status intervals: %w", err)
		}
		if err := writeTimelineIndex(ctx, tx, old.fids, merged); err != nil {
			return fmt.Errorf("timeline index: %w", err)
		}
	} else {
		if tl, err = intervalTimeline(ctx, tx, fids, fidIndex, only); err != nil {
			return fmt.Errorf("status intervals: %w", err)
		}
		if only != nil && old != nil {
			if err := spliceIndex(ctx, tx, old, fids, tl); err != nil {
				return fmt.Errorf("timeline index: %w", err)
			}
		}
	}
	if stage != "" {
		err = stageAllSpans(ctx, tx, tl, fids, stage)
	} else {
		err = writeSpans(ctx, tx, tl, fids)
	}
	if err != nil {
		return fmt.Errorf("status intervals: %w", err)
	}
	if spansIndex != "" {
		if _, err := tx.ExecContext(ctx, spansIndex); err != nil {
			return fmt.Errorf("status intervals: %w", err)
		}
	}
	return intervalsChanged(ctx, tx, only == nil)
}

// intervalsChanged records in gpkg_contents that the status layer changed
// and, when all of it was written (all), that it covers the districts.
func intervalsChanged(ctx context.Context, tx *sql.Tx, all bool) error {
	var err error
	if all {
		// The layer covers what the districts cover.
		_, err = tx.ExecContext(ctx, `UPDATE gpkg_contents SET (min_x, min_y, max_x, max_y) =
			(SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'districts'),
			last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = 'status_intervals'`)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now')
			WHERE table_name = 'status_intervals'`)
	}
	if err != nil {
		return fmt.Errorf("status intervals: %w", err)
	}
	return nil
}

// spliceIndex writes as the timeline index old's timeline with the
// districts fids (their timeline part, district by district) replaced.
func spliceIndex(ctx context.Context, tx *sql.Tx, old *indexedTimeline, fids []int64, part *timeline.Timeline) error {
	at := make([]int, len(fids))
	for j, fid := range fids {
		i, ok := slices.BinarySearch(old.fids, fid)
		if !ok {
			return nil // a district the index does not know: the next load builds it
		}
		at[j] = i
	}
	tl, err := old.tl.Splice(part, at)
	if err != nil {
		return err
	}
	return writeTimelineIndex(ctx, tx, old.fids, tl)
}

// intervalTimeline builds the timeline the spans are written from. For
// every district (only nil) it is the map's own, built as LoadControl builds
// it, and kept in the timeline index so that the next load need not build
// it again; for some districts, their reports and the area assessments that
// cover them, in memory.
func intervalTimeline(ctx context.Context, tx *sql.Tx, fids []int64, fidIndex map[int64]int, only []int64) (*timeline.Timeline, error) {
	if only == nil {
		tl, err := buildTimeline(ctx, tx, fids)
		if err != nil {
			return nil, err
		}
		return tl, writeTimelineIndex(ctx, tx, fids, tl)
	}
	changes, err := loadChanges(ctx, tx, fidIndex, only)
	if err != nil {
		return nil, err
	}
	// The area assessments that cover these districts, ranked below their
	// own reports of the same day, as the map ranks them.
	area, err := newAreaFeed(ctx, tx, fids)
	if err != nil {
		return nil, err
	}
	for _, list := range area.by {
		changes = append(changes, list...)
	}
	return timeline.Build(len(fids), changes)
}

// writeSpans inserts every span of tl's districts (district i has fid
// fids[i]) in both layers, spanBatch rows a statement, the full-batch
// statement prepared once.
func writeSpans(ctx context.Context, tx *sql.Tx, tl *timeline.Timeline, fids []int64) error {
	args := make([]any, 0, spanBatch*6)
	n := 0
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	flush := func() error {
		if n == 0 {
			return nil
		}
		var err error
		if n == spanBatch {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, spanInsertSQL(spanBatch)); err != nil {
					return err
				}
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, spanInsertSQL(n), args...)
		}
		args, n = args[:0], 0
		return err
	}
	err := eachSpan(tl, fids, func(v []cell) error {
		for _, c := range v {
			args = append(args, c.value())
		}
		if n++; n == spanBatch {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// spanLayers are the layers of status_spans, in the order a district's
// spans are written.
var spanLayers = []timeline.Layer{timeline.Confirmed, timeline.WithClaims}

// eachSpan calls fn with the values of every span of tl's districts
// (district i has fid fids[i]): district_id, layer, status, valid_from,
// valid_to and event_id. District by district, so that their ids come in
// the order of the spans' district index.
func eachSpan(tl *timeline.Timeline, fids []int64, fn func([]cell) error) error {
	var spans []timeline.Span
	v := make([]cell, 6)
	for i, fid := range fids {
		for _, layer := range spanLayers {
			spans = tl.Spans(i, layer, spans[:0])
			for _, s := range spans {
				v[0], v[1], v[2], v[3], v[4], v[5] = intCell(fid), textCell(layer.String()), textCell(s.Status.String()), cell{}, cell{}, cell{}
				if s.Open {
					v[3] = textCell(dayStartOf(s.From))
				}
				if s.Closed {
					v[4] = textCell(dayStartOf(s.To))
				}
				if s.Seq != 0 {
					v[5] = intCell(s.Seq)
				}
				if err := fn(v); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// spanInsertSQL is an INSERT of n status_spans rows.
func spanInsertSQL(n int) string {
	return "INSERT OR ROLLBACK INTO status_spans (district_id, layer, status, valid_from, valid_to, event_id) VALUES " +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?), ", n), ", ")
}

// Interval is one feature of the status_intervals layer: one district's
// status in one layer from From (included) to To (excluded), as GeoPackage
// DATETIMEs; "" is an open end (before the first report, or still current).
type Interval struct {
	DistrictFID        int64
	Layer, Status      string
	From, To           string
	EventID            int64 // the report that set the status; 0 before any
	Source, Confidence string
	Claim              bool
}

// Intervals returns the status intervals of layer ("confirmed" or "with
// claims"), district by district (in fid order) and oldest first.
func (d *Dataset) Intervals(ctx context.Context, layer timeline.Layer) ([]Interval, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT s.district_id, s.layer, s.status, coalesce(s.valid_from, ''), coalesce(s.valid_to, ''),
		coalesce(s.event_id, 0), coalesce(e.source, ''), coalesce(e.confidence, ''), coalesce(e.claim, 0)
		FROM status_spans s LEFT JOIN events e ON e.fid = s.event_id WHERE s.layer = ?
		ORDER BY s.district_id, s.valid_from IS NOT NULL, s.valid_from`, layer.String())
	if err != nil {
		return nil, fmt.Errorf("status intervals: %w", err)
	}
	defer rows.Close()
	var out []Interval
	for rows.Next() {
		var iv Interval
		if err := rows.Scan(&iv.DistrictFID, &iv.Layer, &iv.Status, &iv.From, &iv.To, &iv.EventID, &iv.Source, &iv.Confidence, &iv.Claim); err != nil {
			return nil, fmt.Errorf("status intervals: %w", err)
		}
		out = append(out, iv)
	}
	return out, rows.Err()
}

// loadChanges reads the status-changing reports about one district of the
// districts in fidIndex (keyed by district fid) as timeline changes. With
// only set, it reads only those districts' events, for rebuilding part of
// the map; nil reads every event and skips those of districts not in
// fidIndex.
func loadChanges(ctx context.Context, q sqlConn, fidIndex map[int64]int, only []int64) ([]timeline.Change, error) {
	query := `SELECT fid, district_id, substr(date, 1, 10), status, confidence, claim FROM events
		WHERE district_id IS NOT NULL AND scope = 'district' AND status <> 'nochange'`
	var args []any
	if only != nil {
		list, err := json.Marshal(only)
		if err != nil {
			return nil, err
		}
		query += " AND district_id IN (SELECT value FROM json_each(?))"
		args = append(args, string(list))
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []timeline.Change
	for rows.Next() {
		var fid, district int64
		var date, status, confidence string
		var claim bool
		if err := rows.Scan(&fid, &district, &date, &status, &confidence, &claim); err != nil {
			return nil, err
		}
		i, ok := fidIndex[district]
		if !ok {
			continue
		}
		day, err := events.ParseDay(date)
		if err != nil {
			return nil, fmt.Errorf("event %d: %w", fid, err)
		}
		st, err := events.ParseStatus(status)
		if err != nil {
			return nil, fmt.Errorf("event %d: %w", fid, err)
		}
		conf, err := events.ParseConfidence(confidence)
		if err != nil {
			return nil, fmt.Errorf("event %d: %w", fid, err)
		}
		out = append(out, timeline.Change{District: i, Day: day, Status: st, Confidence: conf, Claim: claim, Seq: fid})
	}
	return out, rows.Err()
}

package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/afcontrol/afcontrol/data/events"
)

// FieldError is an edit refused because of one field of the event: the form
// shows Reason beside Field ("date", "district", "status", "kind", "source",
// "source_url", "confidence").
type FieldError struct {
	Field, Reason string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

// ErrNoEvent is wrapped when an edit names an event that is not stored.
var ErrNoEvent = errors.New("no such event")

// DeletedEvent is an event whole, as DeleteEvent removed it or SnapshotEvent
// read it, so that RestoreEvent can put it back exactly (its fid, point,
// origin and creation time included).
type DeletedEvent struct {
	Event Event
	row   storedEvent
}

// storedEvent is every column of an events row.
type storedEvent struct {
	fid                                  int64
	geom                                 []byte
	date, province, district             string
	districtID                           sql.NullInt64
	districtKey                          sql.NullString
	status, kind                         string
	claim                                bool
	actor, source, sourceURL, confidence string
	notes, origin, createdAt, updatedAt  string
	scope, sourceDB, sourceID            string
	dateEnd                              sql.NullString
	fatalities, geoPrec, timePrec        sql.NullInt64
	admin3, location, placedBy           string
	uid                                  sql.NullString
	rev                                  int64
}

const storedColumns = `fid, geom, date, province, district, district_id, district_key, status, kind, claim,
	actor, source, source_url, confidence, notes, origin, created_at, updated_at,
	scope, source_db, source_id, date_end, fatalities, geo_precision, time_precision, admin3, location, placed_by, uid, rev`

func (s *storedEvent) scan(row interface{ Scan(...any) error }) error {
	return row.Scan(&s.fid, &s.geom, &s.date, &s.province, &s.district, &s.districtID, &s.districtKey, &s.status, &s.kind, &s.claim,
		&s.actor, &s.source, &s.sourceURL, &s.confidence, &s.notes, &s.origin, &s.createdAt, &s.updatedAt,
		&s.scope, &s.sourceDB, &s.sourceID, &s.dateEnd, &s.fatalities, &s.geoPrec, &s.timePrec, &s.admin3, &s.location, &s.placedBy, &s.uid, &s.rev)
}

func (s *storedEvent) event() Event {
	date := s.date
	if len(date) > 10 {
		date = date[:10]
	}
	return Event{FID: s.fid, Date: date, Province: s.province, District: s.district, Status: s.status, Kind: s.kind,
		Claim: s.claim, Actor: s.actor, Source: s.source, SourceURL: s.sourceURL, Confidence: s.confidence, Notes: s.notes,
		Scope: s.scope, SourceDB: s.sourceDB, SourceID: s.sourceID}
}

// Row returns the event as a row to edit or store again. It fails when a
// stored field is not one a row can hold (a date or status written by hand
// in another tool).
func (e Event) Row() (events.Row, error) {
	day, err := events.ParseDay(e.Date)
	if err != nil {
		return events.Row{}, &FieldError{"date", err.Error()}
	}
	st, err := events.ParseStatus(e.Status)
	if err != nil {
		return events.Row{}, &FieldError{"status", err.Error()}
	}
	conf, err := events.ParseConfidence(e.Confidence)
	if err != nil {
		return events.Row{}, &FieldError{"confidence", err.Error()}
	}
	return events.Row{Date: day, Province: e.Province, District: e.District, Status: st, Kind: e.Kind, Claim: e.Claim,
		Actor: e.Actor, Source: e.Source, SourceURL: e.SourceURL, Confidence: conf, Notes: e.Notes}, nil
}

// checkEdit validates a hand-entered row and returns it with its text fields
// trimmed. Date, district, status, kind, source and confidence are required;
// a source URL, when given, must be an absolute http or https URL.
func checkEdit(row events.Row) (events.Row, error) {
	trim := func(s *string) { *s = strings.TrimSpace(*s) }
	for _, s := range []*string{&row.Province, &row.District, &row.Kind, &row.Actor, &row.Source, &row.SourceURL, &row.Notes} {
		trim(s)
	}
	row.Kind = strings.ToLower(row.Kind)
	if _, err := events.ParseDay(row.Date.String()); err != nil {
		return row, &FieldError{"date", err.Error()}
	}
	if row.District == "" {
		return row, &FieldError{"district", "required"}
	}
	if row.Status > events.NoChange {
		return row, &FieldError{"status", "want government, contested, taliban, unknown or nochange"}
	}
	if row.Kind == "" {
		return row, &FieldError{"kind", "required (captured, retaken, attack, surrender, assessment, claim…)"}
	}
	if row.Source == "" {
		return row, &FieldError{"source", "required: who reported it, and when"}
	}
	if row.Confidence > events.High {
		return row, &FieldError{"confidence", "want low, medium or high"}
	}
	if row.SourceURL != "" {
		u, err := url.Parse(row.SourceURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return row, &FieldError{"source_url", "not an http or https address"}
		}
	}
	for field, s := range map[string]string{"district": row.District, "kind": row.Kind, "actor": row.Actor, "source": row.Source} {
		if strings.ContainsAny(s, "\r\n\t") {
			return row, &FieldError{field, "must be one line"}
		}
	}
	return row, nil
}

// resolveEdit checks row and finds its district through the gazetteer.
func resolveEdit(ctx context.Context, tx *sql.Tx, row events.Row) (events.Row, districtRef, error) {
	row, err := checkEdit(row)
	if err != nil {
		return row, districtRef{}, err
	}
	g, err := loadGazetteer(ctx, tx, false)
	if err != nil {
		return row, districtRef{}, err
	}
	i, err := g.resolve(row.Province, row.District)
	if err != nil {
		return row, districtRef{}, &FieldError{"district", err.Error()}
	}
	return row, g.districts[i], nil
}

func auditOne(ctx context.Context, tx *sql.Tx, fid int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (action, table_name, row_id, uid, rev, detail)
		SELECT 'insert', 'events', fid, uid, rev, date || ' ' || province || '/' || district || ' ' || status || ' (' || source || ')'
		FROM events WHERE fid = ?`, fid)
	return err
}

// AddEvent stores one hand-entered event under its district's canonical
// names, in one transaction with its audit row, and returns it as stored
// (undo it with DeleteEvent). A row that fails validation, or whose district
// the gazetteer cannot decide, is refused with a *FieldError and nothing is
// written.
func (d *Dataset) AddEvent(ctx context.Context, row events.Row) (Event, error) {
	var e Event
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		row, dist, err := resolveEdit(ctx, tx, row)
		if err != nil {
			return err
		}
		old := currentIndex(ctx, tx)
		now := timestamp(time.Now())
		res, err := tx.ExecContext(ctx, `INSERT INTO events (date, province, district, district_id, district_key, status, kind, claim,
			actor, source, source_url, confidence, notes, origin, created_at, updated_at, reported_at, uid)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'entered by hand', ?, ?, ?, ?)`,
			row.Date.String(), dist.province, dist.name, dist.fid, nullable(dist.key), row.Status.String(), row.Kind, row.Claim,
			row.Actor, row.Source, row.SourceURL, row.Confidence.String(), row.Notes, now, now, dayStart(row.Date.String()), newUID())
		if err != nil {
			return err
		}
		fid, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if err := auditOne(ctx, tx, fid); err != nil {
			return err
		}
		if err := rebuildIntervalsFrom(ctx, tx, []int64{dist.fid}, old); err != nil {
			return err
		}
		e, err = eventIn(ctx, tx, fid)
		return err
	})
	if err != nil {
		return Event{}, fmt.Errorf("add event: %w", err)
	}
	return e, nil
}

// UpdateEvent replaces the fields of event fid with row, in one transaction
// (the audit trigger records the change), keeping its global id and raising
// its revision, and returns the event as it was
// before, for undo: UpdateEvent(fid, before.Row()). A missing event wraps
// ErrNoEvent; a bad row is refused with a *FieldError; either way nothing is
// written.
func (d *Dataset) UpdateEvent(ctx context.Context, fid int64, row events.Row) (before Event, err error) {
	err = d.inTx(ctx, func(tx *sql.Tx) error {
		if before, err = eventIn(ctx, tx, fid); err != nil {
			return err
		}
		var was sql.NullInt64
		var scope string
		if err := tx.QueryRowContext(ctx, "SELECT district_id, scope FROM events WHERE fid = ?", fid).Scan(&was, &scope); err != nil {
			return err
		}
		row, dist, err := resolveEdit(ctx, tx, row)
		if err != nil {
			return err
		}
		var old *indexedTimeline
		if scope == "district" { // else more districts than its own may change
			old = currentIndex(ctx, tx)
		}
		_, err = tx.ExecContext(ctx, `UPDATE events SET date = ?, province = ?, district = ?, district_id = ?, district_key = ?, status = ?,
			kind = ?, claim = ?, actor = ?, source = ?, source_url = ?, confidence = ?, notes = ?, updated_at = ?, reported_at = ?, rev = rev + 1 WHERE fid = ?`,
			row.Date.String(), dist.province, dist.name, dist.fid, nullable(dist.key), row.Status.String(), row.Kind, row.Claim, row.Actor,
			row.Source, row.SourceURL, row.Confidence.String(), row.Notes, timestamp(time.Now()), dayStart(row.Date.String()), fid)
		if err != nil {
			return err
		}
		touched := []int64{dist.fid}
		if was.Valid {
			touched = append(touched, was.Int64)
		}
		return rebuildIntervalsFrom(ctx, tx, touched, old)
	})
	if err != nil {
		return Event{}, fmt.Errorf("update event %d: %w", fid, err)
	}
	return before, nil
}

// DeleteEvent removes event fid in one transaction (the audit trigger
// records it) and returns it whole, for RestoreEvent. A missing event wraps
// ErrNoEvent.
func (d *Dataset) DeleteEvent(ctx context.Context, fid int64) (DeletedEvent, error) {
	var del DeletedEvent
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		err := del.row.scan(tx.QueryRowContext(ctx, "SELECT "+storedColumns+" FROM events WHERE fid = ?", fid))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w %d", ErrNoEvent, fid)
		}
		if err != nil {
			return err
		}
		del.Event = del.row.event()
		if del.row.scope != "district" {
			if _, err = tx.ExecContext(ctx, "DELETE FROM events WHERE fid = ?", fid); err != nil {
				return err
			}
			return rebuildIntervals(ctx, tx, nil) // an area report reaches many districts
		}
		old := currentIndex(ctx, tx)
		if _, err = tx.ExecContext(ctx, "DELETE FROM events WHERE fid = ?", fid); err != nil {
			return err
		}
		return rebuildIntervalsFrom(ctx, tx, districtsOf(del.row.districtID), old)
	})
	if err != nil {
		return DeletedEvent{}, fmt.Errorf("delete event %d: %w", fid, err)
	}
	return del, nil
}

// SnapshotEvent reads event fid whole, for undoing an edit with
// RestoreEvent. A missing event wraps ErrNoEvent.
func (d *Dataset) SnapshotEvent(ctx context.Context, fid int64) (DeletedEvent, error) {
	var snap DeletedEvent
	err := snap.row.scan(d.db.QueryRowContext(ctx, "SELECT "+storedColumns+" FROM events WHERE fid = ?", fid))
	if errors.Is(err, sql.ErrNoRows) {
		return DeletedEvent{}, fmt.Errorf("snapshot event: %w %d", ErrNoEvent, fid)
	}
	if err != nil {
		return DeletedEvent{}, fmt.Errorf("snapshot event %d: %w", fid, d.explain(err))
	}
	snap.Event = snap.row.event()
	return snap, nil
}

// RestoreEvent puts an event back as del holds it, under its own fid and
// with every column as it was, in one transaction: it inserts the event when
// it was deleted (with its audit row) and rewrites it when it is stored (the
// audit trigger records the change). Its district is found again in the
// boundary set loaded now: by its stable key, else the district it had when
// that is still stored, else by its point or names; when none fits, the
// event is stored unlinked, with its reported names, rather than lost.
func (d *Dataset) RestoreEvent(ctx context.Context, del DeletedEvent) error {
	s := del.row
	if s.fid == 0 {
		return fmt.Errorf("restore event: nothing was deleted")
	}
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		district, err := relinkStored(ctx, tx, s)
		if err != nil {
			return err
		}
		var exists bool
		if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM events WHERE fid = ?)", s.fid).Scan(&exists); err != nil {
			return err
		}
		args := []any{s.geom, s.date, s.province, s.district, district, s.districtKey, s.status, s.kind, s.claim,
			s.actor, s.source, s.sourceURL, s.confidence, s.notes, s.origin, storedTimestamp(s.createdAt), storedTimestamp(s.updatedAt),
			s.scope, s.sourceDB, s.sourceID, s.dateEnd, s.fatalities, s.geoPrec, s.timePrec, s.admin3, s.location, s.placedBy,
			dayStart(s.date), s.uid, s.rev + 2, s.fid}
		touched := districtsOf(s.districtID)
		if id, ok := district.(int64); ok {
			touched = append(touched, id)
		}
		if s.scope != "district" {
			touched = nil
		}
		if exists {
			_, err := tx.ExecContext(ctx, `UPDATE events SET geom = ?, date = ?, province = ?, district = ?, district_id = ?, district_key = ?,
				status = ?, kind = ?, claim = ?, actor = ?, source = ?, source_url = ?, confidence = ?, notes = ?, origin = ?,
				created_at = ?, updated_at = ?, scope = ?, source_db = ?, source_id = ?, date_end = ?, fatalities = ?,
				geo_precision = ?, time_precision = ?, admin3 = ?, location = ?, placed_by = ?, reported_at = ?,
				uid = ?, rev = max(rev + 1, ?) WHERE fid = ?`, args...)
			if err != nil {
				return err
			}
			return rebuildIntervals(ctx, tx, touched)
		}
		var old *indexedTimeline
		if touched != nil {
			old = currentIndex(ctx, tx)
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO events (geom, date, province, district, district_id, district_key, status, kind, claim, "+
			"actor, source, source_url, confidence, notes, origin, created_at, updated_at, "+
			"scope, source_db, source_id, date_end, fatalities, geo_precision, time_precision, admin3, location, placed_by, reported_at, uid, rev, fid) "+
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", args...)
		if err != nil {
			return err
		}
		if err := auditOne(ctx, tx, s.fid); err != nil {
			return err
		}
		return rebuildIntervalsFrom(ctx, tx, touched, old)
	})
	if err != nil {
		return fmt.Errorf("restore event %d: %w", s.fid, d.explain(err))
	}
	return nil
}

// relinkStored returns the district of the active set for a stored event:
// by its stable key, else its old district when still stored, else by its
// point or names; nil when none fits.
func relinkStored(ctx context.Context, tx *sql.Tx, s storedEvent) (any, error) {
	var fid int64
	err := tx.QueryRowContext(ctx, `SELECT fid FROM districts WHERE stable_key = ?1 AND ?1 IS NOT NULL
		UNION ALL SELECT fid FROM districts WHERE fid = ?2 LIMIT 1`, s.districtKey, s.districtID).Scan(&fid)
	if err == nil {
		return fid, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	g, err := loadGazetteer(ctx, tx, true)
	if err != nil {
		return nil, err
	}
	i, err := placeStored(g, s.province, s.district, s.geom)
	if err != nil || i < 0 {
		return nil, err
	}
	return g.districts[i].fid, nil
}

// eventIn reads event fid inside tx.
func eventIn(ctx context.Context, tx *sql.Tx, fid int64) (Event, error) {
	var s storedEvent
	err := s.scan(tx.QueryRowContext(ctx, "SELECT "+storedColumns+" FROM events WHERE fid = ?", fid))
	if errors.Is(err, sql.ErrNoRows) {
		return Event{}, fmt.Errorf("%w %d", ErrNoEvent, fid)
	}
	if err != nil {
		return Event{}, err
	}
	return s.event(), nil
}

// districtsOf is the district an event row names, as rebuildIntervals takes
// it: none when the row has no district.
func districtsOf(id sql.NullInt64) []int64 {
	if !id.Valid {
		return []int64{}
	}
	return []int64{id.Int64}
}

// storedTimestamp returns a DATETIME as the driver scanned it (it reads
// DATETIME columns as time.Time, and a string from one is RFC 3339 without
// the milliseconds) in the GeoPackage form it is stored in. Text that is not
// RFC 3339 is returned as it was.
func storedTimestamp(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return timestamp(t)
}

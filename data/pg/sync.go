package pg

import (
	"context"
	"fmt"

	"github.com/afcontrol/afcontrol/data"
	"github.com/jackc/pgx/v5"
)

// SyncReport says what a sync did.
type SyncReport struct {
	// Pushed is how many of the laptop's changes the server took, Pulled how
	// many of the server's changes the laptop took.
	Pushed, Pulled int
	// Conflicts lists the events edited on both sides since the last sync.
	Conflicts []data.Conflict
}

// crashHook, when set (by tests), is called at the named points of a sync:
// "pushing" before the server commits the push, "pushed" after it has,
// "pulled" before the laptop stores what it pulled.
var crashHook func(point string)

func at(point string) {
	if crashHook != nil {
		crashHook(point)
	}
}

// Sync pushes the dataset's changes since its last sync with s (from its
// audit) and pulls everyone else's, then records the sync point.
//
// The push is one server transaction and the pull one local transaction:
// killed at any point, the sync leaves each side either as it was or with
// the whole of one half, and running it again gives the same end state with
// nothing doubled (a version the other side already holds is skipped).
// An event edited on both sides since the last sync keeps both versions in
// the audits, takes the later edit (the server's on a tie) and is listed as
// a conflict. A role that may only read gets ErrReadOnly when the laptop has
// changes to push, and nothing is written.
func Sync(ctx context.Context, d *data.Dataset, s *Server) (SyncReport, error) {
	var rep SyncReport
	st, err := d.SyncState(ctx, s.id)
	if err != nil {
		return rep, err
	}
	st.URL = s.URL()
	high, out, err := d.Outgoing(ctx, st)
	if err != nil {
		return rep, err
	}
	var own pushed
	if len(out) > 0 {
		own, rep.Conflicts, err = s.push(ctx, d, st, out)
		if err != nil {
			return rep, fmt.Errorf("sync with %s: push: %w", s.URL(), err)
		}
		rep.Pushed = own.n
		at("pushed")
	}
	in, seq, err := s.pull(ctx, st.PulledSeq, own)
	if err != nil {
		return rep, fmt.Errorf("sync with %s: pull: %w", s.URL(), err)
	}
	at("pulled")
	rep.Pulled, err = d.ApplyIncoming(ctx, st, seq, high, in)
	return rep, err
}

// pushed says what a push wrote: n versions, under the change numbers after
// "from" up to "to" (all of them the push's own, since it held the events
// lock), of which those in "changed" differ from the laptop's version (the
// server raised the revision) and must be pulled back.
type pushed struct {
	n        int
	from, to int64
	changed  []string
}

// pushColumns are the columns of the push table, in CopyFrom order.
var pushColumns = []string{"uid", "rev", "sent_rev", "deleted", "lon", "lat", "date", "province", "district", "status", "kind", "claim",
	"actor", "source", "source_url", "confidence", "notes", "origin", "created_at", "updated_at"}

// push sends the laptop's versions in one transaction. Events changed on
// the server since the laptop's last pull are conflicts unless the server
// already holds the laptop's version (a push that committed before the
// sync was killed); the conflicts are listed in the dataset before the
// server commits, so a kill between the two loses none.
func (s *Server) push(ctx context.Context, d *data.Dataset, st data.SyncState, out []data.Version) (pushed, []data.Conflict, error) {
	var own pushed
	var conflicts []data.Conflict
	err := pgx.BeginFunc(ctx, s.conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(7152643)"); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, lastChange).Scan(&own.from); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `CREATE TEMP TABLE push (uid uuid PRIMARY KEY, rev integer, sent_rev integer, deleted boolean, lon double precision,
			lat double precision, date date, province text, district text, status text, kind text, claim boolean, actor text,
			source text, source_url text, confidence text, notes text, origin text, created_at timestamptz,
			updated_at timestamptz) ON COMMIT DROP`)
		if err != nil {
			return err
		}
		byUID := make(map[string]int, len(out))
		_, err = tx.CopyFrom(ctx, pgx.Identifier{"push"}, pushColumns, pgx.CopyFromSlice(len(out), func(i int) ([]any, error) {
			v := out[i]
			byUID[v.UID] = i
			var lon, lat any
			if v.HasPoint {
				lon, lat = v.Lon, v.Lat
			}
			var date any
			if !v.Deleted {
				date = v.Date
			}
			return []any{v.UID, v.Rev, v.Rev, v.Deleted, lon, lat, date, v.Province, v.District, v.Status, v.Kind, v.Claim,
				v.Actor, v.Source, v.SourceURL, v.Confidence, v.Notes, v.Origin, v.CreatedAt, v.UpdatedAt}, nil
		}))
		if err != nil {
			return explain(err)
		}
		changed, err := s.versions(ctx, tx, "SELECT "+serverColumns+" FROM events e JOIN push p USING (uid) WHERE e.seq > $1", st.PulledSeq)
		if err != nil {
			return err
		}
		var drop []string
		for _, sv := range changed {
			lv := out[byUID[sv.UID]]
			if lv.SameAs(sv) {
				drop = append(drop, sv.UID)
				continue
			}
			if st.First && lv.Rev != sv.Rev {
				// Never synced with this server, so there is no common
				// base: the version edited more often is the newer one.
				if lv.Rev < sv.Rev {
					drop = append(drop, sv.UID)
				}
				continue
			}
			c := data.Conflict{ServerID: s.id, Laptop: lv, Server: sv, Kept: "server"}
			lost := lv
			if lv.EditedAfter(sv) {
				c.Kept, lost = "laptop", sv
				if _, err := tx.Exec(ctx, "UPDATE push SET rev = $2 WHERE uid = $1", lv.UID, max(lv.Rev, sv.Rev)+1); err != nil {
					return err
				}
			} else {
				drop = append(drop, sv.UID)
			}
			conflicts = append(conflicts, c)
			_, err := tx.Exec(ctx, `INSERT INTO audit (action, uid, rev, detail, version) VALUES ('conflict', $1, $2, $3, $4)`,
				lost.UID, lost.Rev, fmt.Sprintf("edited on a laptop and on the server between two syncs; kept the %s version", c.Kept), lost.JSON())
			if err != nil {
				return explain(err)
			}
		}
		if len(drop) > 0 {
			if _, err := tx.Exec(ctx, "DELETE FROM push WHERE uid = ANY($1)", drop); err != nil {
				return err
			}
		}
		var live, gone int
		if err := tx.QueryRow(ctx, "SELECT count(*) FILTER (WHERE NOT deleted), count(*) FILTER (WHERE deleted) FROM push").Scan(&live, &gone); err != nil {
			return err
		}
		// Nothing left to write: a role that may only read can sync too.
		if live+gone == 0 {
			own.to = own.from
			return d.RecordConflicts(ctx, conflicts)
		}
		tag, err := tx.Exec(ctx, `UPDATE events e SET deleted = true, rev = p.rev, updated_at = p.updated_at
			FROM push p WHERE p.deleted AND e.uid = p.uid AND NOT e.deleted`)
		if err != nil {
			return explain(err)
		}
		own.n = int(tag.RowsAffected())
		tag, err = tx.Exec(ctx, `INSERT INTO events (uid, rev, deleted, geom, date, province, district, district_id, status, kind, claim,
				actor, source, source_url, confidence, notes, origin, created_at, updated_at)
			SELECT p.uid, p.rev, false, CASE WHEN p.lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326) END,
				p.date, p.province, p.district, d.fid,
				p.status, p.kind, p.claim, p.actor, p.source, p.source_url, p.confidence, p.notes, p.origin, p.created_at, p.updated_at
			FROM push p LEFT JOIN (SELECT DISTINCT ON (province, name) province, name, fid FROM districts
				ORDER BY province, name, fid) d ON d.province = p.province AND d.name = p.district
			WHERE NOT p.deleted
			ON CONFLICT (uid) DO UPDATE SET rev = excluded.rev, deleted = false, geom = excluded.geom, date = excluded.date,
				province = excluded.province, district = excluded.district, district_id = excluded.district_id,
				status = excluded.status, kind = excluded.kind, claim = excluded.claim, actor = excluded.actor,
				source = excluded.source, source_url = excluded.source_url, confidence = excluded.confidence,
				notes = excluded.notes, origin = excluded.origin, updated_at = excluded.updated_at
			WHERE (events.rev, events.deleted, events.date, events.province, events.district, events.status, events.kind,
				events.claim, events.actor, events.source, events.source_url, events.confidence, events.notes, events.origin,
				events.geom) IS DISTINCT FROM (excluded.rev, false, excluded.date, excluded.province, excluded.district,
				excluded.status, excluded.kind, excluded.claim, excluded.actor, excluded.source, excluded.source_url,
				excluded.confidence, excluded.notes, excluded.origin, excluded.geom)`)
		if err != nil {
			return explain(err)
		}
		own.n += int(tag.RowsAffected())
		if err := tx.QueryRow(ctx, lastChange).Scan(&own.to); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, "SELECT e.uid::text FROM events e JOIN push p USING (uid) WHERE e.seq > $1 AND e.rev <> p.sent_rev", own.from)
		if err != nil {
			return err
		}
		if own.changed, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			return err
		}
		if err := d.RecordConflicts(ctx, conflicts); err != nil {
			return err
		}
		at("pushing")
		return nil
	})
	return own, conflicts, err
}

// lastChange reads the last change number drawn (0 before the first).
const lastChange = "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM event_changes"

// serverColumns reads an events row of the server as a data.Version (see
// scanServer).
const serverColumns = `e.uid::text, e.rev, e.deleted, ST_X(e.geom), ST_Y(e.geom), e.date::text, e.province, e.district, e.status,
	e.kind, e.claim, e.actor, e.source, e.source_url, e.confidence, e.notes, e.origin, e.created_at, e.updated_at, e.updated_by, e.seq`

func scanServer(row pgx.Row) (data.Version, int64, error) {
	var v data.Version
	var lon, lat *float64
	var seq int64
	err := row.Scan(&v.UID, &v.Rev, &v.Deleted, &lon, &lat, &v.Date, &v.Province, &v.District, &v.Status, &v.Kind, &v.Claim,
		&v.Actor, &v.Source, &v.SourceURL, &v.Confidence, &v.Notes, &v.Origin, &v.CreatedAt, &v.UpdatedAt, &v.By, &seq)
	if lon != nil && lat != nil {
		v.HasPoint, v.Lon, v.Lat = true, *lon, *lat
	}
	v.CreatedAt, v.UpdatedAt = v.CreatedAt.UTC(), v.UpdatedAt.UTC()
	return v, seq, err
}

func (s *Server) versions(ctx context.Context, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, query string, args ...any) ([]data.Version, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, explain(err)
	}
	defer rows.Close()
	var out []data.Version
	for rows.Next() {
		v, _, err := scanServer(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// pull returns the server's versions changed after change number after, in
// order, and the last change number it covers (after, when none). What
// this sync's push wrote is skipped, unless the server changed it: the
// laptop has it already.
func (s *Server) pull(ctx context.Context, after int64, own pushed) ([]data.Version, int64, error) {
	rows, err := s.conn.Query(ctx, "SELECT "+serverColumns+` FROM events e
		WHERE e.seq > $1 AND (e.seq <= $2 OR e.seq > $3 OR e.uid = ANY($4::uuid[])) ORDER BY e.seq`,
		after, own.from, own.to, own.changed)
	if err != nil {
		return nil, after, explain(err)
	}
	defer rows.Close()
	var out []data.Version
	last := max(after, own.to)
	for rows.Next() {
		v, seq, err := scanServer(rows)
		if err != nil {
			return nil, after, err
		}
		out = append(out, v)
		last = max(last, seq)
	}
	return out, last, rows.Err()
}

package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/afcontrol/afcontrol/data/gpkg"
	"github.com/paulmach/orb"
)

// Version is one revision of an event as datasets exchange it: the event
// under its global id, with every field a report carries. A deleted event is
// a Version with Deleted set (a tombstone) and its last fields.
type Version struct {
	UID      string `json:"uid"`
	Rev      int64  `json:"rev"`
	Deleted  bool   `json:"deleted,omitempty"`
	Date     string `json:"date"`
	Province string `json:"province"`
	District string `json:"district"`
	Status   string `json:"status"`
	Kind     string `json:"kind"`
	Claim    bool   `json:"claim"`
	Actor    string `json:"actor"`
	Source   string `json:"source"`
	// SourceURL, Confidence, Notes and Origin are as in the events table.
	SourceURL  string `json:"source_url"`
	Confidence string `json:"confidence"`
	Notes      string `json:"notes"`
	Origin     string `json:"origin"`
	// HasPoint says whether Lon and Lat hold the event's point.
	HasPoint  bool      `json:"has_point,omitempty"`
	Lon       float64   `json:"lon,omitempty"`
	Lat       float64   `json:"lat,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// By is the database role that wrote this version on the server; empty
	// for a version that has not been there.
	By string `json:"by,omitempty"`
}

// SameAs reports whether v and w are the same revision with the same
// content. Times and By are not compared: a version is the same wherever it
// was stored. Two tombstones of the same revision are the same.
func (v Version) SameAs(w Version) bool {
	if v.UID != w.UID || v.Rev != w.Rev || v.Deleted != w.Deleted {
		return false
	}
	if v.Deleted {
		return true
	}
	return v.Date == w.Date && v.Province == w.Province && v.District == w.District && v.Status == w.Status &&
		v.Kind == w.Kind && v.Claim == w.Claim && v.Actor == w.Actor && v.Source == w.Source &&
		v.SourceURL == w.SourceURL && v.Confidence == w.Confidence && v.Notes == w.Notes && v.Origin == w.Origin &&
		v.HasPoint == w.HasPoint && (!v.HasPoint || v.Lon == w.Lon && v.Lat == w.Lat)
}

// EditedAfter reports whether v was edited strictly later than w. On a tie
// neither is later: the caller decides (sync keeps the server's).
func (v Version) EditedAfter(w Version) bool { return v.UpdatedAt.After(w.UpdatedAt) }

// Summary describes v in one line for a person: "deleted", or the date,
// status, source, notes, edit time and the role that wrote it.
func (v Version) Summary() string {
	if v.Deleted {
		return "deleted"
	}
	s := fmt.Sprintf("%s %s, %s", v.Date, v.Status, v.Source)
	if v.Notes != "" {
		s += ": " + strings.Join(strings.Fields(v.Notes), " ")
	}
	if !v.UpdatedAt.IsZero() {
		s += " (edited " + v.UpdatedAt.UTC().Format("2006-01-02 15:04 UTC")
		if v.By != "" {
			s += " by " + v.By
		}
		s += ")"
	}
	return s
}

// Place is the province and district of the event a conflict is about.
func (c Conflict) Place() string {
	v := c.Server
	if v.Deleted {
		v = c.Laptop
	}
	return v.Province + "/" + v.District
}

// JSON returns v as one JSON object, as the audit and the conflicts keep it.
func (v Version) JSON() string {
	b, _ := json.Marshal(v) // a Version always marshals
	return string(b)
}

// SyncState is what a dataset remembers of its syncs with one server: the
// server's change number it has pulled up to, and the last audit row it has
// pushed. Both only ever grow.
type SyncState struct {
	ServerID    string
	URL         string
	PulledSeq   int64
	PushedAudit int64
	SyncedAt    string
	// First is set when the dataset has never synced with this server: then
	// every event is pushed.
	First bool
}

// Conflict is an event that was edited both here and on the server between
// two syncs. Both versions are kept; Kept says which one the dataset and the
// server now hold (the later edit, the server's on a tie).
type Conflict struct {
	ID             int64
	At             string
	ServerID       string
	Laptop, Server Version
	Kept           string // "laptop" or "server"
	Reviewed       bool
}

// SyncState returns the dataset's state for the server with id serverID;
// one it has never synced with has First set.
func (d *Dataset) SyncState(ctx context.Context, serverID string) (SyncState, error) {
	st := SyncState{ServerID: serverID}
	err := d.db.QueryRowContext(ctx, "SELECT url, pulled_seq, pushed_audit, synced_at FROM sync_state WHERE server_id = ?", serverID).
		Scan(&st.URL, &st.PulledSeq, &st.PushedAudit, &st.SyncedAt)
	if errors.Is(err, sql.ErrNoRows) {
		st.First = true
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("sync state: %w", err)
	}
	return st, nil
}

// LastSync returns the state of the latest sync with any server, and false
// when the dataset has never synced.
func (d *Dataset) LastSync(ctx context.Context) (SyncState, bool, error) {
	var st SyncState
	err := d.db.QueryRowContext(ctx, "SELECT server_id, url, pulled_seq, pushed_audit, synced_at FROM sync_state ORDER BY synced_at DESC LIMIT 1").
		Scan(&st.ServerID, &st.URL, &st.PulledSeq, &st.PushedAudit, &st.SyncedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return st, false, nil
	}
	if err != nil {
		return st, false, fmt.Errorf("sync state: %w", err)
	}
	return st, true, nil
}

const versionColumns = `uid, rev, date, province, district, status, kind, claim, actor, source, source_url,
	confidence, notes, origin, geom, created_at, updated_at`

func scanVersion(row interface{ Scan(...any) error }) (Version, error) {
	var v Version
	var geom []byte
	var created, updated string
	err := row.Scan(&v.UID, &v.Rev, &v.Date, &v.Province, &v.District, &v.Status, &v.Kind, &v.Claim, &v.Actor,
		&v.Source, &v.SourceURL, &v.Confidence, &v.Notes, &v.Origin, &geom, &created, &updated)
	if err != nil {
		return v, err
	}
	if len(v.Date) > 10 {
		v.Date = v.Date[:10]
	}
	if geom != nil {
		p, err := decodePoint(geom)
		if err != nil {
			return v, fmt.Errorf("event %s: %w", v.UID, err)
		}
		v.HasPoint, v.Lon, v.Lat = true, p[0], p[1]
	}
	v.CreatedAt, _ = time.Parse(time.RFC3339Nano, created) // a time written by hand stays zero: "earliest"
	v.UpdatedAt, _ = time.Parse(time.RFC3339Nano, updated)
	return v, nil
}

// Outgoing returns the dataset's changes for the server of st: every event
// changed here (not by a sync) after audit row st.PushedAudit, as it is now
// or as a tombstone when deleted, and every event at all on a first sync.
// High is the last audit row it covers: the sync records it as pushed once
// the server has them. Events stored by other tools without a global id get
// one first.
func (d *Dataset) Outgoing(ctx context.Context, st SyncState) (high int64, out []Version, err error) {
	err = d.inTx(ctx, func(tx *sql.Tx) error {
		if err := assignMissingUIDs(ctx, tx); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM audit").Scan(&high); err != nil {
			return err
		}
		var query string
		var args []any
		if st.First {
			query = "SELECT " + versionColumns + " FROM events ORDER BY fid"
		} else {
			query = "SELECT " + versionColumns + ` FROM events WHERE uid IN
				(SELECT uid FROM audit WHERE id > ? AND id <= ? AND via = '' AND uid IS NOT NULL) ORDER BY fid`
			args = []any{st.PushedAudit, high}
		}
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		present := map[string]bool{}
		for rows.Next() {
			v, err := scanVersion(rows)
			if err != nil {
				rows.Close()
				return err
			}
			present[v.UID] = true
			out = append(out, v)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if st.First {
			return nil
		}
		// Deleted here since the last sync: the tombstone carries the
		// revision the delete trigger gave it.
		rows, err = tx.QueryContext(ctx, `SELECT uid, max(rev), max(at) FROM audit WHERE id > ? AND id <= ? AND via = ''
			AND action = 'delete' AND uid IS NOT NULL GROUP BY uid`, st.PushedAudit, high)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var v Version
			var at string
			if err := rows.Scan(&v.UID, &v.Rev, &at); err != nil {
				return err
			}
			if present[v.UID] {
				continue // deleted and restored: the event as it is now is sent
			}
			v.Deleted = true
			v.UpdatedAt, _ = time.Parse(time.RFC3339Nano, at)
			out = append(out, v)
		}
		return rows.Err()
	})
	if err != nil {
		return 0, nil, fmt.Errorf("sync: read this dataset's changes: %w", err)
	}
	return high, out, nil
}

func assignMissingUIDs(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT fid FROM events WHERE uid IS NULL")
	if err != nil {
		return err
	}
	var fids []int64
	for rows.Next() {
		var fid int64
		if err := rows.Scan(&fid); err != nil {
			rows.Close()
			return err
		}
		fids = append(fids, fid)
	}
	rows.Close()
	for _, fid := range fids {
		if _, err := tx.ExecContext(ctx, "UPDATE events SET uid = ? WHERE fid = ?", newUID(), fid); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RecordConflicts lists conflicts for the user to review. A conflict already
// listed (the same event and the same two revisions) is not listed twice, so
// a sync that is run again after being killed lists each conflict once.
func (d *Dataset) RecordConflicts(ctx context.Context, cs []Conflict) error {
	if len(cs) == 0 {
		return nil
	}
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		return recordConflicts(ctx, tx, cs)
	})
	if err != nil {
		return fmt.Errorf("sync: record conflicts: %w", err)
	}
	return nil
}

func recordConflicts(ctx context.Context, tx *sql.Tx, cs []Conflict) error {
	now := time.Now().UTC().Format(time.RFC3339)
	for _, c := range cs {
		_, err := tx.ExecContext(ctx, `INSERT INTO sync_conflicts (at, server_id, uid, laptop_rev, server_rev, kept, laptop, server)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid, laptop_rev, server_rev) DO NOTHING`,
			now, c.ServerID, c.Laptop.UID, c.Laptop.Rev, c.Server.Rev, c.Kept, c.Laptop.JSON(), c.Server.JSON())
		if err != nil {
			return err
		}
	}
	return nil
}

// Conflicts returns the listed conflicts, newest first; with all false,
// only those not yet marked reviewed.
func (d *Dataset) Conflicts(ctx context.Context, all bool) ([]Conflict, error) {
	q := "SELECT id, at, server_id, kept, laptop, server, reviewed FROM sync_conflicts"
	if !all {
		q += " WHERE NOT reviewed"
	}
	rows, err := d.db.QueryContext(ctx, q+" ORDER BY id DESC")
	if err != nil {
		return nil, fmt.Errorf("conflicts: %w", err)
	}
	defer rows.Close()
	var out []Conflict
	for rows.Next() {
		var c Conflict
		var laptop, server string
		if err := rows.Scan(&c.ID, &c.At, &c.ServerID, &c.Kept, &laptop, &server, &c.Reviewed); err != nil {
			return nil, fmt.Errorf("conflicts: %w", err)
		}
		if err := json.Unmarshal([]byte(laptop), &c.Laptop); err != nil {
			return nil, fmt.Errorf("conflict %d: %w", c.ID, err)
		}
		if err := json.Unmarshal([]byte(server), &c.Server); err != nil {
			return nil, fmt.Errorf("conflict %d: %w", c.ID, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// MarkReviewed marks conflict id as reviewed; it stays listed among all.
func (d *Dataset) MarkReviewed(ctx context.Context, id int64) error {
	_, err := d.db.ExecContext(ctx, "UPDATE sync_conflicts SET reviewed = 1 WHERE id = ?", id)
	return err
}

// ApplyIncoming stores the server's versions pulled by a sync and records
// the sync point (pulled up to seq, pushed up to audit row high), all in one
// transaction, so that a sync killed before it commits leaves the dataset as
// it was and can simply be run again. A version the dataset already holds is
// skipped. An event changed here after high (while the sync ran) keeps the
// later edit and is listed as a conflict. Changes made by the sync are
// audited with the server role that made them, marked as coming from the
// sync, so the next sync does not push them back. It returns how many
// events it changed.
func (d *Dataset) ApplyIncoming(ctx context.Context, st SyncState, seq, high int64, in []Version) (changed int, err error) {
	err = d.inTx(ctx, func(tx *sql.Tx) error {
		changed, err = applyIncoming(ctx, tx, st, high, in)
		if err != nil {
			return err
		}
		if seq < st.PulledSeq {
			seq = st.PulledSeq
		}
		if high < st.PushedAudit {
			high = st.PushedAudit
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO sync_state (server_id, url, pulled_seq, pushed_audit, synced_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (server_id) DO UPDATE SET url = excluded.url, pulled_seq = excluded.pulled_seq,
			pushed_audit = excluded.pushed_audit, synced_at = excluded.synced_at`,
			st.ServerID, st.URL, seq, high, time.Now().UTC().Format(time.RFC3339Nano))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("sync: store the server's changes: %w", err)
	}
	return changed, nil
}

func applyIncoming(ctx context.Context, tx *sql.Tx, st SyncState, high int64, in []Version) (int, error) {
	if len(in) == 0 {
		return 0, nil
	}
	var auditBefore, fidBefore int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM audit").Scan(&auditBefore); err != nil {
		return 0, err
	}
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(fid), 0) FROM events").Scan(&fidBefore); err != nil {
		return 0, err
	}
	local, err := localVersions(ctx, tx, in)
	if err != nil {
		return 0, err
	}
	busy := map[string]bool{} // changed here while this sync ran
	rows, err := tx.QueryContext(ctx, "SELECT DISTINCT uid FROM audit WHERE id > ? AND via = '' AND uid IS NOT NULL", high)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var uid string
		if err := rows.Scan(&uid); err != nil {
			rows.Close()
			return 0, err
		}
		busy[uid] = true
	}
	rows.Close()
	g, err := loadGazetteer(ctx, tx, false)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, "CREATE TEMP TABLE IF NOT EXISTS sync_roles (uid TEXT PRIMARY KEY, role TEXT NOT NULL)"); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM temp.sync_roles"); err != nil {
		return 0, err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO events (uid, rev, date, province, district, district_id, status, kind, claim,
		actor, source, source_url, confidence, notes, origin, geom, created_at, updated_at, district_key, reported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	defer ins.Close()
	upd, err := tx.PrepareContext(ctx, `UPDATE events SET rev = ?, date = ?, province = ?, district = ?, district_id = ?, status = ?,
		kind = ?, claim = ?, actor = ?, source = ?, source_url = ?, confidence = ?, notes = ?, origin = ?, geom = ?,
		created_at = ?, updated_at = ?, district_key = ?, reported_at = ? WHERE uid = ?`)
	if err != nil {
		return 0, err
	}
	defer upd.Close()
	role, err := tx.PrepareContext(ctx, "INSERT OR REPLACE INTO temp.sync_roles (uid, role) VALUES (?, ?)")
	if err != nil {
		return 0, err
	}
	defer role.Close()
	var conflicts []Conflict
	changed := 0
	for _, v := range in {
		l, here := local[v.UID]
		if here && l.SameAs(v) || !here && v.Deleted {
			continue
		}
		if busy[v.UID] {
			c := Conflict{ServerID: st.ServerID, Laptop: l, Server: v, Kept: "server"}
			if !here {
				c.Laptop = Version{UID: v.UID, Deleted: true}
			}
			if c.Laptop.EditedAfter(v) {
				c.Kept = "laptop"
			}
			conflicts = append(conflicts, c)
			if c.Kept == "laptop" {
				continue
			}
		}
		changed++
		if _, err := role.ExecContext(ctx, v.UID, v.By); err != nil {
			return 0, err
		}
		if v.Deleted {
			if _, err := tx.ExecContext(ctx, "DELETE FROM events WHERE uid = ?", v.UID); err != nil {
				return 0, err
			}
			continue
		}
		var districtID, districtKey any
		if i, err := g.resolve(v.Province, v.District); err == nil {
			districtID = g.districts[i].fid
			if k := g.districts[i].key; k != "" {
				districtKey = k
			}
		}
		var geom any
		if v.HasPoint {
			b, err := gpkg.Encode(orb.Point{v.Lon, v.Lat}, gpkg.WGS84)
			if err != nil {
				return 0, fmt.Errorf("event %s: %w", v.UID, err)
			}
			geom = b
		}
		created, updated := timestamp(v.CreatedAt), timestamp(v.UpdatedAt)
		if here {
			_, err = upd.ExecContext(ctx, v.Rev, v.Date, v.Province, v.District, districtID, v.Status, v.Kind, v.Claim,
				v.Actor, v.Source, v.SourceURL, v.Confidence, v.Notes, v.Origin, geom, created, updated, districtKey, dayStart(v.Date), v.UID)
		} else {
			_, err = ins.ExecContext(ctx, v.UID, v.Rev, v.Date, v.Province, v.District, districtID, v.Status, v.Kind, v.Claim,
				v.Actor, v.Source, v.SourceURL, v.Confidence, v.Notes, v.Origin, geom, created, updated, districtKey, dayStart(v.Date))
		}
		if err != nil {
			return 0, fmt.Errorf("event %s (%s %s/%s): %w", v.UID, v.Date, v.Province, v.District, err)
		}
	}
	if err := auditInserted(ctx, tx, fidBefore); err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE audit SET via = 'sync', role = (SELECT role FROM temp.sync_roles r WHERE r.uid = audit.uid)
		WHERE id > ?`, auditBefore)
	if err != nil {
		return 0, err
	}
	for _, c := range conflicts {
		if err := auditConflict(ctx, tx, c); err != nil {
			return 0, err
		}
	}
	if changed > 0 {
		if err := rebuildIntervals(ctx, tx, nil); err != nil {
			return 0, err
		}
	}
	return changed, recordConflicts(ctx, tx, conflicts)
}

// auditConflict keeps the version that lost in the audit, beside the
// change that the kept one made.
func auditConflict(ctx context.Context, tx *sql.Tx, c Conflict) error {
	lost := c.Laptop
	if c.Kept == "laptop" {
		lost = c.Server
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (action, table_name, row_id, uid, rev, role, via, detail, version)
		VALUES ('update', 'events', coalesce((SELECT fid FROM events WHERE uid = ?), 0), ?, ?, ?, 'sync', ?, ?)`,
		lost.UID, lost.UID, lost.Rev, c.Server.By,
		fmt.Sprintf("conflict: edited here and on the server; kept the %s version (rev %d), the other is in version", c.Kept,
			map[string]int64{"laptop": c.Laptop.Rev, "server": c.Server.Rev}[c.Kept]), lost.JSON())
	return err
}

// localVersions returns the dataset's versions of the events in vs.
func localVersions(ctx context.Context, tx *sql.Tx, vs []Version) (map[string]Version, error) {
	out := make(map[string]Version, len(vs))
	const batch = 500
	for start := 0; start < len(vs); start += batch {
		part := vs[start:min(start+batch, len(vs))]
		args := make([]any, len(part))
		for i, v := range part {
			args[i] = v.UID
		}
		rows, err := tx.QueryContext(ctx, "SELECT "+versionColumns+" FROM events WHERE uid IN (?"+strings.Repeat(", ?", len(part)-1)+")", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			v, err := scanVersion(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out[v.UID] = v
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

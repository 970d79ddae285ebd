package pg

// migrations are the server's numbered schema steps, as in the GeoPackage:
// migrations[i] takes a server from version i to i+1, in one transaction,
// and a released step is never edited.
var migrations = []string{
	// 1: the layers, the audit, the change numbers and the two roles.
	`
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE TABLE afcontrol_meta (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO afcontrol_meta (key, value) VALUES ('server_id', gen_random_uuid()::text);

CREATE TABLE boundary_sets (
	id integer PRIMARY KEY,
	level text NOT NULL CHECK (level IN ('province', 'district')),
	source text NOT NULL,
	file_name text NOT NULL,
	licence text NOT NULL,
	attribution text NOT NULL,
	sha256 text NOT NULL,
	features integer NOT NULL,
	imported_at text NOT NULL
);
CREATE TABLE provinces (
	fid integer PRIMARY KEY,
	geom geometry(MultiPolygon, 4326) NOT NULL,
	name text NOT NULL UNIQUE,
	name_source text NOT NULL,
	code text,
	boundary_set integer NOT NULL REFERENCES boundary_sets(id)
);
CREATE INDEX provinces_geom ON provinces USING gist (geom);
CREATE TABLE districts (
	fid integer PRIMARY KEY,
	geom geometry(MultiPolygon, 4326) NOT NULL,
	name text NOT NULL,
	name_source text NOT NULL,
	code text,
	province_id integer REFERENCES provinces(fid) ON DELETE SET NULL,
	province text,
	placed_by text,
	area_km2 double precision NOT NULL,
	inner_lon double precision NOT NULL,
	inner_lat double precision NOT NULL,
	boundary_set integer NOT NULL REFERENCES boundary_sets(id)
);
CREATE INDEX districts_geom ON districts USING gist (geom);
CREATE INDEX districts_name ON districts (province, name);
CREATE TABLE borders (
	fid integer PRIMARY KEY,
	geom geometry(LineString, 4326) NOT NULL,
	kind text NOT NULL CHECK (kind IN ('district', 'province', 'country')),
	left_district integer NOT NULL REFERENCES districts(fid) ON DELETE CASCADE,
	right_district integer REFERENCES districts(fid) ON DELETE CASCADE
);
CREATE TABLE aliases (
	id integer PRIMARY KEY,
	kind text NOT NULL CHECK (kind IN ('province', 'district')),
	alias text NOT NULL,
	key text NOT NULL,
	name text NOT NULL,
	province text NOT NULL DEFAULT '',
	origin text NOT NULL DEFAULT 'bundled'
);
CREATE TABLE tallies (
	id integer PRIMARY KEY,
	date date NOT NULL,
	source text NOT NULL CHECK (source <> ''),
	source_url text NOT NULL DEFAULT '',
	counted text NOT NULL,
	count integer NOT NULL,
	out_of integer,
	claim boolean NOT NULL,
	notes text NOT NULL DEFAULT ''
);

-- seq numbers every change to an event, in commit order: every statement
-- that writes events takes the events lock (events_lock) before it draws a
-- number, and holds it to the end of its transaction.
CREATE SEQUENCE event_changes;
CREATE TABLE events (
	uid uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	rev integer NOT NULL DEFAULT 1,
	seq bigint NOT NULL DEFAULT nextval('event_changes'),
	deleted boolean NOT NULL DEFAULT false,
	geom geometry(Point, 4326),
	date date NOT NULL,
	province text NOT NULL,
	district text NOT NULL,
	district_id integer, -- derived from the names; push-boundaries links it again
	status text NOT NULL CHECK (status IN ('government', 'contested', 'taliban', 'unknown', 'nochange')),
	kind text NOT NULL,
	claim boolean NOT NULL,
	actor text NOT NULL DEFAULT '',
	source text NOT NULL CHECK (source <> ''),
	source_url text NOT NULL DEFAULT '',
	confidence text NOT NULL CHECK (confidence IN ('low', 'medium', 'high')),
	notes text NOT NULL DEFAULT '',
	origin text NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	updated_by text NOT NULL DEFAULT current_user
);
CREATE INDEX events_seq ON events (seq);
CREATE INDEX events_district_date ON events (district_id, date);
CREATE INDEX events_geom ON events USING gist (geom);

CREATE TABLE audit (
	id bigserial PRIMARY KEY,
	at timestamptz NOT NULL DEFAULT now(),
	action text NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'conflict')),
	table_name text NOT NULL DEFAULT 'events',
	uid uuid,
	rev integer,
	role text NOT NULL DEFAULT current_user,
	detail text NOT NULL DEFAULT '',
	version jsonb
);
CREATE INDEX audit_uid ON audit (uid);

-- The role and the time of an audit row are the server's, never the
-- client's word (the defaults give them; the trigger corrects any other).
CREATE FUNCTION audit_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.role := current_user;
	NEW.at := now();
	RETURN NEW;
END $$;
CREATE TRIGGER audit_stamp BEFORE INSERT ON audit FOR EACH ROW
	WHEN (NEW.role IS DISTINCT FROM current_user OR NEW.at IS DISTINCT FROM now()) EXECUTE FUNCTION audit_stamp();

CREATE FUNCTION events_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_advisory_xact_lock(7152643);
	RETURN NULL;
END $$;
CREATE TRIGGER events_lock BEFORE INSERT OR UPDATE OR DELETE ON events FOR EACH STATEMENT EXECUTE FUNCTION events_lock();

-- A new event carries the role that wrote it, whatever the client said.
CREATE FUNCTION events_by() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.updated_by := current_user;
	RETURN NEW;
END $$;
CREATE TRIGGER events_by BEFORE INSERT ON events FOR EACH ROW
	WHEN (NEW.updated_by IS DISTINCT FROM current_user) EXECUTE FUNCTION events_by();

-- Every edit of an event gets the next change number and the role that
-- made it, and raises the revision (a sync sends the one it wants, a QGIS
-- edit gets the next). A write that changes only derived columns
-- (district_id after new boundaries) is not a change.
CREATE FUNCTION events_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF (NEW.rev, NEW.deleted, NEW.geom, NEW.date, NEW.province, NEW.district, NEW.status, NEW.kind, NEW.claim, NEW.actor,
		NEW.source, NEW.source_url, NEW.confidence, NEW.notes, NEW.origin) IS NOT DISTINCT FROM
		(OLD.rev, OLD.deleted, OLD.geom, OLD.date, OLD.province, OLD.district, OLD.status, OLD.kind, OLD.claim, OLD.actor,
		OLD.source, OLD.source_url, OLD.confidence, OLD.notes, OLD.origin) THEN
		NEW.seq := OLD.seq;
		NEW.updated_by := OLD.updated_by;
		NEW.updated_at := OLD.updated_at;
		RETURN NEW;
	END IF;
	NEW.rev := greatest(NEW.rev, OLD.rev + 1);
	IF NEW.updated_at = OLD.updated_at THEN
		NEW.updated_at := now();
	END IF;
	NEW.seq := nextval('event_changes');
	NEW.updated_by := current_user;
	RETURN NEW;
END $$;
CREATE TRIGGER events_stamp BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION events_stamp();

-- A deleted event stays as a tombstone, so that laptops learn of the delete.
CREATE FUNCTION events_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE events SET deleted = true WHERE uid = OLD.uid AND NOT deleted;
	RETURN NULL;
END $$;
CREATE TRIGGER events_tombstone BEFORE DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_tombstone();

-- The audit keeps every version that a change replaced, whole (version; the
-- current one is the events row), one statement per write however many
-- rows it has, and listeners hear of the change.
CREATE FUNCTION events_audit_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO audit (action, uid, rev, detail)
	SELECT 'insert', n.uid, n.rev, n.date || ' ' || n.province || '/' || n.district || ' ' || n.status || ' (' || n.source || ')'
	FROM new_rows n;
	PERFORM pg_notify('afcontrol_events', (SELECT max(seq) FROM new_rows)::text);
	RETURN NULL;
END $$;
CREATE TRIGGER events_audit_insert AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION events_audit_insert();
CREATE FUNCTION events_audit_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	latest bigint;
BEGIN
	INSERT INTO audit (action, uid, rev, detail, version)
	SELECT CASE WHEN n.deleted AND NOT o.deleted THEN 'delete' ELSE 'update' END, n.uid, n.rev,
		o.date || ' ' || o.district || ' ' || o.status || ' -> ' || n.date || ' ' || n.district || ' ' || n.status,
		to_jsonb(o) - 'geom' || jsonb_build_object('lon', ST_X(o.geom), 'lat', ST_Y(o.geom))
	FROM new_rows n JOIN old_rows o USING (uid) WHERE n.seq <> o.seq;
	SELECT max(n.seq) INTO latest FROM new_rows n JOIN old_rows o USING (uid) WHERE n.seq <> o.seq;
	IF latest IS NOT NULL THEN
		PERFORM pg_notify('afcontrol_events', latest::text);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER events_audit_update AFTER UPDATE ON events REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION events_audit_update();

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'afcontrol_reader') THEN
		CREATE ROLE afcontrol_reader NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'afcontrol_editor') THEN
		CREATE ROLE afcontrol_editor NOLOGIN;
	END IF;
END $$;
GRANT afcontrol_reader TO afcontrol_editor;
GRANT USAGE ON SCHEMA public TO afcontrol_reader;
GRANT SELECT ON afcontrol_meta, boundary_sets, provinces, districts, borders, aliases, tallies, events, audit TO afcontrol_reader;
GRANT INSERT, UPDATE, DELETE ON events TO afcontrol_editor;
GRANT INSERT ON audit TO afcontrol_editor;
GRANT SELECT ON SEQUENCE event_changes TO afcontrol_reader;
GRANT USAGE ON SEQUENCE event_changes, audit_id_seq TO afcontrol_editor;
`,
}

// SchemaVersion is the server schema version this program writes and reads.
var SchemaVersion = len(migrations)

// The roles that server init makes: members of ReaderRole may view and
// export, members of EditorRole may also add and edit events.
const (
	ReaderRole = "afcontrol_reader"
	EditorRole = "afcontrol_editor"
)

package data

// migrations are the numbered schema steps; migrations[i] takes a dataset from
// schema version i to i+1. They only ever grow: a released step is never
// edited, a change is a new step.
var migrations = []string{
	// 1: the GeoPackage core and the boundary layers.
	`
CREATE TABLE gpkg_spatial_ref_sys (
	srs_name TEXT NOT NULL,
	srs_id INTEGER NOT NULL PRIMARY KEY,
	organization TEXT NOT NULL,
	organization_coordsys_id INTEGER NOT NULL,
	definition TEXT NOT NULL,
	description TEXT
);
INSERT INTO gpkg_spatial_ref_sys VALUES
	('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
	('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
	('WGS 84 geodetic', 4326, 'EPSG', 4326,
	 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
	 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
CREATE TABLE gpkg_contents (
	table_name TEXT NOT NULL PRIMARY KEY,
	data_type TEXT NOT NULL,
	identifier TEXT UNIQUE,
	description TEXT DEFAULT '',
	last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
	min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
	srs_id INTEGER,
	CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE gpkg_geometry_columns (
	table_name TEXT NOT NULL,
	column_name TEXT NOT NULL,
	geometry_type_name TEXT NOT NULL,
	srs_id INTEGER NOT NULL,
	z TINYINT NOT NULL,
	m TINYINT NOT NULL,
	CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
	CONSTRAINT uk_gc_table_name UNIQUE (table_name),
	CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
	CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);
CREATE TABLE afcontrol_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE boundary_sets (
	id INTEGER PRIMARY KEY,
	level TEXT NOT NULL CHECK (level IN ('province', 'district')),
	source TEXT NOT NULL,
	file_name TEXT NOT NULL,
	licence TEXT NOT NULL,
	attribution TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	features INTEGER NOT NULL,
	imported_at TEXT NOT NULL
);
CREATE TABLE provinces (
	fid INTEGER PRIMARY KEY AUTOINCREMENT,
	geom MULTIPOLYGON NOT NULL,
	name TEXT NOT NULL UNIQUE,
	name_source TEXT NOT NULL,
	code TEXT,
	boundary_set INTEGER NOT NULL REFERENCES boundary_sets(id)
);
CREATE TABLE districts (
	fid INTEGER PRIMARY KEY AUTOINCREMENT,
	geom MULTIPOLYGON NOT NULL,
	name TEXT NOT NULL,
	name_source TEXT NOT NULL,
	code TEXT,
	province_id INTEGER REFERENCES provinces(fid) ON DELETE SET NULL,
	province TEXT,
	placed_by TEXT,
	area_km2 REAL NOT NULL,
	inner_lon REAL NOT NULL,
	inner_lat REAL NOT NULL,
	boundary_set INTEGER NOT NULL REFERENCES boundary_sets(id)
);
CREATE INDEX districts_province ON districts(province_id);
CREATE TABLE borders (
	fid INTEGER PRIMARY KEY AUTOINCREMENT,
	geom LINESTRING NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('district', 'province', 'country')),
	left_district INTEGER NOT NULL REFERENCES districts(fid) ON DELETE CASCADE,
	right_district INTEGER REFERENCES districts(fid) ON DELETE CASCADE
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
	('provinces', 'features', 'provinces', 'Provinces (ADM1)', 4326),
	('districts', 'features', 'districts', 'Districts (ADM2) with the province each is placed in', 4326),
	('borders', 'features', 'borders', 'District, province and country border lines derived from the district edges', 4326);
INSERT INTO gpkg_geometry_columns VALUES
	('provinces', 'geom', 'MULTIPOLYGON', 4326, 0, 0),
	('districts', 'geom', 'MULTIPOLYGON', 4326, 0, 0),
	('borders', 'geom', 'LINESTRING', 4326, 0, 0);
`,
	// 2: reported events, published tallies, the gazetteer and the audit trail.
	`
CREATE TABLE aliases (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('province', 'district')),
	alias TEXT NOT NULL,
	key TEXT NOT NULL,
	name TEXT NOT NULL,
	province TEXT NOT NULL DEFAULT '',
	origin TEXT NOT NULL DEFAULT 'bundled'
);
CREATE INDEX aliases_key ON aliases(kind, key);
CREATE TABLE events (
	fid INTEGER PRIMARY KEY AUTOINCREMENT,
	geom POINT,
	date DATE NOT NULL,
	province TEXT NOT NULL,
	district TEXT NOT NULL,
	district_id INTEGER REFERENCES districts(fid) ON DELETE SET NULL,
	status TEXT NOT NULL CHECK (status IN ('government', 'contested', 'taliban', 'unknown', 'nochange')),
	kind TEXT NOT NULL,
	claim BOOLEAN NOT NULL,
	actor TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL CHECK (source <> ''),
	source_url TEXT NOT NULL DEFAULT '',
	confidence TEXT NOT NULL CHECK (confidence IN ('low', 'medium', 'high')),
	notes TEXT NOT NULL DEFAULT '',
	origin TEXT NOT NULL DEFAULT '',
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL
);
CREATE INDEX events_district_date ON events(district_id, date);
CREATE TABLE tallies (
	id INTEGER PRIMARY KEY,
	date DATE NOT NULL,
	source TEXT NOT NULL CHECK (source <> ''),
	source_url TEXT NOT NULL DEFAULT '',
	counted TEXT NOT NULL,
	count INTEGER NOT NULL,
	out_of INTEGER,
	claim BOOLEAN NOT NULL,
	notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
	action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
	table_name TEXT NOT NULL,
	row_id INTEGER NOT NULL,
	detail TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER events_audit_update AFTER UPDATE ON events BEGIN
	INSERT INTO audit (action, table_name, row_id, detail) VALUES ('update', 'events', NEW.fid,
		OLD.date || ' ' || OLD.district || ' ' || OLD.status || ' -> ' || NEW.date || ' ' || NEW.district || ' ' || NEW.status);
END;
CREATE TRIGGER events_audit_delete AFTER DELETE ON events BEGIN
	INSERT INTO audit (action, table_name, row_id, detail) VALUES ('delete', 'events', OLD.fid,
		OLD.date || ' ' || OLD.province || '/' || OLD.district || ' ' || OLD.status || ' (' || OLD.source || ')');
END;
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
	('events', 'features', 'events', 'Reported events: dated, sourced reports of district control', 4326),
	('tallies', 'attributes', 'tallies', 'Published aggregate counts of district control, with their sources', NULL),
	('aliases', 'attributes', 'aliases', 'Gazetteer: spellings of province and district names', NULL),
	('audit', 'attributes', 'audit', 'Every insert, edit and delete of an event, with its time', NULL);
INSERT INTO gpkg_geometry_columns VALUES ('events', 'geom', 'POINT', 4326, 0, 0);
`,
	// 3: a global id and a revision for every event, so that datasets on
	// several laptops and a PostgreSQL server can exchange their edits; the
	// audit names the event and revision of each change, and remembers what
	// the last sync with each server pushed and pulled, and its conflicts.
	// The triggers are dropped for the backfill (it is not an edit) and made
	// again with the id and revision.
	`
DROP TRIGGER events_audit_update;
DROP TRIGGER events_audit_delete;
ALTER TABLE events ADD COLUMN uid TEXT;
ALTER TABLE events ADD COLUMN rev INTEGER NOT NULL DEFAULT 1;
UPDATE events SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
	substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX events_uid ON events(uid);
ALTER TABLE audit ADD COLUMN uid TEXT;
ALTER TABLE audit ADD COLUMN rev INTEGER;
ALTER TABLE audit ADD COLUMN role TEXT;
ALTER TABLE audit ADD COLUMN via TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN version TEXT;
UPDATE audit SET uid = (SELECT uid FROM events WHERE fid = audit.row_id), rev = 1 WHERE table_name = 'events';
CREATE INDEX audit_uid ON audit(uid);
CREATE TRIGGER events_audit_update AFTER UPDATE ON events BEGIN
	INSERT INTO audit (action, table_name, row_id, uid, rev, detail) VALUES ('update', 'events', NEW.fid, NEW.uid, NEW.rev,
		OLD.date || ' ' || OLD.district || ' ' || OLD.status || ' -> ' || NEW.date || ' ' || NEW.district || ' ' || NEW.status);
END;
CREATE TRIGGER events_audit_delete AFTER DELETE ON events BEGIN
	INSERT INTO audit (action, table_name, row_id, uid, rev, detail) VALUES ('delete', 'events', OLD.fid, OLD.uid, OLD.rev + 1,
		OLD.date || ' ' || OLD.province || '/' || OLD.district || ' ' || OLD.status || ' (' || OLD.source || ')');
END;
CREATE TABLE sync_state (
	server_id TEXT PRIMARY KEY,
	url TEXT NOT NULL,
	pulled_seq INTEGER NOT NULL DEFAULT 0,
	pushed_audit INTEGER NOT NULL DEFAULT 0,
	synced_at TEXT NOT NULL
);
CREATE TABLE sync_conflicts (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	server_id TEXT NOT NULL,
	uid TEXT NOT NULL,
	laptop_rev INTEGER NOT NULL,
	server_rev INTEGER NOT NULL,
	kept TEXT NOT NULL CHECK (kept IN ('laptop', 'server')),
	laptop TEXT NOT NULL,
	server TEXT NOT NULL,
	reviewed BOOLEAN NOT NULL DEFAULT 0,
	UNIQUE (uid, laptop_rev, server_rev)
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
	('sync_conflicts', 'attributes', 'sync_conflicts', 'Events edited both here and on a server between two syncs: both versions, and which was kept', NULL);
`,
}

// SchemaVersion is the schema version this program writes and reads.
var SchemaVersion = len(migrations)

package data

import "github.com/afcontrol/afcontrol/data/gpkg"

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
	// 3: boundary sets as versions. Every set stays in boundary_sets, one
	// per level active; the features of inactive sets are kept in
	// boundary_history (not a feature table, so QGIS and GDAL show only the
	// active districts and provinces). Districts and provinces carry a stable
	// key (the upstream id, else province and name) that events keep too, so
	// an event finds its district again in any set of the same configuration.
	// Re-linking an event to a district is not an edit: the audit trigger
	// fires only when a reported field changes.
	`
ALTER TABLE boundary_sets ADD COLUMN active BOOLEAN NOT NULL DEFAULT 1;
ALTER TABLE provinces ADD COLUMN stable_key TEXT;
ALTER TABLE districts ADD COLUMN stable_key TEXT;
CREATE UNIQUE INDEX provinces_stable_key ON provinces(stable_key);
CREATE UNIQUE INDEX districts_stable_key ON districts(stable_key);
ALTER TABLE events ADD COLUMN district_key TEXT;
CREATE TABLE boundary_history (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	boundary_set INTEGER NOT NULL REFERENCES boundary_sets(id),
	feature_fid INTEGER NOT NULL,
	geom BLOB NOT NULL,
	name TEXT NOT NULL,
	name_source TEXT NOT NULL,
	code TEXT,
	stable_key TEXT,
	area_km2 REAL,
	inner_lon REAL,
	inner_lat REAL,
	UNIQUE (boundary_set, feature_fid)
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
	('boundary_history', 'attributes', 'boundary_history',
	 'Features of earlier boundary sets (GeoPackage geometry in geom), kept for afcontrol boundaries restore', NULL);
DROP TRIGGER events_audit_update;
CREATE TRIGGER events_audit_update AFTER UPDATE OF geom, date, province, district, status, kind, claim, actor,
	source, source_url, confidence, notes ON events BEGIN
	INSERT INTO audit (action, table_name, row_id, detail) VALUES ('update', 'events', NEW.fid,
		OLD.date || ' ' || OLD.district || ' ' || OLD.status || ' -> ' || NEW.date || ' ' || NEW.district || ' ' || NEW.status);
END;
`,
	// 4: what an event concerns (a district, a province, the country), the
	// source's own id for updates, and the source's details kept as written;
	// the audit of updates and deletes names that id. As in 3, only a change
	// of a reported field is an edit that the audit records.
	`
ALTER TABLE events ADD COLUMN scope TEXT NOT NULL DEFAULT 'district' CHECK (scope IN ('district', 'province', 'country'));
ALTER TABLE events ADD COLUMN source_db TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN source_id TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN date_end DATE;
ALTER TABLE events ADD COLUMN fatalities INTEGER;
ALTER TABLE events ADD COLUMN admin3 TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN location TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN geo_precision INTEGER;
ALTER TABLE events ADD COLUMN time_precision INTEGER;
ALTER TABLE events ADD COLUMN placed_by TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX events_source_id ON events(source_db, source_id) WHERE source_id <> '';
CREATE INDEX events_province_scope ON events(province, date) WHERE scope <> 'district';
DROP TRIGGER events_audit_update;
CREATE TRIGGER events_audit_update AFTER UPDATE OF geom, date, province, district, status, kind, claim, actor,
	source, source_url, confidence, notes, scope, source_db, source_id, date_end, fatalities, admin3, location,
	geo_precision, time_precision ON events BEGIN
	INSERT INTO audit (action, table_name, row_id, detail) VALUES ('update', 'events', NEW.fid,
		OLD.date || ' ' || OLD.district || ' ' || OLD.status || ' -> ' || NEW.date || ' ' || NEW.district || ' ' || NEW.status ||
		CASE WHEN NEW.source_id <> '' THEN ' [' || NEW.source_db || ' ' || NEW.source_id || ']' ELSE '' END);
END;
DROP TRIGGER events_audit_delete;
CREATE TRIGGER events_audit_delete AFTER DELETE ON events BEGIN
	INSERT INTO audit (action, table_name, row_id, detail) VALUES ('delete', 'events', OLD.fid,
		OLD.date || ' ' || OLD.province || '/' || OLD.district || ' ' || OLD.status || ' (' || OLD.source || ')' ||
		CASE WHEN OLD.source_id <> '' THEN ' [' || OLD.source_db || ' ' || OLD.source_id || ']' ELSE '' END);
END;
`,
	// 5: the timeline index: the control timeline in compact form, so that opening
	// a dataset of millions of events reads one row, not every event. It is
	// a cache: the triggers empty it on any change to what it is built from
	// (by afcontrol or by another program such as QGIS), and afcontrol
	// builds it again on the next load.
	`
CREATE TABLE timeline_index (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	districts BLOB NOT NULL,
	timeline BLOB NOT NULL,
	built_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE TRIGGER timeline_index_event_insert AFTER INSERT ON events
	WHEN EXISTS (SELECT 1 FROM timeline_index) BEGIN DELETE FROM timeline_index; END;
CREATE TRIGGER timeline_index_event_delete AFTER DELETE ON events
	WHEN EXISTS (SELECT 1 FROM timeline_index) BEGIN DELETE FROM timeline_index; END;
CREATE TRIGGER timeline_index_event_update AFTER UPDATE OF date, district_id, status, confidence, claim,
	scope, kind, province ON events
	WHEN EXISTS (SELECT 1 FROM timeline_index) BEGIN DELETE FROM timeline_index; END;
CREATE TRIGGER timeline_index_district_insert AFTER INSERT ON districts
	WHEN EXISTS (SELECT 1 FROM timeline_index) BEGIN DELETE FROM timeline_index; END;
CREATE TRIGGER timeline_index_district_delete AFTER DELETE ON districts
	WHEN EXISTS (SELECT 1 FROM timeline_index) BEGIN DELETE FROM timeline_index; END;
CREATE TRIGGER timeline_index_district_update AFTER UPDATE OF fid, province ON districts
	WHEN EXISTS (SELECT 1 FROM timeline_index) BEGIN DELETE FROM timeline_index; END;
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
	('timeline_index', 'attributes', 'timeline_index',
	 'The control timeline in compact form, a cache of what the events say, rebuilt when they change', NULL);
`,
	// 6: the dataset as a GeoPackage 1.3 that GDAL validates and QGIS plays:
	// the non-spatial tables registered as attributes (afcontrol_meta given
	// the integer key GeoPackage asks of them), DATETIME values with
	// milliseconds, the events' day as a DATETIME for QGIS's temporal
	// controller, the R-tree spatial index on every feature table, the
	// status-interval layer and the layer_styles table QGIS reads styles from.
	`
CREATE TABLE afcontrol_meta_v3 (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, value TEXT NOT NULL);
INSERT INTO afcontrol_meta_v3 (key, value) SELECT key, value FROM afcontrol_meta;
DROP TABLE afcontrol_meta;
ALTER TABLE afcontrol_meta_v3 RENAME TO afcontrol_meta;
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
	('afcontrol_meta', 'attributes', 'afcontrol_meta', 'afcontrol settings: the schema version', NULL),
	('boundary_sets', 'attributes', 'boundary_sets', 'Imported boundary files: source, licence, attribution and checksum', NULL);

DROP TRIGGER events_audit_update;
ALTER TABLE events ADD COLUMN reported_at DATETIME;
UPDATE events SET
	created_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at),
	updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', updated_at),
	reported_at = substr(date, 1, 10) || 'T00:00:00.000Z';
UPDATE boundary_sets SET imported_at = strftime('%Y-%m-%dT%H:%M:%fZ', imported_at) WHERE strftime('%s', imported_at) IS NOT NULL;
CREATE TRIGGER events_audit_update AFTER UPDATE OF geom, date, province, district, status, kind, claim, actor,
	source, source_url, confidence, notes, scope, source_db, source_id, date_end, fatalities, admin3, location,
	geo_precision, time_precision ON events BEGIN
	INSERT INTO audit (action, table_name, row_id, detail) VALUES ('update', 'events', NEW.fid,
		OLD.date || ' ' || OLD.district || ' ' || OLD.status || ' -> ' || NEW.date || ' ' || NEW.district || ' ' || NEW.status ||
		CASE WHEN NEW.source_id <> '' THEN ' [' || NEW.source_db || ' ' || NEW.source_id || ']' ELSE '' END);
END;

CREATE TABLE IF NOT EXISTS gpkg_extensions (
	table_name TEXT,
	column_name TEXT,
	extension_name TEXT NOT NULL,
	definition TEXT NOT NULL,
	scope TEXT NOT NULL,
	CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
);
` + gpkg.RTreeSQL("provinces", "geom", "fid") + gpkg.RTreeSQL("districts", "geom", "fid") +
		gpkg.RTreeSQL("borders", "geom", "fid") + gpkg.RTreeSQL("events", "geom", "fid") + `
CREATE TABLE status_spans (
	id INTEGER PRIMARY KEY,
	district_id INTEGER NOT NULL,
	layer TEXT NOT NULL CHECK (layer IN ('confirmed', 'with claims')),
	status TEXT NOT NULL CHECK (status IN ('government', 'contested', 'taliban', 'unknown')),
	valid_from DATETIME,
	valid_to DATETIME,
	event_id INTEGER
);
CREATE INDEX status_spans_district ON status_spans(district_id);
CREATE VIEW status_intervals AS SELECT
	s.id AS fid, d.geom AS geom, d.code AS district_code, d.name AS district, d.province AS province,
	s.layer AS layer, s.status AS status, s.valid_from AS valid_from, s.valid_to AS valid_to,
	s.event_id AS event_id, e.source AS source, e.confidence AS confidence, e.claim AS claim
	FROM status_spans s JOIN districts d ON d.fid = s.district_id LEFT JOIN events e ON e.fid = s.event_id;
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
	('status_intervals', 'features', 'status_intervals',
	 'Status of every district by span of unchanged status, per layer (confirmed, with claims): QGIS''s temporal controller plays it from valid_from to valid_to', 4326),
	('status_spans', 'attributes', 'status_spans', 'The spans behind status_intervals, rewritten with every import and edit', NULL);
INSERT INTO gpkg_geometry_columns VALUES ('status_intervals', 'geom', 'MULTIPOLYGON', 4326, 0, 0);

CREATE TABLE layer_styles (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	f_table_catalog TEXT(256),
	f_table_schema TEXT(256),
	f_table_name TEXT(256),
	f_geometry_column TEXT(256),
	styleName TEXT(30),
	styleQML TEXT,
	styleSLD TEXT,
	useAsDefault BOOLEAN,
	description TEXT,
	owner TEXT(30),
	ui TEXT(30),
	update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
	('layer_styles', 'attributes', 'layer_styles', 'QGIS styles of the layers, in afcontrol''s palette', NULL);
`,
	// 7: a global id and a revision for every event, so that datasets on
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
CREATE TRIGGER events_audit_update AFTER UPDATE OF geom, date, province, district, status, kind, claim, actor,
	source, source_url, confidence, notes, scope, source_db, source_id, date_end, fatalities, admin3, location,
	geo_precision, time_precision, rev ON events BEGIN
	INSERT INTO audit (action, table_name, row_id, uid, rev, detail) VALUES ('update', 'events', NEW.fid, NEW.uid, NEW.rev,
		OLD.date || ' ' || OLD.district || ' ' || OLD.status || ' -> ' || NEW.date || ' ' || NEW.district || ' ' || NEW.status ||
		CASE WHEN NEW.source_id <> '' THEN ' [' || NEW.source_db || ' ' || NEW.source_id || ']' ELSE '' END);
END;
CREATE TRIGGER events_audit_delete AFTER DELETE ON events BEGIN
	INSERT INTO audit (action, table_name, row_id, uid, rev, detail) VALUES ('delete', 'events', OLD.fid, OLD.uid, OLD.rev + 1,
		OLD.date || ' ' || OLD.province || '/' || OLD.district || ' ' || OLD.status || ' (' || OLD.source || ')' ||
		CASE WHEN OLD.source_id <> '' THEN ' [' || OLD.source_db || ' ' || OLD.source_id || ']' ELSE '' END);
END;
CREATE TABLE sync_state (
	id INTEGER PRIMARY KEY,
	server_id TEXT NOT NULL UNIQUE,
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
	('sync_state', 'attributes', 'sync_state', 'The last sync with each server: how far it pushed and pulled', NULL),
	('sync_conflicts', 'attributes', 'sync_conflicts', 'Events edited both here and on a server between two syncs: both versions, and which was kept', NULL);
`,
}

// SchemaVersion is the schema version this program writes and reads.
var SchemaVersion = len(migrations)

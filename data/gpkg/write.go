package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// Column is an attribute column of a Layer, with its GeoPackage type:
// TEXT, INTEGER, REAL, BOOLEAN, DATE or DATETIME.
type Column struct {
	Name, Type string
}

// Feature is one row of a Layer: its geometry (nil for none) and one value
// per column, in column order (nil for NULL).
type Feature struct {
	Geom   orb.Geometry
	Values []any
}

// Layer is one feature table to write as a GeoPackage of its own.
type Layer struct {
	Name, Description string
	// GeometryType is the GeoPackage geometry type name, such as
	// MULTIPOLYGON; every geometry must be of it. Coordinates are lon/lat in
	// EPSG:4326.
	GeometryType string
	Columns      []Column
	Features     []Feature
	// Styles are stored in layer_styles for the layer (their Table and
	// Column are set to the layer's).
	Styles []Style
}

const coreSQL = `
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
	organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
INSERT INTO gpkg_spatial_ref_sys VALUES
	('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
	('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
	('WGS 84 geodetic', 4326, 'EPSG', 4326,
	 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
	 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
	description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
	min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
	CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
	srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
	CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
	CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
	CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
	scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
	f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT,
	useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
	update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
	('layer_styles', 'attributes', 'layer_styles', 'QGIS styles of the layer');
`

var columnTypes = map[string]bool{"TEXT": true, "INTEGER": true, "REAL": true, "BOOLEAN": true, "DATE": true, "DATETIME": true}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// WriteLayer writes l as a new GeoPackage 1.3 at path: the core tables, the
// feature table with an R-tree index, its extent in gpkg_contents, and its
// styles. The file is written beside path and renamed over it only when
// complete, so a failure or a cancelled ctx leaves path as it was.
func WriteLayer(ctx context.Context, path string, l Layer) (err error) {
	if l.Name == "" || strings.ContainsAny(l.Name, "\"'") {
		return fmt.Errorf("gpkg: layer name %q", l.Name)
	}
	for _, c := range l.Columns {
		if !columnTypes[c.Type] || c.Name == "" || c.Name == "fid" || c.Name == "geom" {
			return fmt.Errorf("gpkg: column %q of type %q", c.Name, c.Type)
		}
	}
	RegisterFunctions()
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.part")
	if err != nil {
		return err
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		if err != nil {
			os.Remove(tmp)
			os.Remove(tmp + "-journal")
		}
	}()
	db, err := sql.Open("sqlite", FileURI(tmp, "_pragma=journal_mode(DELETE)&_pragma=synchronous(NORMAL)"))
	if err != nil {
		return err
	}
	if err := writeLayer(ctx, db, l); err != nil {
		db.Close()
		return fmt.Errorf("gpkg: write %s: %w", filepath.Base(path), err)
	}
	if err := db.Close(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func writeLayer(ctx context.Context, db *sql.DB, l Layer) error {
	db.SetMaxOpenConns(1)
	for _, p := range []string{"PRAGMA application_id=" + strconv.Itoa(0x47504B47), "PRAGMA user_version=10300"} {
		if _, err := db.ExecContext(ctx, p); err != nil {
			return err
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var cols []string
	for _, c := range l.Columns {
		cols = append(cols, quoteIdent(c.Name)+" "+c.Type)
	}
	table := quoteIdent(l.Name)
	ddl := coreSQL + "CREATE TABLE " + table + " (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom " + l.GeometryType
	if len(cols) > 0 {
		ddl += ", " + strings.Join(cols, ", ")
	}
	ddl += ");\n" + RTreeSQL(l.Name, "geom", "fid")
	if _, err := tx.ExecContext(ctx, ddl); err != nil {
		return err
	}
	var b orb.Bound
	have := false
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(l.Columns)+1), ", ")
	names := "geom"
	for _, c := range l.Columns {
		names += ", " + quoteIdent(c.Name)
	}
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO "+table+" ("+names+") VALUES ("+marks+")")
	if err != nil {
		return err
	}
	defer stmt.Close()
	args := make([]any, len(l.Columns)+1)
	for i, f := range l.Features {
		if len(f.Values) != len(l.Columns) {
			return fmt.Errorf("feature %d: %d values for %d columns", i+1, len(f.Values), len(l.Columns))
		}
		args[0] = nil
		if f.Geom != nil {
			blob, err := Encode(f.Geom, WGS84)
			if err != nil {
				return fmt.Errorf("feature %d: %w", i+1, err)
			}
			args[0] = blob
			if !isEmpty(f.Geom) {
				if have {
					b = b.Union(f.Geom.Bound())
				} else {
					b, have = f.Geom.Bound(), true
				}
			}
		}
		copy(args[1:], f.Values)
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("feature %d: %w", i+1, err)
		}
	}
	var minX, minY, maxX, maxY any
	if have {
		minX, minY, maxX, maxY = b.Min[0], b.Min[1], b.Max[0], b.Max[1]
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
		VALUES (?, 'features', ?, ?, ?, ?, ?, ?, 4326)`, l.Name, l.Name, l.Description, minX, minY, maxX, maxY); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)", l.Name, l.GeometryType); err != nil {
		return err
	}
	for _, s := range l.Styles {
		s.Table, s.Column = l.Name, "geom"
		if _, err := tx.ExecContext(ctx, `INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column,
			styleName, styleQML, styleSLD, useAsDefault, description, owner) VALUES ('', '', ?, 'geom', ?, ?, ?, ?, ?, 'afcontrol')`,
			s.Table, s.Name, s.QML(), s.SLD(), s.Default, s.Description); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return nil
}

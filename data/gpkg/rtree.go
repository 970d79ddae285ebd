package gpkg

// RTreeSQL is the SQL of the GeoPackage R-tree spatial index extension on
// table's geometry column geom with primary key id: the virtual table, filled
// from the rows already there, its gpkg_extensions row and the six triggers
// of GeoPackage 1.3 that keep it current. The triggers call ST_MinX and
// friends, which RegisterFunctions provides, as GDAL and QGIS do. The
// gpkg_extensions table must exist.
func RTreeSQL(table, geom, id string) string {
	r := "rtree_" + table + "_" + geom
	box := "NEW." + id + ", ST_MinX(NEW." + geom + "), ST_MaxX(NEW." + geom + "), ST_MinY(NEW." + geom + "), ST_MaxY(NEW." + geom + ")"
	set := "(NEW." + geom + " NOT NULL AND NOT ST_IsEmpty(NEW." + geom + "))"
	unset := "(NEW." + geom + " ISNULL OR ST_IsEmpty(NEW." + geom + "))"
	return `
CREATE VIRTUAL TABLE "` + r + `" USING rtree(id, minx, maxx, miny, maxy);
INSERT OR REPLACE INTO "` + r + `" SELECT ` + id + `, ST_MinX(` + geom + `), ST_MaxX(` + geom + `), ST_MinY(` + geom + `), ST_MaxY(` + geom + `)
	FROM "` + table + `" WHERE ` + geom + ` NOT NULL AND NOT ST_IsEmpty(` + geom + `);
INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES
	('` + table + `', '` + geom + `', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
CREATE TRIGGER "` + r + `_insert" AFTER INSERT ON "` + table + `" WHEN ` + set + ` BEGIN
	INSERT OR REPLACE INTO "` + r + `" VALUES (` + box + `);
END;
CREATE TRIGGER "` + r + `_update1" AFTER UPDATE OF ` + geom + ` ON "` + table + `" WHEN OLD.` + id + ` = NEW.` + id + ` AND ` + set + ` BEGIN
	INSERT OR REPLACE INTO "` + r + `" VALUES (` + box + `);
END;
CREATE TRIGGER "` + r + `_update2" AFTER UPDATE OF ` + geom + ` ON "` + table + `" WHEN OLD.` + id + ` = NEW.` + id + ` AND ` + unset + ` BEGIN
	DELETE FROM "` + r + `" WHERE id = OLD.` + id + `;
END;
CREATE TRIGGER "` + r + `_update3" AFTER UPDATE ON "` + table + `" WHEN OLD.` + id + ` != NEW.` + id + ` AND ` + set + ` BEGIN
	DELETE FROM "` + r + `" WHERE id = OLD.` + id + `;
	INSERT OR REPLACE INTO "` + r + `" VALUES (` + box + `);
END;
CREATE TRIGGER "` + r + `_update4" AFTER UPDATE ON "` + table + `" WHEN OLD.` + id + ` != NEW.` + id + ` AND ` + unset + ` BEGIN
	DELETE FROM "` + r + `" WHERE id IN (OLD.` + id + `, NEW.` + id + `);
END;
CREATE TRIGGER "` + r + `_delete" AFTER DELETE ON "` + table + `" WHEN OLD.` + geom + ` NOT NULL BEGIN
	DELETE FROM "` + r + `" WHERE id = OLD.` + id + `;
END;
`
}

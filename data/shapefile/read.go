package shapefile

import (
	"fmt"
	"io"
	"path"
	"strings"
)

// MaxFileSize is the largest .shp or .dbf this package reads, loose or inside a zip:
// 256 MiB, room for MaxFileVertices points with their record headers. Larger files
// (and zip entries whose headers say they are larger) are refused before they are read.
const MaxFileSize = 256 << 20

// maxSidecarSize bounds the .prj, .cpg and similar small text files.
const maxSidecarSize = 1 << 16

// Read decodes a shapefile from readers already opened: shp over the .shp, dbf over the
// .dbf, and prj the contents of the .prj ("" when there is none). name is the base name
// of the set, used for Layer.Name and in errors; a trailing ".shp" (any case) is dropped,
// other dots are kept ("adm2.v1" stays as it is). The .dbf
// text is taken as UTF-8 (ReadWithCPG takes a .cpg).
//
// The .shp must hold Polygon, PolygonZ or PolygonM shapes; every record must have a
// geometry (a Null shape is an error) of closed rings of at least 4 points with finite
// coordinates, longitude in [-180, 180] and latitude in [-90, 90]. The .dbf must hold
// as many records as the .shp; records it flags as deleted are left out of
// Layer.Features, and their geometry is not read. A shapefile of no records gives a
// Layer with no features. Faults in the files are reported as *FormatError; a failing
// reader's error is returned wrapped with the file name.
func Read(name string, shp, dbf io.Reader, prj string) (*Layer, error) {
	return ReadWithCPG(name, shp, dbf, prj, "")
}

// ReadWithCPG is Read with the contents of the .cpg file that names the .dbf text
// encoding: "UTF-8" (also "utf8", "65001"), windows-1252 ("1252", "CP1252",
// "ANSI 1252"…) or ISO-8859-1 ("latin1", "88591"…), case and separators ignored.
// An empty cpg means UTF-8; an encoding not in that list is an error, not a guess.
func ReadWithCPG(name string, shp, dbf io.Reader, prj, cpg string) (*Layer, error) {
	if ext := path.Ext(name); strings.EqualFold(ext, ".shp") {
		name = strings.TrimSuffix(name, ext)
	}
	shpData, err := readLimited(name+".shp", shp, MaxFileSize)
	if err != nil {
		return nil, err
	}
	dbfData, err := readLimited(name+".dbf", dbf, MaxFileSize)
	if err != nil {
		return nil, err
	}
	layer, _, err := decode(name, name, shpData, dbfData, prj, cpg)
	return layer, err
}

// readSet reads a shapefile set through pick, which returns the contents of the
// file with the given lower-case extension (nil when an optional one is absent)
// from wherever the set lives: a folder or an archive. name becomes Layer.Name and
// files is how errors name the files, without their extension.
func readSet(name, files string, pick func(ext string, required bool, limit int64) ([]byte, error)) (*Layer, error) {
	var contents [5][]byte
	for i, f := range []struct {
		ext      string
		required bool
		limit    int64
	}{
		{".shp", true, MaxFileSize},
		{".dbf", true, MaxFileSize},
		{".shx", false, MaxFileSize},
		{".prj", false, maxSidecarSize},
		{".cpg", false, maxSidecarSize},
	} {
		b, err := pick(f.ext, f.required, f.limit)
		if err != nil {
			return nil, err
		}
		contents[i] = b
	}
	shp, dbf, shx, prj, cpg := contents[0], contents[1], contents[2], contents[3], contents[4]
	layer, spans, err := decode(name, files, shp, dbf, string(prj), string(cpg))
	if err != nil {
		return nil, err
	}
	if shx != nil {
		if err := checkSHX(files+".shx", shx, spans); err != nil {
			return nil, err
		}
	}
	return layer, nil
}

// readLimited reads all of r, refusing more than limit bytes.
func readLimited(file string, r io.Reader, limit int64) ([]byte, error) {
	data, err := readLimitedInto(nil, r, limit)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if int64(len(data)) > limit {
		return nil, fileError(file, "file is larger than the %d bytes this reader accepts", limit)
	}
	return data, nil
}

// decode reads a whole shapefile from memory. name becomes Layer.Name; files is the
// name errors give the files without their extension. It returns the record spans too,
// for checking a .shx against them.
func decode(name, files string, shpData, dbfData []byte, prj, cpg string) (*Layer, []span, error) {
	shpFile, dbfFile := files+".shp", files+".dbf"
	enc, ok := encodingFor(cpg)
	if !ok {
		return nil, nil, fileError(files+".cpg", "encoding %q is not one this reader knows (UTF-8, windows-1252, ISO-8859-1)", strings.TrimSpace(cpg))
	}
	shapeType, spans, err := walkSHP(shpFile, shpData)
	if err != nil {
		return nil, nil, err
	}
	table, err := parseDBF(dbfFile, dbfData, enc, strings.TrimSpace(cpg) != "")
	if err != nil {
		return nil, nil, err
	}
	if table.records != len(spans) {
		return nil, nil, fileError(dbfFile, "holds %d records but %s holds %d", table.records, shpFile, len(spans))
	}

	layer := &Layer{
		Name:     name,
		Fields:   table.names(),
		Features: make([]Feature, 0, len(spans)),
		PRJ:      prj,
		Encoding: enc.name,
	}
	work, vertices := 0, 0
	for i, s := range spans {
		attrs, deleted, err := table.record(i)
		if err != nil {
			return nil, nil, err
		}
		if deleted {
			continue
		}
		content := shpData[s.offset+8 : s.offset+8+s.length]
		rings, err := decodePolygon(shpFile, i, shapeType, content)
		if err != nil {
			return nil, nil, err
		}
		for _, r := range rings {
			vertices += len(r)
		}
		if vertices > MaxFileVertices {
			return nil, nil, recordError(shpFile, i, "the file's records hold more than the %d points this reader accepts in one file", MaxFileVertices)
		}
		geom, reason := groupRings(rings, &work)
		if reason != "" {
			return nil, nil, recordError(shpFile, i, "%s", reason)
		}
		layer.Features = append(layer.Features, Feature{Index: i, Attrs: attrs, Geom: geom})
	}
	return layer, spans, nil
}

// readLimitedInto appends r to buf until EOF or one byte past limit, so a caller can
// tell an over-long input. buf grows with the bytes r really gives, never ahead of them
// by more than the usual doubling.
func readLimitedInto(buf []byte, r io.Reader, limit int64) ([]byte, error) {
	lr := io.LimitReader(r, limit+1-int64(len(buf)))
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

package shapefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestReadFileSidecars(t *testing.T) {
	shp, dbf := oneSquare()
	shx := buildSHX(shp)
	wgs := `GEOGCS["WGS84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.017453292519943295]]`
	latin := buildDBF(nameField, []string{"H\xe9rat"})

	tests := []struct {
		name     string
		files    map[string][]byte
		open     string
		wantName string
		wantPRJ  string
	}{
		{"all lower case", map[string][]byte{"d.shp": shp, "d.shx": shx, "d.dbf": dbf, "d.prj": []byte(wgs)}, "d.shp", "Square", wgs},
		{"upper-case extensions", map[string][]byte{"d.SHP": shp, "d.SHX": shx, "d.DBF": dbf, "d.Prj": []byte(wgs)}, "d.SHP", "Square", wgs},
		{"path without extension", map[string][]byte{"d.shp": shp, "d.dbf": dbf}, "d", "Square", ""},
		{"no .shx", map[string][]byte{"d.shp": shp, "d.dbf": dbf}, "d.shp", "Square", ""},
		{".cpg names the encoding", map[string][]byte{"d.shp": shp, "d.dbf": latin, "d.cpg": []byte("1252")}, "d.shp", "Hérat", ""},
		{"other sets beside it are ignored", map[string][]byte{"d.shp": shp, "d.dbf": dbf, "e.dbf": latin, "d2.dbf": latin}, "d.shp", "Square", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeSet(t, dir, tt.files)
			layer, err := ReadFile(filepath.Join(dir, tt.open))
			if err != nil {
				t.Fatal(err)
			}
			if layer.Name != "d" || layer.PRJ != tt.wantPRJ || layer.Features[0].Attrs["NAME"] != tt.wantName {
				t.Errorf("got Name %q PRJ %q NAME %q", layer.Name, layer.PRJ, layer.Features[0].Attrs["NAME"])
			}
		})
	}
}

func TestReadFileErrors(t *testing.T) {
	shp, dbf := oneSquare()
	shx := buildSHX(shp)
	badSHX := append([]byte(nil), shx...)
	putI32Big(badSHX, 100, 60) // the record's offset, in 16-bit words
	twoRecordSHX := buildSHX(squares(2))

	t.Run("missing .dbf", func(t *testing.T) {
		dir := t.TempDir()
		writeSet(t, dir, map[string][]byte{"d.shp": shp})
		if _, err := ReadFile(filepath.Join(dir, "d.shp")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("error = %v, want fs.ErrNotExist", err)
		}
	})
	t.Run("missing .shp", func(t *testing.T) {
		if _, err := ReadFile(filepath.Join(t.TempDir(), "d.shp")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("error = %v, want fs.ErrNotExist", err)
		}
	})
	tests := []struct {
		name   string
		files  map[string][]byte
		file   string
		record int
		reason string
	}{
		{".shx offset disagrees", map[string][]byte{"d.shp": shp, "d.dbf": dbf, "d.shx": badSHX}, "d.shx", 1, "index gives offset 120"},
		{".shx for another file", map[string][]byte{"d.shp": shp, "d.dbf": dbf, "d.shx": twoRecordSHX}, "d.shx", 0, "but the .shp holds 1 records"},
		{".shx truncated", map[string][]byte{"d.shp": shp, "d.dbf": dbf, "d.shx": shx[:50]}, "d.shx", 0, "shorter than the 100-byte header"},
		{".prj too large", map[string][]byte{"d.shp": shp, "d.dbf": dbf, "d.prj": make([]byte, maxSidecarSize+1)}, "d.prj", 0, "larger than the 65536"},
		{"unknown .cpg", map[string][]byte{"d.shp": shp, "d.dbf": dbf, "d.cpg": []byte("EBCDIC")}, "d.cpg", 0, `encoding "EBCDIC"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeSet(t, dir, tt.files)
			_, err := ReadFile(filepath.Join(dir, "d.shp"))
			checkFormatError(t, err, tt.file, tt.record, "", tt.reason)
		})
	}

	t.Run("two .dbf differing in case", func(t *testing.T) {
		dir := t.TempDir()
		writeSet(t, dir, map[string][]byte{"d.shp": shp, "d.dbf": dbf, "d.DBF": dbf})
		if entries, _ := os.ReadDir(dir); len(entries) != 3 {
			t.Skip("file system folds case")
		}
		_, err := ReadFile(filepath.Join(dir, "d.shp"))
		checkFormatError(t, err, "d.dbf", 0, "", "several files match")
	})
}

func TestReadFileMatchesRead(t *testing.T) {
	shp, dbf := oneSquare()
	dir := t.TempDir()
	writeSet(t, dir, map[string][]byte{"d.shp": shp, "d.dbf": dbf})
	fromFile, err := ReadFile(filepath.Join(dir, "d.shp"))
	if err != nil {
		t.Fatal(err)
	}
	fromBytes, err := Read("d", bytesReader(shp), bytesReader(dbf), "")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromFile, fromBytes) {
		t.Errorf("ReadFile = %+v\nRead = %+v", fromFile, fromBytes)
	}
}

package shapefile

import (
	"archive/zip"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// zipEntry is one file to put in a test archive.
type zipEntry struct {
	name string
	data []byte
}

// writeZip builds an archive in a temporary folder and returns its path.
func writeZip(t *testing.T, entries ...zipEntry) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "set.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := zip.NewWriter(f)
	for _, e := range entries {
		fw, err := w.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadZipRefusesZipSlip(t *testing.T) {
	shp, _ := oneSquare()
	_, err := ReadZip(writeZip(t, zipEntry{"../../escape.shp", shp}, zipEntry{"ok.txt", []byte("x")}))
	checkFormatError(t, err, "set.zip", 0, "", `entry "../../escape.shp" climbs out of the archive folder`)
}

func TestReadZipMatchesLooseFiles(t *testing.T) {
	loose, err := ReadFile(mirrorSHP(t))
	if err != nil {
		t.Fatal(err)
	}
	var entries []zipEntry
	for _, ext := range []string{".shp", ".shx", ".dbf", ".prj", ".cpg"} {
		entries = append(entries, zipEntry{"adm2/" + adm2 + ext, readMirrorFile(t, ext)})
	}
	zipped, err := ReadZip(writeZip(t, entries...))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(zipped, loose) {
		t.Error("the zipped shapefile reads differently from the loose files")
	}
}

func TestReadZip(t *testing.T) {
	shp, dbf := oneSquare()
	tests := []struct {
		name    string
		entries []zipEntry
		want    string // NAME of the one feature
	}{
		{"flat", []zipEntry{{"d.shp", shp}, {"d.dbf", dbf}}, "Square"},
		{"in a folder, upper-case extensions", []zipEntry{{"x/y/d.SHP", shp}, {"x/y/d.Dbf", dbf}, {"x/y/d.shx", buildSHX(shp)}}, "Square"},
		{"macOS resource entries ignored", []zipEntry{{"d.shp", shp}, {"d.dbf", dbf}, {"__MACOSX/._d.shp", []byte("junk")}, {"._d.dbf", []byte("junk")}}, "Square"},
		{".cpg honoured", []zipEntry{{"d.shp", shp}, {"d.dbf", buildDBF(nameField, []string{"H\xe9rat"})}, {"d.cpg", []byte("ISO-8859-1")}}, "Hérat"},
		{"a same-named .dbf in another folder is not taken", []zipEntry{{"a/d.shp", shp}, {"a/d.dbf", dbf}, {"b/d.dbf", []byte("junk")}}, "Square"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			layer, err := ReadZip(writeZip(t, tt.entries...))
			if err != nil {
				t.Fatal(err)
			}
			if layer.Name != "d" || layer.Features[0].Attrs["NAME"] != tt.want {
				t.Errorf("got layer %q NAME %q, want d %q", layer.Name, layer.Features[0].Attrs["NAME"], tt.want)
			}
		})
	}
}

func TestReadZipErrors(t *testing.T) {
	shp, dbf := oneSquare()
	badSHX := buildSHX(squares(2))
	tests := []struct {
		name    string
		entries []zipEntry
		file    string
		record  int
		reason  string
	}{
		{"no .shp", []zipEntry{{"d.dbf", dbf}}, "set.zip", 0, "holds no .shp file"},
		{"two .shp", []zipEntry{{"a.shp", shp}, {"a.dbf", dbf}, {"b.shp", shp}}, "set.zip", 0, "holds 2 .shp files (a.shp, b.shp)"},
		{"no .dbf", []zipEntry{{"d.shp", shp}}, "set.zip", 0, "holds d.shp but no d.dbf beside it"},
		{"backslash climb", []zipEntry{{`..\evil.shp`, shp}}, "set.zip", 0, "climbs out of the archive folder"},
		{"climb in the middle", []zipEntry{{"a/../../d.shp", shp}}, "set.zip", 0, "climbs out"},
		{"absolute path", []zipEntry{{"/etc/d.shp", shp}}, "set.zip", 0, "is an absolute path"},
		{"absolute Windows path", []zipEntry{{`\Windows\d.shp`, shp}}, "set.zip", 0, "is an absolute path"},
		{"drive letter", []zipEntry{{"C:/d.shp", shp}}, "set.zip", 0, "starts with a drive letter"},
		{"climbing entry beside a good set", []zipEntry{{"d.shp", shp}, {"d.dbf", dbf}, {"../x.txt", nil}}, "set.zip", 0, `entry "../x.txt" climbs out`},
		{"bad record inside", []zipEntry{{"in/d.shp", shpTruncated(slices.Clone(shp), 4)}, {"in/d.dbf", dbf}}, "set.zip/in/d.shp", 2, "record header cut short"},
		{"bad .shx inside", []zipEntry{{"d.shp", shp}, {"d.dbf", dbf}, {"d.shx", badSHX}}, "set.zip/d.shx", 0, "the .shp holds 1 records"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadZip(writeZip(t, tt.entries...))
			checkFormatError(t, err, tt.file, tt.record, "", tt.reason)
		})
	}
}

// An entry whose header claims more than MaxFileSize is refused before any of it is
// read; the claim is written raw, so the archive itself stays tiny.
func TestReadZipRefusesOversizeEntry(t *testing.T) {
	_, dbf := oneSquare()
	path := filepath.Join(t.TempDir(), "big.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := zip.NewWriter(f)
	fw, err := w.CreateRaw(&zip.FileHeader{Name: "d.shp", Method: zip.Store, CompressedSize64: 4, UncompressedSize64: 4 << 30})
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte("tiny"))
	dw, _ := w.Create("d.dbf")
	dw.Write(dbf)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	_, err = ReadZip(path)
	checkFormatError(t, err, "big.zip/d.shp", 0, "", fmt.Sprintf("entry is 4294967296 bytes uncompressed, larger than the %d", MaxFileSize))
}

func TestReadZipNotAZip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.zip")
	if err := os.WriteFile(path, []byte("not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadZip(path); err == nil {
		t.Error("no error for a file that is not a zip")
	}
}

package shapefile

import (
	"archive/zip"
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/data/shapefile/shapefiletest"
)

// setPick serves a shapefile set held in memory to readSet, as a folder or an
// archive would: nil for an optional file that is absent.
func setPick(files map[string][]byte) func(ext string, required bool, limit int64) ([]byte, error) {
	return func(ext string, required bool, limit int64) ([]byte, error) {
		b, ok := files[ext]
		if !ok && required {
			return nil, fileError("f"+ext, "missing")
		}
		return b, nil
	}
}

// FuzzReadSHX checks that a .shx only ever refuses a set: the .shp and .dbf
// are decoded first, so their errors come unchanged whatever the index
// holds; a set they decode either reads exactly as it does without the .shx
// or is refused by a *FormatError about the .shx. Seeds: every FuzzRead seed
// with its true index, a truncated index, and the unclosed-hole fixture.
func FuzzReadSHX(f *testing.F) {
	for _, s := range fuzzSeeds() {
		shx := buildSHX(s.shp)
		f.Add(s.shp, s.dbf, shx, s.cpg)
		f.Add(s.shp, s.dbf, shx[:len(shx)-4], s.cpg)
	}
	fix := shapefiletest.UnclosedHole()
	f.Add(fix[".shp"], fix[".dbf"], fix[".shx"], string(fix[".cpg"]))
	f.Fuzz(func(t *testing.T, shp, dbf, shx []byte, cpg string) {
		plain := map[string][]byte{".shp": shp, ".dbf": dbf, ".cpg": []byte(cpg)}
		want, wantErr := readSet("f", "f", setPick(plain))
		indexed := map[string][]byte{".shp": shp, ".dbf": dbf, ".cpg": []byte(cpg), ".shx": shx}
		got, err := readSet("f", "f", setPick(indexed))
		if wantErr != nil {
			if err == nil || err.Error() != wantErr.Error() {
				t.Fatalf("without the .shx: %v; with it: %v", wantErr, err)
			}
			return
		}
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) || fe.File != "f.shx" {
				t.Fatalf("a set that reads is refused by %v, not a *FormatError about f.shx", err)
			}
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatal("the .shx changed what was read")
		}
	})
}

// zipSeed packs a shapefile set into an archive, each entry stored or
// deflated, under prefix.
func zipSeed(prefix string, deflate bool, files map[string][]byte, extra ...zipEntry) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	add := func(name string, data []byte) {
		method := zip.Store
		if deflate {
			method = zip.Deflate
		}
		fw, err := w.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err == nil {
			_, err = fw.Write(data)
		}
		if err != nil {
			panic(err)
		}
	}
	for _, ext := range []string{".shp", ".dbf", ".shx", ".cpg"} {
		if b, ok := files[ext]; ok {
			add(prefix+"d"+ext, b)
		}
	}
	for _, e := range extra {
		add(e.name, e.data)
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// FuzzReadZip checks that no archive makes the zip reader panic, hang or
// allocate past its limits; that an archive with an entry climbing out of
// its folder is never read; that every error names the archive; and that
// what it reads keeps the promises of Read. Seeds: the FuzzRead seeds
// zipped (stored and deflated, at the top and in a folder, with macOS
// resource entries), a climbing entry, and the unclosed-hole fixture.
func FuzzReadZip(f *testing.F) {
	for i, s := range fuzzSeeds() {
		set := map[string][]byte{".shp": s.shp, ".dbf": s.dbf, ".shx": buildSHX(s.shp)}
		if s.cpg != "" {
			set[".cpg"] = []byte(s.cpg)
		}
		f.Add(zipSeed("", i%2 == 0, set))
		f.Add(zipSeed("AFG/", i%2 == 1, set, zipEntry{"__MACOSX/AFG/._d.shp", []byte("resource")}))
	}
	shp, dbf := oneSquare()
	f.Add(zipSeed("", true, map[string][]byte{".shp": shp, ".dbf": dbf}, zipEntry{"../x.txt", []byte("x")}))
	f.Add(zipSeed("", true, shapefiletest.UnclosedHole()))
	f.Fuzz(func(t *testing.T, archive []byte) {
		r, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
		if err != nil {
			return // ReadZip refuses it when opening, before reading a byte
		}
		layer, err := readZip("set.zip", r)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "set.zip") {
				t.Fatalf("error %q does not name the archive", err)
			}
			var fe *FormatError
			if errors.As(err, &fe) && !strings.HasPrefix(fe.File, "set.zip") {
				t.Fatalf("error about %q, not an entry of set.zip", fe.File)
			}
			return
		}
		for _, e := range r.File {
			if reason := unsafeEntryName(e.Name); reason != "" {
				t.Fatalf("read an archive whose entry %q %s", e.Name, reason)
			}
		}
		checkFuzzLayer(t, layer)
	})
}

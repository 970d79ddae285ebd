package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeMirror writes small stand-ins for the wanted files and a SHA256SUMS
// listing them; edit changes what the listing says about one file.
func fakeMirror(t *testing.T, edit func(name, sum string) string) string {
	t.Helper()
	dir := t.TempDir()
	var sums strings.Builder
	for _, f := range wanted {
		b := []byte(`{"type":"FeatureCollection","features":[],"name":"` + f.Name + `"}`)
		if err := os.WriteFile(filepath.Join(dir, f.Name), b, 0o644); err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(b)
		if line := edit(f.Name, hex.EncodeToString(h[:])); line != "" {
			sums.WriteString(line + "\n")
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "SHA256SUMS"), []byte(sums.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestGenerate(t *testing.T) {
	mirror := fakeMirror(t, func(name, sum string) string { return sum + "  " + name })
	out := filepath.Join(t.TempDir(), "boundaries")
	if err := generate(mirror, out); err != nil {
		t.Fatal(err)
	}
	var m manifest
	b, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != len(wanted) {
		t.Fatalf("manifest lists %d files, want %d", len(m.Files), len(wanted))
	}
	for _, f := range m.Files {
		z, err := os.ReadFile(filepath.Join(out, f.Embedded))
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		orig, _ := os.ReadFile(filepath.Join(mirror, f.Name))
		if !bytes.Equal(got, orig) {
			t.Errorf("%s: the copy does not decompress to the mirror's bytes", f.Name)
		}
		h := sha256.Sum256(orig)
		if f.SHA256 != hex.EncodeToString(h[:]) || f.Size != len(orig) {
			t.Errorf("%s: manifest says %d bytes, %s", f.Name, f.Size, f.SHA256)
		}
	}
}

// TestGenerateRefuses checks that a file that does not match, or that the
// listing does not name, stops the generator before it writes anything.
func TestGenerateRefuses(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(name, sum string) string
		want string
	}{
		{"mismatch", func(name, sum string) string {
			if strings.Contains(name, "ADM2") {
				sum = strings.Repeat("ab", 32)
			}
			return sum + "  " + name
		}, "damaged or altered"},
		{"unlisted", func(name, sum string) string {
			if strings.Contains(name, "ADM1") {
				return ""
			}
			return sum + " *" + name
		}, "not listed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "boundaries")
			err := generate(fakeMirror(t, tc.edit), out)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("%s was written after a refused check", out)
			}
		})
	}
	if err := generate(t.TempDir(), t.TempDir()); err == nil || !strings.Contains(err.Error(), "SHA256SUMS") {
		t.Errorf("no SHA256SUMS: err = %v", err)
	}
}

// FuzzReadSums checks that any SHA256SUMS text is read without a panic and
// that every entry comes from the text, its checksum in lower case.
func FuzzReadSums(f *testing.F) {
	f.Add([]byte("68D3  geoBoundaries-AFG-ADM1.geojson\nabcd *b.geojson\n\nbad line here\n"))
	f.Add([]byte("x"))
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "SHA256SUMS")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		sums, err := readSums(path)
		if err != nil {
			return
		}
		for name, sum := range sums {
			if !strings.Contains(string(b), name) || !strings.Contains(strings.ToLower(string(b)), sum) {
				t.Errorf("entry %q %q is not from the text", name, sum)
			}
			if sum != strings.ToLower(sum) {
				t.Errorf("checksum %q is not lower case", sum)
			}
		}
	})
}

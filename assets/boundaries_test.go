package assets

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEmbeddedBoundaries decompresses every embedded file and checks its
// size and SHA-256 against the manifest, and that it is the GeoJSON
// FeatureCollection of the level it is listed as.
func TestEmbeddedBoundaries(t *testing.T) {
	m, err := Boundaries()
	if err != nil {
		t.Fatal(err)
	}
	levels := map[string]bool{}
	var packed int
	for _, f := range m.Files {
		b, err := ReadBoundary(f)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != f.SHA256 {
			t.Errorf("%s: SHA-256 %s, manifest %s", f.Name, got, f.SHA256)
		}
		var fc struct {
			Type     string `json:"type"`
			Features []struct {
				Properties struct {
					ShapeType string `json:"shapeType"`
				} `json:"properties"`
			} `json:"features"`
		}
		if err := json.Unmarshal(b, &fc); err != nil || fc.Type != "FeatureCollection" {
			t.Fatalf("%s is not a GeoJSON FeatureCollection: %v", f.Name, err)
		}
		if len(fc.Features) != f.Features {
			t.Errorf("%s: %d features, manifest says %d", f.Name, len(fc.Features), f.Features)
		}
		adm := map[string]string{"province": "ADM1", "district": "ADM2"}[f.Level]
		for i, ft := range fc.Features {
			if ft.Properties.ShapeType != adm {
				t.Fatalf("%s: feature %d is %q; a %s file holds %s", f.Name, i+1, ft.Properties.ShapeType, f.Level, adm)
			}
		}
		if f.Licence == "" || f.Attribution == "" || f.SourceURL == "" {
			t.Errorf("%s: the manifest lacks its licence, attribution or source: %+v", f.Name, f)
		}
		levels[f.Level] = true
		z, _ := boundaryFS.ReadFile("boundaries/" + f.Embedded)
		packed += len(z)
	}
	if !levels["province"] || !levels["district"] || len(m.Files) != 2 {
		t.Errorf("want one province and one district file, got %+v", m.Files)
	}
	if packed > 2<<20 {
		t.Errorf("the embedded boundaries take %d bytes; the limit is 2 MiB", packed)
	}
	t.Logf("embedded boundaries: %d bytes compressed", packed)
}

// TestReadBoundaryRefusesMismatch checks that a manifest entry whose
// checksum or size is wrong gives an error, not the bytes.
func TestReadBoundaryRefusesMismatch(t *testing.T) {
	m, err := Boundaries()
	if err != nil {
		t.Fatal(err)
	}
	f := m.Files[0]
	bad := f
	bad.SHA256 = strings.Repeat("0", 64)
	if _, err := ReadBoundary(bad); err == nil || !strings.Contains(err.Error(), "SHA-256") {
		t.Errorf("wrong checksum: err = %v", err)
	}
	short := f
	short.Size--
	if _, err := ReadBoundary(short); err == nil {
		t.Error("wrong size: no error")
	}
	missing := f
	missing.Embedded = "none.gz"
	if _, err := ReadBoundary(missing); err == nil {
		t.Error("missing file: no error")
	}
}

// TestEmbeddedBoundariesMatchMirror checks the decompressed copies against
// the mirror's SHA256SUMS, which proves where they came from. It adds to
// TestEmbeddedBoundaries only where the mirror sits beside the checkout.
func TestEmbeddedBoundariesMatchMirror(t *testing.T) {
	sums := filepath.Join("..", "..", "shared", "data", "mirror", "SHA256SUMS")
	fh, err := os.Open(sums)
	if err != nil {
		t.Logf("no mirror beside the checkout (%v): the manifest check in TestEmbeddedBoundaries stands alone", err)
		return
	}
	defer fh.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 2 {
			want[strings.TrimPrefix(f[1], "*")] = f[0]
		}
	}
	m, err := Boundaries()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range m.Files {
		b, err := ReadBoundary(f)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != want[f.Name] {
			t.Errorf("%s: decompressed SHA-256 %s, %s says %q", f.Name, got, sums, want[f.Name])
		}
	}
}

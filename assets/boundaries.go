package assets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sync"
)

// The default boundaries are made from a geoBoundaries mirror folder; see
// SOURCES.md. The mirror defaults to ../shared/data/mirror beside the checkout.
//go:generate go run ./internal/genboundaries -default ../../shared/data/mirror -out boundaries

//go:embed boundaries/manifest.json boundaries/*.gz
var boundaryFS embed.FS

// BoundaryFile describes one embedded default boundary file, as recorded in
// boundaries/manifest.json.
type BoundaryFile struct {
	// Name is the upstream file name, e.g. geoBoundaries-AFG-ADM2.geojson.
	Name string `json:"name"`
	// Embedded is the compressed copy's name in boundaries/.
	Embedded string `json:"embedded"`
	// Level is "province" or "district".
	Level    string `json:"level"`
	Features int    `json:"features"`
	// Size and SHA256 are those of the decompressed bytes, which are the
	// upstream file unchanged.
	Size        int    `json:"size"`
	SHA256      string `json:"sha256"`
	Source      string `json:"source"`
	SourceURL   string `json:"source_url"`
	Licence     string `json:"licence"`
	Attribution string `json:"attribution"`
}

// BoundaryManifest is boundaries/manifest.json.
type BoundaryManifest struct {
	Note  string         `json:"note"`
	Files []BoundaryFile `json:"files"`
}

var manifest = sync.OnceValues(func() (BoundaryManifest, error) {
	var m BoundaryManifest
	b, err := boundaryFS.ReadFile("boundaries/manifest.json")
	if err != nil {
		return m, fmt.Errorf("embedded boundaries: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("embedded boundaries: manifest.json: %w", err)
	}
	if len(m.Files) == 0 {
		return m, fmt.Errorf("embedded boundaries: manifest.json lists no files")
	}
	return m, nil
})

// Boundaries returns the manifest of the embedded default boundaries: the
// province file first, then the district file.
func Boundaries() (BoundaryManifest, error) { return manifest() }

// ReadBoundary returns the decompressed bytes of an embedded boundary file,
// checked against the manifest's size and SHA-256: a copy that does not
// match is an error, never returned.
func ReadBoundary(f BoundaryFile) ([]byte, error) {
	z, err := boundaryFS.ReadFile("boundaries/" + f.Embedded)
	if err != nil {
		return nil, fmt.Errorf("embedded boundaries: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, fmt.Errorf("embedded boundaries: %s: %w", f.Embedded, err)
	}
	b := make([]byte, 0, f.Size)
	buf := bytes.NewBuffer(b)
	// One byte past the recorded size is enough to tell a longer file.
	if _, err := io.Copy(buf, io.LimitReader(zr, int64(f.Size)+1)); err != nil {
		return nil, fmt.Errorf("embedded boundaries: %s: %w", f.Embedded, err)
	}
	b = buf.Bytes()
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); len(b) != f.Size || got != f.SHA256 {
		return nil, fmt.Errorf("embedded boundaries: %s decompresses to %d bytes with SHA-256 %s; the manifest says %d bytes, %s", f.Embedded, len(b), got, f.Size, f.SHA256)
	}
	return b, nil
}

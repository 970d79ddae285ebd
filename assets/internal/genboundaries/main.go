// Command genboundaries makes the embedded default boundaries in
// assets/boundaries from a geoBoundaries mirror folder: a gzip copy of each
// upstream file and manifest.json, which records each file's level, SHA-256
// (of the upstream bytes, before compression), licence, attribution and
// source. It refuses to write anything when a file is missing from the
// folder, absent from its SHA256SUMS, or does not match it.
//
// It runs from go generate in assets (see SOURCES.md there):
//
//	go generate ./assets
//	AFCONTROL_MIRROR=/media/usb/mirror go generate ./assets
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// manifest mirrors assets.BoundaryManifest; it is written here, not
// imported, so that a damaged assets folder cannot stop the generator.
type manifest struct {
	Note  string `json:"note"`
	Files []file `json:"files"`
}

type file struct {
	Name        string `json:"name"`
	Embedded    string `json:"embedded"`
	Level       string `json:"level"`
	Features    int    `json:"features"`
	Size        int    `json:"size"`
	SHA256      string `json:"sha256"`
	Source      string `json:"source"`
	SourceURL   string `json:"source_url"`
	Licence     string `json:"licence"`
	Attribution string `json:"attribution"`
}

// attribution is the credit line geoBoundaries asks for.
const attribution = "Boundaries: geoBoundaries (geoboundaries.org), Runfola et al. 2020; ADM2: AIMS 2014"

// wanted are the upstream files embedded, with what is known of each; the
// ADM2 licence is the one in the release's metadata, and the mirror holds no
// metadata for ADM1 beyond its gbOpen release.
var wanted = []file{
	{
		Name: "geoBoundaries-AFG-ADM1.geojson", Level: "province", Features: 34,
		Source:    "geoBoundaries gbOpen AFG ADM1 (provinces)",
		SourceURL: "https://www.geoboundaries.org/api/current/gbOpen/AFG/ADM1/",
		Licence:   "geoBoundaries gbOpen (open licence release)",
	},
	{
		Name: "geoBoundaries-AFG-ADM2.geojson", Level: "district", Features: 398,
		Source:    "geoBoundaries gbOpen AFG ADM2 (districts; Afghanistan Information Management Services, Esri Disaster Response Program, 2014)",
		SourceURL: "https://www.geoboundaries.org/api/current/gbOpen/AFG/ADM2/",
		Licence:   "Public Domain",
	},
}

func main() {
	mirror := flag.String("mirror", os.Getenv("AFCONTROL_MIRROR"), "the mirror folder (default: $AFCONTROL_MIRROR)")
	fallback := flag.String("default", "", "the mirror folder used when -mirror and $AFCONTROL_MIRROR are empty")
	out := flag.String("out", "boundaries", "the folder to write")
	flag.Parse()
	dir := *mirror
	if dir == "" {
		dir = *fallback
	}
	if dir == "" {
		fmt.Fprintln(os.Stderr, "genboundaries: name the mirror folder with -mirror or $AFCONTROL_MIRROR")
		os.Exit(2)
	}
	if err := generate(dir, *out); err != nil {
		fmt.Fprintln(os.Stderr, "genboundaries:", err)
		os.Exit(1)
	}
}

// generate checks every wanted file of dir against dir/SHA256SUMS, then
// writes the compressed copies and the manifest to out. Nothing is written
// unless every check passes.
func generate(dir, out string) error {
	sums, err := readSums(filepath.Join(dir, "SHA256SUMS"))
	if err != nil {
		return err
	}
	m := manifest{Note: "made by assets/internal/genboundaries from a geoBoundaries mirror; sha256 is of the decompressed bytes, which are the upstream file unchanged"}
	packed := map[string][]byte{}
	for _, f := range wanted {
		path := filepath.Join(dir, f.Name)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		want, ok := sums[f.Name]
		if !ok {
			return fmt.Errorf("%s: not listed in %s, so it cannot be checked", path, filepath.Join(dir, "SHA256SUMS"))
		}
		h := sha256.Sum256(b)
		if got := hex.EncodeToString(h[:]); got != want {
			return fmt.Errorf("%s: SHA-256 is %s but SHA256SUMS says %s: the file is damaged or altered", path, got, want)
		}
		var z bytes.Buffer
		zw, err := gzip.NewWriterLevel(&z, gzip.BestCompression)
		if err != nil {
			return err
		}
		zw.Name = f.Name
		if _, err := zw.Write(b); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		f.Embedded = f.Name + ".gz"
		f.Size = len(b)
		f.SHA256 = want
		f.Attribution = attribution
		packed[f.Embedded] = z.Bytes()
		m.Files = append(m.Files, f)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for name, b := range packed {
		if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
			return err
		}
	}
	j, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "manifest.json"), append(j, '\n'), 0o644)
}

// readSums reads a sha256sum listing: "HEX  NAME" per line, NAME possibly
// marked binary with a leading '*'.
func readSums(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s is missing: the files cannot be checked", path)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 2 {
			sums[strings.TrimPrefix(fields[1], "*")] = strings.ToLower(fields[0])
		}
	}
	return sums, sc.Err()
}

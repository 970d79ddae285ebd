package data

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/afcontrol/afcontrol/assets"
)

// GeoBoundariesAPI is the geoBoundaries API root that FetchBoundaries asks
// for download addresses when no mirror folder holds the files.
const GeoBoundariesAPI = "https://www.geoboundaries.org/api/current/gbOpen/AFG/"

// boundaryFiles are the geoBoundaries files afcontrol uses, by level, under
// their upstream names.
var boundaryFiles = []struct {
	level Level
	adm   string
	name  string
}{
	{LevelProvince, "ADM1", "geoBoundaries-AFG-ADM1.geojson"},
	{LevelDistrict, "ADM2", "geoBoundaries-AFG-ADM2.geojson"},
}

// FetchOptions says where FetchBoundaries looks for the files.
type FetchOptions struct {
	// Mirror is a folder holding the files under their upstream names (an
	// offline copy, e.g. on a USB stick); "" means $AFCONTROL_MIRROR.
	Mirror string
	// Embedded, when no mirror is named, takes the boundaries that ship
	// inside the program instead of downloading them. Init sets it, so that
	// a new dataset never needs the network.
	Embedded bool
	// API is the geoBoundaries API root; "" means GeoBoundariesAPI.
	API string
	// Client downloads; nil means a client that gives up on a request after 5 minutes.
	Client *http.Client
	// Progress, when set, is told what is happening.
	Progress func(msg string)
	// Cache is the folder downloads are kept in; "" means a temporary folder
	// removed afterwards.
	Cache string
	// Replace is BoundaryOptions.Replace for the import.
	Replace bool
}

// FetchBoundaries gets the geoBoundaries province and district files, from
// the mirror folder when it has them, else from the copy inside the program
// when opt.Embedded is set, else over HTTPS, checks them, and imports both
// in one transaction. A named mirror that lacks the files is an error when
// opt.Embedded is set: the caller asked for that folder, not for a download. Where the mirror has a SHA256SUMS file,
// every file is checked against it. A downloaded file must parse and hold
// 34 provinces or 380 to 450 districts, with valid rings; a mismatch or a
// failed check is an error and writes nothing.
func (d *Dataset) FetchBoundaries(ctx context.Context, opt FetchOptions) (BoundaryReport, error) {
	if d.readOnly != "" {
		// Before any download: nothing fetched could be stored.
		return BoundaryReport{}, fmt.Errorf("fetch boundaries: %w", d.refuseWrite())
	}
	progress := opt.Progress
	if progress == nil {
		progress = func(string) {}
	}
	mirror := opt.Mirror
	if mirror == "" {
		mirror = os.Getenv("AFCONTROL_MIRROR")
	}
	if mirror != "" && !haveAll(mirror) && opt.Embedded {
		return BoundaryReport{}, fmt.Errorf("fetch boundaries: the folder %s lacks %s", mirror, boundaryFileNames())
	}
	if mirror == "" && opt.Embedded {
		return d.importEmbedded(ctx, progress)
	}
	var paths []string
	if mirror != "" && haveAll(mirror) {
		progress("using the mirror in " + mirror)
		if err := checkSums(mirror); err != nil {
			return BoundaryReport{}, fmt.Errorf("fetch boundaries: %w", err)
		}
		for _, f := range boundaryFiles {
			paths = append(paths, filepath.Join(mirror, f.name))
		}
	} else {
		if mirror != "" {
			progress(fmt.Sprintf("the mirror %s lacks the boundary files; downloading", mirror))
		}
		dir := opt.Cache
		if dir == "" {
			tmp, err := os.MkdirTemp("", "afcontrol-fetch-")
			if err != nil {
				return BoundaryReport{}, fmt.Errorf("fetch boundaries: %w", err)
			}
			defer os.RemoveAll(tmp)
			dir = tmp
		}
		var err error
		paths, err = download(ctx, opt, dir, progress)
		if err != nil {
			return BoundaryReport{}, fmt.Errorf("fetch boundaries: %w", err)
		}
	}
	return d.ImportBoundaries(ctx, paths, BoundaryOptions{Progress: progress, Check: checkAfghanCounts, Replace: opt.Replace})
}

func boundaryFileNames() string {
	var names []string
	for _, f := range boundaryFiles {
		names = append(names, f.name)
	}
	return strings.Join(names, " and ")
}

// importEmbedded imports the default boundaries that ship inside the
// program, each checked against the SHA-256 in its manifest.
func (d *Dataset) importEmbedded(ctx context.Context, progress func(string)) (BoundaryReport, error) {
	progress("using the boundaries built into afcontrol")
	layers, err := embeddedLayers()
	if err != nil {
		return BoundaryReport{}, fmt.Errorf("fetch boundaries: %w", err)
	}
	return d.importLayers(ctx, layers, BoundaryOptions{Progress: progress, Check: checkAfghanCounts})
}

// embeddedLayers reads the default boundaries from assets.
func embeddedLayers() ([]*boundaryLayer, error) {
	m, err := assets.Boundaries()
	if err != nil {
		return nil, err
	}
	var layers []*boundaryLayer
	for _, f := range m.Files {
		b, err := assets.ReadBoundary(f)
		if err != nil {
			return nil, err
		}
		l, err := parseGeoJSONLayer(f.Name, b)
		if err != nil {
			return nil, err
		}
		l.described = &boundarySource{source: f.Source + " <" + f.SourceURL + ">", licence: f.Licence, attribution: f.Attribution, sha256: f.SHA256}
		layers = append(layers, l)
	}
	return layers, nil
}

// checkAfghanCounts refuses a fetched pair of files that are not the Afghan
// sets: 34 provinces and about 400 districts.
func checkAfghanCounts(rep BoundaryReport) error {
	if rep.Provinces != 34 || rep.Districts < 380 || rep.Districts > 450 {
		return fmt.Errorf("the files hold %d provinces and %d districts; expected 34 and about 400", rep.Provinces, rep.Districts)
	}
	return nil
}

func haveAll(dir string) bool {
	for _, f := range boundaryFiles {
		if _, err := os.Stat(filepath.Join(dir, f.name)); err != nil {
			return false
		}
	}
	return true
}

// checkSums verifies the boundary files against the folder's SHA256SUMS,
// when it has one. A listed file that does not match is an error; a boundary
// file the list does not name is an error too, since it cannot be checked.
func checkSums(dir string) error {
	f, err := os.Open(filepath.Join(dir, "SHA256SUMS"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 2 {
			want[strings.TrimPrefix(fields[1], "*")] = strings.ToLower(fields[0])
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(dir, "SHA256SUMS"), err)
	}
	for _, bf := range boundaryFiles {
		path := filepath.Join(dir, bf.name)
		w, ok := want[bf.name]
		if !ok {
			return fmt.Errorf("%s: not listed in SHA256SUMS, so it cannot be checked", path)
		}
		got, err := fileSHA256(path)
		if err != nil {
			return err
		}
		if got != w {
			return fmt.Errorf("%s: SHA-256 is %s but SHA256SUMS says %s: the file is damaged or altered", path, got, w)
		}
	}
	return nil
}

// download asks the API for each level's GeoJSON address and fetches it.
func download(ctx context.Context, opt FetchOptions, dir string, progress func(string)) ([]string, error) {
	api := opt.API
	if api == "" {
		api = GeoBoundariesAPI
	}
	client := opt.Client
	if client == nil {
		client = &http.Client{Timeout: 5 * time.Minute}
	}
	var paths []string
	for _, f := range boundaryFiles {
		var meta struct {
			GeoJSON string `json:"gjDownloadURL"`
		}
		apiURL := strings.TrimSuffix(api, "/") + "/" + f.adm + "/"
		body, err := get(ctx, client, apiURL, 1<<20, nil)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(body, &meta); err != nil || meta.GeoJSON == "" {
			return nil, fmt.Errorf("%s: the API answer has no gjDownloadURL", apiURL)
		}
		path := filepath.Join(dir, f.name)
		out, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		err = getTo(ctx, client, meta.GeoJSON, out, maxBoundaryFile, func(n, total int64) {
			if total > 0 {
				progress(fmt.Sprintf("downloading %s: %d%% of %.1f MB", f.name, 100*n/total, float64(total)/1e6))
			} else {
				progress(fmt.Sprintf("downloading %s: %.1f MB", f.name, float64(n)/1e6))
			}
		})
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

func get(ctx context.Context, c *http.Client, url string, limit int64, progress func(n, total int64)) ([]byte, error) {
	var b bytes.Buffer
	if err := getTo(ctx, c, url, &b, limit, progress); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// getTo downloads url into w, refusing more than limit bytes, and reports
// progress about every megabyte.
func getTo(ctx context.Context, c *http.Client, url string, w io.Writer, limit int64, progress func(n, total int64)) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("download %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("download %s: %s", url, resp.Status)
	}
	var n int64
	buf := make([]byte, 64<<10)
	next := int64(0)
	for {
		k, rerr := resp.Body.Read(buf)
		if k > 0 {
			n += int64(k)
			if n > limit {
				return fmt.Errorf("download %s: larger than %d MiB, refused", url, limit>>20)
			}
			if _, err := w.Write(buf[:k]); err != nil {
				return err
			}
			if progress != nil && n >= next {
				progress(n, resp.ContentLength)
				next = n + 1<<20
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return fmt.Errorf("download %s: %w", url, rerr)
		}
	}
	return nil
}

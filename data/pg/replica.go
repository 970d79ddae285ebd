package pg

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/afcontrol/afcontrol/data"
)

// ReplicaPath returns the file that holds the local replica of the server
// at url: in the user's cache folder, named from the URL without its
// password, so each server (and each role on it) has its own.
func ReplicaPath(url string) (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("replica of %s: %w", Redact(url), err)
	}
	sum := sha256.Sum256([]byte(Redact(url)))
	return filepath.Join(dir, "afcontrol", "servers", hex.EncodeToString(sum[:8])+".gpkg"), nil
}

// OpenReplica opens the local replica of the server at url and brings it
// up to date with one sync; the first time, it makes the replica from the
// server's boundaries and the bundled timeline. Reads from the replica are
// as fast as from any dataset file; Follow keeps it current, and Sync sends
// its changes. A replica that cannot be made is removed again.
func OpenReplica(ctx context.Context, url string, progress func(string)) (*data.Dataset, *Server, error) {
	if progress == nil {
		progress = func(string) {}
	}
	path, err := ReplicaPath(url)
	if err != nil {
		return nil, nil, err
	}
	s, err := Connect(ctx, url)
	if err != nil {
		return nil, nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		progress("making the local copy of " + s.URL())
		if err := s.makeReplica(ctx, path); err != nil {
			s.Close()
			return nil, nil, fmt.Errorf("local copy of %s: %w", s.URL(), err)
		}
	}
	d, err := data.Open(path)
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	progress("syncing with " + s.URL())
	if _, err := Sync(ctx, d, s); err != nil {
		d.Close()
		s.Close()
		return nil, nil, err
	}
	return d, s, nil
}

// makeReplica writes a new dataset at path from the server's provinces and
// districts (through the GeoJSON boundary importer, which places the
// districts and derives the borders as for any file) and the bundled
// reference timeline, whose events have the same ids everywhere. It is made
// beside path and renamed into place, so a half-made replica is never used.
func (s *Server) makeReplica(ctx context.Context, path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(path), "new-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var files []string
	for _, l := range []struct{ table, shapeType string }{{"provinces", "ADM1"}, {"districts", "ADM2"}} {
		var fc []byte
		err := s.conn.QueryRow(ctx, `SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
			json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(geom, 12)::json,
				'properties', json_build_object('name', name, 'code', code, 'shapeType', $1::text)) ORDER BY fid), '[]'))::text
			FROM `+l.table, l.shapeType).Scan(&fc)
		if err != nil {
			return explain(err)
		}
		f := filepath.Join(tmp, l.table+".geojson")
		if err := os.WriteFile(f, fc, 0o600); err != nil {
			return err
		}
		files = append(files, f)
	}
	opt := data.BoundaryOptions{NameField: "name", CodeField: "code"}
	err = s.conn.QueryRow(ctx, `SELECT source, licence, attribution FROM boundary_sets WHERE level = 'district'
		ORDER BY id DESC LIMIT 1`).Scan(&opt.Source, &opt.Licence, &opt.Attribution)
	if err != nil {
		return fmt.Errorf("the server has no boundaries yet: run 'afcontrol server push-boundaries' (%w)", explain(err))
	}
	file := filepath.Join(tmp, "replica.gpkg")
	d, err := data.Create(file)
	if err != nil {
		return err
	}
	if _, err := d.ImportBoundaries(ctx, files, opt); err != nil {
		d.Close()
		return err
	}
	if _, err := d.LoadBundled(ctx); err != nil {
		d.Close()
		return err
	}
	if err := d.Close(); err != nil {
		return err
	}
	return os.Rename(file, path)
}

package shapefile

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ReadFile reads PATH.shp with its .shx, .dbf and .prj beside it. path may name the
// .shp or leave its extension out. Extensions are matched case-insensitively
// ("x.SHP" with "x.Dbf"), the base name exactly; two files differing only in the case
// of their extension are refused as ambiguous. The .dbf is required; the .shx is
// optional and, when present, must index the same records as the .shp; the .prj and a
// .cpg naming the text encoding are optional. See Read for what is checked.
// A missing .shp or .dbf is reported as an error wrapping fs.ErrNotExist.
func ReadFile(path string) (*Layer, error) {
	dir, base := filepath.Split(path)
	if strings.EqualFold(filepath.Ext(base), ".shp") {
		base = strings.TrimSuffix(base, filepath.Ext(base))
	}
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	found := map[string][]string{} // lower-case extension -> file names
	for _, e := range entries {
		n := e.Name()
		ext := filepath.Ext(n)
		if e.IsDir() || strings.TrimSuffix(n, ext) != base {
			continue
		}
		found[strings.ToLower(ext)] = append(found[strings.ToLower(ext)], n)
	}
	pick := func(ext string, required bool, limit int64) ([]byte, error) {
		names := found[ext]
		switch {
		case len(names) == 0 && required:
			return nil, &fs.PathError{Op: "open", Path: filepath.Join(dir, base+ext), Err: fs.ErrNotExist}
		case len(names) == 0:
			return nil, nil
		case len(names) > 1:
			return nil, fileError(base+ext, "several files match (%s); keep one", strings.Join(names, ", "))
		}
		return readSized(filepath.Join(dir, names[0]), names[0], limit)
	}

	return readSet(base, base, pick)
}

// readSized reads the file at path, refusing it before reading when it is larger than
// limit bytes. name is how errors call it.
func readSized(path, name string, limit int64) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Size() > limit {
		return nil, fileError(name, "file is %d bytes, larger than the %d this reader accepts", info.Size(), limit)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data := make([]byte, 0, info.Size()+1)
	buf, err := readLimitedInto(data, f, limit)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(buf)) > limit {
		return nil, fileError(name, "file grew past the %d bytes this reader accepts while being read", limit)
	}
	return buf, nil
}

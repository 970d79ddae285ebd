package shapefile

import (
	"archive/zip"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"
)

// ReadZip reads the single shapefile set inside the .zip at zipPath, straight from the
// archive, never extracting to disk. The .shp may sit in a folder of the archive; its
// .dbf (required), .shx, .prj and .cpg (optional) are the entries beside it with the
// same base name, extensions matched case-insensitively. macOS resource entries
// (__MACOSX/, "._" names) are ignored.
//
// The whole archive is refused when any entry name climbs out of the archive's folder
// (an absolute path, a drive letter, or a ".." element, with either slash), when it
// holds no .shp or several, or when an entry it reads is larger than MaxFileSize
// uncompressed. Errors about an entry name it as "archive.zip/entry".
func ReadZip(zipPath string) (*Layer, error) {
	r, err := zip.OpenReader(zipPath)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", zipPath, err)
	}
	defer r.Close()
	return readZip(filepath.Base(zipPath), &r.Reader)
}

// readZip reads the shapefile set of the opened archive r, named archive in errors,
// as ReadZip describes.
func readZip(archive string, r *zip.Reader) (*Layer, error) {
	var shps []*zip.File
	for _, f := range r.File {
		if reason := unsafeEntryName(f.Name); reason != "" {
			return nil, fileError(archive, "entry %q %s", f.Name, reason)
		}
		if isIgnoredEntry(f) {
			continue
		}
		if strings.EqualFold(path.Ext(f.Name), ".shp") {
			shps = append(shps, f)
		}
	}
	switch len(shps) {
	case 0:
		return nil, fileError(archive, "holds no .shp file")
	case 1:
	default:
		names := make([]string, len(shps))
		for k, f := range shps {
			names[k] = f.Name
		}
		return nil, fileError(archive, "holds %d .shp files (%s); one shapefile per archive", len(shps), strings.Join(names, ", "))
	}

	stem := strings.TrimSuffix(shps[0].Name, path.Ext(shps[0].Name))
	files := archive + "/" + stem
	sidecars := map[string][]*zip.File{}
	for _, f := range r.File {
		ext := path.Ext(f.Name)
		if !isIgnoredEntry(f) && strings.TrimSuffix(f.Name, ext) == stem {
			sidecars[strings.ToLower(ext)] = append(sidecars[strings.ToLower(ext)], f)
		}
	}
	pick := func(ext string, required bool, limit int64) ([]byte, error) {
		entries := sidecars[ext]
		switch {
		case len(entries) == 0 && required:
			return nil, fileError(archive, "holds %s but no %s beside it", shps[0].Name, stem+ext)
		case len(entries) == 0:
			return nil, nil
		case len(entries) > 1:
			return nil, fileError(archive, "holds several %s files differing only in case", stem+ext)
		}
		return readEntry(archive, entries[0], limit)
	}

	return readSet(path.Base(stem), files, pick)
}

// unsafeEntryName says why an archive entry name could land outside the folder the
// archive is read into, or returns "" when it cannot. Backslashes count as separators,
// as Windows tools treat them.
func unsafeEntryName(name string) string {
	n := strings.ReplaceAll(name, `\`, "/")
	switch {
	case n == "":
		return "has an empty name"
	case strings.ContainsRune(n, 0):
		return "has a NUL byte in its name"
	case strings.HasPrefix(n, "/"):
		return "is an absolute path"
	case len(n) >= 2 && n[1] == ':':
		return "starts with a drive letter"
	}
	for _, part := range strings.Split(n, "/") {
		if part == ".." {
			return "climbs out of the archive folder with \"..\""
		}
	}
	return ""
}

// isIgnoredEntry reports folders and the resource-fork copies macOS adds to archives.
func isIgnoredEntry(f *zip.File) bool {
	base := path.Base(f.Name)
	return f.FileInfo().IsDir() || strings.HasPrefix(f.Name, "__MACOSX/") || strings.HasPrefix(base, "._")
}

// readEntry reads one archive entry into memory, refusing it when its declared or real
// uncompressed size passes limit. The declared size is checked from the archive's
// directory before a byte is inflated, so an oversized entry costs nothing; an entry
// whose directory lies about its size is inflated only to the size declared (and one
// byte), where archive/zip reports it as malformed. The memory grows with the bytes
// really inflated: the declared size is never used to allocate.
func readEntry(archive string, f *zip.File, limit int64) ([]byte, error) {
	name := archive + "/" + f.Name
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fileError(name, "entry is %d bytes uncompressed, larger than the %d this reader accepts", f.UncompressedSize64, limit)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer rc.Close()
	data, err := readLimited(name, rc, int64(f.UncompressedSize64))
	if err != nil {
		var fe *FormatError
		if errors.As(err, &fe) || errors.Is(err, zip.ErrFormat) {
			return nil, fileError(name, "entry inflates to more than the %d bytes its header declares", f.UncompressedSize64)
		}
		return nil, err
	}
	return data, nil
}

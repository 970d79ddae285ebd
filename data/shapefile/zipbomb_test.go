package shapefile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// zerosDeflated returns a raw deflate stream of mib MiB of zero bytes, and
// their CRC-32, without compressing them all: one MiB is compressed into a
// byte-aligned block that refers only to itself, then repeated (some
// kilobytes a hundred MiB).
func zerosDeflated(tb testing.TB, mib int) ([]byte, uint32) {
	tb.Helper()
	zeros := make([]byte, 1<<20)
	var chunk bytes.Buffer
	fw, _ := flate.NewWriter(&chunk, flate.BestCompression)
	fw.Write(zeros)
	fw.Flush()
	block := bytes.Clone(chunk.Bytes())
	var out bytes.Buffer
	crc := uint32(0)
	for i := 0; i < mib; i++ {
		out.Write(block)
		crc = crc32.Update(crc, crc32.IEEETable, zeros)
	}
	out.Write([]byte{0x03, 0x00}) // an empty final block
	return out.Bytes(), crc
}

// writeBomb writes an archive whose .shp inflates to mib MiB of zeros while
// its directory declares declared bytes, with a valid .dbf beside it.
func writeBomb(tb testing.TB, mib int, declared uint64) string {
	tb.Helper()
	body, crc := zerosDeflated(tb, mib)
	_, dbf := oneSquare()
	path := filepath.Join(tb.TempDir(), "bomb.zip")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := zip.NewWriter(f)
	fw, err := w.CreateRaw(&zip.FileHeader{Name: "adm2.shp", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(body)), UncompressedSize64: declared})
	if err != nil {
		tb.Fatal(err)
	}
	fw.Write(body)
	dw, _ := w.Create("adm2.dbf")
	dw.Write(dbf)
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// allocated returns the bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// An archive holding a 600 MiB entry is refused from its directory, without
// inflating it (the promise: 100 MB; inflating it whole peaked at 2.5 GB),
// and one whose directory understates the entry is refused once the entry
// passes the declared size.
func TestReadZipRefusesBombs(t *testing.T) {
	const mib = 600
	for _, tt := range []struct {
		name     string
		declared uint64
		want     string
	}{
		{"honest header", mib << 20, "entry is 629145600 bytes uncompressed, larger than the"},
		{"understated header", 1 << 20, "entry inflates to more than the 1048576 bytes its header declares"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := writeBomb(t, mib, tt.declared)
			var err error
			n := allocated(func() { _, err = ReadZip(path) })
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "bomb.zip/adm2.shp") {
				t.Errorf("error %v, want one naming bomb.zip/adm2.shp and saying %q", err, tt.want)
			}
			if n > 100<<20 {
				t.Errorf("refusing it allocated %d MB, over 100 MB", n>>20)
			}
		})
	}
}

// BenchmarkRefuseZipEntry600MiB opens an archive with a 600 MiB entry and
// refuses it. The promise is 1 s.
func BenchmarkRefuseZipEntry600MiB(b *testing.B) {
	path := writeBomb(b, 600, 600<<20)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ReadZip(path); err == nil {
			b.Fatal("accepted")
		}
	}
}

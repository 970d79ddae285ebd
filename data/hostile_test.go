//go:build linux

package data

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

// writeOneRingShapefile writes PATH.shp and PATH.dbf: one district named
// "Hostile" whose polygon is ring, as the specification lays it out.
func writeOneRingShapefile(tb testing.TB, path string, ring orb.Ring) {
	tb.Helper()
	b := ring.Bound()
	content := make([]byte, 48+16*len(ring))
	le := binary.LittleEndian
	le.PutUint32(content[0:], 5)
	for k, v := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
		le.PutUint64(content[4+8*k:], math.Float64bits(v))
	}
	le.PutUint32(content[36:], 1)
	le.PutUint32(content[40:], uint32(len(ring)))
	le.PutUint32(content[44:], 0)
	for k, p := range ring {
		le.PutUint64(content[48+16*k:], math.Float64bits(p[0]))
		le.PutUint64(content[56+16*k:], math.Float64bits(p[1]))
	}
	head := make([]byte, 108)
	binary.BigEndian.PutUint32(head[0:], 9994)
	binary.BigEndian.PutUint32(head[24:], uint32((108+len(content))/2))
	le.PutUint32(head[28:], 1000)
	le.PutUint32(head[32:], 5)
	for k, v := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
		le.PutUint64(head[36+8*k:], math.Float64bits(v))
	}
	binary.BigEndian.PutUint32(head[100:], 1)
	binary.BigEndian.PutUint32(head[104:], uint32(len(content)/2))
	if err := os.WriteFile(path+".shp", append(head, content...), 0o644); err != nil {
		tb.Fatal(err)
	}
	// A dBASE III table of one 20-character field, shapeName, and one record.
	var dbf bytes.Buffer
	dh := make([]byte, 32)
	dh[0] = 3
	le.PutUint32(dh[4:], 1)
	binary.LittleEndian.PutUint16(dh[8:], 32+32+1)
	binary.LittleEndian.PutUint16(dh[10:], 1+20)
	dbf.Write(dh)
	fd := make([]byte, 32)
	copy(fd, "shapeName")
	fd[11] = 'C'
	fd[16] = 20
	dbf.Write(fd)
	dbf.WriteByte(0x0d)
	dbf.WriteString(" " + fmt.Sprintf("%-20s", "Hostile"))
	dbf.WriteByte(0x1a)
	if err := os.WriteFile(path+".dbf", dbf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// hostileRing returns a closed ring of n vertices in Afghanistan's bounds:
// "random" vertices (crossing at once), a "late" circle whose last
// vertices are swapped (one crossing, at the end), or a "star" of long
// spikes through one point (simple, but every edge meets every other).
func hostileRing(kind string, n int) orb.Ring {
	ring := make(orb.Ring, n)
	r := rand.New(rand.NewPCG(16, uint64(n)))
	for k := 0; k < n-1; k++ {
		a := 2 * math.Pi * float64(k) / float64(n-1)
		switch kind {
		case "random":
			ring[k] = orb.Point{60 + 15*r.Float64(), 29 + 10*r.Float64()}
		case "late":
			ring[k] = orb.Point{67 + 3*math.Cos(a), 34 + 3*math.Sin(a)}
		case "star":
			rad := 3.0
			if k%2 == 1 {
				rad = 1e-4
			}
			ring[k] = orb.Point{67 + rad*math.Cos(a), 34 + rad*math.Sin(a)}
		}
	}
	if kind == "late" {
		ring[n-10], ring[n-9] = ring[n-9], ring[n-10]
	}
	ring[n-1] = ring[0]
	return ring
}

// hostileRingChild is the child process of TestHostileRingsRefused, run by
// TestMain when AFCONTROL_HOSTILE_FILE names a file: it imports that file
// as districts into a new dataset and prints the outcome.
func hostileRingChild(path string) int {
	dir, err := os.MkdirTemp("", "afcontrol-hostile-")
	if err != nil {
		fmt.Println(err)
		return 1
	}
	defer os.RemoveAll(dir)
	d, err := Create(filepath.Join(dir, "d.gpkg"))
	if err != nil {
		fmt.Println(err)
		return 1
	}
	defer d.Close()
	_, err = d.ImportBoundaries(context.Background(), []string{path}, BoundaryOptions{Level: LevelDistrict})
	fmt.Printf("OUTCOME: %v\n", err)
	return 0
}

// runMeasured runs test of this binary ("": none, the child that TestMain
// starts for env) in a process of its own with env and
// returns its output, its peak resident memory in bytes, its wall time and
// its processor time (the honest figure on a shared machine).
func runMeasured(t *testing.T, test string, env ...string) (string, int64, time.Duration, time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.v")
	cmd.Env = append(os.Environ(), env...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		t.Fatalf("%s: %v\n%s", test, err, out)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Fatal("no resource usage")
	}
	return string(out), ru.Maxrss * 1024, wall, time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// A boundary file of one 2,000,000-vertex ring is refused with the reason,
// in bounded memory (the promise: 500 MB; the quadratic check took 17 GB
// and more), whether the ring crosses itself at once, only at its end, or
// not at all but too densely to check.
func TestHostileRingsRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 32 MB files")
	}
	const n = 2_000_000
	for _, tt := range []struct{ kind, want string }{
		{"random", "crosses itself"},
		{"late", "crosses itself"},
		{"star", "too dense to check"},
	} {
		t.Run(tt.kind, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.kind)
			writeOneRingShapefile(t, path, hostileRing(tt.kind, n))
			out, rss, wall, cpu := runMeasured(t, "", "AFCONTROL_HOSTILE_FILE="+path+".shp")
			line := out[strings.Index(out, "OUTCOME:")+1:]
			line = line[:strings.IndexByte(line, '\n')]
			if !strings.Contains(line, tt.want) || !strings.Contains(line, "Hostile") {
				t.Errorf("outcome %q, want an error naming the feature and saying %q", line, tt.want)
			}
			t.Logf("%s ring of %d vertices: refused in %v (%v of processor time), peak %d MB", tt.kind, n,
				wall.Round(time.Millisecond), cpu.Round(time.Millisecond), rss>>20)
			if rss > 500<<20 {
				t.Errorf("peak memory %d MB, over 500 MB", rss>>20)
			}
		})
	}
}

// BenchmarkRefuseSelfCrossingRing2M imports a file of one 2,000,000-vertex
// ring of random vertices, refused as crossing itself. The promise is 5 s.
func BenchmarkRefuseSelfCrossingRing2M(b *testing.B) {
	path := filepath.Join(b.TempDir(), "random")
	writeOneRingShapefile(b, path, hostileRing("random", 2_000_000))
	d, err := Create(filepath.Join(b.TempDir(), "d.gpkg"))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, err := d.ImportBoundaries(context.Background(), []string{path + ".shp"}, BoundaryOptions{Level: LevelDistrict})
		if err == nil || !strings.Contains(err.Error(), "crosses itself") {
			b.Fatalf("error %v", err)
		}
	}
}

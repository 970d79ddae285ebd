package pg

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/datatest"
)

// laptopWith returns the path of a copy of the test dataset with n more
// events, spread over every district and two years.
func laptopWith(tb testing.TB, n int) string {
	tb.Helper()
	path := datatest.Copy(tb)
	d, err := data.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer d.Close()
	c, err := d.LoadControl(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("date,province,district,status,kind,claim,actor,source,source_url,confidence,notes\n")
	statuses := []string{"government", "contested", "taliban"}
	for i := range n {
		dist := c.Districts[i%len(c.Districts)]
		fmt.Fprintf(&b, "%d-%02d-%02d,%s,%s,%s,attack,false,,Bench report %d,,medium,\n",
			2020+i%2, 1+i%12, 1+i%28, dist.Province, dist.Name, statuses[i%3], i)
	}
	csv := filepath.Join(tb.TempDir(), "events.csv")
	if err := os.WriteFile(csv, []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	if _, err := d.ImportEvents(context.Background(), csv, data.EventOptions{Format: "native"}); err != nil {
		tb.Fatal(err)
	}
	return path
}

func copyFile(tb testing.TB, src string) string {
	tb.Helper()
	in, err := os.Open(src)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	dst := filepath.Join(tb.TempDir(), "copy.gpkg")
	out, err := os.Create(dst)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
	return dst
}

// BenchmarkSync100k is the first sync of a laptop with 100,000 new events
// (and the bundled timeline) to a server that has only the boundaries:
// push, pull back and record.
func BenchmarkSync100k(b *testing.B) {
	needCluster(b)
	src := laptopWith(b, 100_000)
	defer reportCPU(b)
	for b.Loop() {
		b.StopTimer()
		url := serverWithBoundaries(b)
		d, err := data.Open(copyFile(b, src))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		s, err := Connect(context.Background(), as("alice", url))
		if err != nil {
			b.Fatal(err)
		}
		cpu := startCPU(b, s)
		rep, err := Sync(context.Background(), d, s)
		if err != nil {
			b.Fatal(err)
		}
		cpu.stop()
		s.Close()
		b.StopTimer()
		if rep.Pushed < 100_000 {
			b.Fatalf("pushed %d", rep.Pushed)
		}
		d.Close()
		b.StartTimer()
	}
}

// BenchmarkSyncNoop is a sync with nothing to do, connection included.
func BenchmarkSyncNoop(b *testing.B) {
	needCluster(b)
	url := serverWithBoundaries(b)
	d := laptop(b)
	syncOK(b, d, as("alice", url))
	defer reportCPU(b)
	for b.Loop() {
		s, err := Connect(context.Background(), as("alice", url))
		if err != nil {
			b.Fatal(err)
		}
		cpu := startCPU(b, s)
		rep, err := Sync(context.Background(), d, s)
		if err != nil || rep.Pushed+rep.Pulled != 0 {
			b.Fatal(rep, err)
		}
		cpu.stop()
		s.Close()
	}
}

// The machine that runs the benchmarks is shared: besides the time, they
// report the processor time the sync took in this process and in its
// server backend, which other work on the machine does not inflate.
var cpuTotal struct{ client, server time.Duration }

type cpuMark struct {
	pid            int
	client, server time.Duration
}

func startCPU(tb testing.TB, s *Server) cpuMark {
	var pid int
	if err := s.conn.QueryRow(context.Background(), "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		tb.Fatal(err)
	}
	return cpuMark{pid: pid, client: selfCPU(), server: procCPU(pid)}
}

func (m cpuMark) stop() {
	cpuTotal.client += selfCPU() - m.client
	cpuTotal.server += procCPU(m.pid) - m.server
}

func reportCPU(b *testing.B) {
	b.ReportMetric(cpuTotal.client.Seconds()/float64(b.N), "client-cpu-s/op")
	b.ReportMetric(cpuTotal.server.Seconds()/float64(b.N), "server-cpu-s/op")
	cpuTotal.client, cpuTotal.server = 0, 0
}

func selfCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// procCPU reads a process's user and system time from /proc (0 where there
// is no /proc).
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name (which may hold spaces), from 3.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100 // USER_HZ
}

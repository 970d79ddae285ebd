package pg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/datatest"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/pg/pgtest"
)

// laptop opens a private copy of the real test dataset (boundaries and the
// bundled timeline), closed when the test ends.
func laptop(tb testing.TB) *data.Dataset {
	tb.Helper()
	return datatest.Dataset(tb)
}

// serverWithBoundaries makes a server holding the test dataset's
// boundaries, and returns its URL as the superuser.
func serverWithBoundaries(tb testing.TB) string {
	tb.Helper()
	url := newServer(tb)
	src := laptop(tb)
	s := connect(tb, url)
	if _, err := s.PushBoundaries(context.Background(), src); err != nil {
		tb.Fatal(err)
	}
	return url
}

func connect(tb testing.TB, url string) *Server {
	tb.Helper()
	s, err := Connect(context.Background(), url)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func syncOK(tb testing.TB, d *data.Dataset, url string) SyncReport {
	tb.Helper()
	s := connect(tb, url)
	rep, err := Sync(context.Background(), d, s)
	if err != nil {
		tb.Fatal(err)
	}
	s.Close()
	return rep
}

// row is a hand-entered event in the district at index i of the dataset.
func row(tb testing.TB, d *data.Dataset, i int, source string) events.Row {
	tb.Helper()
	c, err := d.LoadControl(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	dist := c.Districts[i]
	return events.Row{Date: events.DayOf(2022, 3, 1+i%28), Province: dist.Province, District: dist.Name,
		Status: events.Contested, Kind: "attack", Source: source, Confidence: events.Medium}
}

// localState is every event of a dataset as "uid rev content", sorted.
func localState(tb testing.TB, d *data.Dataset) []string {
	tb.Helper()
	_, vs, err := d.Outgoing(context.Background(), data.SyncState{First: true})
	if err != nil {
		tb.Fatal(err)
	}
	return describe(vs)
}

// serverState is every live event on the server, as localState.
func serverState(tb testing.TB, url string) []string {
	tb.Helper()
	s := connect(tb, url)
	vs, _, err := s.pull(context.Background(), 0, pushed{})
	if err != nil {
		tb.Fatal(err)
	}
	var live []data.Version
	for _, v := range vs {
		if !v.Deleted {
			live = append(live, v)
		}
	}
	return describe(live)
}

func describe(vs []data.Version) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fmt.Sprintf("%s %d %s %s/%s %s %s %q %q", v.UID, v.Rev, v.Date, v.Province, v.District, v.Status, v.Kind, v.Source, v.Notes)
	}
	sort.Strings(out)
	return out
}

func sameState(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d events, want %d", what, len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("%s: first difference at %d:\n got %s\nwant %s", what, i, got[i], want[i])
			return
		}
	}
}

func TestInitTwiceChangesNothing(t *testing.T) {
	url := newServer(t)
	s, err := Init(context.Background(), url)
	if err != nil {
		t.Fatalf("second init: %v", err)
	}
	defer s.Close()
	if s.ID() == "" || s.Role() != "postgres" {
		t.Errorf("id %q role %q", s.ID(), s.Role())
	}
	if _, err := Connect(context.Background(), dbURL("postgres", "postgres")); !errors.Is(err, ErrNotServer) {
		t.Errorf("connect to a database without server init: %v, want ErrNotServer", err)
	}
}

func TestTwoLaptopsAndServerHoldTheSameEvents(t *testing.T) {
	url := serverWithBoundaries(t)
	ctx := context.Background()
	a, b := laptop(t), laptop(t)
	aliceURL, bobURL := as("alice", url), as("bob", url)
	syncOK(t, a, aliceURL)
	if rep := syncOK(t, b, bobURL); len(rep.Conflicts) != 0 {
		t.Fatalf("the same bundled timeline on two laptops made conflicts: %+v", rep.Conflicts)
	}
	sameState(t, "after the first syncs, laptop b vs server", localState(t, b), serverState(t, url))

	// Offline work on both laptops: each adds, both edit the same event,
	// b deletes another.
	ea, err := a.AddEvent(ctx, row(t, a, 10, "Laptop A report"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.AddEvent(ctx, row(t, b, 20, "Laptop B report")); err != nil {
		t.Fatal(err)
	}
	shared := firstEvent(t, a, 0)
	edited := shared
	edited.Notes = "edited on laptop A"
	editRow, _ := edited.Row()
	if _, err := a.UpdateEvent(ctx, shared.FID, editRow); err != nil {
		t.Fatal(err)
	}
	edited.Notes = "edited on laptop B"
	editRow, _ = edited.Row()
	if _, err := b.UpdateEvent(ctx, shared.FID, editRow); err != nil {
		t.Fatal(err)
	}
	gone := firstEvent(t, b, 1)
	var goneUID string
	if err := b.DB().QueryRow("SELECT uid FROM events WHERE fid = ?", gone.FID).Scan(&goneUID); err != nil {
		t.Fatal(err)
	}
	if _, err := b.DeleteEvent(ctx, gone.FID); err != nil {
		t.Fatal(err)
	}
	moved := row(t, a, 10, "Laptop A report, corrected")
	if _, err := a.UpdateEvent(ctx, ea.FID, moved); err != nil {
		t.Fatal(err)
	}

	if rep := syncOK(t, a, aliceURL); rep.Pushed != 2 || len(rep.Conflicts) != 0 {
		t.Errorf("laptop a's sync: %+v, want 2 pushed, no conflict", rep)
	}
	rep := syncOK(t, b, bobURL)
	if len(rep.Conflicts) != 1 || rep.Conflicts[0].Laptop.UID != rep.Conflicts[0].Server.UID {
		t.Fatalf("laptop b's sync listed %d conflicts, want the one event edited on both", len(rep.Conflicts))
	}
	syncOK(t, a, aliceURL)

	want := serverState(t, url)
	sameState(t, "laptop a vs server", localState(t, a), want)
	sameState(t, "laptop b vs server", localState(t, b), want)
	for _, s := range want {
		if strings.Contains(s, `"Laptop A report"`) {
			t.Errorf("the first version of a's edited event is still live: %s", s)
		}
	}
	if !contains(want, "Laptop B report") || !contains(want, "Laptop A report, corrected") {
		t.Error("an added event is missing on the server")
	}
	if contains(want, goneUID) {
		t.Error("the event deleted on laptop b is still live")
	}

	// The conflict is listed on b, with both versions, and the audit of
	// both sides keeps the version that lost.
	cs, err := b.Conflicts(ctx, false)
	if err != nil || len(cs) != 1 {
		t.Fatalf("b's conflicts: %v, %v", cs, err)
	}
	if cs[0].Laptop.Notes != "edited on laptop B" || cs[0].Server.Notes != "edited on laptop A" {
		t.Errorf("conflict versions: laptop %q, server %q", cs[0].Laptop.Notes, cs[0].Server.Notes)
	}
	var lost int
	db := connect(t, url)
	if err := db.conn.QueryRow(ctx, "SELECT count(*) FROM audit WHERE action = 'conflict' AND role = 'bob'").Scan(&lost); err != nil || lost != 1 {
		t.Errorf("server audit conflict rows by bob: %d, %v", lost, err)
	}
	var roles []string
	rows, _ := db.conn.Query(ctx, "SELECT DISTINCT role FROM audit ORDER BY 1")
	for rows.Next() {
		var r string
		rows.Scan(&r)
		roles = append(roles, r)
	}
	rows.Close()
	if strings.Join(roles, ",") != "alice,bob" {
		t.Errorf("audit roles %v, want alice,bob (from current_user)", roles)
	}
}

func contains(state []string, source string) bool {
	for _, s := range state {
		if strings.Contains(s, source) {
			return true
		}
	}
	return false
}

// firstEvent returns the n-th event of the dataset in fid order.
func firstEvent(tb testing.TB, d *data.Dataset, n int) data.Event {
	tb.Helper()
	var fid int64
	if err := d.DB().QueryRow("SELECT fid FROM events ORDER BY fid LIMIT 1 OFFSET ?", n).Scan(&fid); err != nil {
		tb.Fatal(err)
	}
	e, err := d.EventByFID(context.Background(), fid)
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

func TestReaderCannotPush(t *testing.T) {
	url := serverWithBoundaries(t)
	ctx := context.Background()
	d := laptop(t)
	s := connect(t, as("rita", url))
	_, err := Sync(ctx, d, s)
	if !errors.Is(err, ErrReadOnly) {
		t.Fatalf("reader's push: %v, want ErrReadOnly", err)
	}
	for _, want := range []string{"permission denied", EditorRole, "not add or edit"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if n := len(serverState(t, url)); n != 0 {
		t.Errorf("the server holds %d events after a refused push", n)
	}
	if st, _ := d.SyncState(ctx, s.ID()); !st.First {
		t.Error("the laptop recorded a sync that the server refused")
	}
	// With nothing to push, a reader still pulls.
	syncOK(t, laptop(t), as("alice", url))
	fresh := laptop(t)
	if _, err := fresh.DB().Exec("DELETE FROM events"); err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.DB().Exec("UPDATE audit SET via = 'sync'"); err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.DB().Exec("INSERT INTO sync_state (server_id, url, pulled_seq, pushed_audit, synced_at) VALUES (?, 'x', 0, (SELECT max(id) FROM audit), '')", s.ID()); err != nil {
		t.Fatal(err)
	}
	if _, err := Sync(ctx, fresh, s); err != nil {
		t.Fatalf("reader's pull: %v", err)
	}
	sameState(t, "reader's laptop vs server", localState(t, fresh), serverState(t, url))
}

func TestNoopSyncDoesNothing(t *testing.T) {
	url := serverWithBoundaries(t)
	d := laptop(t)
	syncOK(t, d, url)
	before := localState(t, d)
	rep := syncOK(t, d, url)
	if rep.Pushed != 0 || rep.Pulled != 0 || len(rep.Conflicts) != 0 {
		t.Errorf("second sync %+v, want nothing", rep)
	}
	sameState(t, "after a no-op sync", localState(t, d), before)
	var n int
	d.DB().QueryRow("SELECT count(*) FROM audit WHERE via = 'sync'").Scan(&n)
	if n != 0 {
		t.Errorf("%d audit rows from syncs that changed nothing", n)
	}
}

// helperEnv names the sync to run in a helper process, and the point at
// which it kills itself with SIGKILL.
const helperEnv = "AFCONTROL_SYNC_HELPER"

func runHelper() int {
	point := os.Getenv(helperEnv)
	crashHook = func(p string) {
		if p == point {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
	}
	d, err := data.Open(os.Getenv("AFCONTROL_SYNC_DB"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	s, err := Connect(context.Background(), os.Getenv("AFCONTROL_SYNC_URL"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if _, err := Sync(context.Background(), d, s); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// syncKilled runs a sync of the dataset at path in another process and
// kills it with SIGKILL at point, or after delay when point is "".
func syncKilled(t *testing.T, path, url, point string, delay time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	kill := point
	if kill == "" {
		kill = "none" // the test kills it
	}
	cmd.Env = append(os.Environ(), helperEnv+"="+kill, "AFCONTROL_SYNC_DB="+path, "AFCONTROL_SYNC_URL="+url)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if point == "" {
		time.Sleep(delay)
		cmd.Process.Kill()
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if point != "" && !(errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signaled()) {
		t.Fatalf("sync killed at %q: %v, want killed by a signal (%s)", point, err, stderr.String())
	}
}

func TestKilledSyncRerunGivesTheSameEndState(t *testing.T) {
	// The named points are where the sync kills itself; the others kill it
	// from outside after a delay, wherever it has got to.
	for _, point := range []string{"pushing", "pushed", "pulled", "after-60ms", "after-250ms", "after-600ms"} {
		delay, timed := strings.CutPrefix(point, "after-")
		wait, _ := time.ParseDuration(delay)
		t.Run(point, func(t *testing.T) {
			url := serverWithBoundaries(t)
			ctx := context.Background()
			// The server already has the bundled timeline and an edit of
			// it from another laptop; this laptop has edits of its own, one
			// of them of the same event.
			other := laptop(t)
			syncOK(t, other, as("bob", url))
			path := datatest.Copy(t)
			d, err := data.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			syncOK(t, d, as("alice", url))
			for i := range 5 {
				if _, err := d.AddEvent(ctx, row(t, d, i, fmt.Sprintf("report %d", i))); err != nil {
					t.Fatal(err)
				}
			}
			e := firstEvent(t, d, 2)
			e.Notes = "edited on this laptop"
			r, _ := e.Row()
			d.UpdateEvent(ctx, e.FID, r)
			e.Notes = "edited on the other laptop"
			r, _ = e.Row()
			other.UpdateEvent(ctx, e.FID, r)
			if _, err := other.AddEvent(ctx, row(t, other, 7, "other laptop's report")); err != nil {
				t.Fatal(err)
			}
			syncOK(t, other, as("bob", url))

			if timed {
				point = ""
			}
			syncKilled(t, path, as("alice", url), point, wait)
			rep := syncOK(t, d, as("alice", url))
			again := syncOK(t, d, as("alice", url))
			if again.Pushed != 0 || again.Pulled != 0 {
				t.Errorf("a third sync still had work: %+v", again)
			}
			syncOK(t, other, as("bob", url))
			want := serverState(t, url)
			sameState(t, "laptop vs server", localState(t, d), want)
			sameState(t, "other laptop vs server", localState(t, other), want)
			for i := range 5 {
				if n := count(want, fmt.Sprintf("%q", fmt.Sprintf("report %d", i))); n != 1 {
					t.Errorf("report %d is on the server %d times", i, n)
				}
			}
			cs, _ := d.Conflicts(ctx, true)
			if len(cs) != 1 {
				t.Errorf("%d conflicts listed (report %+v), want 1", len(cs), rep)
			}
			var dup int
			d.DB().QueryRow("SELECT count(*) FROM (SELECT uid FROM events GROUP BY uid HAVING count(*) > 1)").Scan(&dup)
			if dup != 0 {
				t.Errorf("%d events doubled on the laptop", dup)
			}
		})
	}
}

func count(state []string, sub string) int {
	n := 0
	for _, s := range state {
		if strings.Contains(s, sub) {
			n++
		}
	}
	return n
}

func TestOgrinfoListsTheServerLayers(t *testing.T) {
	ogrinfo, err := exec.LookPath("ogrinfo")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("ogrinfo is missing (Debian gdal-bin)")
		}
		t.Skip("no ogrinfo")
	}
	url := serverWithBoundaries(t)
	d := laptop(t)
	syncOK(t, d, url)
	db := dbName(url)
	counts := func(args ...string) map[string]string {
		out, err := exec.Command(ogrinfo, append([]string{"-ro", "-so", "-al"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo %v: %v\n%s", args, err, out)
		}
		m := map[string]string{}
		layer := ""
		for _, line := range strings.Split(string(out), "\n") {
			if v, ok := strings.CutPrefix(line, "Layer name: "); ok {
				layer = strings.TrimSpace(v)
			}
			if v, ok := strings.CutPrefix(line, "Feature Count: "); ok {
				m[layer] = strings.TrimSpace(v)
			}
		}
		return m
	}
	server := counts(fmt.Sprintf("PG:dbname=%s host=%s user=postgres", db, pgtest.Dir()))
	file := counts(d.Path())
	for _, layer := range []string{"provinces", "districts", "borders", "events"} {
		if file[layer] == "" || server[layer] != file[layer] {
			t.Errorf("layer %s: server %q features, GeoPackage %q", layer, server[layer], file[layer])
		}
	}
	if !strings.Contains(fmt.Sprint(server), "events") {
		t.Errorf("server layers %v", server)
	}
}

// TestDirectEditsOnTheServerReachLaptops edits the server's events the way
// QGIS does (plain INSERT, UPDATE and DELETE as an editor) and checks that
// the server numbers, revises and audits them and that a laptop's sync
// takes them.
func TestDirectEditsOnTheServerReachLaptops(t *testing.T) {
	url := serverWithBoundaries(t)
	ctx := context.Background()
	d := laptop(t)
	syncOK(t, d, as("alice", url))
	e := firstEvent(t, d, 4)
	var uid string
	d.DB().QueryRow("SELECT uid FROM events WHERE fid = ?", e.FID).Scan(&uid)
	gone := firstEvent(t, d, 5)
	var goneUID string
	d.DB().QueryRow("SELECT uid FROM events WHERE fid = ?", gone.FID).Scan(&goneUID)

	qgis := connect(t, as("bob", url))
	for _, q := range []string{
		`INSERT INTO events (date, province, district, status, kind, claim, source, confidence, updated_by)
			VALUES ('2023-01-02', 'Badghis', 'Qala-I- Naw', 'taliban', 'assessment', false, 'Entered in QGIS', 'high', 'someone else')`,
		"UPDATE events SET notes = 'corrected in QGIS' WHERE uid = '" + uid + "'",
		"DELETE FROM events WHERE uid = '" + goneUID + "'",
	} {
		if _, err := qgis.conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var rev int
	var by string
	qgis.conn.QueryRow(ctx, "SELECT rev, updated_by FROM events WHERE uid = $1", uid).Scan(&rev, &by)
	if rev != 2 || by != "bob" {
		t.Errorf("edited in QGIS: rev %d by %q, want 2 by bob", rev, by)
	}
	var forged int
	qgis.conn.QueryRow(ctx, "SELECT count(*) FROM events WHERE updated_by <> 'bob' AND source = 'Entered in QGIS'").Scan(&forged)
	var audited []string
	rows, _ := qgis.conn.Query(ctx, "SELECT action || ':' || role FROM audit WHERE role = 'bob' ORDER BY id")
	for rows.Next() {
		var s string
		rows.Scan(&s)
		audited = append(audited, s)
	}
	rows.Close()
	if forged != 0 || strings.Join(audited, ",") != "insert:bob,update:bob,delete:bob" {
		t.Errorf("server audit of bob's edits: %v (forged role rows %d)", audited, forged)
	}

	rep := syncOK(t, d, as("alice", url))
	if rep.Pulled != 3 || len(rep.Conflicts) != 0 {
		t.Errorf("laptop sync after QGIS edits: %+v, want 3 pulled", rep)
	}
	sameState(t, "laptop vs server", localState(t, d), serverState(t, url))
	var n int
	d.DB().QueryRow("SELECT count(*) FROM events WHERE uid = ?", goneUID).Scan(&n)
	if n != 0 {
		t.Error("the event deleted in QGIS is still on the laptop")
	}
	var role string
	d.DB().QueryRow("SELECT coalesce(role, '') FROM audit WHERE uid = ? AND via = 'sync' ORDER BY id DESC LIMIT 1", uid).Scan(&role)
	if role != "bob" {
		t.Errorf("the laptop's audit of the pulled edit names %q, want bob", role)
	}
}

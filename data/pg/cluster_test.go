package pg

import (
	"context"
	"fmt"
	neturl "net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/afcontrol/afcontrol/data/datatest"
	"github.com/jackc/pgx/v5"
)

// cluster is the throwaway PostgreSQL cluster of this test binary: made by
// initdb in a temporary folder, listening only on a unix socket there, and
// stopped and removed by TestMain.
var cluster struct {
	dir     string // holds data/ and the socket
	err     error  // why there is none
	as      []string
	started bool
}

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		os.Exit(runHelper())
	}
	startCluster()
	code := m.Run()
	stopCluster()
	datatest.Cleanup()
	os.Exit(code)
}

// pgBin finds a PostgreSQL program: on PATH, else in Debian's versioned
// folder.
func pgBin(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(matches) == 0 {
		return "", fmt.Errorf("%s not found: install PostgreSQL and PostGIS (Debian: postgresql postgis)", name)
	}
	return matches[len(matches)-1], nil
}

func startCluster() {
	initdb, err := pgBin("initdb")
	if err != nil {
		cluster.err = err
		return
	}
	pgctl, err := pgBin("pg_ctl")
	if err != nil {
		cluster.err = err
		return
	}
	dir, err := os.MkdirTemp("", "afcontrol-pg-")
	if err != nil {
		cluster.err = err
		return
	}
	cluster.dir = dir
	// initdb refuses to run as root: then the cluster belongs to the
	// postgres user, in a folder it owns.
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			cluster.err = fmt.Errorf("running as root needs the postgres user: %w", err)
			return
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			cluster.err = err
			return
		}
		cluster.as = []string{"runuser", "-u", "postgres", "--"}
	}
	run := func(args ...string) error {
		cmd := exec.Command(append(cluster.as, args...)[0], append(cluster.as, args...)[1:]...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%v: %w\n%s", args, err, out)
		}
		return nil
	}
	pgdata := filepath.Join(dir, "data")
	if err := run(initdb, "-D", pgdata, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"); err != nil {
		cluster.err = err
		return
	}
	opts := fmt.Sprintf("-k %s -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40", dir)
	if err := run(pgctl, "-D", pgdata, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "start"); err != nil {
		cluster.err = err
		return
	}
	cluster.started = true
}

func stopCluster() {
	if cluster.started {
		pgctl, _ := pgBin("pg_ctl")
		args := append(cluster.as, pgctl, "-D", filepath.Join(cluster.dir, "data"), "-m", "immediate", "-w", "stop")
		exec.Command(args[0], args[1:]...).Run()
	}
	if cluster.dir != "" {
		os.RemoveAll(cluster.dir)
	}
}

// needCluster skips the test when there is no cluster, except in CI, where
// a missing PostgreSQL must fail the run.
func needCluster(tb testing.TB) {
	tb.Helper()
	if cluster.started {
		return
	}
	if os.Getenv("CI") != "" {
		tb.Fatalf("no PostgreSQL for the server tests: %v", cluster.err)
	}
	tb.Skipf("no PostgreSQL: %v", cluster.err)
}

// dbURL is the URL of database db as role.
func dbURL(role, db string) string {
	return fmt.Sprintf("postgres://%s@/%s?host=%s", role, db, cluster.dir)
}

var dbCount atomic.Int64

// newServer makes a fresh database, runs server init on it and returns its
// URL as the superuser. The login roles alice and bob (editors) and rita (a
// reader) exist in every test database.
func newServer(tb testing.TB) string {
	tb.Helper()
	needCluster(tb)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, dbURL("postgres", "postgres"))
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close(ctx)
	name := fmt.Sprintf("t%d_%d", os.Getpid(), dbCount.Add(1))
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), dbURL("postgres", "postgres"))
		if err == nil {
			c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			c.Close(context.Background())
		}
	})
	url := dbURL("postgres", name)
	s, err := Init(ctx, url)
	if err != nil {
		tb.Fatal(err)
	}
	s.Close()
	_, err = admin.Exec(ctx, `DO $$ BEGIN
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'alice') THEN CREATE ROLE alice LOGIN IN ROLE afcontrol_editor; END IF;
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bob') THEN CREATE ROLE bob LOGIN IN ROLE afcontrol_editor; END IF;
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rita') THEN CREATE ROLE rita LOGIN IN ROLE afcontrol_reader; END IF;
	END $$`)
	if err != nil {
		tb.Fatal(err)
	}
	return url
}

// dbName is the database of a test URL.
func dbName(url string) string {
	u, err := neturl.Parse(url)
	if err != nil {
		panic(err)
	}
	return strings.TrimPrefix(u.Path, "/")
}

// as returns the URL of the same database for another role.
func as(role, url string) string { return dbURL(role, dbName(url)) }

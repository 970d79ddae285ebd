// Package pgtest gives tests a throwaway PostgreSQL cluster: made by initdb
// in a temporary folder, listening only on a unix socket there, and
// stopped and removed by Stop. A package calls Start and Stop from its
// TestMain, and each test takes a fresh database from NewDatabase.
//
// As root (initdb refuses root) the cluster runs as the postgres user. Where
// PostgreSQL is missing, Need skips the test, except with CI set, where it
// fails it so that a missing server can never turn a run green.
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
)

var cluster struct {
	dir     string // holds data/ and the socket
	err     error  // why there is none
	as      []string
	started bool
}

// bin finds a PostgreSQL program: on PATH, else in Debian's versioned
// folder.
func bin(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(matches) == 0 {
		return "", fmt.Errorf("%s not found: install PostgreSQL and PostGIS (Debian: postgresql postgis)", name)
	}
	return matches[len(matches)-1], nil
}

func run(args ...string) error {
	args = append(append([]string{}, cluster.as...), args...)
	out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v: %w\n%s", args, err, out)
	}
	return nil
}

// Start makes and starts the cluster. A failure is kept for Need to report.
func Start() {
	cluster.err = start()
	cluster.started = cluster.err == nil
}

func start() error {
	initdb, err := bin("initdb")
	if err != nil {
		return err
	}
	pgctl, err := bin("pg_ctl")
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "afcontrol-pg-")
	if err != nil {
		return err
	}
	cluster.dir = dir
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return fmt.Errorf("running as root needs the postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return err
		}
		cluster.as = []string{"runuser", "-u", "postgres", "--"}
	}
	pgdata := filepath.Join(dir, "data")
	if err := run(initdb, "-D", pgdata, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"); err != nil {
		return err
	}
	opts := fmt.Sprintf("-k %s -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40", dir)
	return run(pgctl, "-D", pgdata, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "start")
}

// Stop stops the cluster at once and removes its folder.
func Stop() {
	if cluster.started {
		pgctl, _ := bin("pg_ctl")
		run(pgctl, "-D", filepath.Join(cluster.dir, "data"), "-m", "immediate", "-w", "stop")
		cluster.started = false
	}
	if cluster.dir != "" {
		os.RemoveAll(cluster.dir)
	}
}

// Need skips the test when there is no cluster, or fails it in CI.
func Need(tb testing.TB) {
	tb.Helper()
	if cluster.started {
		return
	}
	if os.Getenv("CI") != "" {
		tb.Fatalf("no PostgreSQL for the server tests: %v", cluster.err)
	}
	tb.Skipf("no PostgreSQL: %v", cluster.err)
}

// Dir is the folder that holds the cluster's socket: the host of its URLs.
func Dir() string { return cluster.dir }

// URL is the URL of database db as role.
func URL(role, db string) string {
	return fmt.Sprintf("postgres://%s@/%s?host=%s", role, db, cluster.dir)
}

// DBName is the database of a URL that URL made.
func DBName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	return strings.TrimPrefix(u.Path, "/")
}

// As returns the URL of the same database for another role.
func As(role, raw string) string { return URL(role, DBName(raw)) }

var count atomic.Int64

// NewDatabase makes an empty database, dropped when the test ends, and
// returns its URL as the superuser postgres. The login roles alice and bob
// (members of afcontrol_editor) and rita (of afcontrol_reader) exist.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	Need(tb)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, URL("postgres", "postgres"))
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close(ctx)
	name := fmt.Sprintf("t%d_%d", os.Getpid(), count.Add(1))
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), URL("postgres", "postgres"))
		if err == nil {
			c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			c.Close(context.Background())
		}
	})
	_, err = admin.Exec(ctx, `DO $$ BEGIN
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'afcontrol_reader') THEN CREATE ROLE afcontrol_reader NOLOGIN; END IF;
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'afcontrol_editor') THEN CREATE ROLE afcontrol_editor NOLOGIN; END IF;
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'alice') THEN CREATE ROLE alice LOGIN IN ROLE afcontrol_editor; END IF;
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bob') THEN CREATE ROLE bob LOGIN IN ROLE afcontrol_editor; END IF;
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rita') THEN CREATE ROLE rita LOGIN IN ROLE afcontrol_reader; END IF;
	END $$`)
	if err != nil {
		tb.Fatal(err)
	}
	return URL("postgres", name)
}

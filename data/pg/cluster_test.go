package pg

import (
	"context"
	"os"
	"testing"

	"github.com/afcontrol/afcontrol/data/datatest"
	"github.com/afcontrol/afcontrol/data/pg/pgtest"
)

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		os.Exit(runHelper())
	}
	pgtest.Start()
	code := m.Run()
	pgtest.Stop()
	datatest.Cleanup()
	os.Exit(code)
}

func needCluster(tb testing.TB) { pgtest.Need(tb) }

func dbURL(role, db string) string { return pgtest.URL(role, db) }

func dbName(url string) string { return pgtest.DBName(url) }

func as(role, url string) string { return pgtest.As(role, url) }

// newServer makes a fresh database with server init run on it, and
// returns its URL as the superuser.
func newServer(tb testing.TB) string {
	tb.Helper()
	url := pgtest.NewDatabase(tb)
	s, err := Init(context.Background(), url)
	if err != nil {
		tb.Fatal(err)
	}
	s.Close()
	return url
}

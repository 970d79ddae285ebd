package datatest

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	Cleanup()
	os.Exit(code)
}

func TestCopiesAreIndependent(t *testing.T) {
	a, b := Dataset(t), Dataset(t)
	if _, err := a.DB().Exec("DELETE FROM events"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := b.DB().QueryRow("SELECT count(*) FROM events").Scan(&n); err != nil || n == 0 {
		t.Fatalf("the second copy has %d events (%v); a change to one copy reached another", n, err)
	}
	if a.Path() == b.Path() || a.Path() == Template(t) {
		t.Fatal("copies share a file")
	}
}

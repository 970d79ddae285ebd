package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestDatasetArgumentOpensWindow checks which command lines open the
// window, and on what: a lone .gpkg path or existing file does, as the
// desktop's "Open with" passes it; anything else is a command or an error.
func TestDatasetArgumentOpensWindow(t *testing.T) {
	saved := openWindow
	t.Cleanup(func() { openWindow = saved })
	dir := t.TempDir()
	existing := filepath.Join(dir, "Kabul briefing.GPKG")
	other := filepath.Join(dir, "export.sqlite")
	for _, p := range []string{existing, other} {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		args   []string
		opened []string // the windows opened, by path
		code   int
	}{
		{nil, []string{""}, 0},
		{[]string{existing}, []string{existing}, 0},
		{[]string{other}, []string{other}, 0},
		{[]string{"-psn_0_12345", existing}, []string{existing}, 0},
		{[]string{filepath.Join(dir, "not-yet.gpkg")}, []string{filepath.Join(dir, "not-yet.gpkg")}, 0},
		{[]string{"a.gpkg", "b.gpkg"}, nil, 2},
		{[]string{filepath.Join(dir, "missing.txt")}, nil, 2},
		{[]string{"--db"}, nil, 2},
		{[]string{"version"}, nil, 0},
	} {
		var opened []string
		openWindow = func(path string) { opened = append(opened, path) }
		var out, errOut bytes.Buffer
		code := run(tc.args, &out, &errOut)
		if code != tc.code || len(opened) != len(tc.opened) || (len(opened) == 1 && opened[0] != tc.opened[0]) {
			t.Errorf("afcontrol %q: exit %d, opened %q; want exit %d, opened %q (stderr %q)", tc.args, code, opened, tc.code, tc.opened, errOut.String())
		}
	}
}

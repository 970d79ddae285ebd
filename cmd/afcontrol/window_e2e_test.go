package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/afcontrol/afcontrol/data"
)

// TestWindowImportExport drives the real binary under Xvfb on a fresh user
// folder: File → Import events (Ctrl+I) on a valid file and on a file with
// a ragged row, then File → Export (Ctrl+Shift+E, Enter) of a PNG. After
// each step the process is alive; the valid events are in the dataset and
// the ragged file's are not; the ragged file's error is on screen (the
// window's dialog log, AFCONTROL_DIALOG_LOG, gets every dialog's text as it
// is shown); and the PNG is the one 'afcontrol export png' writes for the
// same day and view. The file chooser is answered through AFCONTROL_CHOOSE:
// Fyne's chooser has no keyboard path to a file.
func TestWindowImportExport(t *testing.T) {
	xvfb := need(t, "Xvfb")
	xdotool := need(t, "xdotool")
	importCmd := need(t, "import")

	dir := t.TempDir()
	bin := filepath.Join(dir, "afcontrol")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	files := filepath.Join(dir, "files")
	os.Mkdir(files, 0o755)
	var fixtures []string
	for _, name := range []string{"events-valid.csv", "events-ragged-row.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "ui", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(files, name)
		os.WriteFile(p, b, 0o644)
		fixtures = append(fixtures, p)
	}
	shot := filepath.Join(files, "window.png")
	dialogs := filepath.Join(dir, "dialogs.log")

	display := startXvfb(t, xvfb, "1920x1080x24")
	env := windowEnv(display, dir)
	app := exec.Command(bin)
	app.Env = append(env, "AFCONTROL_DIALOG_LOG="+dialogs,
		"AFCONTROL_CHOOSE="+strings.Join(append(fixtures, shot), string(os.PathListSeparator)))
	var appOut bytes.Buffer
	app.Stdout, app.Stderr = &appOut, &appOut
	start(t, app)
	t.Cleanup(func() {
		if t.Failed() {
			b, _ := os.ReadFile(dialogs)
			t.Logf("program output:\n%s\ndialogs:\n%s", appOut.String(), b)
		}
	})
	alive := func(step string) {
		t.Helper()
		if app.ProcessState != nil || app.Process.Signal(syscall.Signal(0)) != nil {
			t.Fatalf("the program is gone after %s", step)
		}
	}
	win := findWindow(t, xdotool, env, "^afcontrol —")
	waitForMap(t, importCmd, env, 60*time.Second)
	logSays := func(what string, re *regexp.Regexp) string {
		t.Helper()
		var m string
		within(t, 60*time.Second, what, func() bool {
			b, _ := os.ReadFile(dialogs)
			m = re.FindString(string(b))
			return m != ""
		})
		return m
	}
	key := func(keys string) {
		t.Helper()
		onDisplay(env, xdotool, "windowactivate", "--sync", win).Run()
		if out, err := onDisplay(env, xdotool, "key", "--clearmodifiers", keys).CombinedOutput(); err != nil {
			t.Fatalf("xdotool key %s: %v\n%s", keys, err, out)
		}
	}

	key("ctrl+i")
	logSays("the summary of the valid file", regexp.MustCompile(`== Imported events-valid\.csv\n3 rows read`))
	alive("importing a valid file")
	key("Escape")

	key("ctrl+i")
	bad := logSays("the ragged file's error", regexp.MustCompile(`== events-ragged-row\.csv: 1 bad row, nothing imported\nline 3: has 2 cells, want 11`))
	alive("importing a file with a ragged row")
	t.Logf("on screen: %q", bad)
	key("Escape")

	key("ctrl+shift+e")
	logSays("the export dialog", regexp.MustCompile(`== Export the map\n`))
	key("Return")
	notice := logSays("the export notice", regexp.MustCompile(`== Exported\n.*\n1920x1080, [0-9-]{10}`))
	alive("exporting a PNG")
	dayShown := notice[len(notice)-10:]

	d, err := data.Open(filepath.Join(dir, "data", "afcontrol", "afcontrol.gpkg"))
	if err != nil {
		t.Fatal(err)
	}
	count := func(like string) int {
		var n int
		if err := d.DB().QueryRowContext(context.Background(), "SELECT count(*) FROM events WHERE source LIKE ?", like).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got := count("Window import test %"); got != 3 {
		t.Errorf("%d events of the valid file in the dataset, want 3", got)
	}
	if got := count("Ragged test good%"); got != 0 {
		t.Errorf("%d rows of the refused file in the dataset, want 0", got)
	}
	d.Close()

	cli := filepath.Join(dir, "cli.png")
	cmd := onDisplay(env, bin, "export", "png", "--date", dayShown, "-o", cli)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("afcontrol export png: %v\n%s", err, out)
	}
	got, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(cli)
	if !bytes.Equal(got, want) {
		t.Errorf("the window's PNG (%d bytes) differs from 'afcontrol export png --date %s' (%d bytes)", len(got), dayShown, len(want))
	}
	if p := os.Getenv("AFCONTROL_E2E_SHOTS"); p != "" {
		out, _ := onDisplay(env, importCmd, "-window", "root", "png:-").Output()
		os.WriteFile(filepath.Join(p, "after-export.png"), out, 0o644)
	}
}

package main

import (
	"bufio"
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// need returns the path of a program the smoke test needs. Outside CI a
// missing one skips the test; in CI it fails it.
func need(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing: CI installs it (see .ci/run)", name)
		}
		t.Skipf("%s is missing", name)
	}
	return p
}

// startXvfb starts Xvfb with screen geometry screen ("1920x1080x24") on a
// display it picks itself (-displayfd: it takes the first number whose lock
// and socket it can claim, so neither a stale lock file nor a server that
// is already running gets in the way) and returns the display (":N") once it
// answers a client. It runs with -noreset, so the server does not reset
// while the program under test connects after the probe disconnects, and
// it is stopped with SIGTERM, so it removes its own lock and socket.
func startXvfb(t *testing.T, xvfb, screen string) string {
	t.Helper()
	xdpyinfo := need(t, "xdpyinfo")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command(xvfb, "-displayfd", "3", "-screen", "0", screen, "-nolisten", "tcp", "-noreset")
	cmd.ExtraFiles = []*os.File{w}
	logPath := filepath.Join(t.TempDir(), "xvfb.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	log := func() string { b, _ := os.ReadFile(logPath); return string(b) }
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	number := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		number <- strings.TrimSpace(line)
	}()
	var display string
	select {
	case n := <-number:
		if _, err := strconv.Atoi(n); err != nil {
			t.Fatalf("Xvfb gave no display number (%q):\n%s", n, log())
		}
		display = ":" + n
	case <-time.After(20 * time.Second):
		t.Fatalf("waited 20s for Xvfb to pick a display:\n%s", log())
	}
	within(t, 20*time.Second, "Xvfb on "+display, func() bool {
		return exec.Command(xdpyinfo, "-display", display).Run() == nil
	})
	return display
}

// windowEnv is this process's environment for a program on display, with
// its data, settings and home in dir: no AFCONTROL_ variable of the caller
// reaches it.
func windowEnv(display, dir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AFCONTROL_") && !strings.HasPrefix(kv, "DISPLAY=") &&
			!strings.HasPrefix(kv, "WAYLAND_DISPLAY=") && !strings.HasPrefix(kv, "HOME=") {
			env = append(env, kv)
		}
	}
	return append(env, "DISPLAY="+display, "XDG_DATA_HOME="+filepath.Join(dir, "data"),
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "HOME="+filepath.Join(dir, "home"), "LANG=C.UTF-8")
}

// onDisplay is the command name args with the environment env (windowEnv's).
func onDisplay(env []string, name string, args ...string) *exec.Cmd {
	c := exec.Command(name, args...)
	c.Env = env
	return c
}

// findWindow waits up to a minute for a window whose name matches pattern
// on env's display and returns its id.
func findWindow(t *testing.T, xdotool string, env []string, pattern string) string {
	t.Helper()
	var win string
	within(t, 60*time.Second, "the window", func() bool {
		out, err := onDisplay(env, xdotool, "search", "--name", pattern).Output()
		win = strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
		return err == nil && win != ""
	})
	return win
}

// waitForMap waits up to limit for the map on env's display: a screenshot
// (ImageMagick's import) with many colours and the taliban red in quantity
// in the map area. It returns the screenshot and those counts.
func waitForMap(t *testing.T, importCmd string, env []string, limit time.Duration) (shot []byte, colours, red int) {
	t.Helper()
	within(t, limit, "the map on screen", func() bool {
		out, err := onDisplay(env, importCmd, "-window", "root", "png:-").Output()
		if err != nil {
			return false
		}
		img, err := png.Decode(bytes.NewReader(out))
		if err != nil {
			return false
		}
		shot = out
		colours, red = mapColours(img)
		return colours >= 50 && red >= 2000
	})
	return shot, colours, red
}

// start runs cmd and stops it when the test ends.
func start(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
}

// within polls f every 200 ms until it returns true, failing after limit.
func within(t *testing.T, limit time.Duration, what string, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", limit, what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestWindowSmoke builds the real binary, opens it under Xvfb on a fresh
// user folder with no mirror (the first run makes the dataset from the
// boundaries built into the program), and checks
// from a screenshot that the map is drawn and from X that the title is right.
func TestWindowSmoke(t *testing.T) {
	xvfb := need(t, "Xvfb")
	xdotool := need(t, "xdotool")
	importCmd := need(t, "import")

	dir := t.TempDir()
	bin := filepath.Join(dir, "afcontrol")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	display := startXvfb(t, xvfb, "1600x1000x24")

	env := append(windowEnv(display, dir),
		// A proxy that does not exist: any download would fail at once.
		"https_proxy=http://127.0.0.1:9", "HTTPS_PROXY=http://127.0.0.1:9")
	app := exec.Command(bin)
	app.Env = env
	var appOut bytes.Buffer
	app.Stdout, app.Stderr = &appOut, &appOut
	start(t, app)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("program output:\n%s", appOut.String())
		}
	})

	win := findWindow(t, xdotool, env, "^afcontrol")
	want := "afcontrol — afcontrol.gpkg"
	var title string
	within(t, 30*time.Second, "the dataset's title", func() bool {
		out, err := onDisplay(env, xdotool, "getwindowname", win).Output()
		title = strings.TrimSpace(string(out))
		return err == nil && title == want
	})
	if _, err := os.Stat(filepath.Join(dir, "data", "afcontrol", "afcontrol.gpkg")); err != nil {
		t.Errorf("the first run did not make the dataset in XDG_DATA_HOME: %v", err)
	}

	// The map is drawn: many colours, and the taliban red in quantity.
	shot, colours, red := waitForMap(t, importCmd, env, 30*time.Second)
	t.Logf("window %q: %d colours in the map area, %d taliban-red pixels", title, colours, red)
	if p := os.Getenv("AFCONTROL_SMOKE_SHOT"); p != "" {
		if err := os.WriteFile(p, shot, 0o644); err != nil {
			t.Error(err)
		}
	}
}

// mapColours counts the distinct colours in the left two thirds of the
// window (where the map is) and the pixels of the default palette's taliban
// red.
func mapColours(img image.Image) (colours, red int) {
	b := img.Bounds()
	seen := map[[3]uint32]bool{}
	for y := b.Min.Y + 40; y < b.Min.Y+b.Dy()*2/3; y++ {
		for x := b.Min.X; x < b.Min.X+b.Dx()*2/3; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			c := [3]uint32{r >> 8, g >> 8, bl >> 8}
			seen[c] = true
			if near(c, [3]uint32{0x8a, 0x2b, 0x1a}) {
				red++
			}
		}
	}
	return len(seen), red
}

func near(a, b [3]uint32) bool {
	for i := range a {
		d := int(a[i]) - int(b[i])
		if d < -6 || d > 6 {
			return false
		}
	}
	return true
}

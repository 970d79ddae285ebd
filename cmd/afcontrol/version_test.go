package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

func TestVersionCommandPrintsVersion(t *testing.T) {
	var out bytes.Buffer
	if err := runVersion(context.Background(), nil, &out); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "afcontrol "+version+"\n"; got != want {
		t.Errorf("version printed %q, want %q", got, want)
	}
}

// TestVersionStampedAtBuild builds the program the way make does and checks
// that the stamped version is the one it prints.
func TestVersionStampedAtBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	exe := filepath.Join(t.TempDir(), "afcontrol")
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	const want = "v9.8.7-3-gabc1234-dirty"
	build := exec.Command(goTool, "build", "-ldflags", "-X main.version="+want, "-o", exe, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(exe, "version").Output()
	if err != nil {
		t.Fatalf("afcontrol version: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != "afcontrol "+want {
		t.Errorf("afcontrol version printed %q, want %q", got, "afcontrol "+want)
	}
}

// TestVersionScript runs packaging/version.sh, which make uses to pick the
// version, in a scratch repository: untagged, tagged, past the tag, dirty.
func TestVersionScript(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the script is for the Linux and macOS builds")
	}
	for _, tool := range []string{"git", "sh"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s on PATH", tool)
		}
	}
	script, err := os.ReadFile(filepath.Join("..", "..", "packaging", "version.sh"))
	if err != nil {
		t.Fatal(err)
	}
	repo := t.TempDir()
	if err := os.MkdirAll(filepath.Join(repo, "packaging"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "packaging", "version.sh"), script, 0o755); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+repo,
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = repo, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	version := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("sh", append([]string{filepath.Join(repo, "packaging", "version.sh")}, args...)...)
		cmd.Env = env
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("version.sh %v: %v", args, err)
		}
		return strings.TrimSpace(string(out))
	}
	check := func(stage, full, numeric string) {
		t.Helper()
		if got := version(); !regexp.MustCompile("^" + full + "$").MatchString(got) {
			t.Errorf("%s: version.sh printed %q, want %s", stage, got, full)
		}
		if got := version("--numeric"); got != numeric {
			t.Errorf("%s: version.sh --numeric printed %q, want %s", stage, got, numeric)
		}
	}

	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "first")
	check("untagged", `0\.0\.0-dev\+[0-9a-f]{7,}`, "0.0.0")
	git("tag", "v1.2.0")
	check("tagged", `v1\.2\.0`, "1.2.0")
	if err := os.WriteFile(filepath.Join(repo, "notes.txt"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git("add", ".")
	git("commit", "-q", "-m", "second")
	check("past the tag", `v1\.2\.0-1-g[0-9a-f]{7,}`, "1.2.0")
	if err := os.WriteFile(filepath.Join(repo, "notes.txt"), []byte("y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	check("dirty", `v1\.2\.0-1-g[0-9a-f]{7,}-dirty`, "1.2.0")
	git("tag", "v2.1")
	check("two-part tag, dirty", `v2\.1-dirty`, "2.1.0")
}

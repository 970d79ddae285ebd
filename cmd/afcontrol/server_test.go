package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/data/datatest"
	"github.com/afcontrol/afcontrol/data/pg/pgtest"
)

// TestServerCommands runs the team's path on a throwaway PostgreSQL: one
// laptop makes the server, a second syncs with it, a reader reads the
// server directly and is refused an import with a clear message.
func TestServerCommands(t *testing.T) {
	pgtest.Start()
	defer pgtest.Stop()
	pgtest.Need(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	url := pgtest.NewDatabase(t)

	a := datatest.Copy(t)
	out := afc(t, "server", "init", "--url", url, "--from", a)
	for _, want := range []string{"server ready", "afcontrol_editor", "34 provinces, 398 districts", "pushed, 0 pulled"} {
		if !strings.Contains(out, want) {
			t.Errorf("server init --from said %q; want %q", out, want)
		}
	}
	b := datatest.Copy(t)
	out = afc(t, "sync", "--db", b, "--server", pgtest.As("bob", url))
	if !strings.Contains(out, "as bob: 0 pushed, 0 pulled") {
		t.Errorf("second laptop's first sync: %q", out)
	}
	if out := afc(t, "sync", "--db", b); !strings.Contains(out, "0 pushed, 0 pulled") {
		t.Errorf("sync with the last server: %q", out)
	}
	if out := afc(t, "conflicts", "--db", b); !strings.Contains(out, "no conflicts") {
		t.Errorf("conflicts: %q", out)
	}

	var rep statusJSON
	if err := json.Unmarshal([]byte(afc(t, "status", "--db", pgtest.As("rita", url), "--date", "2021-08-20", "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Total != 398 || rep.Counts["taliban"] == 0 {
		t.Errorf("status from the server: %d districts, counts %v", rep.Total, rep.Counts)
	}

	csv := filepath.Join(t.TempDir(), "one.csv")
	os.WriteFile(csv, []byte("date,province,district,status,kind,claim,actor,source,source_url,confidence,notes\n"+
		"2022-01-05,Badghis,Qala-I- Naw,contested,attack,false,,A reader's report,,medium,\n"), 0o644)
	var stdout, stderr bytes.Buffer
	code := run([]string{"events", "import", "--db", pgtest.As("rita", url), csv}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "may view and export, not add or edit") {
		t.Errorf("reader's import: exit %d, %q; want refused, saying why", code, stderr.String())
	}
}

package ui

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/events"
)

func TestViewerNoticesAnotherProgramsImport(t *testing.T) {
	v, _ := newTestViewer(t, 800, 600)
	before := v.scene.Control
	_, last, _ := before.Timeline.Range()
	day := last + 10

	other, err := data.Open(v.ds.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	csv := filepath.Join(t.TempDir(), "later.csv")
	if err := os.WriteFile(csv, []byte("date,province,district,status,kind,claim,actor,source,source_url,confidence,notes\n"+
		day.String()+",Herat,Herat,government,retaken,false,NRF,Watch test,,high,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := other.ImportEvents(context.Background(), csv, data.EventOptions{}); err != nil {
		t.Fatal(err)
	}
	var got events.Day
	// The reload swaps the timeline in, then moves the slider's end: wait
	// for both, since the test driver runs it beside this goroutine.
	waitFor(t, "the window to load the other program's import", func() bool {
		_, got, _ = v.scene.Control.Timeline.Range()
		return v.scene.Control != before && got == day && v.slider.last == day
	})
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the window took %s to notice the import, want under 5 s", took)
	}
}

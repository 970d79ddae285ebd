package data

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestWatcherSeesAnotherProgramsCommit(t *testing.T) {
	d, path := initedDataset(t)
	ctx := context.Background()
	w, err := d.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if changed, err := w.Changed(ctx); err != nil || changed {
		t.Fatalf("before any commit: changed %v, %v", changed, err)
	}

	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	csv := filepath.Join(t.TempDir(), "more.csv")
	if err := os.WriteFile(csv, []byte("date,province,district,status,kind,claim,actor,source,source_url,confidence,notes\n"+
		"2021-08-20,Herat,Herat,taliban,captured,false,Taliban,Watch test,,high,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := other.ImportEvents(ctx, csv, EventOptions{}); err != nil {
		t.Fatal(err)
	}
	if changed, err := w.Changed(ctx); err != nil || !changed {
		t.Errorf("after another connection's import: changed %v, %v; want true", changed, err)
	}
	if changed, _ := w.Changed(ctx); changed {
		t.Error("a second look without a commit reports a change")
	}
	w.Close()
	if changed, err := w.Changed(ctx); changed || err != nil {
		t.Errorf("a closed watcher reports %v, %v", changed, err)
	}
}

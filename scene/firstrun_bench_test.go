package scene

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/afcontrol/afcontrol/data"
)

// BenchmarkFirstRun measures a first start offline, in process: make a new
// dataset from the boundaries inside the program (with the gazetteer and
// the bundled timeline), open it, load the scene and render the first
// 1920×1080 frame. The design's goal is 1 s.
func BenchmarkFirstRun(b *testing.B) {
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		path := filepath.Join(b.TempDir(), "first.gpkg")
		if _, err := data.InitEmbedded(ctx, path, nil); err != nil {
			b.Fatal(err)
		}
		d, err := data.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		s, err := Load(ctx, d)
		if err != nil {
			b.Fatal(err)
		}
		s.Renderer.SetView(s.Renderer.FitView(1920, 1080))
		img := s.Frame(FrameOptions{Day: s.LastDay()})
		if img.Bounds().Dx() != 1920 || len(s.Control.Districts) != 398 {
			b.Fatalf("frame %v with %d districts", img.Bounds(), len(s.Control.Districts))
		}
		d.Close()
	}
}

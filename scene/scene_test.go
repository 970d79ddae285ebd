package scene

import (
	"context"
	"testing"

	"github.com/afcontrol/afcontrol/data/datatest"
	"github.com/afcontrol/afcontrol/geom"
)

// Load hands the renderer the interior points stored with the boundaries,
// which are the points it would otherwise compute, so the labels stay where
// they were.
func TestLoadUsesStoredAnchors(t *testing.T) {
	s, err := Load(context.Background(), datatest.Dataset(t))
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range s.Districts {
		if d.Anchor != s.Control.Districts[i].Anchor {
			t.Fatalf("district %d %q: anchor %v, stored %v", i+1, d.Name, d.Anchor, s.Control.Districts[i].Anchor)
		}
		if want := s.Renderer.Proj.Forward(geom.InteriorPoint(d.Geom)); s.Renderer.Anchor(i) != want {
			t.Fatalf("district %d %q: renderer anchor %v, interior point %v", i+1, d.Name, s.Renderer.Anchor(i), want)
		}
	}
}

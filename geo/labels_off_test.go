package geo

import "testing"

func TestSetLabelsOffBeforeFirstView(t *testing.T) {
	r := fixtureRenderer(t)
	r.SetLabels(false)
	r.SetView(r.FitView(400, 300))
	img := r.RenderFrame(FrameSpec{Fills: make([]Fill, len(r.names))})
	if img.Bounds().Dx() != 400 {
		t.Fatalf("frame %v", img.Bounds())
	}
}

package geo

import (
	"image"
	"strings"
	"testing"

	"golang.org/x/image/font"
)

// changedRect returns the smallest rectangle holding every pixel in which
// a and b differ.
func changedRect(a, b *image.RGBA) image.Rectangle {
	var r image.Rectangle
	for y := 0; y < a.Rect.Dy(); y++ {
		for x := 0; x < a.Rect.Dx(); x++ {
			i := a.PixOffset(x, y)
			if string(a.Pix[i:i+4]) != string(b.Pix[i:i+4]) {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}

// The panels a briefing adds through the spec land where they belong and
// touch nothing else: the notes above the legend on the right, wrapped to
// a bounded panel, the north arrow in the top right corner.
func TestFrameSpecPanels(t *testing.T) {
	w, h := 960, 540
	r := fixtureRenderer(t)
	r.SetView(r.FitView(w, h))
	spec := FrameSpec{Fills: []Fill{{Status: Taliban}, {Status: Government}}, Date: "2021-08-01"}
	plain := r.RenderFrame(spec)
	legend := r.drawLegend(image.NewRGBA(plain.Rect), spec)

	notes := spec
	notes.Notes = []string{"Sources: TOLOnews (2), AP (1)", strings.Repeat("Boundaries: a set with a long credit line ", 40)}
	got := changedRect(plain, r.RenderFrame(notes))
	k := r.textScale()
	f := r.faces.face(false, 13*k)
	lh := f.Metrics().Height.Ceil()
	// The last kept line may pass the wrap width by its " …".
	minX := w - int(notesWidth*float64(w)) - 3*int(12*k) - font.MeasureString(f, " …").Ceil()
	switch {
	case got.Empty():
		t.Fatal("the notes drew nothing")
	case got.Max.Y > legend.Min.Y || got.Max.X > w || got.Min.X < minX:
		t.Errorf("notes at %v, legend at %v: want them above it on the right", got, legend)
	case got.Dy() > notesMaxLines*lh+int(12*k)+1:
		t.Errorf("notes panel %d px high: more than %d lines", got.Dy(), notesMaxLines)
	}

	arrow := spec
	arrow.NorthArrow = true
	got = changedRect(plain, r.RenderFrame(arrow))
	if got.Empty() || got.Min.X < w*3/4 || got.Max.Y > h/4 {
		t.Errorf("north arrow at %v: want the top right corner", got)
	}
}

func TestWrapText(t *testing.T) {
	width := func(s string) int { return len(s) }
	for _, tc := range []struct {
		in   string
		max  int
		want []string
	}{
		{"", 10, nil},
		{"a bb ccc dddd", 6, []string{"a bb", "ccc", "dddd"}},
		{"  spaced   out  ", 20, []string{"spaced out"}},
		{"averyveryverylongword x", 5, []string{"averyveryverylongword", "x"}},
	} {
		got := WrapText(tc.in, tc.max, width)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("WrapText(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
	}
}

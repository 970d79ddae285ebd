package geo

import (
	"image"
	"image/color"
	"image/draw"
	"strings"

	"golang.org/x/image/font"
)

// Notes panel limits: lines wrap at this share of the frame's width and
// wrapped lines past the last are dropped.
const (
	notesWidth    = 0.27
	notesMaxLines = 8
)

// drawNotes draws spec.Notes in small text (13 px at 1080 pixels high) on
// a panel whose right edge is 12 px in from the frame's and whose bottom
// edge is a little above the legend's top, bottom. Each note is wrapped at
// spaces to a fraction of the frame's width; wrapped lines past the limit
// are dropped and the last kept one ends with "…". No notes draw nothing.
func (r *Renderer) drawNotes(dst *image.RGBA, notes []string, bottom int) {
	if len(notes) == 0 {
		return
	}
	k := r.textScale()
	f := r.faces.face(false, 13*k)
	maxWidth := int(float64(r.view.W) * notesWidth)
	var wrapped []string
	for _, l := range notes {
		wrapped = append(wrapped, WrapText(l, maxWidth, func(s string) int { return font.MeasureString(f, s).Ceil() })...)
	}
	if len(wrapped) > notesMaxLines {
		wrapped = wrapped[:notesMaxLines]
		wrapped[notesMaxLines-1] = strings.TrimRight(wrapped[notesMaxLines-1], " ,") + " …"
	}
	pad := int(12 * k)
	lh := f.Metrics().Height.Ceil()
	w := 0
	for _, l := range wrapped {
		w = max(w, font.MeasureString(f, l).Ceil())
	}
	x1 := dst.Bounds().Max.X - pad
	rect := image.Rect(x1-w-2*pad, bottom-len(wrapped)*lh-pad, x1, bottom)
	drawNotePanel(dst, rect, r.palette)
	y := rect.Min.Y + pad/2
	for _, l := range wrapped {
		y += lh
		drawString(dst, f, rect.Min.X+pad, y-f.Metrics().Descent.Ceil(), l, r.palette.Text)
	}
}

// WrapText splits s at spaces into lines no wider than maxWidth as measure
// gives it; a single word wider than that stays whole on its line. The
// image's panels measure in pixels, the PDF's in points.
func WrapText[W int | float64](s string, maxWidth W, measure func(string) W) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if line != "" && measure(try) > maxWidth {
			lines = append(lines, line)
			line = word
			continue
		}
		line = try
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// drawNotePanel is drawPanel for the panels a briefing adds (the north
// arrow's, the notes'): the panel colour at the same alpha, blended
// unpremultiplied as briefing images have always had it, which differs
// from drawPanel's by a unit in some channels.
func drawNotePanel(dst *image.RGBA, rect image.Rectangle, p Palette) {
	bg := color.NRGBA{p.Panel.R, p.Panel.G, p.Panel.B, 235}
	draw.Draw(dst, rect, image.NewUniform(bg), image.Point{}, draw.Over)
	drawPanelEdge(dst, rect)
}

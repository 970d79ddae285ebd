package brief

import (
	"image"
	"image/color"
	"image/draw"
	"strings"
	"sync"

	"github.com/afcontrol/afcontrol/geo"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

var regularFont = sync.OnceValues(func() (*opentype.Font, error) { return opentype.Parse(goregular.TTF) })

func face(bold bool, size float64) (font.Face, error) {
	get := regularFont
	if bold {
		get = boldFont
	}
	f, err := get()
	if err != nil {
		return nil, err
	}
	return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
}

// LegendTop returns the top edge, in pixels, of the legend panel that
// geo.Renderer.RenderFrame draws in the bottom right corner of a frame of
// view v with rows legend rows (count the "changed since" row too). It
// repeats the frame's legend layout: a header line, rows of a 14 px face
// at 1080 pixels high and the coverage line in a 12 px face, in a panel
// 12 px in from the frame's corner.
func LegendTop(v geo.View, rows int) int {
	k := TextScale(v)
	head, err1 := face(true, 15*k)
	f, err2 := face(false, 14*k)
	small, err3 := face(false, 12*k)
	if err1 != nil || err2 != nil || err3 != nil {
		return v.H / 2
	}
	defer head.Close()
	defer f.Close()
	defer small.Close()
	pad := int(12 * k)
	rowH := max(int(18*k), f.Metrics().Height.Ceil()) + int(6*k)
	h := head.Metrics().Height.Ceil() + int(8*k) + rows*rowH + small.Metrics().Height.Ceil()
	return v.H - pad - h - 2*pad
}

// DrawNotePanel draws lines of small text (13 px at 1080 pixels high), each
// wrapped to at most maxWidth pixels, on a panel whose right edge is 12 px
// in from dst's right edge and whose bottom edge is at bottom. Wrapped lines
// past maxLines are dropped and the last kept one ends with "…". It returns
// the rectangle it covered; no lines draw nothing.
func DrawNotePanel(dst *image.RGBA, v geo.View, pal geo.Palette, lines []string, maxWidth, maxLines, bottom int) image.Rectangle {
	k := TextScale(v)
	f, err := face(false, 13*k)
	if err != nil || len(lines) == 0 {
		return image.Rectangle{}
	}
	defer f.Close()
	var wrapped []string
	for _, l := range lines {
		wrapped = append(wrapped, wrapText(l, maxWidth, func(s string) int { return font.MeasureString(f, s).Ceil() })...)
	}
	if len(wrapped) > maxLines {
		wrapped = wrapped[:maxLines]
		wrapped[maxLines-1] = strings.TrimRight(wrapped[maxLines-1], " ,") + " …"
	}
	pad := int(12 * k)
	lh := f.Metrics().Height.Ceil()
	w := 0
	for _, l := range wrapped {
		w = max(w, font.MeasureString(f, l).Ceil())
	}
	x1 := dst.Bounds().Max.X - pad
	rect := image.Rect(x1-w-2*pad, bottom-len(wrapped)*lh-pad, x1, bottom)
	drawPanel(dst, rect, pal)
	d := font.Drawer{Dst: dst, Src: image.NewUniform(pal.Text), Face: f}
	y := rect.Min.Y + pad/2
	for _, l := range wrapped {
		y += lh
		d.Dot = fixed.P(rect.Min.X+pad, y-f.Metrics().Descent.Ceil())
		d.DrawString(l)
	}
	return rect
}

// wrapText splits s at spaces into lines no wider than maxWidth as measure
// gives it; a single word wider than that stays whole on its line.
func wrapText(s string, maxWidth int, measure func(string) int) []string {
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

// drawPanel fills rect with the palette's panel colour at alpha 235 and
// frames it in grey, as the frame's own panels are.
func drawPanel(dst *image.RGBA, rect image.Rectangle, pal geo.Palette) {
	panel := color.NRGBA{pal.Panel.R, pal.Panel.G, pal.Panel.B, 235}
	draw.Draw(dst, rect, image.NewUniform(panel), image.Point{}, draw.Over)
	edge := image.NewUniform(color.RGBA{0x70, 0x70, 0x70, 0xff})
	for _, e := range []image.Rectangle{
		image.Rect(rect.Min.X, rect.Min.Y, rect.Max.X, rect.Min.Y+1),
		image.Rect(rect.Min.X, rect.Max.Y-1, rect.Max.X, rect.Max.Y),
		image.Rect(rect.Min.X, rect.Min.Y, rect.Min.X+1, rect.Max.Y),
		image.Rect(rect.Max.X-1, rect.Min.Y, rect.Max.X, rect.Max.Y),
	} {
		draw.Draw(dst, e.Intersect(dst.Bounds()), edge, image.Point{}, draw.Src)
	}
}

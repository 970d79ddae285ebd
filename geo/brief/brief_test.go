package brief

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"math"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/geom"
	"github.com/paulmach/orb"
)

func TestQuantiserKeepsPaletteColoursExact(t *testing.T) {
	for name, p := range geo.Palettes() {
		q := NewQuantiser(p)
		if n := len(q.Palette()); n > 256 {
			t.Fatalf("%s: %d entries", name, n)
		}
		var want []color.RGBA
		for _, set := range [][4]geo.Swatch{p.Confirmed, p.Claimed} {
			for _, s := range set {
				want = append(want, s.Base, s.Ink)
			}
		}
		want = append(want, p.Outside, p.Text, p.Highlight, p.Casing, p.Panel, p.Border[0], p.Border[1], p.Border[2])
		for _, c := range want {
			if got := q.Palette()[q.Index(c)]; got != c {
				t.Errorf("%s: %v maps to %v", name, c, got)
			}
		}
		if name != "default" {
			continue
		}
		// A colour off the table goes to a near entry.
		c := color.RGBA{0x80, 0x40, 0x20, 0xff}
		got := q.Palette()[q.Index(c)].(color.RGBA)
		if d := math.Abs(float64(got.R)-0x80) + math.Abs(float64(got.G)-0x40) + math.Abs(float64(got.B)-0x20); d > 90 {
			t.Errorf("%s: %v maps to the distant %v", name, c, got)
		}
	}
}

func TestGIFWriterRoundTrip(t *testing.T) {
	q := NewQuantiser(geo.DefaultPalette())
	p := geo.DefaultPalette()
	var buf bytes.Buffer
	w := NewGIFWriter(&buf)
	fills := []color.RGBA{p.Confirmed[geo.Taliban].Base, p.Confirmed[geo.Government].Base, p.Outside}
	for i, c := range fills {
		img := image.NewRGBA(image.Rect(0, 0, 40, 30))
		for k := 0; k < len(img.Pix); k += 4 {
			img.Pix[k], img.Pix[k+1], img.Pix[k+2], img.Pix[k+3] = c.R, c.G, c.B, 0xff
		}
		f, err := EncodeFrame(q.Paletted(img))
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(f, 10*(i+1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 3 || g.LoopCount != 0 {
		t.Fatalf("%d frames, loop %d", len(g.Image), g.LoopCount)
	}
	for i, c := range fills {
		if got := g.Image[i].At(20, 15); got != c {
			t.Errorf("frame %d: %v, want %v", i, got, c)
		}
		if g.Delay[i] != 10*(i+1) {
			t.Errorf("frame %d delay %d", i, g.Delay[i])
		}
	}
	// A frame of another size cannot join.
	small, err := EncodeFrame(q.Paletted(image.NewRGBA(image.Rect(0, 0, 5, 5))))
	if err != nil {
		t.Fatal(err)
	}
	w2 := NewGIFWriter(&bytes.Buffer{})
	f, _ := EncodeFrame(q.Paletted(image.NewRGBA(image.Rect(0, 0, 6, 5))))
	if err := w2.Write(f, 1); err != nil {
		t.Fatal(err)
	}
	if err := w2.Write(small, 1); err == nil {
		t.Error("a frame of another size was accepted")
	}
	if err := NewGIFWriter(&bytes.Buffer{}).Close(); err == nil {
		t.Error("an animation without frames was accepted")
	}
}

func TestSourcesLine(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		max  int
		want string
	}{
		{nil, 0, ""},
		{[]string{"TOLOnews 2021-07-07", "TOLOnews 2021-07-05", "Salam Watandar 2021-07 (early July)", "AP", ""}, 0,
			"TOLOnews (2), AP (1), Salam Watandar (1)"},
		{[]string{"AP 2021-08-15", "AP", "Reuters", "BBC"}, 20, "AP (2), and 2 more"},
		{[]string{"A very long outlet name indeed"}, 5, "A very long outlet name indeed (1)"},
	} {
		if got := SourcesLine(tc.in, tc.max); got != tc.want {
			t.Errorf("SourcesLine(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
	}
	if got := Outlet("2021-07-07"); got != "2021-07-07" {
		t.Errorf("a bare date became %q", got)
	}
}

func TestWritePDFFixture(t *testing.T) {
	// Two hand-made square districts side by side near Kabul.
	sq := func(lon float64) orb.MultiPolygon {
		return orb.MultiPolygon{{{{lon, 34}, {lon + 1, 34}, {lon + 1, 35}, {lon, 35}, {lon, 34}}}}
	}
	districts := []orb.MultiPolygon{sq(68), sq(69)}
	var bound orb.Bound
	for i, mp := range districts {
		b := geo.Afghanistan.MultiPolygon(mp).Bound()
		if i == 0 {
			bound = b
		} else {
			bound = bound.Union(b)
		}
	}
	w, h := Slide.MapArea()
	v := geo.FitView(bound, int(w), int(h), 20)
	pal := geo.DefaultPalette()
	fills := []geo.Fill{{Status: geo.Taliban}, {Status: geo.Contested}}
	page := &Page{
		Size: Slide, Proj: geo.Afghanistan, View: v, Palette: pal,
		Districts: districts, Fills: fills,
		Borders: []geom.Border{{Kind: geom.DistrictBorder, Left: 0, Right: 1, Line: orb.LineString{{69, 34}, {69, 35}}}},
		Date:    "2021-08-15", Layer: "confirmed", Title: "Fixture",
		Legend:  geo.LegendRows(pal, geo.CountFills(fills, 2), false),
		Sources: "Fixture Wire (2)",
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, page); err != nil {
		t.Fatal(err)
	}
	b := buf.String()
	if !strings.HasPrefix(b, "%PDF-") || !strings.Contains(b, "%%EOF") {
		t.Fatal("not a PDF")
	}
	if strings.Count(b, "/Type /Page\n")+strings.Count(b, "/Type /Page ") != 1 {
		t.Errorf("want exactly one page")
	}
}

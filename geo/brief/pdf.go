package brief

import (
	"fmt"
	"io"
	"math"
	"time"

	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/geom"
	"github.com/go-pdf/fpdf"
	"github.com/paulmach/orb"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// PageSize is a PDF page in points (1/72 inch).
type PageSize struct {
	Name          string
	Width, Height float64
}

// The page sizes a briefing PDF comes in: A4 landscape, and a 16:9 slide the
// size of a widescreen presentation slide (13.333 × 7.5 in).
var (
	A4Landscape = PageSize{"a4", 841.89, 595.28}
	Slide       = PageSize{"slide", 960, 540}
)

// PageLabel is a name to set on the page, in the box (points) the renderer
// placed it in.
type PageLabel struct {
	Text     string
	Province bool // province names are set in bold capitals
	X0, Y0   float64
	X1, Y1   float64
}

// Page is everything one briefing PDF page shows. Geometry is in lon/lat
// degrees; View places the projected plane on the map area (see
// PageSize.MapArea), one view pixel per point, from the page's top left
// corner.
type Page struct {
	Size      PageSize
	Proj      geo.Projection
	View      geo.View
	Palette   geo.Palette
	Districts []orb.MultiPolygon // lon/lat, indexed like Fills
	Borders   []geom.Border      // lon/lat
	Fills     []geo.Fill         // missing entries are Unknown
	Changed   []int              // districts outlined as changed since Compare
	Labels    []PageLabel

	Title, Date, Layer, Compare string
	Legend                      []geo.LegendRow
	Coverage                    string // the line under the legend: geo.Counts.Coverage
	Sources, Attribution        string
	Created                     time.Time // the document's creation date; zero for now
}

// pageTextSize is the base text size factor: 1 on an A4 landscape page.
func (p *Page) k() float64 { return p.Size.Height / A4Landscape.Height }

// WritePDF writes the page as a one-page PDF: on the map area, district
// fills, hatching and borders as vector paths and the names; in the side
// column, the title, date and layer, the north arrow, the legend with
// counts, the scale bar, the sources line and the attribution, in the
// embedded Go fonts. Vertices closer together than a twentieth of a
// point are merged (by snapping to a shared grid, so neighbouring districts
// keep identical edges).
func WritePDF(w io.Writer, p *Page) error {
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", Size: fpdf.SizeType{Wd: p.Size.Width, Ht: p.Size.Height}})
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	title := p.Title
	if title == "" {
		title = geo.DefaultTitle
	}
	pdf.SetTitle(title+", "+p.Date, true)
	pdf.SetCreator("afcontrol", true)
	if !p.Created.IsZero() {
		pdf.SetCreationDate(p.Created)
	}
	pdf.AddPage()

	d := &drawer{pdf: pdf, p: p}
	d.background()
	d.districts()
	d.borders()
	d.changed()
	d.labels()
	d.column(title)
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return pdf.Output(w)
}

// drawer draws one page; polys caches the districts in page points.
type drawer struct {
	pdf   *fpdf.Fpdf
	p     *Page
	polys [][][][2]float64
}

func (d *drawer) fillColour(c [3]uint8) { d.pdf.SetFillColor(int(c[0]), int(c[1]), int(c[2])) }
func (d *drawer) drawColour(c [3]uint8) { d.pdf.SetDrawColor(int(c[0]), int(c[1]), int(c[2])) }

func rgb3(c interface{ RGBA() (r, g, b, a uint32) }) [3]uint8 {
	r, g, b, _ := c.RGBA()
	return [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}
}

func (d *drawer) background() {
	d.fillColour(rgb3(d.p.Palette.Outside))
	d.pdf.Rect(0, 0, d.p.Size.Width, d.p.Size.Height, "F")
}

// pagePolys returns each district projected onto the page: rings of page
// points, snapped to the shared grid.
func (d *drawer) pagePolys() [][][][2]float64 {
	v := d.p.View
	plane := make([]orb.MultiPolygon, len(d.p.Districts))
	for i, mp := range d.p.Districts {
		plane[i] = d.p.Proj.MultiPolygon(mp)
	}
	plane = geo.Snap(plane, 0.05/v.Scale)
	out := make([][][][2]float64, len(plane))
	for i, mp := range plane {
		for _, poly := range mp {
			for _, ring := range poly {
				pts := make([][2]float64, len(ring))
				for j, q := range ring {
					x, y := v.Pixel(q)
					pts[j] = [2]float64{x, y}
				}
				out[i] = append(out[i], pts)
			}
		}
	}
	return out
}

// path adds the rings to the current path.
func (d *drawer) path(rings [][][2]float64) {
	for _, r := range rings {
		if len(r) < 3 {
			continue
		}
		d.pdf.MoveTo(r[0][0], r[0][1])
		for _, q := range r[1:] {
			d.pdf.LineTo(q[0], q[1])
		}
		d.pdf.ClosePath()
	}
}

func (d *drawer) districts() {
	polys := d.pagePolys()
	for i, rings := range polys {
		if len(rings) == 0 {
			continue
		}
		var f geo.Fill
		if i < len(d.p.Fills) {
			f = d.p.Fills[i]
		}
		s := d.p.Palette.Swatch(f)
		d.fillColour(rgb3(s.Base))
		d.path(rings)
		d.pdf.DrawPath("f*")
		if s.Pattern != geo.Solid || s.Sparse {
			d.pdf.RawWriteStr("q")
			d.path(rings)
			d.pdf.RawWriteStr("W* n")
			d.pattern(s, ringsBound(rings))
			d.pdf.RawWriteStr("Q")
		}
	}
	d.polys = polys
}

func ringsBound(rings [][][2]float64) [4]float64 {
	b := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, r := range rings {
		for _, q := range r {
			b[0], b[1] = math.Min(b[0], q[0]), math.Min(b[1], q[1])
			b[2], b[3] = math.Max(b[2], q[0]), math.Max(b[3], q[1])
		}
	}
	return b
}

// patternPeriod is the spacing in points of hatch lines and dots: about the
// 8 pixels of the raster patterns on a 1080-pixel frame of the same map.
const patternPeriod = 3.6

// pattern draws swatch s's ink pattern over the box b (x0, y0, x1, y1),
// for use inside a clip. Lines and dots are fixed to the page, not to the
// district, so neighbours' hatching lines up as it does on screen.
func (d *drawer) pattern(s geo.Swatch, b [4]float64) {
	pdf := d.pdf
	d.drawColour(rgb3(s.Ink))
	d.fillColour(rgb3(s.Ink))
	per := patternPeriod
	switch s.Pattern {
	case geo.Hatch, geo.CrossHatch:
		pdf.SetLineWidth(per / 4)
		pdf.SetLineCapStyle("butt")
		// Lines x+y = c rise to the right on the page (y grows down).
		for c := math.Floor((b[0]+b[1])/per) * per; c <= b[2]+b[3]+per; c += per {
			pdf.MoveTo(c-b[3], b[3])
			pdf.LineTo(c-b[1], b[1])
		}
		if s.Pattern == geo.CrossHatch {
			for c := math.Floor((b[0]-b[3])/per) * per; c <= b[2]-b[1]+per; c += per {
				pdf.MoveTo(c+b[1], b[1])
				pdf.LineTo(c+b[3], b[3])
			}
		}
		pdf.DrawPath("S")
	case geo.Dots:
		dot := per / 4
		pdf.SetLineWidth(dot)
		pdf.SetLineCapStyle("butt")
		row := 0
		for y := math.Floor(b[1]/(per/2)) * (per / 2); y <= b[3]+per; y += per / 2 {
			off := 0.0
			if row%2 == 1 {
				off = per / 2
			}
			for x := math.Floor(b[0]/per)*per + off; x <= b[2]+per; x += per {
				pdf.MoveTo(x, y)
				pdf.LineTo(x+dot, y)
			}
			row++
		}
		pdf.DrawPath("S")
	}
	if s.Sparse {
		// The tentative dash: five eighths of a period long, on the
		// fourth eighth of every period, as on screen.
		d.drawColour(rgb3(s.Mark))
		pdf.SetLineWidth(per / 8)
		pdf.SetLineCapStyle("butt")
		for y := math.Floor(b[1]/per)*per + per*3.5/8; y <= b[3]+per; y += per {
			for x := math.Floor(b[0]/per) * per; x <= b[2]+per; x += per {
				pdf.MoveTo(x, y)
				pdf.LineTo(x+per*5/8, y)
			}
		}
		pdf.DrawPath("S")
	}
}

// borderWidth returns the page width in points of a border kind: the
// palette's pixel widths at the scale of a 1080-pixel frame of the page.
func (d *drawer) borderWidth(k geom.BorderKind) float64 {
	return float64(d.p.Palette.BorderWidth[k]) * d.p.Size.Height / 1080 * 1.2
}

func (d *drawer) borders() {
	pdf := d.pdf
	v := d.p.View
	grid := 0.05 / v.Scale
	pdf.SetLineCapStyle("round")
	pdf.SetLineJoinStyle("round")
	for _, kind := range []geom.BorderKind{geom.DistrictBorder, geom.ProvinceBorder, geom.CountryBorder} {
		d.drawColour(rgb3(d.p.Palette.Border[kind]))
		pdf.SetLineWidth(d.borderWidth(kind))
		n := 0
		for _, b := range d.p.Borders {
			if b.Kind != kind {
				continue
			}
			ls := geo.SnapLine(d.p.Proj.LineString(b.Line), grid)
			if len(ls) < 2 {
				continue
			}
			x, y := v.Pixel(ls[0])
			pdf.MoveTo(x, y)
			for _, q := range ls[1:] {
				x, y := v.Pixel(q)
				pdf.LineTo(x, y)
			}
			n++
		}
		if n > 0 {
			pdf.DrawPath("S")
		}
	}
}

// changed outlines the changed districts: a dark casing under a bright line.
func (d *drawer) changed() {
	if len(d.p.Changed) == 0 {
		return
	}
	pdf := d.pdf
	w := d.borderWidth(geom.CountryBorder)
	for pass, c := range [][3]uint8{rgb3(d.p.Palette.Casing), rgb3(d.p.Palette.Highlight)} {
		d.drawColour(c)
		pdf.SetLineWidth(w * float64(2-pass) * 0.9)
		n := 0
		for _, i := range d.p.Changed {
			if i >= 0 && i < len(d.polys) && len(d.polys[i]) > 0 {
				d.path(d.polys[i])
				n++
			}
		}
		if n > 0 {
			pdf.DrawPath("S")
		}
	}
}

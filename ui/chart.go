package ui

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
)

// chartTally is a published tally placed on the chart.
type chartTally struct {
	day     events.Day
	status  geo.Status
	count   int // as published
	outOf   int // the total it was counted of; 0 when not stated
	claim   bool
	counted string
	source  string
}

// drawnCount is the tally's height on a chart of total districts: its share
// of its own total when that differs (71 of 407 is drawn as 69 of 398), the
// count itself otherwise.
func (t chartTally) drawnCount(total int) int {
	if t.outOf <= 0 || total <= 0 || t.outOf == total {
		return t.count
	}
	return int(math.Round(float64(t.count) * float64(total) / float64(t.outOf)))
}

// describe is the tally's tooltip: value, what was counted, outlet and
// date, and how it is drawn when it counts out of another total.
func (t chartTally) describe(total int) string {
	kind := "reported"
	if t.claim {
		kind = "claimed"
	}
	s := fmt.Sprintf("%d %s (%s)", t.count, t.counted, kind)
	if t.outOf > 0 {
		s = fmt.Sprintf("%d of %d %s (%s)", t.count, t.outOf, t.counted, kind)
	}
	s += "\n" + t.source + " · " + t.day.String()
	if d := t.drawnCount(total); d != t.count || (t.outOf > 0 && t.outOf != total) {
		s += fmt.Sprintf("\ndrawn as its share of %d: %d", total, d)
	}
	return s
}

// tallyStatus returns the status a tally counts, or false for one that does
// not count districts by control (percentages, provincial capitals, monthly
// losses).
func tallyStatus(counted string) (geo.Status, bool) {
	c := strings.ToLower(counted)
	if !strings.HasPrefix(c, "districts controlled") && !strings.HasPrefix(c, "district centres controlled") &&
		c != "districts contested" {
		return 0, false
	}
	switch {
	case strings.Contains(c, "contested"):
		return geo.Contested, true
	case strings.Contains(c, "government"):
		return geo.Government, true
	case strings.Contains(c, "taliban"):
		return geo.Taliban, true
	}
	return 0, false
}

// Chart draws the number of districts in each status over the data's range
// in the palette's colours, the districts with no sourced report as a
// dashed line, a cursor at the day shown, and the published tallies as
// marks: filled circles for reported counts, hollow diamonds for claims. A
// tally counted out of another total than the map's (400, 407, 421) is
// drawn as its share of the map's districts, and says so. Hovering a mark
// tells its value, what was counted, the outlet and the date. A click or
// drag calls OnTapped with the day under the pointer.
type Chart struct {
	widget.BaseWidget

	// OnTapped is called with the day under a click or drag.
	OnTapped func(day events.Day)

	first   events.Day
	series  []timeline.Counts
	tallies []chartTally
	palette geo.Palette
	day     events.Day
	layer   timeline.Layer
	tl      *timeline.Timeline
	tip     *mapTip
	rend    *chartRenderer // nil until the chart is on a canvas
}

// NewChart returns the chart of the timeline's daily counts with tallies.
func NewChart(tl *timeline.Timeline, tallies []data.Tally, p geo.Palette) *Chart {
	c := &Chart{palette: p, tip: newMapTip()}
	c.SetData(tl, tallies)
	c.ExtendBaseWidget(c)
	return c
}

// SetData replaces the timeline and tallies drawn.
func (c *Chart) SetData(tl *timeline.Timeline, tallies []data.Tally) {
	c.tl = tl
	c.tallies = c.tallies[:0]
	for _, t := range tallies {
		st, ok := tallyStatus(t.Counted)
		day, err := events.ParseDay(t.Date)
		if !ok || err != nil {
			continue
		}
		c.tallies = append(c.tallies, chartTally{day: day, status: st, count: t.Count, outOf: t.OutOf, claim: t.Claim,
			counted: t.Counted, source: t.Source})
	}
	c.loadSeries()
}

func (c *Chart) loadSeries() {
	c.first, c.series = c.tl.Series(c.layer)
	c.Refresh()
}

// SetDay moves the cursor to day. The cursor is a line of its own over the
// chart's image, so the image is not drawn again.
func (c *Chart) SetDay(day events.Day) {
	if c.day == day {
		return
	}
	c.day = day
	if c.rend != nil {
		c.rend.placeCursor()
		c.rend.cursor.Refresh()
	}
}

// SetLayer draws the counts of layer.
func (c *Chart) SetLayer(l timeline.Layer) {
	if c.layer == l {
		return
	}
	c.layer = l
	c.loadSeries()
}

// SetPalette redraws in palette p.
func (c *Chart) SetPalette(p geo.Palette) {
	c.palette = p
	c.Refresh()
}

// total is the number of districts the chart counts.
func (c *Chart) total() int {
	if len(c.series) == 0 {
		return 0
	}
	return c.series[len(c.series)-1].Total
}

// TallyAt returns the tally whose mark is under pos (widget coordinates),
// within the mark's size, the nearest when several are.
func (c *Chart) TallyAt(pos fyne.Position) (chartTally, bool) {
	n := len(c.series)
	if n == 0 {
		return chartTally{}, false
	}
	th := c.Theme()
	reach := th.Size(theme.SizeNameInnerPadding) + 2
	top, height := c.plotY()
	yMax := c.yMax()
	best, found := float32(reach*reach), -1
	for i, t := range c.tallies {
		if t.day < c.first || int(t.day-c.first) >= n {
			continue
		}
		x := c.XOf(t.day)
		y := top + height - height*float32(t.drawnCount(c.total()))/float32(max(yMax, 1))
		if d := (x-pos.X)*(x-pos.X) + (y-pos.Y)*(y-pos.Y); d <= best {
			best, found = d, i
		}
	}
	if found < 0 {
		return chartTally{}, false
	}
	return c.tallies[found], true
}

// MouseIn is part of desktop.Hoverable.
func (c *Chart) MouseIn(ev *desktop.MouseEvent) { c.MouseMoved(ev) }

// MouseMoved is part of desktop.Hoverable: over a tally's mark, the tip
// describes it.
func (c *Chart) MouseMoved(ev *desktop.MouseEvent) {
	t, ok := c.TallyAt(ev.Position)
	if !ok {
		c.MouseOut()
		return
	}
	lines := strings.SplitN(t.describe(c.total()), "\n", 2)
	c.tip.title.Text, c.tip.detail.Text = lines[0], ""
	if len(lines) > 1 {
		c.tip.detail.Text = strings.ReplaceAll(lines[1], "\n", " · ")
	}
	c.tip.at = ev.Position
	c.tip.applyTheme(c.Theme(), fyne.CurrentApp().Settings().ThemeVariant())
	c.tip.place(c.Size(), c.Theme())
}

// MouseOut is part of desktop.Hoverable.
func (c *Chart) MouseOut() {
	if !c.tip.box.Hidden {
		c.tip.hide()
	}
}

// TipText returns the tally tip's lines, "" when it is hidden.
func (c *Chart) TipText() (title, detail string) {
	if c.tip.box.Hidden {
		return "", ""
	}
	return c.tip.title.Text, c.tip.detail.Text
}

// DayAt returns the day under x (widget coordinates), clamped to the range.
func (c *Chart) DayAt(x float32) events.Day {
	n := len(c.series)
	if n == 0 {
		return c.first
	}
	left, width := c.plotX()
	f := float64((x - left) / width)
	i := int(math.Round(f * float64(n-1)))
	return c.first + events.Day(min(max(i, 0), n-1))
}

// XOf returns the x (widget coordinates) of day.
func (c *Chart) XOf(day events.Day) float32 {
	left, width := c.plotX()
	n := len(c.series)
	if n < 2 {
		return left
	}
	return left + width*float32(day-c.first)/float32(n-1)
}

// plotX returns the left edge and width of the plot area.
func (c *Chart) plotX() (left, width float32) {
	th := c.Theme()
	pad := th.Size(theme.SizeNameInnerPadding)
	left = fyne.MeasureText("400", th.Size(theme.SizeNameCaptionText), fyne.TextStyle{}).Width + 2*pad
	return left, max(c.Size().Width-left-pad, 1)
}

// Tapped is part of fyne.Tappable.
func (c *Chart) Tapped(ev *fyne.PointEvent) {
	if c.OnTapped != nil {
		c.OnTapped(c.DayAt(ev.Position.X))
	}
}

// Dragged is part of fyne.Draggable: dragging scrubs through the days.
func (c *Chart) Dragged(ev *fyne.DragEvent) {
	if c.OnTapped != nil {
		c.OnTapped(c.DayAt(ev.Position.X))
	}
}

// DragEnd is part of fyne.Draggable.
func (c *Chart) DragEnd() {}

// MinSize is part of fyne.Widget.
func (c *Chart) MinSize() fyne.Size {
	c.ExtendBaseWidget(c)
	th := c.Theme()
	return fyne.NewSize(th.Size(theme.SizeNameText)*20, th.Size(theme.SizeNameText)*11)
}

// CreateRenderer is part of fyne.Widget.
func (c *Chart) CreateRenderer() fyne.WidgetRenderer {
	r := &chartRenderer{c: c, cursor: canvas.NewLine(color.Black)}
	r.raster = canvas.NewRaster(r.draw)
	for _, s := range []string{"0", "", "", "", ""} {
		r.yText = append(r.yText, canvas.NewText(s, color.Black))
	}
	r.yTitle = canvas.NewText("districts", color.Black)
	r.key = canvas.NewText("", color.Black)
	c.rend = r
	r.Refresh()
	return r
}

type chartRenderer struct {
	c      *Chart
	raster *canvas.Raster
	cursor *canvas.Line
	yText  []*canvas.Text
	xText  []*canvas.Text
	xDays  []events.Day
	key    *canvas.Text
	yTitle *canvas.Text
	top    int // y axis maximum
	paints int // times the image was asked to be drawn again (tests)
}

// plotY returns the top and height of the plot area.
func (c *Chart) plotY() (top, height float32) {
	th := c.Theme()
	pad := th.Size(theme.SizeNameInnerPadding)
	cap := th.Size(theme.SizeNameCaptionText)
	top = cap + pad
	return top, max(c.Size().Height-top-cap-pad, 1)
}

// yMax is the top of the y axis: the district total (or the largest
// drawn tally) rounded up to a hundred.
func (c *Chart) yMax() int {
	top := 100
	for _, s := range c.series {
		top = max(top, s.Total)
	}
	for _, t := range c.tallies {
		top = max(top, t.drawnCount(c.total()))
	}
	return (top + 99) / 100 * 100
}

func (r *chartRenderer) plotY() (top, height float32) { return r.c.plotY() }

func (r *chartRenderer) yMax() int { return r.c.yMax() }

func (r *chartRenderer) Layout(size fyne.Size) {
	r.raster.Resize(size)
	th := r.c.Theme()
	pad := th.Size(theme.SizeNameInnerPadding)
	top, height := r.plotY()
	left, _ := r.c.plotX()
	for i, t := range r.yText {
		v := r.top * i / (len(r.yText) - 1)
		ts := t.MinSize()
		y := top + height - height*float32(v)/float32(max(r.top, 1))
		t.Move(fyne.NewPos(left-pad-ts.Width, y-ts.Height/2))
		t.Resize(ts)
	}
	for i, t := range r.xText {
		ts := t.MinSize()
		x := r.c.XOf(r.xDays[i]) - ts.Width/2
		x = min(max(x, left), size.Width-ts.Width)
		t.Move(fyne.NewPos(x, top+height))
		t.Resize(ts)
	}
	ys := r.yTitle.MinSize()
	r.yTitle.Move(fyne.NewPos(pad/2, 0))
	r.yTitle.Resize(ys)
	r.key.Move(fyne.NewPos(max(left, pad/2+ys.Width+2*pad), 0))
	r.key.Resize(r.key.MinSize())
	r.placeCursor()
}

// placeCursor puts the cursor at the chart's day, hidden outside the range.
func (r *chartRenderer) placeCursor() {
	pad := r.c.Theme().Size(theme.SizeNameInnerPadding)
	top, height := r.plotY()
	x := r.c.XOf(r.c.day)
	r.cursor.Position1 = fyne.NewPos(x, top-pad/2)
	r.cursor.Position2 = fyne.NewPos(x, top+height)
	r.cursor.Hidden = len(r.c.series) == 0 || r.c.day < r.c.first || int(r.c.day-r.c.first) >= len(r.c.series)
}

func (r *chartRenderer) MinSize() fyne.Size { return r.c.MinSize() }

func (r *chartRenderer) Refresh() {
	th := r.c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	muted := th.Color(theme.ColorNamePlaceHolder, v)
	small := th.Size(theme.SizeNameCaptionText)
	r.top = r.yMax()
	for i, t := range r.yText {
		t.Text = strconv.Itoa(r.top * i / (len(r.yText) - 1))
		t.Color, t.TextSize = muted, small
	}
	r.key.Color, r.key.TextSize = muted, small
	r.yTitle.Color, r.yTitle.TextSize = fg, small
	r.yTitle.TextStyle.Bold = true
	r.key.Text = "lines: districts per status, no sourced report dashed · dot: reported tally · diamond: claimed tally"
	if others := r.c.otherTotals(); others != "" {
		r.key.Text += fmt.Sprintf(" · tallies of %s drawn as a share of %d", others, r.c.total())
	}
	r.xText, r.xDays = r.xText[:0], r.xDays[:0]
	if n := len(r.c.series); n > 0 {
		first, last := r.c.first, r.c.first+events.Day(n-1)
		for _, d := range monthStarts(first, last) {
			t := canvas.NewText(d.Time().Format("Jan 2006"), muted)
			t.TextSize = small
			r.xDays = append(r.xDays, d)
			r.xText = append(r.xText, t)
		}
	}
	r.cursor.StrokeColor = fg
	r.cursor.StrokeWidth = th.Size(theme.SizeNameInputBorder)
	r.Layout(r.c.Size())
	r.paints++
	r.raster.Refresh()
	r.cursor.Refresh()
	for _, t := range r.yText {
		t.Refresh()
	}
	r.key.Refresh()
	r.yTitle.Refresh()
}

// otherTotals lists the totals, other than the chart's, that tallies were
// counted of ("400, 407"), or "".
func (c *Chart) otherTotals() string {
	seen := map[int]bool{}
	var out []string
	for _, t := range c.tallies {
		if t.outOf > 0 && t.outOf != c.total() && !seen[t.outOf] {
			seen[t.outOf] = true
			out = append(out, strconv.Itoa(t.outOf))
		}
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) < len(out[j]) || len(out[i]) == len(out[j]) && out[i] < out[j] })
	return strings.Join(out, ", ")
}

// monthStarts returns the first days of the months in first..last, thinned
// to at most eight.
func monthStarts(first, last events.Day) []events.Day {
	var out []events.Day
	t := first.Time()
	m := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	if m.Before(t) {
		m = m.AddDate(0, 1, 0)
	}
	for ; !m.After(last.Time()); m = m.AddDate(0, 1, 0) {
		out = append(out, events.DayOf(m.Year(), m.Month(), 1))
	}
	for len(out) > 8 {
		var thin []events.Day
		for i := 0; i < len(out); i += 2 {
			thin = append(thin, out[i])
		}
		out = thin
	}
	return out
}

func (r *chartRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.raster, r.key, r.yTitle}
	for _, t := range r.yText {
		objs = append(objs, t)
	}
	for _, t := range r.xText {
		objs = append(objs, t)
	}
	return append(objs, r.cursor, r.c.tip.box, r.c.tip.title, r.c.tip.detail)
}

func (r *chartRenderer) Destroy() {}

// draw paints the grid, the series and the tally marks at w×h pixels.
func (r *chartRenderer) draw(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	c := r.c
	size := c.Size()
	if size.Width <= 0 || size.Height <= 0 || len(c.series) == 0 {
		return img
	}
	sx, sy := float32(w)/size.Width, float32(h)/size.Height
	th := c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	grid := toRGBA(th.Color(theme.ColorNameSeparator, v))
	top, height := r.plotY()
	left, width := c.plotX()
	px := func(x float32) int { return int(x * sx) }
	py := func(count int) int {
		return int((top + height - height*float32(count)/float32(max(r.top, 1))) * sy)
	}
	x0, x1 := px(left), px(left+width)
	for i := 0; i <= 4; i++ {
		y := py(r.top * i / 4)
		fillRect(img, image.Rect(x0, y, x1, y+1), grid)
	}
	lw := max(1, int(math.Round(float64(1.5*sx))))
	n := len(c.series)
	noReport := toRGBA(th.Color(theme.ColorNamePlaceHolder, v))
	for _, st := range []geo.Status{geo.Unknown, geo.Government, geo.Contested, geo.Taliban} {
		col := lineColour(c.palette, st)
		if st == geo.Unknown {
			col = noReport
		}
		prev := -1
		for x := x0; x < x1; x++ {
			if st == geo.Unknown && (x-x0)/int(6*sx+1)%2 == 1 {
				prev = -1 // the gaps of the dashes
				continue
			}
			i := int(math.Round(float64(x-x0) / float64(max(x1-x0-1, 1)) * float64(n-1)))
			y := py(c.series[min(i, n-1)].ByStatus[st])
			if prev < 0 {
				prev = y
			}
			lo, hi := min(prev, y), max(prev, y)
			fillRect(img, image.Rect(x, lo-lw/2, x+lw, hi+lw-lw/2), col)
			prev = y
		}
	}
	rad := max(3, int(4*sx))
	edge := toRGBA(th.Color(theme.ColorNameForeground, v))
	for _, t := range c.tallies {
		if t.day < c.first || int(t.day-c.first) >= n {
			continue
		}
		x := px(c.XOf(t.day))
		y := py(t.drawnCount(c.total()))
		col := lineColour(c.palette, t.status)
		if t.claim {
			diamond(img, x, y, rad+1, edge)
			diamond(img, x, y, rad-1, col)
		} else {
			disc(img, x, y, rad+1, edge)
			disc(img, x, y, rad, col)
		}
	}
	return img
}

// lineColour is the colour a status's line takes in palette p: its swatch's
// base, a third of the way to the ink for a patterned swatch, so a pale
// hatched base (contested) reads darker and stays apart from the ink's own
// status.
func lineColour(p geo.Palette, st geo.Status) color.RGBA {
	s := p.Swatch(geo.Fill{Status: st})
	if s.Pattern == geo.Solid {
		return s.Base
	}
	mix := func(a, b uint8) uint8 { return uint8((2*int(a) + int(b)) / 3) }
	return color.RGBA{mix(s.Base.R, s.Ink.R), mix(s.Base.G, s.Ink.G), mix(s.Base.B, s.Ink.B), 0xff}
}

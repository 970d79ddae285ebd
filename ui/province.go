package ui

import (
	"fmt"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/scene"
)

// recentDays is how far back a province summary lists changes.
const recentDays = 30

// countsLine is counts by status in the legend's words and order.
func countsLine(c statusCounts) string {
	return fmt.Sprintf("%d %s · %d %s · %d %s · %d %s, of %d districts",
		c.ByStatus[geo.Taliban], geo.StatusName(geo.Taliban), c.ByStatus[geo.Contested], geo.StatusName(geo.Contested),
		c.ByStatus[geo.Government], geo.StatusName(geo.Government), c.ByStatus[geo.Unknown], geo.StatusName(geo.Unknown), c.Total)
}

// provinceSummary fills the panel with the province's counts, its
// districts with their statuses (a tap opens one), and the districts whose
// status changed in the last recentDays days. The day's statuses are the
// shown state's; only the day recentDays before is computed here.
func (p *DistrictPanel) provinceSummary() {
	c := p.scene.Control
	pi := p.province
	day, layer := p.state.Day, p.state.Layer
	p.box.Add(widget.NewRichText(&widget.TextSegment{Text: c.Provinces[pi] + " province", Style: widget.RichTextStyleSubHeading}))
	counts := p.state.provinceCounts(c.ProvinceOf, pi)
	sum := widget.NewLabel("On " + day.String() + ": " + countsLine(counts))
	sum.Wrapping = fyne.TextWrapWord
	p.box.Add(sum)

	var ids []int
	for i, of := range c.ProvinceOf {
		if of == pi {
			ids = append(ids, i)
		}
	}
	sort.Slice(ids, func(a, b int) bool { return p.scene.Renderer.Name(ids[a]) < p.scene.Renderer.Name(ids[b]) })
	since := day - recentDays
	changed := map[int]bool{}
	for _, i := range c.Timeline.Changed(since, day, layer) {
		changed[i] = true
	}
	edge := [4]uint8{0x40, 0x40, 0x40, 0xff}
	row := func(i int, text string) fyne.CanvasObject {
		sw := swatchImageObject(p.palette.Swatch(geo.Fill{Status: p.state.fill(i).Status}), edge)
		b := widget.NewButton(text, func() {
			if p.OnDistrict != nil {
				p.OnDistrict(i)
			}
		})
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		return container.NewBorder(nil, nil, container.NewCenter(sw), nil, b)
	}
	p.box.Add(widget.NewSeparator())
	p.box.Add(widget.NewLabelWithStyle(fmt.Sprintf("Changed since %s", since), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	old := c.Timeline.StatusOn(since, layer, nil)
	n := 0
	for _, i := range ids {
		if changed[i] {
			n++
			p.box.Add(row(i, fmt.Sprintf("%s: %s → %s", p.scene.Renderer.Name(i), geo.StatusName(scene.MapStatus(old[i])), geo.StatusName(p.state.fill(i).Status))))
		}
	}
	if n == 0 {
		p.box.Add(widget.NewLabel("No district changed."))
	}
	p.box.Add(widget.NewSeparator())
	p.box.Add(widget.NewLabelWithStyle(fmt.Sprintf("Districts: %d", len(ids)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, i := range ids {
		p.box.Add(row(i, p.scene.Renderer.Name(i)+": "+geo.StatusName(p.state.fill(i).Status)))
	}
}

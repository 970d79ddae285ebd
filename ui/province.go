package ui

import (
	"fmt"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
)

// recentDays is how far back a province summary lists changes.
const recentDays = 30

// countsLine is counts by status in the legend's words and order.
func countsLine(c timeline.Counts) string {
	return fmt.Sprintf("%d %s · %d %s · %d %s · %d %s, of %d districts",
		c.ByStatus[events.Taliban], statusName(geo.Taliban), c.ByStatus[events.Contested], statusName(geo.Contested),
		c.ByStatus[events.Government], statusName(geo.Government), c.ByStatus[events.Unknown], statusName(geo.Unknown), c.Total)
}

// provinceSummary fills the panel with the province's counts, its
// districts with their statuses (a tap opens one), and the districts whose
// status changed in the last recentDays days.
func (p *DistrictPanel) provinceSummary() {
	c := p.scene.Control
	pi := p.province
	p.box.Add(widget.NewRichText(&widget.TextSegment{Text: c.Provinces[pi] + " province", Style: widget.RichTextStyleSubHeading}))
	counts := c.Timeline.CountsBy(p.day, p.layer(), c.ProvinceOf, len(c.Provinces))[pi]
	sum := widget.NewLabel("On " + p.day.String() + ": " + countsLine(counts))
	sum.Wrapping = fyne.TextWrapWord
	p.box.Add(sum)

	var ids []int
	for i, of := range c.ProvinceOf {
		if of == pi {
			ids = append(ids, i)
		}
	}
	sort.Slice(ids, func(a, b int) bool { return p.scene.Renderer.Name(ids[a]) < p.scene.Renderer.Name(ids[b]) })
	st := c.Timeline.StatusOn(p.day, p.layer(), nil)
	since := p.day - recentDays
	changed := map[int]bool{}
	for _, i := range c.Timeline.Changed(since, p.day, p.layer()) {
		changed[i] = true
	}
	edge := [4]uint8{0x40, 0x40, 0x40, 0xff}
	row := func(i int, text string) fyne.CanvasObject {
		sw := swatchImageObject(p.palette.Swatch(geo.Fill{Status: geo.Status(st[i])}), edge)
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
	old := c.Timeline.StatusOn(since, p.layer(), nil)
	n := 0
	for _, i := range ids {
		if changed[i] {
			n++
			p.box.Add(row(i, fmt.Sprintf("%s: %s → %s", p.scene.Renderer.Name(i), statusName(geo.Status(old[i])), statusName(geo.Status(st[i])))))
		}
	}
	if n == 0 {
		p.box.Add(widget.NewLabel("No district changed."))
	}
	p.box.Add(widget.NewSeparator())
	p.box.Add(widget.NewLabelWithStyle(fmt.Sprintf("Districts: %d", len(ids)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, i := range ids {
		p.box.Add(row(i, p.scene.Renderer.Name(i)+": "+statusName(geo.Status(st[i]))))
	}
}

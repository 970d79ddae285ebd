package ui

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/scene"
)

// DistrictPanel tells everything known about one district: its status on
// the day shown and the report that decides it, its province's counts that
// day with the province- and country-wide reports that concern it, and its
// full dated history with sources (links open in the browser).
//
// The history is a virtualised list, newest first: only the rows on screen
// exist as widgets, so a district with ten thousand reports opens as fast as
// one with ten, and a new day rebuilds the few lines above the list, never
// the list. The area reports, few, are cards below the heading.
type DistrictPanel struct {
	widget.BaseWidget

	// OnEdit is called when the analyst asks to edit one of the events.
	OnEdit func(e data.Event)
	// OnAdd is called when the analyst asks to add an event to the district.
	OnAdd func(district int)
	// OnOpen opens a source's address (http or https only); nil: the app's
	// OpenURL, its failure unseen.
	OnOpen func(u *url.URL)
	// OnDistrict is called when the analyst picks a district in a
	// province summary.
	OnDistrict func(district int)

	scene    *scene.Scene
	ds       *data.Dataset
	palette  geo.Palette
	district int // -1: none chosen
	province int // shown when no district is; -1: none
	state    *DayState
	lines    statusLines
	rebuilds int // times the panel was laid out anew (tests)
	events   []data.Event
	area     []data.Event // the province's and the country's area reports
	err      error
	loaded   int             // load generation shown
	loading  int             // load generation asked for
	box      *fyne.Container // everything above the history
	history  *widget.List
	summary  bool // the layout is the province summary's
	rows     map[fyne.CanvasObject]*eventRow
	content  *fyne.Container
	onLoaded func() // called after events arrive (tests)
	// OnResized is called when the height the panel needs changes, for a
	// scrolling parent to lay it out again.
	OnResized func()
	needs     float32
}

// statusLines are the district's lines that depend on the day: its status
// with its swatch, the report that decides it, and its province's counts.
// A new day changes their text; the history below them stays as it is.
type statusLines struct {
	swatch            *canvas.Image
	status, since, of *widget.Label
	row               fyne.CanvasObject // the swatch beside the status
}

func newStatusLines() statusLines {
	l := statusLines{
		swatch: swatchImageObject(geo.Swatch{}, [4]uint8{0x40, 0x40, 0x40, 0xff}),
		status: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		since:  widget.NewLabel(""),
		of:     widget.NewLabel(""),
	}
	l.since.Wrapping = fyne.TextWrapWord
	l.of.Wrapping = fyne.TextWrapWord
	l.row = container.NewHBox(container.NewCenter(l.swatch), l.status)
	return l
}

// NewDistrictPanel returns an empty panel that reads histories from ds.
func NewDistrictPanel(s *scene.Scene, ds *data.Dataset, p geo.Palette) *DistrictPanel {
	dp := &DistrictPanel{scene: s, ds: ds, palette: p, district: -1, province: -1, state: &DayState{}}
	dp.lines = newStatusLines()
	dp.box = container.NewVBox()
	dp.rows = map[fyne.CanvasObject]*eventRow{}
	dp.history = widget.NewList(dp.historyLength, dp.newEventRow, dp.updateEventRow)
	dp.content = container.NewStack()
	dp.setSummary(false)
	dp.ExtendBaseWidget(dp)
	dp.rebuild()
	return dp
}

// CreateRenderer is part of fyne.Widget.
func (p *DistrictPanel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(p.content)
}

// District returns the district shown, or -1.
func (p *DistrictPanel) District() int { return p.district }

// Events returns the district's history as loaded, oldest first.
func (p *DistrictPanel) Events() []data.Event { return p.events }

// ShowDistrict shows district i (-1 clears the panel) and loads its history
// off the UI goroutine.
func (p *DistrictPanel) ShowDistrict(i int) {
	p.district, p.province = i, -1
	p.events, p.area, p.err = nil, nil, nil
	p.Reload()
	p.history.ScrollToTop()
}

// ShowProvince shows the summary of province pi (an index into the
// control's provinces): its counts by status on the day shown, its
// districts and their statuses, and its changes of the last 30 days.
func (p *DistrictPanel) ShowProvince(pi int) {
	p.district, p.province = -1, pi
	p.events, p.err = nil, nil
	p.loading++
	p.rebuild()
}

// setSummary lays the panel out for a province summary (the lines alone; the
// window's side column scrolls them) or for a district (its lines above the
// history list).
func (p *DistrictPanel) setSummary(on bool) {
	if on == p.summary && len(p.content.Objects) > 0 {
		return
	}
	p.summary = on
	if on {
		p.content.Objects = []fyne.CanvasObject{p.box}
	} else {
		p.content.Objects = []fyne.CanvasObject{container.New(&headedList{}, p.box, p.history)}
	}
	p.content.Refresh()
}

// Province returns the province summarised, or -1.
func (p *DistrictPanel) Province() int { return p.province }

// Reload reads the shown district's history again, after an edit.
func (p *DistrictPanel) Reload() {
	p.loading++
	gen, i := p.loading, p.district
	p.rebuild()
	if i < 0 || p.ds == nil {
		return
	}
	fid := p.scene.Control.Districts[i].FID
	province := p.scene.Control.Districts[i].Province
	ds := p.ds
	load := func() {
		evs, err := ds.DistrictEvents(context.Background(), fid)
		var area []data.Event
		if err == nil {
			area, err = ds.ProvinceEvents(context.Background(), province)
		}
		fyne.Do(func() {
			if gen != p.loading {
				return
			}
			p.events, p.area, p.err, p.loaded = evs, area, err, gen
			p.rebuild()
			p.history.UnselectAll()
			p.history.ScrollToTop()
			p.history.Refresh()
			if p.onLoaded != nil {
				p.onLoaded()
			}
		})
	}
	if loadInline {
		load()
		return
	}
	go load()
}

// loadInline makes Reload read a history on the calling goroutine. The
// tests set it: Fyne's test driver runs fyne.Do on the goroutine that calls
// it, so a load on a goroutine of its own would lay the panel out while the
// test does.
var loadInline bool

// SetDay shows the day of state d. For a district only its status lines
// change; the history and the area reports, which do not depend on the
// day, stay as they are. A province summary is laid out again.
func (p *DistrictPanel) SetDay(d *DayState) {
	if d == nil || d == p.state {
		return
	}
	p.state = d
	switch {
	case p.district >= 0:
		p.updateLines()
	case p.province >= 0:
		p.rebuild()
	}
}

// SetPalette changes the swatch colours.
func (p *DistrictPanel) SetPalette(pal geo.Palette) {
	p.palette = pal
	p.rebuild()
}

// historyShown reports whether the history list has rows to show.
func (p *DistrictPanel) historyShown() bool {
	return p.district >= 0 && p.err == nil && p.loaded == p.loading
}

func (p *DistrictPanel) historyLength() int {
	if !p.historyShown() {
		return 0
	}
	return len(p.events) + len(p.area)
}

// historyEvent is row id of the list: the district's own events, newest
// first, then the province- and country-wide reports that concern it,
// newest first. Both are in the list, so a province with thousands of area
// reports costs the panel no more than a district with a few.
func (p *DistrictPanel) historyEvent(id widget.ListItemID) (data.Event, bool) {
	if !p.historyShown() || id < 0 || id >= len(p.events)+len(p.area) {
		return data.Event{}, false
	}
	if id < len(p.events) {
		return p.events[len(p.events)-1-id], true
	}
	return p.area[len(p.area)-1-(id-len(p.events))], true
}

// rebuild lays the panel out again from its state.
func (p *DistrictPanel) rebuild() {
	p.layOut()
	p.content.Refresh()
	p.relayout()
}

// relayout lays the panel out again when the height its content needs
// changed, and tells the window (OnResized), whose side column scrolls it.
func (p *DistrictPanel) relayout() {
	if h := p.content.MinSize().Height; h != p.needs {
		p.needs = h
		p.content.Refresh()
		if p.OnResized != nil {
			p.OnResized()
		}
	}
}

// layOut fills the panel from its state.
func (p *DistrictPanel) layOut() {
	p.rebuilds++
	p.box.Objects = p.box.Objects[:0]
	p.setSummary(p.district < 0 && p.province >= 0)
	if p.district < 0 && p.province >= 0 {
		p.provinceSummary()
		p.box.Refresh()
		return
	}
	if p.district < 0 {
		p.history.Refresh()
		hint := widget.NewLabel("Click a district on the map, or search for a place, to see its reported history.")
		hint.Wrapping = fyne.TextWrapWord
		hint.Importance = widget.LowImportance
		p.box.Add(hint)
		p.box.Refresh()
		return
	}
	c := p.scene.Control
	d := c.Districts[p.district]
	name := p.scene.Renderer.Name(p.district)
	title := widget.NewRichText(&widget.TextSegment{Text: name, Style: widget.RichTextStyleSubHeading},
		&widget.TextSegment{Text: d.Province + " province", Style: widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder}})
	p.box.Add(title)

	p.box.Add(p.lines.row)
	p.box.Add(p.lines.since)
	p.box.Add(p.lines.of)
	p.updateLines()

	add := widget.NewButtonWithIcon("Add event…", theme.ContentAddIcon(), func() {
		if p.OnAdd != nil {
			p.OnAdd(p.district)
		}
	})
	p.box.Add(widget.NewSeparator())
	switch {
	case p.err != nil:
		p.box.Add(widget.NewLabel("Could not read the history: " + p.err.Error()))
	case p.loaded != p.loading:
		p.box.Add(widget.NewLabel("Reading the history…"))
	default:
		head := widget.NewLabelWithStyle(fmt.Sprintf("History: %d %s", len(p.events), plural(len(p.events), "report", "reports")),
			fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		p.box.Add(container.NewBorder(nil, nil, nil, add, head))
		if len(p.events) == 0 {
			p.box.Add(widget.NewLabel("No reports for this district yet."))
		}
		if len(p.area) > 0 {
			area := widget.NewLabelWithStyle(fmt.Sprintf("%s and country-wide: %d %s, listed after the district's own", d.Province,
				len(p.area), plural(len(p.area), "report", "reports")), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			area.Wrapping = fyne.TextWrapWord
			p.box.Add(area)
		}
	}
	p.box.Refresh()
}

// updateLines writes the district's status lines for the day shown: its
// status (marked where a claim decides it), the report that decides it, and
// its province's counts that day.
func (p *DistrictPanel) updateLines() {
	if p.district < 0 {
		return
	}
	c := p.scene.Control
	d, day, layer := p.state, p.state.Day, p.state.Layer
	// The swatch shows the status and the claim; the basis of the report
	// is told by the line under it.
	f := d.fill(p.district)
	fill := geo.Fill{Status: f.Status, Claimed: f.Claimed}
	line := geo.StatusName(fill.Status) + " on " + day.String()
	if fill.Claimed {
		line += " (by a claim)"
	}
	p.lines.status.SetText(line)
	b := p.palette.Border[0] // framed as a district is on the map, as in the legend
	p.lines.swatch.Image = swatchImage(p.palette.Swatch(fill), 28, 16, [4]uint8{b.R, b.G, b.B, 0xff})
	p.lines.swatch.Refresh()

	since := "no sourced report on or before this day"
	if seq, ok := c.Timeline.Source(p.district, day, layer); ok {
		since = ""
		for _, e := range append(p.events[:len(p.events):len(p.events)], p.area...) {
			if e.FID == seq {
				since = "since " + e.Date + ", reported by " + e.Source
				if e.Scope != "district" && e.Scope != "" {
					since = "since " + e.Date + ", by an assessment of the whole " + e.Scope + " by " + e.Source
				}
			}
		}
	}
	p.lines.since.SetText(since)
	p.lines.since.Hidden = since == ""

	of := ""
	if pi := c.ProvinceOf[p.district]; pi >= 0 {
		of = fmt.Sprintf("%s on %s: %s", c.Provinces[pi], day, countsLine(d.provinceCounts(c.ProvinceOf, pi)))
	}
	p.lines.of.SetText(of)
	p.lines.of.Hidden = of == ""
	p.box.Refresh()
	p.relayout()
}

// eventHead is an event's first line: date, status and kind, claim, and the
// scope when it is not a district's.
func eventHead(e data.Event) string {
	head := e.Date + "  " + eventStatusName(e.Status)
	if e.Kind != "" && e.Kind != e.Status {
		head += " · " + e.Kind
	}
	if e.Claim {
		head += " · CLAIM"
	}
	switch e.Scope {
	case "province":
		head += " · whole province"
	case "country":
		head += " · whole country"
	}
	if e.Scope == "province" || e.Scope == "country" {
		if e.Kind != events.Assessment {
			head += " (place unknown; colours no district)"
		}
	}
	return head
}

// eventMeta is an event's confidence and actor.
func eventMeta(e data.Event) string {
	meta := "confidence " + e.Confidence
	if e.Actor != "" {
		meta += " · " + e.Actor
	}
	return meta
}

// eventRow is one reusable row of the history list: date, status and kind,
// claim, source (a link where it has an address), confidence and actor, and
// the notes on one line (the edit form shows them whole).
type eventRow struct {
	head, src, meta, notes *widget.Label
	link                   *widget.Hyperlink
	// addr is the source's address, selectable, beside a button that
	// copies it; url is what the link opens.
	addr    *widget.Label
	copyURL *widget.Button
	url     *url.URL
	event   data.Event
}

func (p *DistrictPanel) newEventRow() fyne.CanvasObject {
	r := &eventRow{
		head:  widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		src:   widget.NewLabel(""),
		meta:  widget.NewLabel(""),
		notes: widget.NewLabel(""),
		link:  widget.NewHyperlink("", nil),
	}
	for _, l := range []*widget.Label{r.head, r.src, r.meta, r.notes} {
		l.Truncation = fyne.TextTruncateEllipsis
	}
	r.link.Truncation = fyne.TextTruncateEllipsis
	r.link.OnTapped = func() {
		if r.url == nil {
			return
		}
		if p.OnOpen != nil {
			p.OnOpen(r.url)
		} else {
			fyne.CurrentApp().OpenURL(r.url)
		}
	}
	r.addr = widget.NewLabel("")
	r.addr.Truncation = fyne.TextTruncateEllipsis
	r.addr.Selectable = true
	r.addr.SizeName = theme.SizeNameCaptionText
	r.copyURL = widget.NewButtonWithIcon("", theme.ContentCopyIcon(), func() {
		if r.url != nil {
			fyne.CurrentApp().Clipboard().SetContent(r.url.String())
		}
	})
	r.copyURL.Importance = widget.LowImportance
	r.meta.Importance = widget.LowImportance
	edit := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() {
		if p.OnEdit != nil {
			p.OnEdit(r.event)
		}
	})
	edit.Importance = widget.LowImportance
	body := container.NewVBox(r.head, container.NewStack(r.src, r.link), container.NewBorder(nil, nil, nil, r.copyURL, r.addr), r.meta, r.notes)
	obj := container.NewBorder(nil, nil, nil, container.NewVBox(edit), body)
	p.rows[obj] = r
	return obj
}

func (p *DistrictPanel) updateEventRow(id widget.ListItemID, obj fyne.CanvasObject) {
	r, ok := p.rows[obj]
	e, has := p.historyEvent(id)
	if !ok || !has {
		return
	}
	r.show(e)
}

// show writes event e into the row.
func (r *eventRow) show(e data.Event) {
	r.event = e
	r.head.SetText(eventHead(e))
	// Only http and https addresses become links; any other is shown as
	// text, never opened.
	if u, ok := webURL(e.SourceURL); ok {
		r.url = u
		r.link.SetText(e.Source)
		r.link.Show()
		r.src.Hide()
		r.addr.SetText(u.String())
		r.copyURL.Show()
	} else {
		r.url = nil
		r.src.SetText(e.Source)
		r.src.Show()
		r.link.Hide()
		r.addr.SetText("")
		if e.SourceURL != "" {
			r.addr.SetText("address not opened (not http or https): " + e.SourceURL)
		}
		r.copyURL.Hide()
	}
	r.meta.SetText(eventMeta(e))
	r.notes.SetText(strings.Join(strings.Fields(e.Notes), " "))
}

// swatchImageObject is a swatch as a 28×16 image on the canvas.
func swatchImageObject(s geo.Swatch, frame [4]uint8) *canvas.Image {
	sw := canvas.NewImageFromImage(swatchImage(s, 28, 16, frame))
	sw.ScaleMode = canvas.ImageScalePixels
	sw.SetMinSize(fyne.NewSize(28, 16))
	return sw
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

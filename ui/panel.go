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
	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/scene"
)

// DistrictPanel tells everything known about one district: its status on
// the day shown and the report that decides it, its province's counts that
// day, and its full dated history with sources (links open in the browser).
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
	day      events.Day
	claims   bool
	events   []data.Event
	err      error
	loaded   int // load generation shown
	loading  int // load generation asked for
	box      *fyne.Container
	scroll   *container.Scroll
	onLoaded func() // called after events arrive (tests)
}

// NewDistrictPanel returns an empty panel that reads histories from ds.
func NewDistrictPanel(s *scene.Scene, ds *data.Dataset, p geo.Palette) *DistrictPanel {
	dp := &DistrictPanel{scene: s, ds: ds, palette: p, district: -1, province: -1}
	dp.box = container.NewVBox()
	dp.scroll = container.NewVScroll(dp.box)
	dp.ExtendBaseWidget(dp)
	dp.rebuild()
	return dp
}

// CreateRenderer is part of fyne.Widget.
func (p *DistrictPanel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(p.scroll)
}

// District returns the district shown, or -1.
func (p *DistrictPanel) District() int { return p.district }

// Events returns the district's history as loaded, oldest first.
func (p *DistrictPanel) Events() []data.Event { return p.events }

// ShowDistrict shows district i (-1 clears the panel) and loads its history
// off the UI goroutine.
func (p *DistrictPanel) ShowDistrict(i int) {
	p.district, p.province = i, -1
	p.events, p.err = nil, nil
	p.Reload()
	p.scroll.ScrollToTop()
}

// ShowProvince shows the summary of province pi (an index into the
// control's provinces): its counts by status on the day shown, its
// districts and their statuses, and its changes of the last 30 days.
func (p *DistrictPanel) ShowProvince(pi int) {
	p.district, p.province = -1, pi
	p.events, p.err = nil, nil
	p.loading++
	p.rebuild()
	p.scroll.ScrollToTop()
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
	ds := p.ds
	go func() {
		evs, err := ds.DistrictEvents(context.Background(), fid)
		fyne.Do(func() {
			if gen != p.loading {
				return
			}
			p.events, p.err, p.loaded = evs, err, gen
			p.rebuild()
			if p.onLoaded != nil {
				p.onLoaded()
			}
		})
	}()
}

// SetDay shows the status on day, in the layer with or without claims.
func (p *DistrictPanel) SetDay(day events.Day, claims bool) {
	if p.day == day && p.claims == claims {
		return
	}
	p.day, p.claims = day, claims
	if p.district >= 0 || p.province >= 0 {
		p.rebuild()
	}
}

// SetPalette changes the swatch colours.
func (p *DistrictPanel) SetPalette(pal geo.Palette) {
	p.palette = pal
	p.rebuild()
}

func (p *DistrictPanel) layer() timeline.Layer {
	if p.claims {
		return timeline.WithClaims
	}
	return timeline.Confirmed
}

// rebuild lays the panel out again from its state.
func (p *DistrictPanel) rebuild() {
	p.box.Objects = p.box.Objects[:0]
	if p.district < 0 && p.province >= 0 {
		p.provinceSummary()
		p.box.Refresh()
		return
	}
	if p.district < 0 {
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

	st := c.Timeline.StatusOn(p.day, p.layer(), nil)
	status := geo.Status(st[p.district])
	fill := geo.Fill{Status: status}
	if p.claims {
		for _, i := range c.Timeline.Disputed(p.day) {
			if i == p.district {
				fill.Claimed = true
			}
		}
	}
	line := statusName(status) + " on " + p.day.String()
	if fill.Claimed {
		line += " (by a claim)"
	}
	sw := swatchImageObject(p.palette.Swatch(fill), [4]uint8{0x40, 0x40, 0x40, 0xff})
	statusLabel := widget.NewLabelWithStyle(line, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.box.Add(container.NewHBox(container.NewCenter(sw), statusLabel))
	if seq, ok := c.Timeline.Source(p.district, p.day, p.layer()); ok {
		for _, e := range p.events {
			if e.FID == seq {
				since := widget.NewLabel("since " + e.Date + ", reported by " + e.Source)
				since.Wrapping = fyne.TextWrapWord
				p.box.Add(since)
			}
		}
	} else {
		p.box.Add(widget.NewLabel("no sourced report on or before this day"))
	}

	if pi := c.ProvinceOf[p.district]; pi >= 0 {
		counts := c.Timeline.CountsBy(p.day, p.layer(), c.ProvinceOf, len(c.Provinces))[pi]
		sum := widget.NewLabel(fmt.Sprintf("%s on %s: %s", c.Provinces[pi], p.day, countsLine(counts)))
		sum.Wrapping = fyne.TextWrapWord
		p.box.Add(sum)
	}

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
		for i := len(p.events) - 1; i >= 0; i-- {
			p.box.Add(p.eventCard(p.events[i]))
		}
		if len(p.events) == 0 {
			p.box.Add(widget.NewLabel("No reports for this district yet."))
		}
	}
	p.box.Refresh()
}

// eventCard shows one event: date, status and kind, claim, source (a link
// where it has an address), confidence, actor and notes.
func (p *DistrictPanel) eventCard(e data.Event) fyne.CanvasObject {
	head := e.Date + "  " + eventStatusName(e.Status)
	if e.Kind != "" && e.Kind != e.Status {
		head += " · " + e.Kind
	}
	if e.Claim {
		head += " · CLAIM"
	}
	rows := []fyne.CanvasObject{widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	open := p.OnOpen
	if open == nil {
		open = func(u *url.URL) { fyne.CurrentApp().OpenURL(u) }
	}
	rows = append(rows, sourceLink(e.Source, e.SourceURL, open, fyne.CurrentApp().Clipboard()))
	meta := "confidence " + e.Confidence
	if e.Actor != "" {
		meta += " · " + e.Actor
	}
	ml := widget.NewLabel(meta)
	ml.Wrapping = fyne.TextWrapWord
	ml.Importance = widget.LowImportance // the theme keeps it at 4.5:1
	rows = append(rows, ml)
	if strings.TrimSpace(e.Notes) != "" {
		n := widget.NewLabel(e.Notes)
		n.Wrapping = fyne.TextWrapWord
		rows = append(rows, n)
	}
	edit := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() {
		if p.OnEdit != nil {
			p.OnEdit(e)
		}
	})
	edit.Importance = widget.LowImportance
	body := container.NewVBox(rows...)
	return container.NewVBox(container.NewBorder(nil, nil, nil, container.NewVBox(edit), body), widget.NewSeparator())
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

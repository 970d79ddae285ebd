// Package ui is the afcontrol desktop window (Fyne) and the scene it shares
// with the headless commands: a dataset's districts, timeline and renderer.
package ui

import (
	"context"
	"fmt"
	"image"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
)

// Scene is a dataset ready to draw: its control timeline and a renderer over
// its districts. The window and 'afcontrol render' both draw through it, so
// what a test checks is what the analyst sees.
type Scene struct {
	Control     *data.Control
	Renderer    *geo.Renderer
	Attribution string
}

// LoadScene reads the districts, borders and events of d.
func LoadScene(ctx context.Context, d *data.Dataset) (*Scene, error) {
	c, err := d.LoadControl(ctx)
	if err != nil {
		return nil, err
	}
	if len(c.Districts) == 0 {
		return nil, fmt.Errorf("the dataset %s has no districts: run 'afcontrol boundaries fetch'", d.Path())
	}
	districts, borders, err := d.MapLayers(ctx, c)
	if err != nil {
		return nil, err
	}
	r, err := geo.NewRenderer(districts, borders, c.Provinces)
	if err != nil {
		return nil, err
	}
	return &Scene{Control: c, Renderer: r}, nil
}

// Fills returns each district's fill on day: its status in the layer, marked
// claimed where the claims layer is on and a claim decides it, and marked
// with the basis of the report that decides it (an assessment, or a
// low-confidence report).
func (s *Scene) Fills(day events.Day, claims bool, dst []geo.Fill) []geo.Fill {
	layer := timeline.Confirmed
	if claims {
		layer = timeline.WithClaims
	}
	statuses := s.Control.Timeline.StatusOn(day, layer, nil)
	if cap(dst) < len(statuses) {
		dst = make([]geo.Fill, len(statuses))
	}
	dst = dst[:len(statuses)]
	for i, st := range statuses {
		dst[i] = geo.Fill{Status: geo.Status(st)}
		if st == events.Unknown {
			continue
		}
		if seq, ok := s.Control.Timeline.Source(i, day, layer); ok {
			switch b := s.Control.Basis(seq); {
			case b.Assessment:
				dst[i].Basis = geo.Assessed
			case b.Low:
				dst[i].Basis = geo.LowConfidence
			}
		}
	}
	if claims {
		for _, i := range s.Control.Timeline.Disputed(day) {
			dst[i].Claimed = true
		}
	}
	return dst
}

// FrameOptions choose what a frame shows.
type FrameOptions struct {
	Day     events.Day
	Claims  bool
	Compare events.Day // 0 for no comparison
	Title   string
}

// Frame renders the whole briefing frame for the renderer's current view.
func (s *Scene) Frame(o FrameOptions) *image.RGBA {
	spec := geo.FrameSpec{
		Fills:       s.Fills(o.Day, o.Claims, nil),
		Date:        o.Day.String(),
		Claims:      o.Claims,
		Title:       o.Title,
		Attribution: s.Attribution,
	}
	if o.Compare != 0 {
		layer := timeline.Confirmed
		if o.Claims {
			layer = timeline.WithClaims
		}
		spec.Compare = o.Compare.String()
		spec.Changed = s.Control.Timeline.Changed(o.Compare, o.Day, layer)
	}
	return s.Renderer.RenderFrame(spec)
}

// LastDay is the last day with a report, or the zero day when there is none.
func (s *Scene) LastDay() events.Day {
	_, last, ok := s.Control.Timeline.Range()
	if !ok {
		return 0
	}
	return last
}

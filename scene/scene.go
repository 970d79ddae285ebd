// Package scene is "the map of a day": a dataset's districts, control
// timeline and renderer, the day's fills and counts, the briefing frame and
// the status table. The window and every headless command draw and export
// through it, so what a test checks is what the analyst sees. It has no Fyne.
package scene

import (
	"context"
	"fmt"
	"image"
	"sync"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/geom"
)

// Scene is a dataset ready to draw: its control timeline and a renderer over
// its districts, with the credit line of its boundary set.
type Scene struct {
	Control  *data.Control
	Renderer *geo.Renderer
	// Districts and Borders are the map layers the renderer was built from,
	// in lon/lat, for vector output.
	Districts []geo.District
	Borders   []geom.Border
	// Credit is the district boundary set's full credit line, printed on
	// briefing images beside the frame's short attribution; "" for none.
	Credit string

	ds    *data.Dataset // where bases are read; nil for a scene built by hand
	mu    sync.Mutex    // guards bases, which Fills fills from any goroutine
	bases map[int64]geo.Basis
	seqs  []int64 // Fills' deciding report of each district (0: none), reused
}

// Load reads the districts, borders, events and boundary credit line of d.
func Load(ctx context.Context, d *data.Dataset) (*Scene, error) {
	c, err := d.LoadControl(ctx)
	if err != nil {
		return nil, err
	}
	if len(c.Districts) == 0 {
		return nil, fmt.Errorf("the dataset %s has no districts: run 'afcontrol boundaries fetch'", d.Path())
	}
	geoms, borders, err := d.MapLayers(ctx, c)
	if err != nil {
		return nil, err
	}
	districts := make([]geo.District, len(geoms))
	for i, g := range geoms {
		d := c.Districts[i]
		districts[i] = geo.District{Name: d.Name, Province: d.Province, Geom: g, Anchor: d.Anchor}
	}
	r, err := geo.NewRenderer(districts, borders, c.Provinces)
	if err != nil {
		return nil, err
	}
	credit, err := d.BoundaryAttribution(ctx)
	if err != nil {
		return nil, err
	}
	return &Scene{Control: c, Renderer: r, Districts: districts, Borders: borders, Credit: credit, ds: d}, nil
}

// SetControl puts a freshly loaded control timeline in place of the scene's
// (after an import or an edit, the districts unchanged), and forgets what the
// scene knew of its reports.
func (s *Scene) SetControl(c *data.Control) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Control, s.bases = c, nil
}

// Layer returns the timeline layer for the claims switch: the one place a
// command's flag or the window's check box becomes a layer, which is then
// carried as it is.
func Layer(claims bool) timeline.Layer {
	if claims {
		return timeline.WithClaims
	}
	return timeline.Confirmed
}

// Fills returns each district's fill on day: its status in layer, marked
// claimed where layer is WithClaims and a claim decides it, and marked
// with the basis of the report that decides it (an assessment, or a
// low-confidence report). dst is reused when it is large enough. The bases
// of deciding reports not seen before are read in one query and kept; a
// scene built without a dataset draws every report as firm.
func (s *Scene) Fills(day events.Day, layer timeline.Layer, dst []geo.Fill) []geo.Fill {
	statuses := s.Control.Timeline.StatusOn(day, layer, nil)
	if cap(dst) < len(statuses) {
		dst = make([]geo.Fill, len(statuses))
	}
	dst = dst[:len(statuses)]
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seqs = s.seqs[:0]
	unseen := false
	for i, st := range statuses {
		dst[i] = geo.Fill{Status: MapStatus(st)}
		seq := int64(0)
		if st != events.Unknown && s.ds != nil {
			seq, _ = s.Control.Timeline.Source(i, day, layer)
		}
		s.seqs = append(s.seqs, seq)
		if seq == 0 {
			continue
		}
		b, seen := s.bases[seq]
		unseen = unseen || !seen
		dst[i].Basis = b
	}
	if unseen {
		s.readBases(s.seqs)
		for i, seq := range s.seqs {
			if seq != 0 {
				dst[i].Basis = s.bases[seq]
			}
		}
	}
	if layer == timeline.WithClaims {
		for _, i := range s.Control.Timeline.Disputed(day) {
			dst[i].Claimed = true
		}
	}
	return dst
}

// readBases reads the bases of the reports fids not known yet into
// s.bases (fid 0 is none); a read that fails leaves them drawn as firm
// reports, and tries again next time.
func (s *Scene) readBases(fids []int64) {
	var want []int64
	for _, fid := range fids {
		if _, seen := s.bases[fid]; !seen && fid != 0 {
			want = append(want, fid)
		}
	}
	fids = want
	got, err := s.ds.Bases(context.Background(), fids)
	if err != nil {
		return
	}
	if s.bases == nil {
		s.bases = make(map[int64]geo.Basis, len(fids))
	}
	for _, fid := range fids {
		b := got[fid]
		switch {
		case b.Assessment:
			s.bases[fid] = geo.Assessed
		case b.Low:
			s.bases[fid] = geo.LowConfidence
		default:
			s.bases[fid] = geo.Reported
		}
	}
}

// FrameOptions choose what a frame shows.
type FrameOptions struct {
	Day     events.Day
	Layer   timeline.Layer
	Compare events.Day // 0 for no comparison
	Title   string
}

// Spec returns the frame spec for o: the day's fills, its date and layer,
// and the changes since the compare day.
func (s *Scene) Spec(o FrameOptions) geo.FrameSpec {
	spec := geo.FrameSpec{
		Fills:  s.Fills(o.Day, o.Layer, nil),
		Date:   o.Day.String(),
		Claims: o.Layer == timeline.WithClaims,
		Title:  o.Title,
	}
	if o.Compare != 0 {
		spec.Compare = o.Compare.String()
		spec.Changed = s.Control.Timeline.Changed(o.Compare, o.Day, o.Layer)
	}
	return spec
}

// Frame renders the whole frame for the renderer's current view.
func (s *Scene) Frame(o FrameOptions) *image.RGBA {
	return s.Renderer.RenderFrame(s.Spec(o))
}

// LastDay is the last day with a report, or the zero day when there is none.
func (s *Scene) LastDay() events.Day {
	_, last, ok := s.Control.Timeline.Range()
	if !ok {
		return 0
	}
	return last
}

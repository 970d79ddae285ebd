package scene

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"io"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/geo/brief"
	"github.com/paulmach/orb"
)

// loadExportScene loads the scene with the options' palette and view for a
// w×h frame.
func loadExportScene(ctx context.Context, d *data.Dataset, o Options, w, h int) (*Scene, error) {
	s, err := Load(ctx, d)
	if err != nil {
		return nil, err
	}
	s.Renderer.SetPalette(o.Palette)
	s.Renderer.SetView(s.ExportView(o.BBox, w, h))
	return s, nil
}

// ExportView is the view of a w×h image of bbox, or of the whole country
// when bbox is nil.
func (s *Scene) ExportView(bbox *orb.Bound, w, h int) geo.View {
	if bbox != nil {
		return geo.BoundView(geo.Afghanistan, *bbox, w, h, 0)
	}
	return s.Renderer.FitView(w, h)
}

// sourcesOf returns the source of every report that decides a coloured
// (not unknown) district on the day shown.
func sourcesOf(rows []StatusRow) []string {
	var out []string
	for _, r := range rows {
		if r.Status != events.Unknown && r.HasEvent {
			out = append(out, r.Event.Source)
		}
	}
	return out
}

// BriefingSpec is the frame Scene.Frame draws for o, with the sources line
// and the boundary set's credit line added.
func (s *Scene) BriefingSpec(ctx context.Context, d *data.Dataset, o Options, maxSourceRunes int) (geo.FrameSpec, error) {
	day := o.dayOr(s.Control)
	spec := s.Spec(FrameOptions{Day: day, Layer: o.Layer(), Compare: o.Compare, Title: o.Title})
	rows, err := StatusTable(ctx, d, s.Control, day, o.Layer())
	if err != nil {
		return spec, err
	}
	spec.Sources = brief.SourcesLine(sourcesOf(rows), maxSourceRunes)
	spec.Attribution = s.Credit
	return spec, nil
}

func exportPNG(ctx context.Context, d *data.Dataset, o Options) (string, error) {
	s, err := loadExportScene(ctx, d, o, o.Width, o.Height)
	if err != nil {
		return "", err
	}
	spec, err := s.BriefingSpec(ctx, d, o, 0)
	if err != nil {
		return "", err
	}
	img := s.BriefingImage(spec)
	err = WriteAtomic(ctx, o.Output, func(w io.Writer) error { return brief.EncodePNG(w, img) })
	if err == nil && o.WorldFile {
		err = writeGeoreference(ctx, o.Output, s.Renderer.View())
	}
	return fmt.Sprintf("%dx%d, %s", o.Width, o.Height, spec.Date), err
}

// BriefingImage is the frame Scene.Frame draws for spec (its footer
// keeps the short attribution, so the footer stays narrow and off the
// country's southern districts), with a north arrow in the top right corner
// and, above the legend, a panel naming the sources of the colours shown and
// the boundary set's full credit line.
func (s *Scene) BriefingImage(spec geo.FrameSpec) *image.RGBA {
	frame := spec
	frame.Sources, frame.Attribution = "", ""
	frame.Notes = nil
	if spec.Sources != "" {
		frame.Notes = append(frame.Notes, "Sources: "+spec.Sources)
	}
	if spec.Attribution != "" && spec.Attribution != geo.DefaultAttribution {
		frame.Notes = append(frame.Notes, spec.Attribution)
	}
	frame.NorthArrow = true
	return s.Renderer.RenderFrame(frame)
}

func exportPDF(ctx context.Context, d *data.Dataset, o Options) (string, error) {
	s, err := Load(ctx, d)
	if err != nil {
		return "", err
	}
	districts, borders := s.Districts, s.Borders
	mw, mh := o.Page.MapArea()
	w, h := int(math.Round(mw)), int(math.Round(mh))
	view := s.ExportView(o.BBox, w, h)
	// Names are placed by the renderer on a frame of two pixels per point,
	// so they come out at about 6 pt, and set at the boxes it chose.
	s.Renderer.SetView(geo.View{W: 2 * w, H: 2 * h, Scale: 2 * view.Scale, X0: view.X0, Y0: view.Y0})
	var labels []brief.PageLabel
	for _, l := range s.Renderer.Labels() {
		b := l.Box
		labels = append(labels, brief.PageLabel{Text: l.Text, Province: l.District < 0,
			X0: float64(b.Min.X) / 2, Y0: float64(b.Min.Y) / 2, X1: float64(b.Max.X) / 2, Y1: float64(b.Max.Y) / 2})
	}
	spec, err := s.BriefingSpec(ctx, d, o, 360)
	if err != nil {
		return "", err
	}
	geom := make([]orb.MultiPolygon, len(districts))
	for i, dist := range districts {
		geom[i] = dist.Geom
	}
	page := &brief.Page{
		Size:        o.Page,
		Proj:        geo.Afghanistan,
		View:        view,
		Palette:     o.Palette,
		Districts:   geom,
		Borders:     borders,
		Fills:       spec.Fills,
		Changed:     spec.Changed,
		Labels:      labels,
		Title:       spec.Title,
		Date:        spec.Date,
		Layer:       spec.Layer(),
		Compare:     spec.Compare,
		Legend:      geo.LegendRows(o.Palette, geo.CountFills(spec.Fills, len(districts)), o.Claims),
		Coverage:    geo.CountFills(spec.Fills, len(districts)).Coverage(),
		Sources:     spec.Sources,
		Attribution: spec.Attribution,
		Created:     time.Now(),
	}
	err = WriteAtomic(ctx, o.Output, func(w io.Writer) error {
		var buf bytes.Buffer
		if err := brief.WritePDF(&buf, page); err != nil {
			return err
		}
		b, err := geoPDF(buf.Bytes(), view, mw, mh, o.Page.Height)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	})
	return fmt.Sprintf("%s page, %s", o.Page.Name, spec.Date), err
}

// GIFDays returns the frame days from from to to at step days; the last
// frame is always to, even when the step does not land on it.
func GIFDays(from, to events.Day, step int) []events.Day {
	var days []events.Day
	for d := from; d <= to; d += events.Day(step) {
		days = append(days, d)
	}
	if len(days) > 0 && days[len(days)-1] != to {
		days = append(days, to)
	}
	return days
}

// MaxGIFFrames bounds an animation's length.
const MaxGIFFrames = 5000

func exportGIF(ctx context.Context, d *data.Dataset, o Options) (string, error) {
	s, err := loadExportScene(ctx, d, o, o.Width, o.Height)
	if err != nil {
		return "", err
	}
	first, last, ok := s.Control.Timeline.Range()
	if o.From != 0 {
		first = o.From
	}
	if o.To != 0 {
		last = o.To
	}
	if !ok && (o.From == 0 || o.To == 0) {
		return "", fmt.Errorf("%w: the dataset has no reports: give the first and last day", ErrOptions)
	}
	if first > last {
		return "", fmt.Errorf("%w: from %s is after to %s", ErrOptions, first, last)
	}
	days := GIFDays(first, last, o.Step)
	if len(days) > MaxGIFFrames {
		return "", fmt.Errorf("%w: %d frames: choose a longer step or a shorter span (at most %d frames)", ErrOptions, len(days), MaxGIFFrames)
	}
	frame := FrameOptions{Layer: o.Layer(), Compare: o.Compare, Title: o.Title}
	err = WriteAtomic(ctx, o.Output, func(w io.Writer) error {
		return s.WriteGIF(ctx, w, frame, days, o.Delay, o.report)
	})
	return fmt.Sprintf("%d frames %dx%d, %s to %s", len(days), o.Width, o.Height, days[0], days[len(days)-1]), err
}

// WriteGIF writes an animation of s's frames for days, each shown for delay
// hundredths of a second and the last for ten times as long (at least two
// seconds). Each frame is exactly Scene.Frame's image for its day (the date
// is in its title), mapped without dithering onto one colour table built
// from the renderer's palette. One goroutine renders (the renderer is not
// safe for concurrent use), one per CPU maps and LZW-encodes, and frames are
// written in order as they are ready, so memory holds a few frames, not all.
// progress, when not nil, is told of each frame written.
func (s *Scene) WriteGIF(ctx context.Context, w io.Writer, frame FrameOptions, days []events.Day, delay int, progress func(done, total int, note string)) error {
	q := brief.NewQuantiser(s.Renderer.Palette())
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	type job struct {
		i   int
		img *image.RGBA
	}
	type result struct {
		f   brief.GIFFrame
		err error
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	jobs := make(chan job)
	results := make([]chan result, len(days))
	for i := range results {
		results[i] = make(chan result, 1)
	}
	ahead := make(chan struct{}, 2*workers) // frames rendered but not yet written
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(jobs)
		for i, day := range days {
			select {
			case ahead <- struct{}{}:
			case <-ctx.Done():
				return
			}
			frame.Day = day
			img := s.Frame(frame)
			select {
			case jobs <- job{i, img}:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				f, err := brief.EncodeFrame(q.Paletted(j.img))
				results[j.i] <- result{f, err}
			}
		}()
	}
	gw := brief.NewGIFWriter(w)
	for i := range days {
		var r result
		select {
		case r = <-results[i]:
		case <-ctx.Done():
			return ctx.Err()
		}
		if r.err != nil {
			return r.err
		}
		d := delay
		if i == len(days)-1 {
			d = max(10*delay, 200)
		}
		if err := gw.Write(r.f, d); err != nil {
			return err
		}
		<-ahead
		if progress != nil {
			progress(i+1, len(days), days[i].String())
		}
	}
	return gw.Close()
}

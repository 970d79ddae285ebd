package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/geo/brief"
	"github.com/afcontrol/afcontrol/ui"
	"github.com/paulmach/orb"
)

// loadExportScene loads the scene with the options' palette and view for a
// w×h frame, as 'afcontrol render' does.
func loadExportScene(ctx context.Context, d *data.Dataset, o exportOptions, w, h int) (*ui.Scene, error) {
	s, err := ui.LoadScene(ctx, d)
	if err != nil {
		return nil, err
	}
	s.Renderer.SetPalette(o.palette)
	s.Renderer.SetView(exportView(s, o, w, h))
	return s, nil
}

func exportView(s *ui.Scene, o exportOptions, w, h int) geo.View {
	if o.bbox != nil {
		return geo.BoundView(geo.Afghanistan, *o.bbox, w, h, 0)
	}
	return s.Renderer.FitView(w, h)
}

// boundaryAttribution returns the credit line stored with the district
// boundary set, or "" when there is none (the frame then prints geo's
// default).
func boundaryAttribution(ctx context.Context, d *data.Dataset) (string, error) {
	var a string
	err := d.DB().QueryRowContext(ctx,
		"SELECT attribution FROM boundary_sets WHERE level = 'district' ORDER BY id DESC LIMIT 1").Scan(&a)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return a, err
}

// sourcesOf returns the source of every report that decides a coloured
// (not unknown) district on the day shown.
func sourcesOf(rows []statusRow) []string {
	var out []string
	for _, r := range rows {
		if r.Status != events.Unknown && r.HasEvent {
			out = append(out, r.Event.Source)
		}
	}
	return out
}

// briefingSpec is the frame Scene.Frame draws for o, with the sources line
// and the boundary set's attribution added.
func briefingSpec(ctx context.Context, d *data.Dataset, s *ui.Scene, o exportOptions, maxSourceRunes int) (geo.FrameSpec, error) {
	day := o.dayOr(s.Control)
	spec := geo.FrameSpec{
		Fills:  s.Fills(day, o.claims, nil),
		Date:   day.String(),
		Claims: o.claims,
		Title:  o.title,
	}
	if o.compare != 0 {
		spec.Compare = o.compare.String()
		spec.Changed = s.Control.Timeline.Changed(o.compare, day, o.layer())
	}
	rows, err := statusTable(ctx, d, s.Control, day, o.layer())
	if err != nil {
		return spec, err
	}
	spec.Sources = brief.SourcesLine(sourcesOf(rows), maxSourceRunes)
	if spec.Attribution, err = boundaryAttribution(ctx, d); err != nil {
		return spec, err
	}
	return spec, nil
}

func exportPNG(ctx context.Context, d *data.Dataset, o exportOptions) (string, error) {
	s, err := loadExportScene(ctx, d, o, o.width, o.height)
	if err != nil {
		return "", err
	}
	spec, err := briefingSpec(ctx, d, s, o, 0)
	if err != nil {
		return "", err
	}
	img := briefingImage(s, spec)
	err = writeAtomic(ctx, o.output, func(w io.Writer) error { return png.Encode(w, img) })
	return fmt.Sprintf("%dx%d, %s", o.width, o.height, spec.Date), err
}

// briefingImage is the frame 'afcontrol render' draws for spec (its footer
// keeps the short attribution, so the footer stays narrow and off the
// country's southern districts), with a north arrow in the top right corner
// and, above the legend, a panel naming the sources of the colours shown and
// the boundary set's full credit line.
func briefingImage(s *ui.Scene, spec geo.FrameSpec) *image.RGBA {
	r := s.Renderer
	frame := spec
	frame.Sources, frame.Attribution = "", ""
	img := r.RenderFrame(frame)
	v := r.View()
	brief.DrawNorthArrow(img, r.Proj, v, r.Palette())
	var notes []string
	if spec.Sources != "" {
		notes = append(notes, "Sources: "+spec.Sources)
	}
	if spec.Attribution != "" && spec.Attribution != geo.DefaultAttribution {
		notes = append(notes, spec.Attribution)
	}
	rows := len(geo.LegendRows(r.Palette(), geo.Counts{}, spec.Claims))
	if spec.Compare != "" {
		rows++
	}
	k := brief.TextScale(v)
	brief.DrawNotePanel(img, v, r.Palette(), notes, int(float64(v.W)*0.27), 8, brief.LegendTop(v, rows)-int(8*k))
	return img
}

func exportPDF(ctx context.Context, d *data.Dataset, o exportOptions) (string, error) {
	c, err := d.LoadControl(ctx)
	if err != nil {
		return "", err
	}
	if len(c.Districts) == 0 {
		return "", fmt.Errorf("the dataset %s has no districts: run 'afcontrol boundaries fetch'", d.Path())
	}
	districts, borders, err := d.MapLayers(ctx, c)
	if err != nil {
		return "", err
	}
	r, err := geo.NewRenderer(districts, borders, c.Provinces)
	if err != nil {
		return "", err
	}
	s := &ui.Scene{Control: c, Renderer: r}
	mw, mh := o.page.MapArea()
	w, h := int(math.Round(mw)), int(math.Round(mh))
	view := exportView(s, o, w, h)
	// Names are placed by the renderer on a frame of two pixels per point,
	// so they come out at about 6 pt, and set at the boxes it chose.
	s.Renderer.SetView(geo.View{W: 2 * w, H: 2 * h, Scale: 2 * view.Scale, X0: view.X0, Y0: view.Y0})
	var labels []brief.PageLabel
	for _, l := range s.Renderer.Labels() {
		b := l.Box
		labels = append(labels, brief.PageLabel{Text: l.Text, Province: l.District < 0,
			X0: float64(b.Min.X) / 2, Y0: float64(b.Min.Y) / 2, X1: float64(b.Max.X) / 2, Y1: float64(b.Max.Y) / 2})
	}
	spec, err := briefingSpec(ctx, d, s, o, 360)
	if err != nil {
		return "", err
	}
	geom := make([]orb.MultiPolygon, len(districts))
	for i, dist := range districts {
		geom[i] = dist.Geom
	}
	page := &brief.Page{
		Size:        o.page,
		Proj:        geo.Afghanistan,
		View:        view,
		Palette:     o.palette,
		Districts:   geom,
		Borders:     borders,
		Fills:       spec.Fills,
		Changed:     spec.Changed,
		Labels:      labels,
		Title:       spec.Title,
		Date:        spec.Date,
		Layer:       spec.Layer(),
		Compare:     spec.Compare,
		Legend:      geo.LegendRows(o.palette, geo.CountFills(spec.Fills, len(districts)), o.claims),
		Coverage:    geo.CountFills(spec.Fills, len(districts)).Coverage(),
		Sources:     spec.Sources,
		Attribution: spec.Attribution,
		Created:     time.Now(),
	}
	err = writeAtomic(ctx, o.output, func(w io.Writer) error { return brief.WritePDF(w, page) })
	return fmt.Sprintf("%s page, %s", o.page.Name, spec.Date), err
}

// gifDays returns the frame days from from to to at step days; the last
// frame is always to, even when the step does not land on it.
func gifDays(from, to events.Day, step int) []events.Day {
	var days []events.Day
	for d := from; d <= to; d += events.Day(step) {
		days = append(days, d)
	}
	if len(days) > 0 && days[len(days)-1] != to {
		days = append(days, to)
	}
	return days
}

func exportGIF(ctx context.Context, d *data.Dataset, o exportOptions) (string, error) {
	s, err := loadExportScene(ctx, d, o, o.width, o.height)
	if err != nil {
		return "", err
	}
	first, last, ok := s.Control.Timeline.Range()
	if o.from != 0 {
		first = o.from
	}
	if o.to != 0 {
		last = o.to
	}
	if !ok && (o.from == 0 || o.to == 0) {
		return "", fmt.Errorf("%w: the dataset has no reports: give --from and --to", errUsage)
	}
	if first > last {
		return "", fmt.Errorf("%w: --from %s is after --to %s", errUsage, first, last)
	}
	days := gifDays(first, last, o.step)
	if len(days) > 5000 {
		return "", fmt.Errorf("%w: %d frames: choose a longer --step or a shorter span (at most 5000 frames)", errUsage, len(days))
	}
	frame := ui.FrameOptions{Claims: o.claims, Compare: o.compare, Title: o.title}
	p := &progress{w: o.progress, what: "gif frames", total: len(days)}
	err = writeAtomic(ctx, o.output, func(w io.Writer) error {
		return writeGIF(ctx, w, s, frame, days, o.delay, p)
	})
	return fmt.Sprintf("%d frames %dx%d, %s to %s", len(days), o.width, o.height, days[0], days[len(days)-1]), err
}

// writeGIF writes an animation of s's frames for days, each shown for delay
// hundredths of a second and the last for ten times as long (at least two
// seconds). Each frame is exactly Scene.Frame's image for its day (the date
// is in its title), mapped without dithering onto one colour table built
// from the renderer's palette. One goroutine renders (the renderer is not
// safe for concurrent use), one per CPU maps and LZW-encodes, and frames are
// written in order as they are ready, so memory holds a few frames, not all.
func writeGIF(ctx context.Context, w io.Writer, s *ui.Scene, frame ui.FrameOptions, days []events.Day, delay int, p *progress) error {
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
		p.step(i+1, days[i].String())
	}
	return gw.Close()
}

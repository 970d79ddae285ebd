package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/geo/brief"
	"github.com/paulmach/orb"
)

// exportOptions is one 'afcontrol export' call, checked.
type exportOptions struct {
	format        string // png, pdf, gif, csv or geojson
	db            string
	day           events.Day // 0: the last day with a report
	claims        bool
	compare       events.Day // 0: no comparison
	width, height int
	bbox          *orb.Bound // nil: the whole country
	title         string
	palette       geo.Palette
	from, to      events.Day // gif; 0: the first or last day with a report
	step          int        // gif, in days
	delay         int        // gif, hundredths of a second per frame
	page          brief.PageSize
	output        string
	progress      io.Writer // long exports report here; nil for silence
}

// Image sizes the --preset option names.
var sizePresets = map[string][2]int{"720p": {1280, 720}, "1080p": {1920, 1080}, "2160p": {3840, 2160}}

func runExport(ctx context.Context, args []string, out io.Writer) error {
	o, err := parseExport(args)
	if err != nil {
		return err
	}
	o.progress = os.Stderr
	msg, err := export(ctx, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s (%s)\n", o.output, msg)
	return nil
}

func parseExport(args []string) (exportOptions, error) {
	fs := newFlags("export")
	db := fs.String("db", "", "dataset file (default: the default dataset)")
	date := fs.String("date", "", "the day, YYYY-MM-DD (default: the last day with a report)")
	claims := fs.Bool("claims", false, "show the claims layer")
	compare := fs.String("compare", "", "outline districts that changed since this day, YYYY-MM-DD (png, pdf, gif)")
	width := fs.Int("width", 0, "image width in pixels (png default 1920, gif default 1280)")
	height := fs.Int("height", 0, "image height in pixels (png default 1080, gif default 720)")
	preset := fs.String("preset", "", "image size: 720p, 1080p or 2160p, instead of --width and --height")
	bbox := fs.String("bbox", "", "area to show: minLon,minLat,maxLon,maxLat (default: the whole country)")
	title := fs.String("title", "", "title line (default: the map's own)")
	palette := fs.String("palette", "default", "colours: default, high-contrast or print")
	from := fs.String("from", "", "gif: first day, YYYY-MM-DD (default: the first day with a report)")
	to := fs.String("to", "", "gif: last day, YYYY-MM-DD (default: the last day with a report)")
	step := fs.String("step", "1d", "gif: days between frames, as 1d, 7d or 2w")
	delay := fs.Int("delay", 25, "gif: hundredths of a second each frame shows (the last one holds 10 times as long, at least 2 s)")
	page := fs.String("page", "a4", "pdf: page size, a4 (landscape) or slide (16:9)")
	output := fs.String("o", "", "file to write (required)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return exportOptions{}, err
	}
	var o exportOptions
	if len(pos) != 1 {
		return o, fmt.Errorf("%w: name one format: png, pdf, gif, csv or geojson", errUsage)
	}
	o.format = pos[0]
	switch o.format {
	case "png", "pdf", "gif", "csv", "geojson":
	default:
		return o, fmt.Errorf("%w: unknown format %q: want png, pdf, gif, csv or geojson", errUsage, o.format)
	}
	if *output == "" {
		return o, fmt.Errorf("%w: -o FILE is required", errUsage)
	}
	o.db, o.claims, o.title, o.output = *db, *claims, *title, *output
	days := []struct {
		name string
		s    string
		dst  *events.Day
	}{{"--date", *date, &o.day}, {"--compare", *compare, &o.compare}, {"--from", *from, &o.from}, {"--to", *to, &o.to}}
	for _, d := range days {
		if d.s == "" {
			continue
		}
		v, err := events.ParseDay(d.s)
		if err != nil {
			return o, fmt.Errorf("%w: %s: %v", errUsage, d.name, err)
		}
		*d.dst = v
	}
	if o.from != 0 && o.to != 0 && o.from > o.to {
		return o, fmt.Errorf("%w: --from %s is after --to %s", errUsage, o.from, o.to)
	}
	if o.step, err = parseStep(*step); err != nil {
		return o, fmt.Errorf("%w: --step: %v", errUsage, err)
	}
	if *delay < 1 || *delay > 6000 {
		return o, fmt.Errorf("%w: --delay %d: want 1..6000 hundredths of a second", errUsage, *delay)
	}
	o.delay = *delay
	p, ok := geo.Palettes()[*palette]
	if !ok {
		return o, fmt.Errorf("%w: --palette %q: want default, high-contrast or print", errUsage, *palette)
	}
	o.palette = p
	switch *page {
	case "a4":
		o.page = brief.A4Landscape
	case "slide":
		o.page = brief.Slide
	default:
		return o, fmt.Errorf("%w: --page %q: want a4 or slide", errUsage, *page)
	}
	o.width, o.height = 1920, 1080
	if o.format == "gif" {
		o.width, o.height = 1280, 720
	}
	if *preset != "" {
		sz, ok := sizePresets[*preset]
		if !ok {
			return o, fmt.Errorf("%w: --preset %q: want 720p, 1080p or 2160p", errUsage, *preset)
		}
		if *width != 0 || *height != 0 {
			return o, fmt.Errorf("%w: give --preset or --width and --height, not both", errUsage)
		}
		o.width, o.height = sz[0], sz[1]
	}
	if *width != 0 {
		o.width = *width
	}
	if *height != 0 {
		o.height = *height
	}
	if o.width < 200 || o.height < 150 || o.width > 16384 || o.height > 16384 {
		return o, fmt.Errorf("%w: size %dx%d: width 200..16384 and height 150..16384", errUsage, o.width, o.height)
	}
	if *bbox != "" {
		b, err := parseBBox(*bbox)
		if err != nil {
			return o, fmt.Errorf("%w: --bbox: %v", errUsage, err)
		}
		o.bbox = &b
	}
	return o, nil
}

var stepPattern = regexp.MustCompile(`^([0-9]{1,4})([dw])$`)

// parseStep reads a frame step: a whole number of days ("1d", "7d") or weeks
// ("2w"), at least one day.
func parseStep(s string) (int, error) {
	m := stepPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, fmt.Errorf("%q: write a number of days or weeks, such as 1d, 7d or 2w", s)
	}
	n, _ := strconv.Atoi(m[1])
	if m[2] == "w" {
		n *= 7
	}
	if n < 1 {
		return 0, fmt.Errorf("%q: the step must be at least one day", s)
	}
	return n, nil
}

// export writes o.output and returns a short description of what it wrote.
func export(ctx context.Context, o exportOptions) (string, error) {
	d, err := openDataset(o.db, false)
	if err != nil {
		return "", err
	}
	defer d.Close()
	switch o.format {
	case "png":
		return exportPNG(ctx, d, o)
	case "pdf":
		return exportPDF(ctx, d, o)
	case "gif":
		return exportGIF(ctx, d, o)
	case "csv":
		return exportCSV(ctx, d, o)
	default:
		return exportGeoJSON(ctx, d, o)
	}
}

// layer returns the timeline layer the options show.
func (o exportOptions) layer() timeline.Layer {
	if o.claims {
		return timeline.WithClaims
	}
	return timeline.Confirmed
}

// dayOr returns o.day, or the last day with a report when none was given.
func (o exportOptions) dayOr(c *data.Control) events.Day {
	if o.day != 0 {
		return o.day
	}
	_, last, _ := c.Timeline.Range()
	return last
}

// writeAtomic writes path through write, into a temporary file in the same
// folder that is renamed over path only when write, the flush and the close
// all succeed and ctx is not cancelled; otherwise the temporary file is
// removed and path is left as it was.
func writeAtomic(ctx context.Context, path string, write func(w io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.part")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<16)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = ctx.Err(); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// progress reports count of total steps done, at most every tenth.
type progress struct {
	w     io.Writer
	what  string
	total int
	shown int
}

func (p *progress) step(done int, note string) {
	if p.w == nil || p.total == 0 {
		return
	}
	if tenth := done * 10 / p.total; tenth > p.shown || done == p.total {
		p.shown = tenth
		fmt.Fprintf(p.w, "%s: %d of %d (%s)\n", p.what, done, p.total, note)
	}
}

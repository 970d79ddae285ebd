package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/geo/brief"
	"github.com/afcontrol/afcontrol/scene"
)

// exportOptions is one 'afcontrol export' call, checked.
type exportOptions struct {
	scene.Options
	db string
}

func runExport(ctx context.Context, args []string, out io.Writer) error {
	o, err := parseExport(args)
	if err != nil {
		return err
	}
	o.Progress = stepsTo(os.Stderr, o.Format+" frames")
	msg, err := export(ctx, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s (%s)\n", o.Output, msg)
	return nil
}

func parseExport(args []string) (exportOptions, error) {
	return parseImageFlags("export", args, "")
}

// parseImageFlags reads the flags of 'afcontrol export' (and of 'render',
// which is 'export png': format is then fixed and no format is named).
func parseImageFlags(name string, args []string, format string) (exportOptions, error) {
	fs := newFlags(name)
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
	excel := fs.Bool("excel", false, "csv: start the file with a UTF-8 byte order mark, so Excel reads its names right")
	worldFile := fs.Bool("world-file", false, "png: write a world file (.pgw) and projection (.prj) beside the image for GIS tools")
	intervals := fs.Bool("intervals", false, "gpkg, kml: export every district's status over time (the status-interval layer) instead of one day")
	output := fs.String("o", "", "file to write (required)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return exportOptions{}, err
	}
	var o exportOptions
	switch {
	case format != "" && len(pos) != 0:
		return o, fmt.Errorf("%w: unexpected argument %q", errUsage, pos[0])
	case format == "" && len(pos) != 1:
		return o, fmt.Errorf("%w: name one format: png, pdf, gif, csv, geojson, gpkg or kml", errUsage)
	case format == "":
		format = pos[0]
	}
	if !slices.Contains(scene.Formats, format) {
		return o, fmt.Errorf("%w: unknown format %q: want png, pdf, gif, csv, geojson, gpkg or kml", errUsage, format)
	}
	o.Options = scene.DefaultOptions(format)
	if *output == "" {
		return o, fmt.Errorf("%w: -o FILE is required", errUsage)
	}
	o.db, o.Claims, o.Title, o.Output = *db, *claims, *title, *output
	o.Excel, o.WorldFile, o.Intervals = *excel, *worldFile, *intervals
	days := []struct {
		name string
		s    string
		dst  *events.Day
	}{{"--date", *date, &o.Day}, {"--compare", *compare, &o.Compare}, {"--from", *from, &o.From}, {"--to", *to, &o.To}}
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
	if o.From != 0 && o.To != 0 && o.From > o.To {
		return o, fmt.Errorf("%w: --from %s is after --to %s", errUsage, o.From, o.To)
	}
	if o.Step, err = parseStep(*step); err != nil {
		return o, fmt.Errorf("%w: --step: %v", errUsage, err)
	}
	if *delay < 1 || *delay > 6000 {
		return o, fmt.Errorf("%w: --delay %d: want 1..6000 hundredths of a second", errUsage, *delay)
	}
	o.Delay = *delay
	p, ok := geo.Palettes()[*palette]
	if !ok {
		return o, fmt.Errorf("%w: --palette %q: want default, high-contrast or print", errUsage, *palette)
	}
	o.Palette = p
	switch *page {
	case "a4":
		o.Page = brief.A4Landscape
	case "slide":
		o.Page = brief.Slide
	default:
		return o, fmt.Errorf("%w: --page %q: want a4 or slide", errUsage, *page)
	}
	if *preset != "" {
		sz, ok := scene.SizePresets[*preset]
		if !ok {
			return o, fmt.Errorf("%w: --preset %q: want 720p, 1080p or 2160p", errUsage, *preset)
		}
		if *width != 0 || *height != 0 {
			return o, fmt.Errorf("%w: give --preset or --width and --height, not both", errUsage)
		}
		o.Width, o.Height = sz[0], sz[1]
	}
	if *width != 0 {
		o.Width = *width
	}
	if *height != 0 {
		o.Height = *height
	}
	if o.Width < 200 || o.Height < 150 || o.Width > 16384 || o.Height > 16384 {
		return o, fmt.Errorf("%w: size %dx%d: width 200..16384 and height 150..16384", errUsage, o.Width, o.Height)
	}
	if *bbox != "" {
		b, err := parseBBox(*bbox)
		if err != nil {
			return o, fmt.Errorf("%w: --bbox: %v", errUsage, err)
		}
		o.BBox = &b
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

// export writes o.Output and returns a short description of what it wrote.
func export(ctx context.Context, o exportOptions) (string, error) {
	if path := os.Getenv("AFCONTROL_CPUPROFILE"); path != "" {
		stop, err := startCPUProfile(path)
		if err != nil {
			return "", err
		}
		defer stop()
	}
	d, err := openDataset(o.db, false)
	if err != nil {
		return "", err
	}
	defer d.Close()
	msg, err := scene.Export(ctx, d, o.Options)
	if errors.Is(err, scene.ErrOptions) {
		err = fmt.Errorf("%w: %v", errUsage, err)
	}
	return msg, err
}

// startCPUProfile writes a CPU profile of the rest of the command to path,
// for measuring the headless path as a whole ('go tool pprof path'); the
// returned function stops it.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// stepsTo returns a progress report that prints to w at most every tenth
// of the work, and at its end.
func stepsTo(w io.Writer, what string) func(done, total int, note string) {
	shown := 0
	return func(done, total int, note string) {
		if total == 0 {
			return
		}
		if tenth := done * 10 / total; tenth > shown || done == total {
			shown = tenth
			fmt.Fprintf(w, "%s: %d of %d (%s)\n", what, done, total, note)
		}
	}
}

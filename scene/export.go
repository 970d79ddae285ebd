package scene

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/geo/brief"
	"github.com/paulmach/orb"
)

// The export formats.
const (
	PNG     = "png"
	PDF     = "pdf"
	GIF     = "gif"
	CSV     = "csv"
	GeoJSON = "geojson"
	GPKG    = "gpkg"
	KML     = "kml"
)

// Formats lists the export formats in the order menus show them.
var Formats = []string{PNG, PDF, GIF, CSV, GeoJSON, GPKG, KML}

// SizePresets are the image sizes by name.
var SizePresets = map[string][2]int{"720p": {1280, 720}, "1080p": {1920, 1080}, "2160p": {3840, 2160}}

// ErrOptions is wrapped by every error about the export's options rather
// than the dataset or the file system.
var ErrOptions = errors.New("export options")

// Options is one export: what the map shows and where it goes.
type Options struct {
	Format        string     // one of Formats
	Day           events.Day // 0: the last day with a report
	Claims        bool
	Compare       events.Day // 0: no comparison
	Width, Height int        // png and gif
	BBox          *orb.Bound // nil: the whole country
	Title         string
	Palette       geo.Palette
	From, To      events.Day // gif; 0: the first or last day with a report
	Step          int        // gif, in days
	Delay         int        // gif, hundredths of a second per frame
	Page          brief.PageSize
	// Excel starts a CSV with a UTF-8 byte order mark, so that Excel reads
	// its names as UTF-8.
	Excel bool
	// WorldFile writes a PNG's world file (.pgw) and projection (.prj)
	// beside it, so GIS tools place the image.
	WorldFile bool
	// Intervals exports the whole status-interval layer (gpkg, kml) instead
	// of the day's map.
	Intervals bool
	Output    string
	// Progress, when set, is told of long exports' steps (GIF frames).
	Progress func(done, total int, note string)
}

// DefaultOptions returns the options of a plain export of format: today's
// map of the last reported day, the default palette, 1920×1080 (1280×720 for
// GIF), daily GIF frames of a quarter second, an A4 page.
func DefaultOptions(format string) Options {
	o := Options{Format: format, Width: 1920, Height: 1080, Palette: geo.DefaultPalette(),
		Step: 1, Delay: 25, Page: brief.A4Landscape}
	if format == GIF {
		o.Width, o.Height = 1280, 720
	}
	return o
}

// Check returns an error wrapping ErrOptions when o cannot be exported.
func (o Options) Check() error {
	switch o.Format {
	case PNG, PDF, GIF, CSV, GeoJSON, GPKG, KML:
	default:
		return fmt.Errorf("%w: unknown format %q: want png, pdf, gif, csv, geojson, gpkg or kml", ErrOptions, o.Format)
	}
	if o.Intervals && o.Format != GPKG && o.Format != KML {
		return fmt.Errorf("%w: the interval layer exports as gpkg or kml, not %s", ErrOptions, o.Format)
	}
	if o.WorldFile && o.Format != PNG {
		return fmt.Errorf("%w: a world file goes with a png, not a %s", ErrOptions, o.Format)
	}
	if o.Excel && o.Format != CSV {
		return fmt.Errorf("%w: --excel is for csv, not %s", ErrOptions, o.Format)
	}
	if o.Output == "" {
		return fmt.Errorf("%w: no output file", ErrOptions)
	}
	if o.Width < 200 || o.Height < 150 || o.Width > 16384 || o.Height > 16384 {
		return fmt.Errorf("%w: size %dx%d: width 200..16384 and height 150..16384", ErrOptions, o.Width, o.Height)
	}
	if o.From != 0 && o.To != 0 && o.From > o.To {
		return fmt.Errorf("%w: from %s is after to %s", ErrOptions, o.From, o.To)
	}
	if o.Format == GIF && (o.Step < 1 || o.Delay < 1 || o.Delay > 6000) {
		return fmt.Errorf("%w: gif step %d days, delay %d: want a step of a day or more and a delay of 1..6000 hundredths", ErrOptions, o.Step, o.Delay)
	}
	return nil
}

// Layer returns the timeline layer the options show.
func (o Options) Layer() timeline.Layer { return Layer(o.Claims) }

// dayOr returns o.Day, or the last day with a report when none was given.
func (o Options) dayOr(c *data.Control) events.Day {
	if o.Day != 0 {
		return o.Day
	}
	_, last, _ := c.Timeline.Range()
	return last
}

// Export writes o.Output from d and returns a short description of what it
// wrote. The file is written atomically: a failed or cancelled export leaves
// nothing behind and an existing file as it was.
func Export(ctx context.Context, d *data.Dataset, o Options) (string, error) {
	if err := o.Check(); err != nil {
		return "", err
	}
	switch o.Format {
	case PNG:
		return exportPNG(ctx, d, o)
	case PDF:
		return exportPDF(ctx, d, o)
	case GIF:
		return exportGIF(ctx, d, o)
	case CSV:
		return exportCSV(ctx, d, o)
	case GPKG:
		return exportGPKG(ctx, d, o)
	case KML:
		return exportKML(ctx, d, o)
	default:
		return exportGeoJSON(ctx, d, o)
	}
}

// WriteAtomic writes path through write, into a temporary file in the same
// folder that is renamed over path only when write, the flush and the close
// all succeed and ctx is not cancelled; otherwise the temporary file is
// removed and path is left as it was.
func WriteAtomic(ctx context.Context, path string, write func(w io.Writer) error) (err error) {
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

// report tells o.Progress of a step, when it is set.
func (o Options) report(done, total int, note string) {
	if o.Progress != nil {
		o.Progress(done, total, note)
	}
}

package main

import (
	"context"
	"fmt"
	"image/png"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/ui"
	"github.com/paulmach/orb"
)

func runRender(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("render")
	db := fs.String("db", "", "dataset file (default: the default dataset)")
	date := fs.String("date", "", "the day, YYYY-MM-DD (default: the last day with a report)")
	claims := fs.Bool("claims", false, "show the claims layer")
	compare := fs.String("compare", "", "outline districts that changed since this day, YYYY-MM-DD")
	width := fs.Int("width", 1920, "image width in pixels")
	height := fs.Int("height", 1080, "image height in pixels")
	bbox := fs.String("bbox", "", "area to show: minLon,minLat,maxLon,maxLat (default: the whole country)")
	title := fs.String("title", "", "title line (default: the map's own)")
	output := fs.String("o", "", "PNG file to write (required)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *output == "" {
		return fmt.Errorf("%w: -o FILE is required", errUsage)
	}
	if *width < 200 || *height < 150 || *width > 16384 || *height > 16384 {
		return fmt.Errorf("%w: size %dx%d: width 200..16384 and height 150..16384", errUsage, *width, *height)
	}
	d, err := openDataset(*db, false)
	if err != nil {
		return err
	}
	defer d.Close()
	s, err := ui.LoadScene(ctx, d)
	if err != nil {
		return err
	}
	o := ui.FrameOptions{Claims: *claims, Title: *title, Day: s.LastDay()}
	if *date != "" {
		if o.Day, err = events.ParseDay(*date); err != nil {
			return fmt.Errorf("%w: --date %q: %v", errUsage, *date, err)
		}
	}
	if *compare != "" {
		if o.Compare, err = events.ParseDay(*compare); err != nil {
			return fmt.Errorf("%w: --compare %q: %v", errUsage, *compare, err)
		}
	}
	view := s.Renderer.FitView(*width, *height)
	if *bbox != "" {
		b, err := parseBBox(*bbox)
		if err != nil {
			return fmt.Errorf("%w: --bbox: %v", errUsage, err)
		}
		view = geo.BoundView(geo.Afghanistan, b, *width, *height, 0)
	}
	s.Renderer.SetView(view)
	img := s.Frame(o)
	f, err := os.Create(*output)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s (%dx%d, %s)\n", *output, img.Bounds().Dx(), img.Bounds().Dy(), o.Day)
	return nil
}

func parseBBox(s string) (orb.Bound, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return orb.Bound{}, fmt.Errorf("want minLon,minLat,maxLon,maxLat, got %q", s)
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return orb.Bound{}, fmt.Errorf("%q is not a number", p)
		}
		v[i] = f
	}
	if v[0] >= v[2] || v[1] >= v[3] || v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90 {
		return orb.Bound{}, fmt.Errorf("%q is not a valid box", s)
	}
	return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, nil
}

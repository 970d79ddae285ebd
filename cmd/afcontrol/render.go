package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// runRender is 'afcontrol export png': the same flags but the format, the
// same code and so the same pixels.
func runRender(ctx context.Context, args []string, out io.Writer) error {
	o, err := parseImageFlags("render", args, "png")
	if err != nil {
		return err
	}
	msg, err := export(ctx, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s (%s)\n", o.Output, msg)
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

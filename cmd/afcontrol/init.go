package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/afcontrol/afcontrol/data"
)

func runInit(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("init")
	db := fs.String("db", "", "dataset file to create (default: the default dataset)")
	mirror := fs.String("mirror", "", "folder holding the geoBoundaries files (default: $AFCONTROL_MIRROR, else the boundaries built into afcontrol; never the network)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	path := *db
	if path == "" {
		p, err := data.DefaultPath()
		if err != nil {
			return err
		}
		path = p
	}
	rep, err := data.Init(ctx, path, data.FetchOptions{Mirror: *mirror, Progress: progressTo(os.Stderr)})
	if err != nil {
		return err
	}
	printBoundaryReport(out, rep.Boundaries)
	fmt.Fprintf(out, "dataset ready: %s\n", path)
	return nil
}

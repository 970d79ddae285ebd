package main

import (
	"context"
	"fmt"
	"io"
	"time"
)

// runCheck reads every page of the dataset: opening one does not, so a file
// damaged on a disk or by a half-finished copy is found here.
func runCheck(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("check")
	db := fs.String("db", "", "dataset file (default: the default dataset)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	d, err := openDataset(*db, false)
	if err != nil {
		return err
	}
	defer d.Close()
	start := time.Now()
	if err := d.Check(ctx); err != nil {
		return fmt.Errorf("%s: %w", d.Path(), err)
	}
	fmt.Fprintf(out, "%s: sound (every page checked in %.1f s)\n", d.Path(), time.Since(start).Seconds())
	return nil
}

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/pg"
)

func runBoundariesImport(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("boundaries import")
	db := fs.String("db", "", "dataset file (default: the default dataset)")
	level := fs.String("level", "", "level of every file: province or district (default: detect)")
	nameField := fs.String("name-field", "", "attribute holding the name (default: detect shapeName, ADM2_EN, NAME…)")
	codeField := fs.String("code-field", "", "attribute holding the code (default: detect)")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return fmt.Errorf("%w: name at least one boundary file", errUsage)
	}
	if *level != "" && *level != "province" && *level != "district" {
		return fmt.Errorf("%w: --level is province or district, not %q", errUsage, *level)
	}
	d, err := openDataset(*db, true)
	if err != nil {
		return err
	}
	defer d.Close()
	rep, err := d.ImportBoundaries(ctx, paths, data.BoundaryOptions{
		Level: data.Level(*level), NameField: *nameField, CodeField: *codeField, Progress: progressTo(os.Stderr),
	})
	if err != nil {
		return err
	}
	printBoundaryReport(out, rep)
	return nil
}

func runBoundariesFetch(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("boundaries fetch")
	db := fs.String("db", "", "dataset file (default: the default dataset)")
	mirror := fs.String("mirror", "", "folder holding the geoBoundaries files (default: $AFCONTROL_MIRROR, else download)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	d, err := openDataset(*db, true)
	if err != nil {
		return err
	}
	defer d.Close()
	rep, err := d.FetchBoundaries(ctx, data.FetchOptions{Mirror: *mirror, Progress: progressTo(os.Stderr)})
	if err != nil {
		return err
	}
	printBoundaryReport(out, rep)
	return nil
}

func printBoundaryReport(out io.Writer, rep data.BoundaryReport) {
	fmt.Fprintf(out, "%d provinces, %d districts, %d unassigned\n", rep.Provinces, rep.Districts, len(rep.Unassigned))
	if n := len(rep.Unassigned); n > 0 {
		names := rep.Unassigned[:min(n, 20)]
		more := ""
		if n > len(names) {
			more = fmt.Sprintf(" … and %d more", n-len(names))
		}
		fmt.Fprintf(out, "unassigned: %s%s\n", strings.Join(names, "; "), more)
		if rep.Provinces == 0 {
			fmt.Fprintln(out, "the dataset has no provinces yet: import a province file to place the districts")
		}
	}
	if rep.Relinked > 0 || rep.Unlinked > 0 {
		fmt.Fprintf(out, "events linked to the new districts: %d; left unlinked (no single match): %d\n", rep.Relinked, rep.Unlinked)
	}
	if len(rep.Corrected) > 0 {
		fmt.Fprintf(out, "placed by the province table where the province polygons disagree: %s\n", strings.Join(rep.Corrected, "; "))
	}
}

// openDataset opens the dataset at path (the default dataset when empty),
// creating it first when create is true and no file exists. A postgres://
// URL opens the server's local replica, synced first.
func openDataset(path string, create bool) (*data.Dataset, error) {
	if pg.IsURL(path) {
		return openServer(path, create)
	}
	if path == "" {
		p, err := data.DefaultPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	if !create {
		return data.Open(path)
	}
	if _, err := os.Stat(path); os.IsNotExist(err) {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
	}
	return data.OpenOrCreate(path)
}

// progressTo writes each progress message to w on a line of its own.
func progressTo(w io.Writer) func(string) {
	return func(msg string) { fmt.Fprintln(w, msg) }
}

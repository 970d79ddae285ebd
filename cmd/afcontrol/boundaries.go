package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/pg"
)

func runBoundariesImport(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("boundaries import")
	db := fs.String("db", "", "dataset file (default: the default dataset)")
	level := fs.String("level", "", "level of every file: province or district (default: detect)")
	nameField := fs.String("name-field", "", "attribute holding the name (default: detect shapeName, ADM2_EN, NAME…)")
	codeField := fs.String("code-field", "", "attribute holding the code (default: detect)")
	replace := fs.Bool("replace", false, "replace the districts even when events are left without one (they keep their names; 'boundaries restore' undoes it)")
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
		Level: data.Level(*level), NameField: *nameField, CodeField: *codeField, Progress: progressTo(os.Stderr), Replace: *replace,
	})
	if err != nil {
		return boundaryAdvice(err)
	}
	printBoundaryReport(out, rep)
	return nil
}

func runBoundariesFetch(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("boundaries fetch")
	db := fs.String("db", "", "dataset file (default: the default dataset)")
	mirror := fs.String("mirror", "", "folder holding the geoBoundaries files (default: $AFCONTROL_MIRROR, else download)")
	replace := fs.Bool("replace", false, "replace the districts even when events are left without one")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	d, err := openDataset(*db, true)
	if err != nil {
		return err
	}
	defer d.Close()
	rep, err := d.FetchBoundaries(ctx, data.FetchOptions{Mirror: *mirror, Progress: progressTo(os.Stderr), Replace: *replace})
	if err != nil {
		return boundaryAdvice(err)
	}
	printBoundaryReport(out, rep)
	return nil
}

func runBoundariesHistory(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("boundaries history")
	db := fs.String("db", "", "dataset file (default: the default dataset)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	d, err := openDataset(*db, false)
	if err != nil {
		return err
	}
	defer d.Close()
	sets, err := d.BoundarySets(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SET\tLEVEL\tSTATE\tFEATURES\tIMPORTED\tFILE\tSOURCE")
	for _, s := range sets {
		state := "kept"
		switch {
		case s.Active:
			state = "active"
		case !s.Kept:
			state = "not kept"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\n", s.ID, s.Level, state, s.Features, s.ImportedAt, s.FileName, s.Source)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(sets) == 0 {
		fmt.Fprintln(out, "no boundary sets yet: run 'afcontrol boundaries fetch'")
	}
	return nil
}

func runBoundariesRestore(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("boundaries restore")
	db := fs.String("db", "", "dataset file (default: the default dataset)")
	replace := fs.Bool("replace", false, "restore even when events are left without a district")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return fmt.Errorf("%w: name one boundary set by its number ('afcontrol boundaries history' lists them)", errUsage)
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil || id < 1 {
		return fmt.Errorf("%w: %q is not a boundary set number", errUsage, rest[0])
	}
	d, err := openDataset(*db, false)
	if err != nil {
		return err
	}
	defer d.Close()
	rep, err := d.RestoreBoundarySet(ctx, id, data.BoundaryOptions{Progress: progressTo(os.Stderr), Replace: *replace})
	if err != nil {
		return boundaryAdvice(err)
	}
	printBoundaryReport(out, rep)
	return nil
}

// boundaryAdvice adds to a refused boundary import or restore what to do
// about it on the command line; data says what is wrong, not which flag
// changes it.
func boundaryAdvice(err error) error {
	var replace *data.ReplaceError
	var field *data.MissingFieldError
	switch {
	case errors.As(err, &replace):
		return fmt.Errorf("%w. To replace the districts anyway, run again with --replace: no event is deleted, "+
			"unlinked events keep their reported names, and 'afcontrol boundaries restore %d' brings the current set back", err, replace.Previous)
	case errors.As(err, &field) && field.Given == "":
		return fmt.Errorf("%w; name one with --%s-field", err, field.Role)
	case errors.Is(err, data.ErrNotLonLat):
		return fmt.Errorf("%w; reproject it first, e.g. ogr2ogr -t_srs EPSG:4326 out.gpkg in.shp", err)
	case errors.Is(err, data.ErrNoBoundarySet):
		return fmt.Errorf("%w ('afcontrol boundaries history' lists them)", err)
	}
	return err
}

func printBoundaryReport(out io.Writer, rep data.BoundaryReport) {
	if rep.Unchanged {
		fmt.Fprintln(out, "the files are the active boundary sets already: nothing changed")
	}
	for _, c := range rep.Sets {
		if c.From != 0 {
			fmt.Fprintf(out, "%s set %d is now active; set %d is kept ('afcontrol boundaries restore %d' brings it back)\n", c.Level, c.To, c.From, c.From)
		}
	}
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
		fmt.Fprintf(out, "events linked to other districts: %d; without a district (kept, with their reported names): %d\n", rep.Relinked, rep.Unlinked)
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
	var d *data.Dataset
	var err error
	if !create {
		d, err = data.Open(path)
	} else {
		if _, err := os.Stat(path); os.IsNotExist(err) {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return nil, err
			}
		}
		d, err = data.OpenOrCreate(path)
	}
	if err != nil {
		return nil, err
	}
	d.OnWait = progressTo(os.Stderr)
	return d, nil
}

// progressTo writes each progress message to w on a line of its own.
func progressTo(w io.Writer) func(string) {
	return func(msg string) { fmt.Fprintln(w, msg) }
}

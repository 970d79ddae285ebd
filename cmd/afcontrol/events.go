package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
)

func runEventsImport(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("events import")
	db := fs.String("db", "", "dataset file or postgres:// server (default: the default dataset)")
	format := fs.String("format", "", "native, acled, ucdp or geojson (default: detect)")
	encoding := fs.String("encoding", "", "text encoding of a CSV that is not UTF-8: windows-1252")
	skipBad := fs.Bool("skip-bad", false, "import the good rows and write the bad ones, with reasons, to NAME.rejects.csv")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) != 1 {
		return fmt.Errorf("%w: name one event file", errUsage)
	}
	d, err := openDataset(*db, false)
	if err != nil {
		return err
	}
	defer d.Close()
	rep, err := d.ImportEvents(ctx, paths[0], data.EventOptions{Format: *format, Encoding: *encoding, SkipBad: *skipBad})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d events imported (%s)\n", rep.Imported, rep.Format)
	if rep.Rejected > 0 {
		fmt.Fprintf(out, "%d rows rejected, written with their reasons to %s\n", rep.Rejected, rep.RejectsPath)
	}
	return syncIfServer(ctx, *db, d, out)
}

// statusJSON is what 'afcontrol status --json' prints.
type statusJSON struct {
	Date      string               `json:"date"`
	Layer     string               `json:"layer"`
	Counts    map[string]int       `json:"counts"`
	Total     int                  `json:"total"`
	Districts []districtStatusJSON `json:"districts"`
}

type districtStatusJSON struct {
	Name       string `json:"name"`
	Province   string `json:"province"`
	Status     string `json:"status"`
	Since      string `json:"since,omitempty"`
	Kind       string `json:"kind,omitempty"`
	Claim      bool   `json:"claim,omitempty"`
	Source     string `json:"source,omitempty"`
	SourceURL  string `json:"source_url,omitempty"`
	Confidence string `json:"confidence,omitempty"`
}

func runStatus(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("status")
	db := fs.String("db", "", "dataset file (default: the default dataset)")
	date := fs.String("date", "", "the day, YYYY-MM-DD (required)")
	claims := fs.Bool("claims", false, "count unconfirmed claims too")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *date == "" {
		return fmt.Errorf("%w: --date is required", errUsage)
	}
	day, err := events.ParseDay(*date)
	if err != nil {
		return fmt.Errorf("%w: --date %q: %v", errUsage, *date, err)
	}
	d, err := openDataset(*db, false)
	if err != nil {
		return err
	}
	defer d.Close()
	c, err := d.LoadControl(ctx)
	if err != nil {
		return err
	}
	layer := timeline.Confirmed
	if *claims {
		layer = timeline.WithClaims
	}
	counts := c.Timeline.Counts(day, layer)
	rep := statusJSON{Date: day.String(), Layer: layer.String(), Counts: map[string]int{}, Total: counts.Total}
	for s, n := range counts.ByStatus {
		rep.Counts[events.Status(s).String()] = n
	}
	table, err := statusTable(ctx, d, c, day, layer)
	if err != nil {
		return err
	}
	for _, r := range table {
		row := districtStatusJSON{Name: r.Name, Province: r.Province, Status: r.Status.String()}
		if r.HasEvent {
			e := r.Event
			row.Since, row.Kind, row.Claim, row.Source, row.SourceURL, row.Confidence = e.Date, e.Kind, e.Claim, e.Source, e.SourceURL, e.Confidence
		}
		rep.Districts = append(rep.Districts, row)
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(out, "%s (%s): ", rep.Date, rep.Layer)
	for _, s := range []events.Status{events.Taliban, events.Contested, events.Government, events.Unknown} {
		fmt.Fprintf(out, "%s %d of %d  ", s, rep.Counts[s.String()], rep.Total)
	}
	fmt.Fprintln(out)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROVINCE\tDISTRICT\tSTATUS\tSINCE\tSOURCE")
	for _, r := range rep.Districts {
		src := r.Source
		if r.Claim {
			src += " (claim)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Province, r.Name, r.Status, r.Since, src)
	}
	return tw.Flush()
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/scene"
)

// importHeapLimit is the soft limit of the Go heap during an events import.
const importHeapLimit = 120 << 20

func runEventsImport(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("events import")
	db := fs.String("db", "", "dataset file or postgres:// server (default: the default dataset)")
	format := fs.String("format", "", "native, acled, ucdp or geojson (default: detect)")
	encoding := fs.String("encoding", "", "text encoding of a CSV that is not UTF-8: windows-1252")
	skipBad := fs.Bool("skip-bad", false, "import the good rows and write the bad ones, with reasons, to NAME.rejects.csv")
	sync := fs.Bool("sync", false, "also remove the stored events of the same source, within the file's dates, that the file no longer has")
	actorsPath := fs.String("actors", "", "CSV of actor,status rows added to the actor table for ACLED's territorial events")
	dateOrder := fs.String("date-order", "", "dmy or mdy: how to read numeric dates such as 7/7/2021 in ACLED and UCDP files")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) != 1 {
		return fmt.Errorf("%w: name one event file", errUsage)
	}
	opt := data.EventOptions{Format: *format, Encoding: *encoding, SkipBad: *skipBad, Sync: *sync, DateOrder: *dateOrder}
	if *actorsPath != "" {
		f, err := os.Open(*actorsPath)
		if err != nil {
			return err
		}
		opt.Actors, err = events.ReadActors(*actorsPath, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	d, err := openDataset(*db, false)
	if err != nil {
		return err
	}
	defer d.Close()
	// Nothing else in this process reads the dataset while it imports.
	d.Alone = true
	// The import needs little of the Go heap at a time, but building the
	// timeline of millions of events at its end would let the collector
	// double it before it ran: a soft limit keeps the whole process under
	// 300 MB with any file. GOMEMLIMIT, when set, has the last word.
	if os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(importHeapLimit))
	}
	rep, err := d.ImportEvents(ctx, paths[0], opt)
	var bad *data.BadRowsError
	switch {
	case errors.As(err, &bad) && bad.Sync:
		return fmt.Errorf("%w\n--sync takes no file with bad rows, --skip-bad or not: fix them, or import without --sync", err)
	case errors.As(err, &bad):
		return fmt.Errorf("%w\nuse --skip-bad to import the good rows and write the bad ones, with their reasons, to NAME.rejects.csv", err)
	case errors.Is(err, data.ErrNoDistricts):
		return fmt.Errorf("%w: run 'afcontrol boundaries fetch' first", err)
	case err != nil:
		return err
	}
	printEventReport(out, rep)
	return syncIfServer(ctx, *db, d, out)
}

// printEventReport says what an import did, then what deserves a look.
func printEventReport(out io.Writer, rep data.EventReport) {
	if rep.Changed() {
		fmt.Fprintf(out, "%d %s imported, %d updated, %d unchanged, %d removed (%s)\n", rep.Imported, plural(rep.Imported, "event", "events"),
			rep.Updated, rep.Unchanged, rep.Deleted, rep.Format)
	} else {
		fmt.Fprintf(out, "nothing changed: %d events already stored as they are (%s)\n", rep.Unchanged, rep.Format)
	}
	reasons := make([]string, 0, len(rep.Skipped))
	for r := range rep.Skipped {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		fmt.Fprintf(out, "%d %s skipped: %s\n", rep.Skipped[r], plural(rep.Skipped[r], "row", "rows"), r)
	}
	if n := len(rep.Nearest) + rep.MoreNearest; n > 0 {
		fmt.Fprintf(out, "%d %s just outside the boundaries, placed in the nearest district:\n", n, plural(n, "point", "points"))
		printNotes(out, rep.Nearest, rep.MoreNearest)
	}
	if n := len(rep.Disagreements) + rep.MoreDisagreements; n > 0 {
		fmt.Fprintf(out, "%d %s whose point and admin2 disagree, placed by the point:\n", n, plural(n, "row", "rows"))
		printNotes(out, rep.Disagreements, rep.MoreDisagreements)
	}
	if rep.Rejected > 0 {
		fmt.Fprintf(out, "%d %s rejected, written with their reasons to %s\n", rep.Rejected, plural(rep.Rejected, "row", "rows"), rep.RejectsPath)
	}
}

// printNotes prints an import's notes one a line, then how many more the
// import counted without keeping them.
func printNotes(out io.Writer, notes []string, more int) {
	for _, n := range notes {
		fmt.Fprintf(out, "\t%s\n", n)
	}
	if more > 0 {
		fmt.Fprintf(out, "\t… and %d more\n", more)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// statusJSON is what 'afcontrol status --json' prints.
type statusJSON struct {
	Date      string               `json:"date"`
	Layer     string               `json:"layer"`
	Counts    map[string]int       `json:"counts"`
	Total     int                  `json:"total"`
	Coverage  string               `json:"coverage"`
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
	// Scope is the deciding event's: "district", or "province" or
	// "country" for an area assessment that covers the district.
	Scope    string `json:"scope,omitempty"`
	SourceDB string `json:"source_db,omitempty"`
	SourceID string `json:"source_id,omitempty"`
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
	layer := scene.Layer(*claims)
	counts := c.Timeline.Counts(day, layer)
	rep := statusJSON{Date: day.String(), Layer: layer.String(), Counts: map[string]int{}, Total: counts.Total}
	for s, n := range counts.ByStatus {
		rep.Counts[events.Status(s).String()] = n
	}
	table, err := scene.StatusTable(ctx, d, c, day, layer)
	if err != nil {
		return err
	}
	for _, r := range table {
		row := districtStatusJSON{Name: r.Name, Province: r.Province, Status: r.Status.String()}
		if r.HasEvent {
			e := r.Event
			row.Since, row.Kind, row.Claim, row.Source, row.SourceURL, row.Confidence = e.Date, e.Kind, e.Claim, e.Source, e.SourceURL, e.Confidence
			row.Scope, row.SourceDB, row.SourceID = e.Scope, e.SourceDB, e.SourceID
		}
		rep.Districts = append(rep.Districts, row)
	}
	rep.Coverage = scene.Coverage(table)
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
	fmt.Fprintln(out, rep.Coverage)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROVINCE\tDISTRICT\tSTATUS\tSINCE\tSOURCE")
	for _, r := range rep.Districts {
		src := r.Source
		if r.Claim {
			src += " (claim)"
		}
		if r.Scope == "province" || r.Scope == "country" {
			src += " (" + r.Scope + " assessment)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Province, r.Name, r.Status, r.Since, src)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	unlinked, err := d.UnlinkedEvents(ctx)
	if err != nil || len(unlinked) == 0 {
		return err
	}
	var names []string
	for _, e := range unlinked[:min(len(unlinked), 10)] {
		names = append(names, fmt.Sprintf("%s %s/%s", e.Date, e.Province, e.District))
	}
	more := ""
	if len(unlinked) > len(names) {
		more = fmt.Sprintf(" … and %d more", len(unlinked)-len(names))
	}
	fmt.Fprintf(out, "\n%d events have no district in the boundary set in use and are not counted above (kept with their reported names; "+
		"'afcontrol boundaries history' lists the sets that 'boundaries restore' brings back): %s%s\n", len(unlinked), strings.Join(names, "; "), more)
	return nil
}

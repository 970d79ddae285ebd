package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/pg"
)

// The server commands go before "version" and "help", which stay last in
// the list that help prints.
func init() {
	commands = append(commands[:len(commands)-2:len(commands)-2], append([]command{
		{"server init", "--url postgres://… [--from FILE]", "make (or bring up to date) the afcontrol schema, the PostGIS layers and the afcontrol_reader and afcontrol_editor roles on a PostgreSQL server; --from fills it from a dataset", runServerInit},
		{"server push-boundaries", "--url postgres://… [--db FILE]", "replace the server's boundaries, gazetteer and tallies with a dataset's", runServerPushBoundaries},
		{"sync", "[--db FILE] [--server postgres://…]", "push this dataset's changes to the server and pull everyone else's; lists conflicts", runSync},
		{"conflicts", "[--db FILE] [--all] [--reviewed ID]", "list the events edited both here and on the server between two syncs, with both versions", runConflicts},
	}, commands[len(commands)-2:]...)...)
}

func runServerInit(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("server init")
	url := fs.String("url", "", "the server database, postgres://USER@HOST/DB (the password from $PGPASSWORD or ~/.pgpass)")
	from := fs.String("from", "", "a dataset whose boundaries and events fill the new server")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *url == "" {
		return fmt.Errorf("%w: --url is required", errUsage)
	}
	s, err := pg.Init(ctx, *url)
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintf(out, "server ready: %s (schema %d; roles %s and %s)\n", s.URL(), pg.SchemaVersion, pg.ReaderRole, pg.EditorRole)
	if *from == "" {
		return nil
	}
	d, err := data.Open(*from)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := pushBoundaries(ctx, s, d, out); err != nil {
		return err
	}
	return syncWith(ctx, d, s, out)
}

func runServerPushBoundaries(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("server push-boundaries")
	url := fs.String("url", "", "the server database, postgres://USER@HOST/DB")
	db := fs.String("db", "", "dataset file (default: the default dataset)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *url == "" {
		return fmt.Errorf("%w: --url is required", errUsage)
	}
	d, err := openDataset(*db, false)
	if err != nil {
		return err
	}
	defer d.Close()
	s, err := pg.Connect(ctx, *url)
	if err != nil {
		return err
	}
	defer s.Close()
	return pushBoundaries(ctx, s, d, out)
}

func pushBoundaries(ctx context.Context, s *pg.Server, d *data.Dataset, out io.Writer) error {
	c, err := s.PushBoundaries(ctx, d)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "pushed %d provinces, %d districts, %d border lines, %d gazetteer entries and %d tallies to %s\n",
		c.Provinces, c.Districts, c.Borders, c.Aliases, c.Tallies, s.URL())
	return nil
}

func runSync(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("sync")
	db := fs.String("db", "", "dataset file (default: the default dataset)")
	server := fs.String("server", "", "the server, postgres://USER@HOST/DB (default: the one this dataset synced with last)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if pg.IsURL(*db) {
		return fmt.Errorf("%w: --db names the laptop's dataset file; the server goes in --server", errUsage)
	}
	d, err := openDataset(*db, false)
	if err != nil {
		return err
	}
	defer d.Close()
	url := *server
	if url == "" {
		last, ok, err := d.LastSync(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%w: this dataset has never synced: name the server with --server postgres://…", errUsage)
		}
		url = last.URL
	}
	s, err := pg.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer s.Close()
	return syncWith(ctx, d, s, out)
}

func syncWith(ctx context.Context, d *data.Dataset, s *pg.Server, out io.Writer) error {
	rep, err := pg.Sync(ctx, d, s)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "synced %s with %s as %s: %d pushed, %d pulled\n", d.Path(), s.URL(), s.Role(), rep.Pushed, rep.Pulled)
	for _, c := range rep.Conflicts {
		fmt.Fprintf(out, "conflict: %s\n", describeConflict(c))
	}
	if len(rep.Conflicts) > 0 {
		fmt.Fprintf(out, "%d %s edited here and on the server: the later edit was kept, both versions are in the audit ('afcontrol conflicts' lists them)\n",
			len(rep.Conflicts), plural(len(rep.Conflicts), "event was", "events were"))
	}
	return nil
}

// describeConflict says in one line which event it is and what each side
// made of it.
func describeConflict(c data.Conflict) string {
	return fmt.Sprintf("%s [%s]: here %s; server %s; kept the %s version", c.Place(), c.Server.UID,
		c.Laptop.Summary(), c.Server.Summary(), c.Kept)
}

func runConflicts(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("conflicts")
	db := fs.String("db", "", "dataset file (default: the default dataset)")
	all := fs.Bool("all", false, "list the reviewed conflicts too")
	reviewed := fs.Int64("reviewed", 0, "mark conflict ID as reviewed")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	d, err := openDataset(*db, false)
	if err != nil {
		return err
	}
	defer d.Close()
	if *reviewed != 0 {
		return d.MarkReviewed(ctx, *reviewed)
	}
	cs, err := d.Conflicts(ctx, *all)
	if err != nil {
		return err
	}
	if len(cs) == 0 {
		fmt.Fprintln(out, "no conflicts to review")
	}
	for _, c := range cs {
		mark := ""
		if c.Reviewed {
			mark = " (reviewed)"
		}
		fmt.Fprintf(out, "%d  %s  %s%s\n", c.ID, c.At, describeConflict(c), mark)
	}
	return nil
}

// openServer opens the local replica of the server at url for a command
// given --db postgres://…: brought up to date first, so the command reads
// what the server holds.
func openServer(url string, create bool) (*data.Dataset, error) {
	if create {
		return nil, fmt.Errorf("%w: boundaries go to a server with 'afcontrol server push-boundaries'", errUsage)
	}
	d, s, err := pg.OpenReplica(context.Background(), url, progressTo(os.Stderr))
	if err != nil {
		return nil, err
	}
	s.Close()
	return d, nil
}

// syncIfServer sends a command's changes to the server when its --db named
// one: its replica took them first.
func syncIfServer(ctx context.Context, db string, d *data.Dataset, out io.Writer) error {
	if !pg.IsURL(db) {
		return nil
	}
	s, err := pg.Connect(ctx, db)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := syncWith(ctx, d, s, out); err != nil {
		if errors.Is(err, pg.ErrReadOnly) {
			return fmt.Errorf("%w; the change stays in the local copy %s until a role that may edit syncs it", err, d.Path())
		}
		return err
	}
	return nil
}

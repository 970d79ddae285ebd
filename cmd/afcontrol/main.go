// Command afcontrol shows reported district control in Afghanistan over time.
// With no arguments it opens the window; with a subcommand it runs headless.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	_ "github.com/afcontrol/afcontrol/cmd/afcontrol/internal/clocale" // before Fyne reads the locale
)

// command is one headless subcommand.
type command struct {
	name    string // "boundaries import"
	args    string // argument synopsis
	summary string
	run     func(ctx context.Context, args []string, out io.Writer) error
}

var commands []command

func init() {
	commands = []command{
		{"init", "[--db FILE] [--mirror DIR]", "make a new dataset ready to use: boundaries, gazetteer and the reference timeline", runInit},
		{"boundaries fetch", "[--db FILE] [--mirror DIR]", "get the geoBoundaries province and district files (mirror folder first, else HTTPS) and import them", runBoundariesFetch},
		{"boundaries import", "[--db FILE] [--level province|district] [--name-field F] [--code-field F] PATH...", "import boundary files: GeoJSON, ESRI Shapefile (.shp or .zip), GeoPackage", runBoundariesImport},
		{"events import", "[--db FILE] [--format native|acled|ucdp|geojson] [--encoding windows-1252] [--skip-bad] PATH", "import reported events; a file with bad rows is refused whole unless --skip-bad", runEventsImport},
		{"status", "--date YYYY-MM-DD [--db FILE] [--claims] [--json]", "print every district's status on a day, with counts and the source of each", runStatus},
		{"render", "[--db FILE] [--date YYYY-MM-DD] [--claims] [--compare YYYY-MM-DD] [--width W --height H] [--bbox minLon,minLat,maxLon,maxLat] -o OUT.png", "draw the control map for a day, with legend, labels and attribution, to a PNG; no display needed", runRender},
		{"export", "png|pdf|gif|csv|geojson [--db FILE] [--date YYYY-MM-DD] [--claims] [--compare YYYY-MM-DD] [--width W --height H | --preset 720p|1080p|2160p] [--bbox minLon,minLat,maxLon,maxLat] [--title T] [--palette default|high-contrast|print] [--from D --to D --step 1d|7d] [--page a4|slide] -o OUT", "write a briefing map (PNG, PDF), an animated timeline (GIF) or the day's status table (CSV, GeoJSON)", runExport},
		{"check", "[--db FILE]", "read every page of the dataset and report any damage (opening a dataset does not)", runCheck},
		{"version", "", "print the version", runVersion},
		{"help", "", "list the commands", runHelp},
	}
}

// errUsage marks an error in how the command was called (exit status 2).
var errUsage = errors.New("usage")

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		if err := openWindow(""); err != nil {
			fmt.Fprintln(stderr, "afcontrol:", err)
			return 1
		}
		return 0
	}
	cmd, rest := findCommand(args)
	if cmd == nil {
		fmt.Fprintf(stderr, "afcontrol: unknown command %q\n\n", strings.Join(args[:min(2, len(args))], " "))
		writeHelp(stderr)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := cmd.run(ctx, rest, stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "afcontrol "+cmd.name+":", err)
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

// findCommand matches the longest command name at the start of args.
func findCommand(args []string) (*command, []string) {
	for i := range commands {
		words := strings.Fields(commands[i].name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == commands[i].name {
			return &commands[i], args[len(words):]
		}
	}
	if args[0] == "-h" || args[0] == "--help" {
		return findCommand([]string{"help"})
	}
	return nil, nil
}

func writeHelp(w io.Writer) {
	fmt.Fprintln(w, "Usage: afcontrol [COMMAND [OPTIONS]]")
	fmt.Fprintln(w, "\nWith no command, afcontrol opens its window on the default dataset.")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-18s %s\n", c.name, c.summary)
		if c.args != "" {
			fmt.Fprintf(w, "  %-18s   afcontrol %s %s\n", "", c.name, c.args)
		}
	}
	fmt.Fprintln(w, "\nWithout --db, commands use the default dataset ($AFCONTROL_DB, else the user's data folder).")
	fmt.Fprintln(w, "Run 'afcontrol COMMAND -h' for a command's options.")
}

func runHelp(_ context.Context, _ []string, out io.Writer) error {
	writeHelp(out)
	return nil
}

// newFlags makes a flag set for a command that reports errors instead of
// exiting, with its usage line.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("afcontrol "+name, flag.ContinueOnError)
	fs.Usage = func() {
		for _, c := range commands {
			if c.name == name {
				fmt.Fprintf(fs.Output(), "Usage: afcontrol %s %s\n\n%s\n\nOptions:\n", c.name, c.args, c.summary)
			}
		}
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, allowing flags after the positional arguments
// ("import a.shp --db x.gpkg"), and returns the positional ones.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

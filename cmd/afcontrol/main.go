// Command afcontrol shows reported district control in Afghanistan over time.
// With no arguments it opens the window on the default dataset, with the
// path of a dataset file (as a desktop's "Open with" passes it) the window
// on that file; with a subcommand it runs headless.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
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
		{"boundaries fetch", "[--db FILE] [--mirror DIR] [--replace]", "get the geoBoundaries province and district files (mirror folder first, else HTTPS) and import them", runBoundariesFetch},
		{"boundaries import", "[--db FILE] [--level province|district] [--name-field F] [--code-field F] [--replace] PATH...", "import boundary files (GeoJSON, ESRI Shapefile .shp or .zip, GeoPackage) as a new boundary set; the set it replaces is kept", runBoundariesImport},
		{"boundaries history", "[--db FILE]", "list the boundary sets, the active one of each level and the kept ones", runBoundariesHistory},
		{"boundaries restore", "[--db FILE] [--replace] SET", "make a kept boundary set the active one again and link the events to it", runBoundariesRestore},
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
	args = dropLaunchArgs(args)
	if path, ok := windowArgs(args); ok {
		return window(path)
	}
	cmd, rest := findCommand(args)
	if cmd == nil && len(args) == 1 && isDatasetArg(args[0]) {
		return window(args[0])
	}
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

// window opens the window on the dataset at path ("" for the default); a
// dataset that cannot be opened is shown in the window, not on stderr.
func window(path string) int {
	openWindow(path)
	return 0
}

// dropLaunchArgs removes the process serial number argument (-psn_0_12345)
// that macOS Finder adds when it starts an application bundle.
func dropLaunchArgs(args []string) []string {
	out := args[:0:0]
	for _, a := range args {
		if !strings.HasPrefix(a, "-psn_") {
			out = append(out, a)
		}
	}
	return out
}

// isDatasetArg reports whether a lone argument that names no command is a
// dataset for the window: a path ending in .gpkg (which need not exist
// yet: the window then says so and offers to make it), or any existing
// file, as a desktop's "Open with" may pass a file under any name.
func isDatasetArg(arg string) bool {
	if strings.HasPrefix(arg, "-") {
		return false
	}
	if strings.EqualFold(filepath.Ext(arg), ".gpkg") {
		return true
	}
	st, err := os.Stat(arg)
	return err == nil && st.Mode().IsRegular()
}

// windowArgs reports whether args open the window rather than run a
// command, and on which dataset: none (the default), "--db FILE" or
// "--db=FILE". A lone dataset path is isDatasetArg's.
func windowArgs(args []string) (string, bool) {
	switch {
	case len(args) == 0:
		return "", true
	case len(args) == 2 && args[0] == "--db":
		return args[1], true
	case len(args) == 1 && strings.HasPrefix(args[0], "--db="):
		return strings.TrimPrefix(args[0], "--db="), true
	}
	return "", false
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
	fmt.Fprintln(w, "Usage: afcontrol [COMMAND [OPTIONS] | DATASET.gpkg | --db DATASET]")
	fmt.Fprintln(w, "\nWith no command, afcontrol opens its window on the default dataset ($AFCONTROL_DB, else the one")
	fmt.Fprintln(w, "used last), or on the dataset file named (as \"Open with\" on the desktop does).")
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

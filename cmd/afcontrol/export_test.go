package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/datatest"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/geo/brief"
	"github.com/afcontrol/afcontrol/scene"
)

// needTool returns the path of a command the test runs; outside CI a missing
// command skips the test, in CI it fails it.
func needTool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s is missing: install it (see the Makefile's TEST_DEBS)", name)
		}
		tb.Skipf("%s is missing", name)
	}
	return p
}

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		// A child started by a crash test: be afcontrol itself.
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	code := m.Run()
	datatest.Cleanup()
	os.Exit(code)
}

// afc runs the command line and fails the test unless it exits 0.
func afc(tb testing.TB, args ...string) string {
	tb.Helper()
	var out, errOut bytes.Buffer
	if code := run(args, &out, &errOut); code != 0 {
		tb.Fatalf("afcontrol %s: exit %d: %s", strings.Join(args, " "), code, errOut.String())
	}
	return out.String()
}

func TestExportGIFFramesAreRenderFrames(t *testing.T) {
	db := datatest.Template(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "t.gif")
	afc(t, "export", "gif", "--db", db, "--from", "2021-07-01", "--to", "2021-08-31", "--step", "1d", "-o", out)
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gif.DecodeAll(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 62 {
		t.Fatalf("%d frames, want 62 (2021-07-01 to 2021-08-31 inclusive)", len(g.Image))
	}
	if g.LoopCount != 0 {
		t.Errorf("loop count %d, want 0 (for ever)", g.LoopCount)
	}
	for i, d := range g.Delay[:61] {
		if d != 25 {
			t.Fatalf("frame %d delay %d, want 25", i, d)
		}
	}
	if g.Delay[61] < 200 {
		t.Errorf("last frame delay %d, want a pause of at least 200", g.Delay[61])
	}

	q := brief.NewQuantiser(geo.DefaultPalette())
	frameOf := func(i int) *image.Paletted { return g.Image[i] }
	s := loadScene(t, openForTest(t, db))
	s.Renderer.SetView(s.Renderer.FitView(1280, 720))
	for _, tc := range []struct {
		day   string
		frame int
	}{{"2021-07-01", 0}, {"2021-08-15", 45}, {"2021-08-31", 61}} {
		day, err := events.ParseDay(tc.day)
		if err != nil {
			t.Fatal(err)
		}
		want := s.Frame(scene.FrameOptions{Day: day})
		got := frameOf(tc.frame)
		if got.Bounds() != want.Bounds() {
			t.Fatalf("%s: frame %v, render %v", tc.day, got.Bounds(), want.Bounds())
		}
		same, total := 0, 0
		b := want.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				w := color.RGBAModel.Convert(want.At(x, y)).(color.RGBA)
				gc := got.Palette[got.ColorIndexAt(x, y)].(color.RGBA)
				// Equal within the palette quantisation: the frame's pixel is
				// exactly the table entry the render's pixel maps to.
				if qc := q.Palette()[q.Index(w)].(color.RGBA); gc != qc {
					t.Fatalf("%s (%d,%d): frame %v, render %v quantises to %v", tc.day, x, y, gc, w, qc)
				}
				if gc == w {
					same++
				}
				total++
			}
		}
		// Flat fills, panels and pure border colours are in the table
		// exactly; only anti-aliased edges and text move to a neighbour.
		if same < total*90/100 {
			t.Errorf("%s: only %d of %d pixels keep their exact colour", tc.day, same, total)
		}
		t.Logf("%s: %.1f %% of pixels keep their exact colour", tc.day, 100*float64(same)/float64(total))
	}
	// The animation moves: mid-August differs from early July.
	if bytes.Equal(frameOf(0).Pix, frameOf(45).Pix) {
		t.Error("frames for 2021-07-01 and 2021-08-15 are identical")
	}
}

func readPNG(tb testing.TB, path string) image.Image {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	m, err := png.Decode(f)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func TestExportPDF(t *testing.T) {
	pdftoppm, pdftotext := needTool(t, "pdftoppm"), needTool(t, "pdftotext")
	db := datatest.Template(t)
	dir := t.TempDir()
	var st statusJSON
	if err := json.Unmarshal([]byte(afc(t, "status", "--db", db, "--date", "2021-08-15", "--json")), &st); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"a4", []string{"--date", "2021-08-15"},
			[]string{geo.DefaultTitle, "2021-08-15", "layer: confirmed", fmt.Sprintf("Taliban %d of 398", st.Counts["taliban"]),
				fmt.Sprintf("no sourced report %d of 398", st.Counts["unknown"]), "government / anti-Taliban forces",
				"paler, dashed: low confidence or assessment", st.Coverage, " km", "geoBoundaries", "Sources: "}},
		{"slide", []string{"--date", "2021-08-15", "--page", "slide", "--claims", "--compare", "2021-07-15", "--palette", "print", "--title", "Briefing 16 August"},
			[]string{"Briefing 16 August", "confirmed + claims", "changed since 2021-07-15", "Taliban, claimed", "no sourced report", " km", "geoBoundaries"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, tc.name+".pdf")
			afc(t, append(append([]string{"export", "pdf", "--db", db}, tc.args...), "-o", out)...)
			raw, err := exec.Command(pdftotext, out, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			// Lines wrap in the side column: compare with spaces evened out.
			txt := strings.Join(strings.Fields(string(raw)), " ")
			for _, w := range tc.want {
				if !strings.Contains(txt, w) {
					t.Errorf("the PDF's text lacks %q", w)
				}
			}
			// The legend words the statuses as the window's does.
			if strings.Contains(strings.ToLower(txt), "unknown") {
				t.Errorf("the PDF says \"unknown\": %s", txt)
			}
			// And every word, the legend's long rows too, is on the page.
			boxes, err := exec.Command(pdftotext, "-bbox", out, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext -bbox: %v", err)
			}
			for _, w := range offPage(t, string(boxes)) {
				t.Errorf("%q runs off the page", w)
			}
			if err := exec.Command(pdftoppm, "-r", "40", "-png", "-singlefile", out, filepath.Join(dir, tc.name)).Run(); err != nil {
				t.Fatalf("pdftoppm: %v", err)
			}
			page := readPNG(t, filepath.Join(dir, tc.name+".png"))
			// The page is landscape and the map is drawn: a good share of its
			// pixels are the palette's taliban colour.
			b := page.Bounds()
			if b.Dx() <= b.Dy() {
				t.Errorf("page %v is not landscape", b)
			}
			pal := geo.DefaultPalette()
			if tc.name == "slide" {
				pal = geo.PrintPalette()
			}
			want := pal.Confirmed[geo.Taliban].Base
			n := 0
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					c := color.RGBAModel.Convert(page.At(x, y)).(color.RGBA)
					if nearColour(c, want, 12) {
						n++
					}
				}
			}
			if n < b.Dx()*b.Dy()/50 {
				t.Errorf("only %d of %d rendered pixels have the taliban colour %v", n, b.Dx()*b.Dy(), want)
			}
		})
	}
}

var (
	pageBox = regexp.MustCompile(`<page width="([0-9.]+)" height="([0-9.]+)">`)
	wordBox = regexp.MustCompile(`<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">([^<]*)</word>`)
)

// offPage returns the words of pdftotext -bbox output whose box leaves
// their page.
func offPage(t *testing.T, html string) []string {
	t.Helper()
	pm := pageBox.FindStringSubmatch(html)
	if pm == nil {
		t.Fatal("pdftotext -bbox gave no page")
	}
	w, _ := strconv.ParseFloat(pm[1], 64)
	h, _ := strconv.ParseFloat(pm[2], 64)
	var out []string
	words := wordBox.FindAllStringSubmatch(html, -1)
	if len(words) == 0 {
		t.Fatal("pdftotext -bbox gave no words")
	}
	for _, m := range words {
		var v [4]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(m[i+1], 64)
		}
		if v[0] < 0 || v[1] < 0 || v[2] > w || v[3] > h {
			out = append(out, m[5])
		}
	}
	return out
}

func nearColour(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return int(x)-int(y) <= tol && int(y)-int(x) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

func TestExportCSVNeutralisesFormulas(t *testing.T) {
	bad := filepath.Join("..", "..", "data", "testdata", "bad", "events-formula-injection.csv")
	db := datatest.Copy(t)
	d, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.ImportEvents(context.Background(), bad, data.EventOptions{}); err != nil {
		d.Close()
		t.Fatal(err)
	}
	// The hostile value is stored as written, so the export must defuse it.
	var raw string
	if err := d.DB().QueryRow("SELECT source FROM events WHERE district = 'Guzara' AND date LIKE '2021-08-02%' ORDER BY fid DESC").Scan(&raw); err != nil {
		d.Close()
		t.Fatal(err)
	}
	d.Close()
	if !strings.HasPrefix(raw, "=") {
		t.Fatalf("stored source %q: the fixture no longer starts with =", raw)
	}
	out := filepath.Join(t.TempDir(), "status.csv")
	afc(t, "export", "csv", "--db", db, "--date", "2021-08-02", "-o", out)
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != strings.Join(scene.CSVHeader, ",") {
		t.Fatalf("header %q", got)
	}
	if len(recs) != 399 {
		t.Fatalf("%d rows, want 398 districts and a header", len(recs))
	}
	number := regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	found := false
	for _, rec := range recs[1:] {
		for _, cell := range rec {
			if c := strings.TrimLeft(cell, " "); c != "" && strings.ContainsAny(c[:1], "=+-@\t\r") && !number.MatchString(c) {
				t.Errorf("cell %q would run as a formula", cell)
			}
		}
		if rec[1] == "Guzara" {
			found = true
			if rec[6] != "'"+raw {
				t.Errorf("Guzara's source cell %q, want %q", rec[6], "'"+raw)
			}
			if rec[2] != "contested" || rec[3] != "2021-08-02" {
				t.Errorf("Guzara row %q: want contested since 2021-08-02", rec)
			}
		}
	}
	if !found {
		t.Error("no Guzara row")
	}
}

func TestExportGeoJSON(t *testing.T) {
	db := datatest.Template(t)
	out := filepath.Join(t.TempDir(), "d.geojson")
	afc(t, "export", "geojson", "--db", db, "--date", "2021-08-15", "-o", out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string `json:"type"`
		Date     string `json:"date"`
		Coverage string `json:"coverage"`
		Features []struct {
			Geometry struct {
				Type string `json:"type"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || fc.Date != "2021-08-15" || len(fc.Features) != 398 {
		t.Fatalf("type %q, date %q, %d features", fc.Type, fc.Date, len(fc.Features))
	}
	count := map[string]int{}
	for _, f := range fc.Features {
		if f.Geometry.Type != "MultiPolygon" {
			t.Fatalf("geometry %q", f.Geometry.Type)
		}
		for _, k := range []string{"name", "province", "status", "since", "source", "source_url", "confidence"} {
			if _, ok := f.Properties[k]; !ok {
				t.Fatalf("feature %v lacks %q", f.Properties, k)
			}
		}
		st := f.Properties["status"].(string)
		count[st]++
		if (st == "unknown") != (f.Properties["source"] == nil) {
			t.Errorf("%v: a status other than unknown needs a source, and only it", f.Properties)
		}
	}
	// The same counts and coverage line the status command gives for the
	// day (the bundled timeline grows, so the numbers are not fixed here).
	var st statusJSON
	if err := json.Unmarshal([]byte(afc(t, "status", "--db", db, "--date", "2021-08-15", "--json")), &st); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"taliban", "contested", "government", "unknown"} {
		if count[s] != st.Counts[s] {
			t.Errorf("%s: %d features, the status command counts %d", s, count[s], st.Counts[s])
		}
	}
	if count["unknown"] == 0 || count["taliban"] == 0 {
		t.Errorf("counts %v: want some taliban and some unknown districts", count)
	}
	if want := fmt.Sprintf("%d of 398 districts with a sourced status on this day;", 398-count["unknown"]); !strings.HasPrefix(fc.Coverage, want) || fc.Coverage != st.Coverage {
		t.Errorf("coverage %q, want it to start %q and match the status command's %q", fc.Coverage, want, st.Coverage)
	}

	ogrinfo := needTool(t, "ogrinfo")
	info, err := exec.Command(ogrinfo, "-so", "-al", out).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, info)
	}
	if !strings.Contains(string(info), "Feature Count: 398") {
		t.Errorf("ogrinfo does not count 398 features:\n%s", info)
	}
}

func TestExportPNG(t *testing.T) {
	db := datatest.Template(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "m.png")
	ref := filepath.Join(dir, "r.png")
	afc(t, "export", "png", "--db", db, "--date", "2021-08-15", "--preset", "720p", "-o", out)
	afc(t, "render", "--db", db, "--date", "2021-08-15", "--width", "1280", "--height", "720", "-o", ref)
	got, want := readPNG(t, out), readPNG(t, ref)
	if got.Bounds() != image.Rect(0, 0, 1280, 720) {
		t.Fatalf("size %v, want 1280x720", got.Bounds())
	}
	// render is export png: the same flags give the same pixels.
	if !bytes.Equal(got.(*image.RGBA).Pix, want.(*image.RGBA).Pix) {
		t.Error("export png and render differ")
	}
	// The briefing image is the map frame plus the north arrow (top right)
	// and the sources panel (right, above the legend).
	s := loadScene(t, openForTest(t, db))
	s.Renderer.SetView(s.Renderer.FitView(1280, 720))
	day, _ := events.ParseDay("2021-08-15")
	frame := s.Frame(scene.FrameOptions{Day: day})
	differ := func(r image.Rectangle) int {
		n := 0
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				if got.At(x, y) != frame.At(x, y) {
					n++
				}
			}
		}
		return n
	}
	if n := differ(image.Rect(0, 0, 640, 720)); n != 0 {
		t.Errorf("%d pixels of the left half differ from the map frame", n)
	}
	if n := differ(image.Rect(1180, 0, 1280, 100)); n < 500 {
		t.Errorf("only %d pixels differ where the north arrow goes", n)
	}
}

func TestExportCancelLeavesNoFile(t *testing.T) {
	db := datatest.Template(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "t.gif")
	if err := os.WriteFile(out, []byte("the previous export"), 0o644); err != nil {
		t.Fatal(err)
	}
	o, err := parseExport([]string{"gif", "--db", db, "--from", "2021-07-01", "--to", "2021-08-31", "-o", out})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Cancel as the first progress line comes, as Ctrl-C would mid-way.
	o.Progress = func(int, int, string) { cancel() }
	if _, err := export(ctx, o); !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	b, err := os.ReadFile(out)
	if err != nil || string(b) != "the previous export" {
		t.Errorf("the output file was touched: %q, %v", b, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		for _, e := range entries {
			t.Log(e.Name())
		}
		t.Errorf("%d files in the folder, want only the previous export", len(entries))
	}
}

func TestParseExport(t *testing.T) {
	for _, tc := range []struct {
		args []string
		ok   bool
	}{
		{[]string{"png", "-o", "x.png"}, true},
		{[]string{"png", "--preset", "2160p", "-o", "x.png"}, true},
		{[]string{"png", "--preset", "2160p", "--width", "800", "-o", "x.png"}, false},
		{[]string{"png", "--preset", "4k", "-o", "x.png"}, false},
		{[]string{"tiff", "-o", "x.tiff"}, false},
		{[]string{"png"}, false},
		{[]string{"gif", "--step", "0d", "-o", "x.gif"}, false},
		{[]string{"gif", "--step", "2w", "-o", "x.gif"}, true},
		{[]string{"gif", "--from", "2021-08-01", "--to", "2021-07-01", "-o", "x.gif"}, false},
		{[]string{"png", "--date", "08/15/2021", "-o", "x.png"}, false},
		{[]string{"png", "--palette", "neon", "-o", "x.png"}, false},
		{[]string{"pdf", "--page", "letter", "-o", "x.pdf"}, false},
		{[]string{"png", "--width", "100", "-o", "x.png"}, false},
	} {
		o, err := parseExport(tc.args)
		if (err == nil) != tc.ok {
			t.Errorf("%q: error %v, want ok %v", tc.args, err, tc.ok)
		}
		if err != nil && !errors.Is(err, errUsage) {
			t.Errorf("%q: %v is not a usage error", tc.args, err)
		}
		if tc.ok && tc.args[0] == "png" && len(tc.args) > 2 && tc.args[2] == "2160p" && (o.Width != 3840 || o.Height != 2160) {
			t.Errorf("preset 2160p gave %dx%d", o.Width, o.Height)
		}
	}
}

func TestGIFDays(t *testing.T) {
	d := func(s string) events.Day {
		v, err := events.ParseDay(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if n := len(scene.GIFDays(d("2021-07-01"), d("2021-08-31"), 1)); n != 62 {
		t.Errorf("daily July and August: %d frames, want 62", n)
	}
	w := scene.GIFDays(d("2021-07-01"), d("2021-07-20"), 7)
	if len(w) != 4 || w[3] != d("2021-07-20") || w[2] != d("2021-07-15") {
		t.Errorf("weekly: %v, want 07-01, 07-08, 07-15 and the last day 07-20", w)
	}
	if w := scene.GIFDays(d("2021-07-01"), d("2021-07-01"), 7); len(w) != 1 {
		t.Errorf("one day: %v", w)
	}
}

// BenchmarkExportGIF60 measures a 60-frame, 1280×720 animation, from the
// loaded scene to the written bytes (rendering, mapping to the palette, LZW
// encoding); the promise is 10 s on two cores.
func BenchmarkExportGIF60(b *testing.B) {
	db := datatest.Template(b)
	s := loadScene(b, openForTest(b, db))
	s.Renderer.SetView(s.Renderer.FitView(1280, 720))
	from, _ := events.ParseDay("2021-07-01")
	days := scene.GIFDays(from, from+59, 1)
	var n countWriter
	for b.Loop() {
		if err := s.WriteGIF(context.Background(), &n, scene.FrameOptions{}, days, 25, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/float64(b.N)/1e6, "MB/gif")
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)

func TestExportsWriteOnlyWebLinks(t *testing.T) {
	db := datatest.Copy(t)
	d, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	// As a hand edit in QGIS might leave them.
	if _, err := d.DB().Exec(`UPDATE events SET source_url = CASE fid % 3 WHEN 0 THEN 'javascript:alert(1)'
		WHEN 1 THEN 'file:///etc/passwd' ELSE 'https://example.org/report' END`); err != nil {
		t.Fatal(err)
	}
	d.Close()
	for _, format := range []string{"csv", "geojson"} {
		out := filepath.Join(t.TempDir(), "table."+format)
		summary := afc(t, "export", format, "--db", db, "--date", "2021-08-15", "-o", out)
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"javascript:", "file:"} {
			if strings.Contains(string(b), bad) {
				t.Errorf("%s export carries a %s URL", format, bad)
			}
		}
		if !strings.Contains(string(b), "https://example.org/report") {
			t.Errorf("%s export lost the https URLs", format)
		}
		if !strings.Contains(summary, "left out: not http or https") {
			t.Errorf("%s summary %q does not count the URLs left out", format, summary)
		}
	}
}

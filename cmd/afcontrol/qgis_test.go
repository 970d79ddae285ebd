package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/datatest"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/scene"
	"github.com/paulmach/orb"
)

// qgisReport is what testdata/qgis_check.py prints.
type qgisReport struct {
	Layers         map[string]bool     `json:"layers"`
	Renderer       string              `json:"renderer"`
	RuleColours    map[string]string   `json:"rule_colours"`
	TemporalActive bool                `json:"temporal_active"`
	TemporalMode   int                 `json:"temporal_mode"`
	TemporalFields []string            `json:"temporal_fields"`
	Taliban        map[string][]string `json:"taliban"`
	Render         map[string][3]uint8 `json:"render"`
	EventsActive   bool                `json:"events_temporal_active"`
	EventsOn       map[string][]string `json:"events_on"`
	Styles         []string            `json:"styles"`
	TalibanClaims  map[string][]string `json:"taliban_claims"`
}

// needPyQGIS skips (outside CI) or fails (in CI) when Debian's python3-qgis
// is not installed.
func needPyQGIS(t *testing.T) {
	t.Helper()
	if err := exec.Command("/usr/bin/python3", "-c", "import qgis.core").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("PyQGIS is missing (%v): install python3-qgis (see the Makefile's TEST_DEBS)", err)
		}
		t.Skip("PyQGIS is missing (Debian/Ubuntu: apt-get install python3-qgis)")
	}
}

// TestQGISPlaysTheMap opens a dataset in QGIS as an analyst would and checks
// that QGIS shows what afcontrol shows: every layer valid, the interval layer
// styled in afcontrol's colours with its temporal preset active, the same
// Taliban districts on two days, and the same colours in the same districts.
func TestQGISPlaysTheMap(t *testing.T) {
	needPyQGIS(t)
	db := datatest.Copy(t)
	afc(t, "events", "import", "--db", db, filepath.Join("testdata", "qgis-events.csv"))
	days := []string{"2021-07-07", "2021-08-15"}
	taliban := func(day string, flags ...string) []string {
		var rep statusJSON
		args := append([]string{"status", "--db", db, "--date", day, "--json"}, flags...)
		if err := json.Unmarshal([]byte(afc(t, args...)), &rep); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range rep.Districts {
			if d.Status == "taliban" {
				out = append(out, d.Province+"/"+d.Name)
			}
		}
		slices.Sort(out)
		return out
	}
	want, wantClaims := map[string][]string{}, map[string][]string{}
	for _, day := range days {
		want[day], wantClaims[day] = taliban(day), taliban(day, "--claims")
	}
	dir := t.TempDir()
	cmd := exec.Command("/usr/bin/python3", filepath.Join("testdata", "qgis_check.py"), db, "2021-08-15", filepath.Join(dir, "qgis.png"), days[0], days[1])
	cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen", "XDG_RUNTIME_DIR="+dir, "HOME="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("qgis_check.py: %v\n%s", err, stderr.String())
	}
	var rep qgisReport
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("qgis_check.py printed %q: %v\n%s", out, err, stderr.String())
	}

	if len(rep.Layers) < 5 {
		t.Errorf("QGIS lists only %v", rep.Layers)
	}
	for name, valid := range rep.Layers {
		if !valid {
			t.Errorf("QGIS opens layer %s as invalid", name)
		}
	}
	if rep.Renderer != "RuleRenderer" || !rep.TemporalActive || rep.TemporalMode != 2 ||
		!slices.Equal(rep.TemporalFields, []string{"valid_from", "valid_to"}) {
		t.Errorf("status_intervals opens with renderer %q, temporal active %v, mode %d, fields %v; want the stored style",
			rep.Renderer, rep.TemporalActive, rep.TemporalMode, rep.TemporalFields)
	}
	p := geo.DefaultPalette()
	hex := func(c color.RGBA) string { return "#" + hex2(c.R) + hex2(c.G) + hex2(c.B) }
	if got := rep.RuleColours[`"layer" = 'confirmed' AND "status" = 'taliban'`]; got != hex(p.Confirmed[geo.Taliban].Base) {
		t.Errorf("QGIS fills confirmed Taliban districts %s, afcontrol %s", got, hex(p.Confirmed[geo.Taliban].Base))
	}
	for _, day := range days {
		if !slices.Equal(rep.Taliban[day], want[day]) {
			t.Errorf("%s: QGIS's temporal filter shows %d Taliban districts, afcontrol status %d:\nQGIS %v\nafcontrol %v",
				day, len(rep.Taliban[day]), len(want[day]), rep.Taliban[day], want[day])
		}
	}
	if !slices.Equal(rep.Styles, []string{"afcontrol confirmed", "afcontrol with claims"}) {
		t.Errorf("QGIS lists the stored styles %q", rep.Styles)
	}
	for _, day := range days {
		if !slices.Equal(rep.TalibanClaims[day], wantClaims[day]) {
			t.Errorf("%s, with claims: QGIS shows %d Taliban districts, afcontrol status --claims %d",
				day, len(rep.TalibanClaims[day]), len(wantClaims[day]))
		}
	}
	// A one-day frame shows that day's events and no other day's (QGIS 3.22
	// takes a Date field's day as a frame that also holds the next day).
	if !rep.EventsActive {
		t.Error("the events layer opens without its temporal preset")
	}
	for _, day := range days {
		if !slices.Equal(rep.EventsOn[day], []string{day}) {
			t.Errorf("QGIS's frame of %s shows the events of %v", day, rep.EventsOn[day])
		}
	}
	compareRenders(t, db, rep.Render)
}

// compareRenders checks QGIS's render of the interval layer on 2021-08-15,
// sampled at each district's interior point, against afcontrol's own render
// of that day sampled at the same place: where both show a status colour, it
// must be the same one (but for a district or two so small that its
// neighbours fill the window sampled), and nearly every district must show
// one in both.
func compareRenders(t *testing.T, db string, qgis map[string][3]uint8) {
	t.Helper()
	png := filepath.Join(t.TempDir(), "afcontrol.png")
	afc(t, "render", "--db", db, "--date", "2021-08-15", "--width", "1600", "--height", "1200", "-o", png)
	img := readPNG(t, png)
	d := openForTest(t, db)
	s := loadScene(t, d)
	view := s.ExportView(nil, 1600, 1200)
	p := geo.DefaultPalette()
	status := map[[3]uint8]geo.Status{}
	for _, st := range geo.Statuses {
		c := p.Confirmed[st].Base
		status[[3]uint8{c.R, c.G, c.B}] = st
		if st != geo.Unknown {
			// A tentative district (low confidence, an assessment) is its
			// status's colour, lightened.
			c = p.Swatch(geo.Fill{Status: st, Basis: geo.LowConfidence}).Base
			status[[3]uint8{c.R, c.G, c.B}] = st
		}
	}
	rows, err := d.DB().Query("SELECT province, name, inner_lon, inner_lat FROM districts")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	agree, conflicts, n := 0, 0, 0
	for rows.Next() {
		var prov, name string
		var lon, lat float64
		if err := rows.Scan(&prov, &name, &lon, &lat); err != nil {
			t.Fatal(err)
		}
		n++
		x, y := view.Pixel(geo.Afghanistan.Forward(orb.Point{lon, lat}))
		// afcontrol labels districts at their interior points: take the
		// status colour most of the pixels nearest the point show.
		// The window grows from the point itself until it holds one.
		ours, best := geo.Unknown, 0
		for reach := 0; reach <= 12 && best == 0; reach += 3 {
			votes := map[geo.Status]int{}
			for dy := -reach; dy <= reach; dy++ {
				for dx := -reach; dx <= reach; dx++ {
					r, g, b, _ := img.At(int(x)+dx, int(y)+dy).RGBA()
					if st, ok := status[[3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}]; ok {
						votes[st]++
					}
				}
			}
			for st, v := range votes {
				if v > best {
					ours, best = st, v
				}
			}
		}
		theirs, okTheirs := status[qgis[prov+"/"+name]]
		switch {
		case best > 0 && okTheirs && ours != theirs:
			conflicts++
			t.Logf("%s/%s: afcontrol paints it %v, QGIS %v", prov, name, ours, theirs)
		case best > 0 && okTheirs:
			agree++
		}
	}
	if conflicts > n/100 {
		t.Errorf("afcontrol and QGIS paint %d of %d districts in different status colours", conflicts, n)
	}
	if n != 398 || agree < n*95/100 {
		t.Errorf("afcontrol and QGIS show the same status colour at %d of %d interior points; want 95%%", agree, n)
	}
}

func hex2(b uint8) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&15]})
}

// openForTest opens the dataset db until the test ends.
func openForTest(tb testing.TB, db string) *data.Dataset {
	tb.Helper()
	d, err := data.Open(db)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	return d
}

// loadScene loads the scene of d.
func loadScene(tb testing.TB, d *data.Dataset) *scene.Scene {
	tb.Helper()
	s, err := scene.Load(context.Background(), d)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/pg"
	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/scene"
)

// AppID is the application id, as in FyneApp.toml.
const AppID = "org.afcontrol.afcontrol"

// Preference keys.
const (
	prefDataset  = "dataset"
	prefRecent   = "recent"
	prefPalette  = "palette"
	prefTheme    = "theme"
	prefClaims   = "claims"
	prefView     = "view"     // "x y scale": the last view's centre in plane metres, and pixels per metre
	prefDay      = "day"      // the day shown last, YYYY-MM-DD
	prefSelected = "selected" // the district shown last, by its feature id; 0 for none
	prefSize     = "size"     // "w h": the window's last size
)

// Run opens the window on the dataset at path: when empty, $AFCONTROL_DB
// when set, else the dataset used last, else the default dataset. On first
// run, when the default dataset does not exist yet, it is made with
// data.Init from $AFCONTROL_MIRROR or the boundaries inside the program
// (never the network), and the window says so while it works. A dataset
// that cannot be made or opened leaves the window showing why, with the
// ways on (see showStartProblem), so Run has no error to return: it
// returns when the window is closed.
func Run(path string) {
	a := app.NewWithID(AppID)
	applyTheme(a, a.Preferences().String(prefTheme))
	w := a.NewWindow("afcontrol")
	w.Resize(savedSize(a.Preferences().String(prefSize)))
	openInWindow(a, w, startPath(a.Preferences(), path))
	w.ShowAndRun()
}

// startPath is the dataset the window opens: the one named (--db or a
// path), else the one used last while it exists; "" means the default
// dataset, which is $AFCONTROL_DB when that is set (and is then made on a
// first run like the default one). The analyst's explicit choice always
// wins over what the window remembers.
func startPath(prefs fyne.Preferences, given string) string {
	if given != "" {
		return given
	}
	if os.Getenv("AFCONTROL_DB") != "" {
		return ""
	}
	last := prefs.String(prefDataset)
	if _, err := os.Stat(last); last == "" || err != nil {
		return ""
	}
	return last
}

// openInWindow shows a progress line in w, opens (or on first run makes) the
// dataset off the UI goroutine, and then puts the viewer in the window.
func openInWindow(a fyne.App, w fyne.Window, path string) {
	reopenInWindow(a, w, path, editHistory{}, nil)
}

// reopenInWindow is openInWindow that keeps the undo history: after a
// boundary change rebuilds the viewer, Edit → Undo still reverts it.
// opened, when not nil, is called with the new viewer once it is shown.
func reopenInWindow(a fyne.App, w fyne.Window, path string, history editHistory, opened func(*Viewer)) {
	status := widget.NewLabel("Opening the dataset…")
	bar := widget.NewProgressBarInfinite()
	w.SetContent(container.NewCenter(container.NewVBox(status, bar)))
	go func() {
		ds, s, boundaries, where, err := openScene(path, func(msg string) { fyne.Do(func() { status.SetText(msg) }) })
		var tallies []data.Tally
		if err == nil {
			tallies, err = ds.Tallies(context.Background())
		}
		fyne.Do(func() {
			bar.Stop()
			bar.Hide()
			if err != nil {
				ds.Close()
				showStartProblem(a, w, where, err)
				return
			}
			v := newViewer(a, w, ds, s, tallies, boundaries)
			v.source = path
			v.history = history
			v.updateEditMenu()
			if reason := ds.ReadOnly(); reason != "" {
				v.applyReadOnly(reason)
			}
			w.SetContent(v.content)
			v.follow(path)
			rememberDataset(a, where)
			if opened != nil {
				opened(v)
			}
		})
	}()
}

// openScene opens (or on first run creates) the dataset and loads it; the
// dataset is returned open, for the panel's histories and for edits,
// with the generation of the boundaries the scene was built from. Only
// the default dataset (path "") is made when missing; a named one that is
// not there is an error. The path is returned on error too, for the
// problem screen.
func openScene(path string, progress func(string)) (*data.Dataset, *scene.Scene, data.BoundaryGeneration, string, error) {
	ctx := context.Background()
	var none data.BoundaryGeneration
	if pg.IsURL(path) {
		return openServerScene(path, progress)
	}
	named := path != ""
	if !named {
		p, err := data.DefaultPath()
		if err != nil {
			return nil, nil, none, "", err
		}
		path = p
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if named {
			return nil, nil, none, path, missingDataset(path)
		}
		progress("First run: making the dataset " + path)
		if _, err := data.Init(ctx, path, data.FetchOptions{Progress: progress}); err != nil {
			return nil, nil, none, path, fmt.Errorf("could not make the dataset: %w", err)
		}
	}
	d, err := data.Open(path)
	if err != nil {
		return nil, nil, none, path, err
	}
	s, gen, err := loadScene(ctx, d)
	if err != nil {
		d.Close()
		return nil, nil, none, path, err
	}
	return d, s, gen, path, nil
}

// loadScene loads the scene of d with the generation of its boundaries,
// read first: boundaries that change while the scene loads give a scene
// newer than its generation says, and the next reload builds it again;
// never a scene older than its generation.
func loadScene(ctx context.Context, d *data.Dataset) (*scene.Scene, data.BoundaryGeneration, error) {
	gen, err := d.BoundaryGeneration(ctx)
	if err != nil {
		return nil, gen, err
	}
	s, err := scene.Load(ctx, d)
	return s, gen, err
}

// Viewer is the main window's content: the map, the date slider and chart
// under it, and beside it the search box, the legend with its layer
// controls and the district panel.
type Viewer struct {
	app fyne.App
	win fyne.Window
	// side scrolls the legend card (layersCard) and the panel together.
	side       *container.Scroll
	layersCard *widget.Card
	ds         *data.Dataset
	scene      *scene.Scene
	tallies    []data.Tally
	palette    geo.Palette

	mapView *MapView
	slider  *DateSlider
	legend  *Legend
	chart   *Chart
	panel   *DistrictPanel
	search  *SearchBox
	claims  *widget.Check
	compare *widget.Check
	since   *widget.Entry
	status  *widget.Label
	content fyne.CanvasObject
	mapArea *fyne.Container // the map and its zoom buttons, in content
	present *presentation   // non-nil while presenting

	shift   bool // a Shift key is held (desktop driver)
	history editHistory
	menu    *mainMenu
	layer   timeline.Layer // of the claims check box, set in setClaims
	state   *DayState      // the day shown, as every widget shows it
	// boundaries is the generation the scene was built from; a reload that
	// finds another builds the viewer again.
	boundaries   data.BoundaryGeneration
	source       string        // the path or server address opened, "" for the default
	replaced     bool          // a new viewer took the window; reloads of this one stop
	onReplaced   func(*Viewer) // called with the new viewer (tests)
	imports      *importQueue  // the window's imports, handed on by a rebuild
	afterRebuild []func()      // reloads asked of v while it is rebuilt
	stop         chan struct{} // closed to stop watchDataset
	watcher      *data.Watcher // nil when the dataset cannot be watched
	badRows      dialog.Dialog // the last bad-rows dialog (tests)
	exportDialog dialog.Dialog // the last export dialog and its fields (tests)
	exportForm   *exportForm
	eventForm    *eventForm // the last event form (tests)
}

// newViewer assembles the window's content for a loaded scene and installs
// its menu and keys in w. The map opens on the data's last day.
// boundaries is the generation s was built from (see loadScene).
func newViewer(a fyne.App, w fyne.Window, ds *data.Dataset, s *scene.Scene, tallies []data.Tally, boundaries data.BoundaryGeneration) *Viewer {
	v := &Viewer{app: a, win: w, ds: ds, scene: s, tallies: tallies, boundaries: boundaries}
	v.imports = &importQueue{v: v}
	prefs := a.Preferences()
	v.palette = geo.DefaultPalette()
	if p, ok := geo.Palettes()[prefs.String(prefPalette)]; ok {
		v.palette = p
	}
	s.Renderer.SetPalette(v.palette)

	first, last, ok := s.Control.Timeline.Range()
	if !ok {
		first = events.DayOf(2021, 1, 1)
		last = first
	}
	v.state = newDayState(s, last, timeline.Confirmed, 0)
	v.mapView = NewMapView(s, v.state)
	v.mapView.OnTapped = v.openDistrict
	if view, ok := loadView(prefs.String(prefView)); ok {
		v.mapView.SetView(view)
	}
	v.slider = NewDateSlider(first, last, last)
	v.slider.OnChanged = v.setDay
	v.slider.OnDone = v.focusMap
	v.legend = NewLegend(v.palette)
	v.chart = NewChart(s.Control.Timeline, tallies, v.palette)
	v.chart.OnTapped = v.slider.SetDay
	v.panel = NewDistrictPanel(s, ds, v.palette)
	v.panel.OnEdit = v.editEvent
	v.panel.OnAdd = func(i int) { v.addEvent(i) }
	v.panel.OnOpen = v.openURL
	v.panel.OnDistrict = v.selectDistrict
	v.search = NewSearchBox(ds)
	v.search.OnPlace = v.goTo
	v.search.OnDone = v.focusMap
	v.claims = widget.NewCheck("Claims layer (unconfirmed claims, dotted)", v.setClaims)
	v.since = widget.NewEntry()
	v.since.SetPlaceHolder("YYYY-MM-DD")
	v.since.SetText(max(first, last-30).String())
	v.since.Validator = func(s string) error { _, err := events.ParseDay(s); return err }
	v.since.OnChanged = func(string) { v.applyCompare() }
	v.compare = widget.NewCheck("Outline changes since", func(bool) { v.applyCompare() })
	v.claims.Text = "Claims layer (unconfirmed, dotted)"
	useDay := widget.NewButtonWithIcon("", theme.HistoryIcon(), func() {
		v.since.SetText(v.slider.Day().String())
		v.compare.SetChecked(true)
	})
	useDay.Importance = widget.LowImportance
	v.status = widget.NewLabel("")
	v.status.Importance = widget.LowImportance
	v.status.Truncation = fyne.TextTruncateEllipsis

	zoom := func(icon fyne.Resource, f func()) *widget.Button {
		b := widget.NewButtonWithIcon("", icon, f)
		return b
	}
	tools := container.NewVBox(
		zoom(theme.ZoomInIcon(), func() { v.mapView.ZoomBy(1.5) }),
		zoom(theme.ZoomOutIcon(), func() { v.mapView.ZoomBy(1 / 1.5) }),
		zoom(theme.ZoomFitIcon(), v.mapView.ResetView),
	)
	v.mapArea = container.NewStack(v.mapView, container.NewPadded(container.NewBorder(nil, nil, nil, tools)))

	layers := container.NewVBox(
		v.legend,
		v.claims,
		// One line for the comparison, so the panel keeps its room on a
		// 768-pixel screen.
		container.NewBorder(nil, nil, v.compare, useDay, v.since),
	)
	// Under the search box the legend and the panel scroll together: on a
	// tall screen the panel fills the column, on a 768-pixel one the column
	// scrolls instead of making the window taller than the screen.
	v.layersCard = widget.NewCard("", "", layers)
	v.side = container.NewVScroll(container.NewBorder(v.layersCard, nil, nil, nil, v.panel))
	v.panel.OnResized = v.side.Refresh
	side := container.NewBorder(v.search, nil, nil, nil, v.side)
	split := container.NewHSplit(v.mapArea, container.NewPadded(side))
	split.Offset = 0.72
	bottom := container.NewVBox(widget.NewSeparator(), container.NewPadded(v.slider), v.chart, v.status)
	v.content = container.NewBorder(nil, bottom, nil, nil, split)

	v.claims.SetChecked(prefs.Bool(prefClaims))
	v.setDay(last)
	if d, err := events.ParseDay(prefs.String(prefDay)); err == nil && d >= first && d <= last && d != last {
		v.slider.SetDay(d)
	}
	if fid := int64(prefs.Int(prefSelected)); fid > 0 {
		for i, d := range s.Control.Districts {
			if d.FID == fid {
				v.openDistrict(i)
			}
		}
	}
	v.writeStatus()
	v.menu = v.installMenu()
	v.installKeys()
	w.SetTitle(windowTitle(ds.Path(), ds.ReadOnly() != ""))
	w.SetOnDropped(v.dropped)
	w.SetCloseIntercept(func() {
		v.stopWatching()
		v.saveView()
		w.Close()
	})
	// A write that waits for another program says so under the map.
	ds.OnWait = func(msg string) { fyne.Do(func() { v.status.SetText(msg) }) }
	v.watchDataset()
	// The window is remembered as the analyst leaves it.
	a.Lifecycle().SetOnStopped(v.saveView)
	return v
}

// windowTitle is the window's title for the dataset at path.
func windowTitle(path string, readOnly bool) string {
	if readOnly {
		return "afcontrol — " + filepath.Base(path) + " (read-only)"
	}
	return "afcontrol — " + filepath.Base(path)
}

// Day returns the day shown.
func (v *Viewer) Day() events.Day { return v.slider.Day() }

// setDay shows day everywhere: it computes the day once, in the layer and
// with the comparison chosen, and hands it to the map, the chart's cursor,
// the panel, the legend and presentation mode.
func (v *Viewer) setDay(day events.Day) {
	v.state = newDayState(v.scene, day, v.layer, v.compareDay())
	v.mapView.SetDayState(v.state)
	v.chart.SetDay(day)
	v.panel.SetDay(v.state)
	v.updateLegend()
}

func (v *Viewer) setClaims(on bool) {
	v.layer = scene.Layer(on)
	v.chart.SetLayer(v.layer)
	v.setDay(v.Day())
	v.app.Preferences().SetBool(prefClaims, on)
	if v.menu != nil {
		v.menu.claims.Checked = on
		v.menu.main.Refresh()
	}
}

// compareDay returns the day compared with, or 0 when no comparison is on.
func (v *Viewer) compareDay() events.Day {
	if !v.compare.Checked {
		return 0
	}
	d, err := events.ParseDay(strings.TrimSpace(v.since.Text))
	if err != nil {
		return 0
	}
	return d
}

func (v *Viewer) applyCompare() { v.setDay(v.Day()) }

// updateLegend shows the counts of the day shown, in the legend and in
// presentation mode.
func (v *Viewer) updateLegend() {
	v.legend.SetCounts(v.palette, v.state.Counts, v.state.Layer)
	if c := v.state.Compare; c != 0 {
		v.legend.SetChanged(len(v.state.Changed), c.String())
	} else {
		v.legend.SetChanged(0, "")
	}
	if v.present != nil {
		v.present.update(v)
	}
}

func (v *Viewer) writeStatus() {
	attr := v.scene.Credit
	if attr == "" {
		attr = geo.DefaultAttribution
	}
	first, last, _ := v.scene.Control.Timeline.Range()
	text := fmt.Sprintf("%s · %d districts · reports %s to %s · %s",
		v.ds.Path(), len(v.scene.Control.Districts), first, last, attr)
	if r := v.ds.ReadOnly(); r != "" {
		text = "Read-only (" + r + ") · " + text
	}
	v.status.SetText(text)
}

// openDistrict shows district i in the panel and outlines it on the map
// (-1 clears both).
func (v *Viewer) openDistrict(i int) {
	v.panel.ShowDistrict(i)
	v.mapView.SetSelected(i)
	v.rememberSelection()
	v.revealPanel()
}

// revealPanel scrolls the side column so that the panel starts at its top:
// under the legend where the column holds both, else to the legend's top.
func (v *Viewer) revealPanel() {
	if v.side == nil || v.layersCard == nil || v.panel.District() < 0 && v.panel.Province() < 0 {
		return
	}
	y := float32(0)
	if v.side.Content.MinSize().Height > v.side.Size().Height {
		y = v.layersCard.Size().Height
	}
	v.side.ScrollToOffset(fyne.NewPos(0, y))
}

// selectDistrict opens district i and brings it into view with its
// neighbours, as a search does.
func (v *Viewer) selectDistrict(i int) {
	v.mapView.ZoomToDistricts([]int{i}, searchContext)
	v.openDistrict(i)
}

// searchContext is how much wider than a found district the map shows, so
// that its neighbours are around it.
const searchContext = 3

// goTo zooms the map to a place found by the search box and, for a
// district, opens its panel.
func (v *Viewer) goTo(p data.Place) {
	c := v.scene.Control
	var ids []int
	for i, d := range c.Districts {
		if (p.Kind == "district" && d.FID == p.FID) || (p.Kind == "province" && d.Province == p.Name) {
			ids = append(ids, i)
		}
	}
	if len(ids) == 0 {
		return
	}
	if p.Kind == "district" {
		v.selectDistrict(ids[0])
		return
	}
	v.mapView.ZoomToDistricts(ids, 1.25)
	v.mapView.SetSelected(-1)
	for pi, name := range c.Provinces {
		if name == p.Name {
			v.panel.ShowProvince(pi)
			v.revealPanel()
		}
	}
}

// reload is the one way the window takes in a change of its dataset: an
// edit, an undo, an import, a commit by another program, a sync. It reads
// the boundary generation and the control timeline again, off the UI
// goroutine, and redraws everything with them; when the boundaries are
// not the ones the map was built from, it builds the viewer again (keeping
// the view, the day, the district shown and the undo history), whatever
// the number of districts. then, when not nil, runs once the reload is
// over, whatever its outcome; after a rebuild, once the new viewer is
// shown.
func (v *Viewer) reload(then func()) {
	if v.replaced {
		v.reloadReplaced(then)
		return
	}
	v.kickServer()
	ds, w := v.ds, v.watcher
	go func() {
		ctx := context.Background()
		if w != nil {
			// What is committed by now is in this load: the watcher need
			// not report it again.
			w.Changed(ctx)
		}
		// The generation first, as loadScene reads it.
		gen, err := ds.BoundaryGeneration(ctx)
		var c *data.Control
		if err == nil {
			c, err = ds.LoadControl(ctx)
		}
		var tallies []data.Tally
		if err == nil {
			tallies, err = ds.Tallies(ctx)
		}
		fyne.Do(func() {
			if v.replaced {
				v.reloadReplaced(then)
				return
			}
			if err != nil {
				showError(v.win, err)
				if then != nil {
					then()
				}
				return
			}
			if gen != v.boundaries || len(c.Districts) != v.scene.Renderer.Len() {
				v.rebuild(then)
				return
			}
			v.mapView.rmu.Lock()
			v.scene.SetControl(c)
			v.mapView.rmu.Unlock()
			v.tallies = tallies
			v.chart.SetData(c.Timeline, tallies)
			if first, last, ok := c.Timeline.Range(); ok {
				v.slider.SetRange(first, last)
			}
			v.setDay(v.Day())
			v.mapView.Redraw()
			v.panel.Reload()
			v.writeStatus()
			if then != nil {
				then()
			}
		})
	}()
}

// rebuild puts a new viewer, built from the dataset's boundaries as they
// are now, in the window in place of v, hands it the imports waiting, and
// then runs then (when not nil).
func (v *Viewer) rebuild(then func()) {
	v.replaced = true
	v.stopWatching()
	v.saveView()
	source := v.ds.Path()
	if pg.IsURL(v.source) {
		source = v.source // a server's window goes on following it
	}
	reopenInWindow(v.app, v.win, source, v.history, func(nv *Viewer) {
		v.imports.handOver(nv)
		if v.onReplaced != nil {
			v.onReplaced(nv)
		}
		if then != nil {
			then()
		}
		// What ended while the new viewer loaded may not be in its load.
		for _, then := range v.afterRebuild {
			nv.reload(then)
		}
		v.afterRebuild = nil
	})
}

// reloadReplaced is reload on a viewer that another has replaced, or is
// about to: the reload, and then after it, happen in the viewer shown.
func (v *Viewer) reloadReplaced(then func()) {
	if nv := v.imports.v; nv != v {
		nv.reload(then)
		return
	}
	v.afterRebuild = append(v.afterRebuild, then)
}

// setPalette draws the map, legend, chart and panel in palette p.
func (v *Viewer) setPalette(p geo.Palette) {
	v.palette = p
	v.mapView.rmu.Lock()
	v.scene.Renderer.SetPalette(p)
	v.mapView.rmu.Unlock()
	v.mapView.Redraw()
	v.chart.SetPalette(p)
	v.panel.SetPalette(p)
	v.updateLegend()
	v.app.Preferences().SetString(prefPalette, p.Name)
}

// rememberSelection keeps the district shown for the next run.
func (v *Viewer) rememberSelection() {
	fid := int64(0)
	if i := v.panel.District(); i >= 0 {
		fid = v.scene.Control.Districts[i].FID
	}
	v.app.Preferences().SetInt(prefSelected, int(fid))
}

// savedSize reads a size saved by saveView, or gives the first run's.
func savedSize(s string) fyne.Size {
	var w, h float32
	if _, err := fmt.Sscanf(s, "%g %g", &w, &h); err != nil || w < 400 || h < 300 || w > 20000 || h > 20000 {
		return fyne.NewSize(1280, 800)
	}
	return fyne.NewSize(w, h)
}

// saveView remembers the map's view, the day, the district shown and the
// window's size for the next run.
func (v *Viewer) saveView() {
	prefs := v.app.Preferences()
	prefs.SetString(prefDay, v.Day().String())
	v.rememberSelection()
	if v.present == nil {
		if sz := v.win.Canvas().Size(); sz.Width >= 400 && sz.Height >= 300 {
			prefs.SetString(prefSize, fmt.Sprintf("%g %g", sz.Width, sz.Height))
		}
	}
	vw := v.mapView.State().View
	if vw.Scale > 0 {
		c := vw.Plane(float64(vw.W)/2, float64(vw.H)/2)
		v.app.Preferences().SetString(prefView, fmt.Sprintf("%g %g %g", c[0], c[1], vw.Scale))
	}
}

// loadView reads a view saved by saveView; its size is set by the map.
func loadView(s string) (geo.View, bool) {
	f := strings.Fields(s)
	if len(f) != 3 {
		return geo.View{}, false
	}
	var n [3]float64
	for i := range f {
		x, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return geo.View{}, false
		}
		n[i] = x
	}
	if !(n[2] > 0) {
		return geo.View{}, false
	}
	return geo.View{W: 1, H: 1, X0: n[0] - 0.5/n[2], Y0: n[1] + 0.5/n[2], Scale: n[2]}, true
}

// rememberDataset makes path the dataset opened next time and puts it first
// in the recent list.
func rememberDataset(a fyne.App, path string) {
	prefs := a.Preferences()
	prefs.SetString(prefDataset, path)
	recent := []string{path}
	for _, p := range prefs.StringList(prefRecent) {
		if p != path && len(recent) < 8 {
			recent = append(recent, p)
		}
	}
	prefs.SetStringList(prefRecent, recent)
}

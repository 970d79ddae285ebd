package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/geo/brief"
	"github.com/afcontrol/afcontrol/scene"
)

// prefExportDir is the folder the last export went to.
const prefExportDir = "exportDir"

// exportFormats names the formats in the export dialog, in scene.Formats'
// order.
var exportFormats = []struct{ format, label, ext string }{
	{scene.PNG, "PNG image", ".png"},
	{scene.PDF, "PDF page (vector)", ".pdf"},
	{scene.GIF, "Animated GIF of a period", ".gif"},
	{scene.CSV, "CSV table of the day", ".csv"},
	{scene.GeoJSON, "GeoJSON of the day", ".geojson"},
}

// sizeChoices are the image sizes offered; the last is typed in.
var sizeChoices = []string{"1280×720 (720p)", "1920×1080 (1080p)", "3840×2160 (2160p)", "custom"}

// exportForm is the export dialog's fields.
type exportForm struct {
	format, size, page *widget.Select
	width, height      *widget.Entry
	from, to, step     *widget.Entry
	title              *widget.Entry
	problem            *widget.Label
}

// viewOptions returns the export options of what the window shows: day,
// layer, comparison, palette and, when the map was panned or zoomed, the
// area in view.
func (v *Viewer) viewOptions(format string) scene.Options {
	o := scene.DefaultOptions(format)
	o.Day, o.Claims, o.Compare, o.Palette = v.state.Day, v.state.Claims(), v.state.Compare, v.palette
	if !v.mapView.Fitted() {
		if b, ok := viewBound(v.mapView.State().View); ok {
			o.BBox = &b
		}
	}
	return o
}

// viewBound returns the lon/lat box of the plane area in view.
func viewBound(vw geo.View) (orb.Bound, bool) {
	if vw.W < 1 || vw.H < 1 || !(vw.Scale > 0) {
		return orb.Bound{}, false
	}
	w, h := float64(vw.W), float64(vw.H)
	var b orb.Bound
	for i, xy := range [][2]float64{{0, 0}, {w, 0}, {0, h}, {w, h}, {w / 2, 0}, {w / 2, h}, {0, h / 2}, {w, h / 2}} {
		ll := geo.Afghanistan.Inverse(vw.Plane(xy[0], xy[1]))
		if i == 0 {
			b = orb.Bound{Min: ll, Max: ll}
		} else {
			b = b.Extend(ll)
		}
	}
	return b, true
}

// ShowExport opens File → Export…: the format, the image size or page, the
// period of a GIF and a title, for what the window shows. Export… asks
// where to write and runs scene.Export, the code 'afcontrol export' runs.
func (v *Viewer) ShowExport() {
	first, last := v.slider.Range()
	f := &exportForm{problem: widget.NewLabel("")}
	f.problem.Importance = widget.DangerImportance
	f.problem.Wrapping = fyne.TextWrapWord
	f.problem.Hide()
	labels := make([]string, len(exportFormats))
	for i, e := range exportFormats {
		labels[i] = e.label
	}
	f.width, f.height = widget.NewEntry(), widget.NewEntry()
	f.width.SetText("1920")
	f.height.SetText("1080")
	custom := container.NewGridWithColumns(4, widget.NewLabel("width"), f.width, widget.NewLabel("height"), f.height)
	custom.Hide()
	f.size = widget.NewSelect(sizeChoices, func(s string) {
		custom.Hidden = s != "custom"
		custom.Refresh()
	})
	f.size.SetSelected(sizeChoices[1])
	f.page = widget.NewSelect([]string{"A4 landscape", "16:9 slide"}, nil)
	f.page.SetSelected("A4 landscape")
	f.from, f.to, f.step = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	f.from.SetText(max(first, v.Day()-90).String())
	f.to.SetText(v.Day().String())
	if v.Day() == first {
		f.to.SetText(last.String())
	}
	f.step.SetText("7d")
	f.step.SetPlaceHolder("days or weeks: 1d, 7d, 2w")
	f.title = widget.NewEntry()
	f.title.SetPlaceHolder("the map's own title")

	sizeForm := widget.NewForm(widget.NewFormItem("Size", container.NewVBox(f.size, custom)))
	pageForm := widget.NewForm(widget.NewFormItem("Page", f.page))
	period := widget.NewFormItem("Period", container.NewGridWithColumns(3, f.from, f.to, f.step))
	period.HintText = "from, to, step"
	gifForm := widget.NewForm(period)
	f.format = widget.NewSelect(labels, func(string) {
		format := f.formatName()
		setShown(sizeForm, format == scene.PNG || format == scene.GIF)
		setShown(pageForm, format == scene.PDF)
		setShown(gifForm, format == scene.GIF)
		if format == scene.GIF && f.size.Selected == sizeChoices[1] {
			f.size.SetSelected(sizeChoices[0])
		}
	})
	f.format.SetSelected(labels[0])
	form := container.NewVBox(widget.NewForm(widget.NewFormItem("Format", f.format), widget.NewFormItem("Title", f.title)),
		sizeForm, pageForm, gifForm)
	what := widget.NewLabel(fmt.Sprintf("%s, %s layer, as the map shows it", v.state.Day, v.state.Layer))
	content := container.NewVBox(what, form, f.problem)
	var d *dialog.CustomDialog
	run := func() {
		o, err := f.options(v.viewOptions(f.formatName()))
		if err != nil {
			f.problem.SetText(err.Error())
			f.problem.Show()
			told("Export refused", err.Error())
			return
		}
		d.Hide()
		v.exportTo(o)
	}
	// Enter in the title exports, so the keyboard alone does the job.
	f.title.OnSubmitted = func(string) { run() }
	go1 := widget.NewButton("Export…", run)
	go1.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons("Export the map", content, v.win)
	d.SetButtons([]fyne.CanvasObject{cancel, go1})
	d.Resize(fyne.NewSize(520, 0))
	v.exportDialog, v.exportForm = d, f
	told("Export the map", what.Text)
	d.Show()
	v.win.Canvas().Focus(f.title)
}

func (f *exportForm) formatName() string {
	for _, e := range exportFormats {
		if e.label == f.format.Selected {
			return e.format
		}
	}
	return scene.PNG
}

// options reads the fields over o, or says which field is wrong.
func (f *exportForm) options(o scene.Options) (scene.Options, error) {
	switch f.size.Selected {
	case sizeChoices[0]:
		o.Width, o.Height = 1280, 720
	case sizeChoices[1]:
		o.Width, o.Height = 1920, 1080
	case sizeChoices[2]:
		o.Width, o.Height = 3840, 2160
	default:
		w, err1 := strconv.Atoi(strings.TrimSpace(f.width.Text))
		h, err2 := strconv.Atoi(strings.TrimSpace(f.height.Text))
		if err1 != nil || err2 != nil || w < 200 || h < 150 || w > 16384 || h > 16384 {
			return o, errors.New("size: width 200 to 16384 and height 150 to 16384 pixels")
		}
		o.Width, o.Height = w, h
	}
	if o.Format == scene.CSV || o.Format == scene.GeoJSON || o.Format == scene.PDF {
		o.Width, o.Height = 1920, 1080 // unused, but checked
	}
	o.Page = brief.A4Landscape
	if f.page.Selected == "16:9 slide" {
		o.Page = brief.Slide
	}
	o.Title = strings.TrimSpace(f.title.Text)
	if o.Format == scene.GIF {
		from, err := events.ParseDay(strings.TrimSpace(f.from.Text))
		if err != nil {
			return o, fmt.Errorf("from: %v", err)
		}
		to, err := events.ParseDay(strings.TrimSpace(f.to.Text))
		if err != nil {
			return o, fmt.Errorf("to: %v", err)
		}
		if from > to {
			return o, fmt.Errorf("from %s is after to %s", from, to)
		}
		step, err := parseStep(f.step.Text)
		if err != nil {
			return o, fmt.Errorf("step: %v", err)
		}
		o.From, o.To, o.Step = from, to, step
	}
	check := o
	check.Output = "the file chosen next" // asked for after the fields
	return o, check.Check()
}

// parseStep reads a GIF's step: a number of days ("1d", "7d", "3") or weeks
// ("2w"), from one day to ten years.
func parseStep(s string) (int, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	k := 1
	switch {
	case strings.HasSuffix(s, "w"):
		k, s = 7, strings.TrimSuffix(s, "w")
	case strings.HasSuffix(s, "d"):
		s = strings.TrimSuffix(s, "d")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n*k > 3660 {
		return 0, errors.New("write a number of days or weeks, such as 1d, 7d or 2w")
	}
	return n * k, nil
}

// exportTo asks where to write o and writes it, with progress and Cancel,
// then says where the file is.
func (v *Viewer) exportTo(o scene.Options) {
	ext := ".png"
	for _, e := range exportFormats {
		if e.format == o.Format {
			ext = e.ext
		}
	}
	name := "afcontrol-" + o.Day.String() + ext
	if o.Format == scene.GIF {
		name = "afcontrol-" + o.From.String() + "-to-" + o.To.String() + ext
	}
	prefs := v.app.Preferences()
	chooseSave(v.win, name, prefs.String(prefExportDir), func(path string) {
		if !strings.EqualFold(filepath.Ext(path), ext) {
			path += ext
		}
		prefs.SetString(prefExportDir, filepath.Dir(path))
		o.Output = path
		ds := v.ds
		var msg string
		runJob(v.win, "Exporting "+filepath.Base(path), func(ctx context.Context, p *jobProgress) error {
			o.Progress = func(done, total int, note string) {
				p.Step(done, total, fmt.Sprintf("frame %d of %d: %s", done, total, note))
			}
			p.Say("drawing " + o.Day.String())
			var err error
			msg, err = scene.Export(ctx, ds, o)
			return err
		}, func() { v.showWritten(path, msg) }, nil)
	})
}

// showWritten says which file an export wrote, with a button that opens
// its folder.
func (v *Viewer) showWritten(path, what string) {
	text := path + "\n" + what
	told("Exported", text)
	file := widget.NewLabel(path)
	file.Wrapping = fyne.TextWrapBreak
	file.Selectable = true
	open := widget.NewButton("Open folder", func() { v.openURL(folderURL(path)) })
	d := dialog.NewCustom("Exported", "Close", container.NewVBox(file, widget.NewLabel(what), open), v.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// folderURL is the file: URL of path's folder.
func folderURL(path string) *url.URL {
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		dir = filepath.Dir(path)
	}
	return &url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}
}

// CopyMap is Edit → Copy map. Fyne 2.7's clipboard carries text only, so
// the map cannot be put there as an image: the window says so and offers
// the PNG export of the same view.
func (v *Viewer) CopyMap() {
	const msg = "The clipboard of this window toolkit (Fyne 2.7) takes text only, so the map cannot be copied as an image.\n" +
		"Export it as a PNG of the same view instead, and insert the file in the slide."
	told("Copy map", msg)
	d := dialog.NewConfirm("Copy map", msg, func(ok bool) {
		if ok {
			o := v.viewOptions(scene.PNG)
			v.exportTo(o)
		}
	}, v.win)
	d.SetConfirmText("Export PNG…")
	d.SetDismissText("Close")
	d.Show()
}

// setShown shows or hides o.
func setShown(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

package ui

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/events"
)

// AppID is the application id, as in FyneApp.toml.
const AppID = "org.afcontrol.afcontrol"

// Run opens the window on the dataset at path (the default dataset when
// empty). On first run, when the default dataset does not exist yet, it is
// made with data.Init from $AFCONTROL_MIRROR or the network, and the window
// says where the file is.
func Run(path string) error {
	a := app.NewWithID(AppID)
	w := a.NewWindow("afcontrol")
	w.Resize(fyne.NewSize(1280, 800))
	status := widget.NewLabel("Opening the dataset…")
	w.SetContent(container.NewCenter(status))
	go func() {
		s, where, err := openScene(path, func(msg string) { fyne.Do(func() { status.SetText(msg) }) })
		fyne.Do(func() {
			if err != nil {
				status.SetText(err.Error())
				return
			}
			w.SetTitle("afcontrol — " + where)
			w.SetContent(newMainView(s).content)
		})
	}()
	w.ShowAndRun()
	return nil
}

// openScene opens (or on first run creates) the dataset and loads it.
func openScene(path string, progress func(string)) (*Scene, string, error) {
	ctx := context.Background()
	if path == "" {
		p, err := data.DefaultPath()
		if err != nil {
			return nil, "", err
		}
		path = p
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		progress("First run: making the dataset " + path)
		if _, err := data.Init(ctx, path, data.FetchOptions{Progress: progress}); err != nil {
			return nil, "", fmt.Errorf("could not make the dataset: %w", err)
		}
	}
	d, err := data.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer d.Close()
	s, err := LoadScene(ctx, d)
	return s, path, err
}

// mainView is the map with its date slider and legend line.
type mainView struct {
	scene   *Scene
	image   *canvas.Image
	slider  *widget.Slider
	date    *widget.Label
	claims  *widget.Check
	content fyne.CanvasObject
}

func newMainView(s *Scene) *mainView {
	v := &mainView{scene: s}
	first, last, ok := s.Control.Timeline.Range()
	if !ok {
		first, last = events.DayOf(2021, 1, 1), events.DayOf(2021, 1, 1)
	}
	s.Renderer.SetView(s.Renderer.FitView(1600, 900))
	v.image = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 1, 1)))
	v.image.FillMode = canvas.ImageFillContain
	v.date = widget.NewLabel("")
	v.claims = widget.NewCheck("Claims layer", func(bool) { v.redraw() })
	v.slider = widget.NewSlider(float64(first), float64(last))
	v.slider.Step = 1
	v.slider.Value = float64(last)
	v.slider.OnChanged = func(float64) { v.redraw() }
	bar := container.NewBorder(nil, nil, v.date, v.claims, v.slider)
	v.content = container.NewBorder(nil, bar, nil, nil, v.image)
	v.redraw()
	return v
}

func (v *mainView) redraw() {
	day := events.Day(v.slider.Value)
	v.date.SetText(day.String())
	v.image.Image = v.scene.Frame(FrameOptions{Day: day, Claims: v.claims.Checked})
	v.image.Refresh()
}

package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afcontrol/afcontrol/data"
)

// SearchBox finds a district or a province by any common spelling. Enter
// goes to the best match (the first result) and gives the keyboard back to
// the map; the search button beside it offers every match in a menu when
// several match (two Arghandabs). Escape clears the box and gives the
// keyboard back to the map.
type SearchBox struct {
	widget.Entry

	// OnPlace is called with the place the analyst chose.
	OnPlace func(data.Place)
	// OnDone is called when the box is done with the keyboard: after Enter
	// found a place, and on Escape.
	OnDone func()

	ds      *data.Dataset
	results []data.Place
	onDone  func() // called after a search has answered (tests)
}

// NewSearchBox returns a search box over the dataset's gazetteer.
func NewSearchBox(ds *data.Dataset) *SearchBox {
	s := &SearchBox{ds: ds}
	s.ExtendBaseWidget(s)
	s.PlaceHolder = "Find a district or province…"
	s.ActionItem = widget.NewButtonWithIcon("", theme.SearchIcon(), func() { s.search(s.Text, true) })
	s.OnSubmitted = s.Search
	return s
}

// Results returns the places the last search found.
func (s *SearchBox) Results() []data.Place { return s.results }

// Search looks text up off the UI goroutine and goes to the first match.
func (s *SearchBox) Search(text string) { s.search(text, false) }

// search looks text up; with offer, several matches are offered in a menu.
func (s *SearchBox) search(text string, offer bool) {
	ds := s.ds
	if ds == nil {
		return
	}
	go func() {
		found, err := ds.SearchPlaces(context.Background(), text)
		fyne.Do(func() {
			s.results = found
			s.answer(found, err, offer)
			if s.onDone != nil {
				s.onDone()
			}
		})
	}()
}

func (s *SearchBox) answer(found []data.Place, err error, offer bool) {
	c := fyne.CurrentApp().Driver().CanvasForObject(s)
	switch {
	case err != nil || len(found) == 0:
		if c != nil {
			msg := "No district or province is called “" + s.Text + "”."
			if err != nil {
				msg = err.Error()
			}
			widget.ShowPopUpAtRelativePosition(widget.NewLabel(msg), c, fyne.NewPos(0, s.Size().Height), s)
		}
		return
	}
	s.choose(found[0])
	if s.OnDone != nil {
		s.OnDone()
	}
	exact := 0
	for _, p := range found {
		if p.Exact {
			exact++
		}
	}
	if !offer || len(found) == 1 || exact == 1 || c == nil {
		return
	}
	// Other places match too: offer them, the first already shown.
	var items []*fyne.MenuItem
	for _, p := range found {
		items = append(items, fyne.NewMenuItem(p.String(), func() { s.choose(p) }))
	}
	widget.ShowPopUpMenuAtRelativePosition(fyne.NewMenu("", items...), c, fyne.NewPos(0, s.Size().Height), s)
}

// TypedKey is part of fyne.Focusable: Escape clears the box and leaves it.
func (s *SearchBox) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		s.SetText("")
		if s.OnDone != nil {
			s.OnDone()
		}
		return
	}
	s.Entry.TypedKey(k)
}

func (s *SearchBox) choose(p data.Place) {
	if s.OnPlace != nil {
		s.OnPlace(p)
	}
}

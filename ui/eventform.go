package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/geo"
)

// eventKinds are offered in the form; any other kind may be typed.
var eventKinds = []string{"captured", "retaken", "contested", "attack", "surrender", "assessment", "claim", "withdrawal"}

// eventForm is the add/edit dialog's fields.
type eventForm struct {
	date, actor, source, url, notes *widget.Entry
	district, kind                  *widget.SelectEntry
	status                          *widget.Select
	confidence                      *widget.RadioGroup
	claim                           *widget.Check
	choices                         map[string]int // "District, Province" → district index
	problem                         *widget.Label
	warning                         *widget.Label // a date in the future
}

// formStatuses are the statuses the form offers, stored value first, in
// the legend's words.
var formStatuses = []struct{ value, label string }{
	{"taliban", geo.StatusName(geo.Taliban)},
	{"contested", geo.StatusName(geo.Contested)},
	{"government", geo.StatusName(geo.Government)},
	{"unknown", geo.StatusName(geo.Unknown)},
	{"nochange", eventStatusName("nochange")},
}

// statusLabel is the form's label for a stored status value.
func statusLabel(value string) string {
	for _, s := range formStatuses {
		if s.value == value {
			return s.label
		}
	}
	return value
}

// statusValue is the stored value for a form label.
func statusValue(label string) string {
	for _, s := range formStatuses {
		if s.label == label {
			return s.value
		}
	}
	return label
}

// today is the current day; tests replace it.
var today = func() events.Day {
	t := time.Now().UTC()
	return events.DayOf(t.Year(), t.Month(), t.Day())
}

// futureWarning is the warning for a typed date after today, or "".
func futureWarning(text string) string {
	d, err := events.ParseDay(strings.TrimSpace(text))
	if err != nil || d <= today() {
		return ""
	}
	return fmt.Sprintf("%s is in the future (today is %s): check the date before saving.", d, today())
}

// newEventForm makes the fields, filled from e (nil: a new event on day in
// district, -1 for none chosen).
func (v *Viewer) newEventForm(e *data.Event, day events.Day, district int) *eventForm {
	c := v.scene.Control
	f := &eventForm{choices: map[string]int{}, problem: widget.NewLabel("")}
	f.problem.Importance = widget.DangerImportance
	f.problem.Wrapping = fyne.TextWrapWord
	f.problem.Hide()
	var all []string
	for i, d := range c.Districts {
		s := v.scene.Renderer.Name(i) + ", " + d.Province
		f.choices[s] = i
		all = append(all, s)
	}
	sort.Strings(all)
	f.date = widget.NewEntry()
	f.date.SetPlaceHolder("YYYY-MM-DD")
	f.date.Validator = func(s string) error { _, err := events.ParseDay(strings.TrimSpace(s)); return err }
	f.warning = widget.NewLabel("")
	f.warning.Importance = widget.WarningImportance
	f.warning.Wrapping = fyne.TextWrapWord
	f.warning.Hide()
	f.date.OnChanged = func(s string) {
		f.warning.SetText(futureWarning(s))
		setShown(f.warning, f.warning.Text != "")
	}
	f.district = widget.NewSelectEntry(all)
	f.district.SetPlaceHolder("type to narrow the list")
	f.district.OnChanged = func(s string) {
		key := strings.ToLower(strings.TrimSpace(s))
		if _, ok := f.choices[s]; ok || key == "" {
			f.district.SetOptions(all)
			return
		}
		var some []string
		for _, o := range all {
			if strings.Contains(strings.ToLower(o), key) {
				some = append(some, o)
			}
		}
		f.district.SetOptions(some)
	}
	f.district.Validator = func(s string) error {
		if _, ok := f.choices[s]; !ok {
			return errors.New("choose a district from the list")
		}
		return nil
	}
	labels := make([]string, len(formStatuses))
	for i, st := range formStatuses {
		labels[i] = st.label
	}
	f.status = widget.NewSelect(labels, nil)
	f.kind = widget.NewSelectEntry(eventKinds)
	f.kind.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("required")
		}
		return nil
	}
	f.claim = widget.NewCheck("a claim nobody has confirmed", nil)
	f.actor = widget.NewEntry()
	f.source = widget.NewEntry()
	f.source.SetPlaceHolder("who reported it, and when: AFP 2021-07-07")
	f.source.Validator = f.kind.Validator
	f.url = widget.NewEntry()
	f.url.SetPlaceHolder("https://…")
	f.url.Validator = func(s string) error {
		s = strings.TrimSpace(s)
		if s == "" {
			return nil
		}
		if u, err := url.Parse(s); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return errors.New("an http or https address, or nothing")
		}
		return nil
	}
	f.confidence = widget.NewRadioGroup([]string{"low", "medium", "high"}, nil)
	f.confidence.Horizontal = true
	f.confidence.Required = true
	f.notes = widget.NewMultiLineEntry()
	f.notes.SetMinRowsVisible(3)
	f.notes.Wrapping = fyne.TextWrapWord

	if e != nil {
		f.date.SetText(e.Date)
		for s, i := range f.choices {
			if c.Districts[i].Name == e.District && c.Districts[i].Province == e.Province {
				f.district.SetText(s)
			}
		}
		f.status.SetSelected(statusLabel(e.Status))
		f.kind.SetText(e.Kind)
		f.claim.SetChecked(e.Claim)
		f.actor.SetText(e.Actor)
		f.source.SetText(e.Source)
		f.url.SetText(e.SourceURL)
		f.confidence.SetSelected(e.Confidence)
		f.notes.SetText(e.Notes)
	} else {
		f.date.SetText(day.String())
		if district >= 0 {
			f.district.SetText(v.scene.Renderer.Name(district) + ", " + c.Districts[district].Province)
		}
		f.status.SetSelected(statusLabel("taliban"))
		f.confidence.SetSelected("medium")
	}
	return f
}

// row reads the fields into an event row, or says which field is wrong.
func (f *eventForm) row(c *data.Control) (events.Row, error) {
	day, err := events.ParseDay(strings.TrimSpace(f.date.Text))
	if err != nil {
		return events.Row{}, &data.FieldError{Field: "date", Reason: err.Error()}
	}
	i, ok := f.choices[f.district.Text]
	if !ok {
		return events.Row{}, &data.FieldError{Field: "district", Reason: "choose a district from the list"}
	}
	st, err := events.ParseStatus(statusValue(f.status.Selected))
	if err != nil {
		return events.Row{}, &data.FieldError{Field: "status", Reason: err.Error()}
	}
	conf, err := events.ParseConfidence(f.confidence.Selected)
	if err != nil {
		return events.Row{}, &data.FieldError{Field: "confidence", Reason: err.Error()}
	}
	return events.Row{Date: day, Province: c.Districts[i].Province, District: c.Districts[i].Name, Status: st,
		Kind: f.kind.Text, Claim: f.claim.Checked, Actor: f.actor.Text, Source: f.source.Text,
		SourceURL: f.url.Text, Confidence: conf, Notes: f.notes.Text}, nil
}

// addEvent opens the form for a new event, in district (-1: choose one).
func (v *Viewer) addEvent(district int) { v.showEventForm(nil, district) }

// editEvent opens the form on a stored event.
func (v *Viewer) editEvent(e data.Event) { v.showEventForm(&e, -1) }

// showEventForm shows the add or edit dialog; Save validates, stores in one
// audited transaction off the UI goroutine, records the undo step and
// reloads. A refused save keeps the dialog open and says why.
func (v *Viewer) showEventForm(e *data.Event, district int) {
	f := v.newEventForm(e, v.Day(), district)
	title := "Add a reported event"
	if e != nil {
		title = fmt.Sprintf("Edit event %d", e.FID)
	}
	form := widget.NewForm(
		widget.NewFormItem("Date", f.date),
		widget.NewFormItem("District", f.district),
		widget.NewFormItem("Status after", f.status),
		widget.NewFormItem("Kind", f.kind),
		widget.NewFormItem("Claim", f.claim),
		widget.NewFormItem("Actor", f.actor),
		widget.NewFormItem("Source", f.source),
		widget.NewFormItem("Source URL", f.url),
		widget.NewFormItem("Confidence", f.confidence),
		widget.NewFormItem("Notes", f.notes),
	)
	var d *dialog.CustomDialog
	ds := v.ds
	form.SubmitText = "Save"
	form.OnCancel = func() { d.Hide() }
	form.OnSubmit = func() {
		row, err := f.row(v.scene.Control)
		if err != nil {
			f.problem.SetText(err.Error())
			f.problem.Show()
			return
		}
		go func() {
			ctx := context.Background()
			var step edit
			var err error
			if e == nil {
				var added data.Event
				added, err = ds.AddEvent(ctx, row)
				var gone data.DeletedEvent
				step = edit{label: "add event",
					undo: func(ctx context.Context) error { return deleteInto(ctx, ds, added.FID, &gone) },
					redo: func(ctx context.Context) error { return ds.RestoreEvent(ctx, gone) }}
			} else {
				fid := e.FID
				// The whole row as it was: undo puts it back even after a
				// boundary change that its names no longer resolve in.
				var before data.DeletedEvent
				if before, err = ds.SnapshotEvent(ctx, fid); err == nil {
					_, err = ds.UpdateEvent(ctx, fid, row)
				}
				step = edit{label: "edit event",
					undo: func(ctx context.Context) error { return ds.RestoreEvent(ctx, before) },
					redo: func(ctx context.Context) error { _, err := ds.UpdateEvent(ctx, fid, row); return err }}
			}
			fyne.Do(func() {
				if err != nil {
					f.problem.SetText(err.Error())
					f.problem.Show()
					return
				}
				d.Hide()
				v.history.record(step)
				v.updateEditMenu()
				v.reload(nil)
			})
		}()
	}
	content := container.NewBorder(nil, container.NewVBox(f.warning, f.problem), nil, nil, form)
	if e != nil {
		fid := e.FID
		del := widget.NewButton("Delete this event", func() {
			dialog.ShowConfirm("Delete event", "Delete this event? Edit → Undo brings it back.", func(ok bool) {
				if !ok {
					return
				}
				d.Hide()
				go func() {
					ctx := context.Background()
					gone, err := ds.DeleteEvent(ctx, fid)
					step := edit{label: "delete event",
						undo: func(ctx context.Context) error { return ds.RestoreEvent(ctx, gone) },
						redo: func(ctx context.Context) error { return deleteInto(ctx, ds, fid, &gone) }}
					fyne.Do(func() {
						if err != nil {
							showError(v.win, err)
							return
						}
						v.history.record(step)
						v.updateEditMenu()
						v.reload(nil)
					})
				}()
			}, v.win)
		})
		del.Importance = widget.DangerImportance
		content = container.NewBorder(nil, container.NewVBox(f.warning, f.problem, del), nil, nil, form)
	}
	d = dialog.NewCustomWithoutButtons(title, content, v.win)
	v.eventForm = f
	d.Resize(fyne.NewSize(560, 0).Max(content.MinSize().AddWidthHeight(40, 80)))
	d.Show()
}

// deleteInto deletes event fid and keeps it in gone for the step that puts
// it back; a delete that fails leaves gone as it was, so that step still
// has the event to restore.
func deleteInto(ctx context.Context, ds *data.Dataset, fid int64, gone *data.DeletedEvent) error {
	del, err := ds.DeleteEvent(ctx, fid)
	if err != nil {
		return err
	}
	*gone = del
	return nil
}

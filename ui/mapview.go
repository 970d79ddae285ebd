package ui

import (
	"image"
	"image/color"
	"math"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/data/timeline"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/scene"
)

// mapState is everything one frame of the map depends on.
type mapState struct {
	// Day, Layer and Compare are those of day, for a test to read.
	Day     events.Day
	Layer   timeline.Layer
	Compare events.Day // 0: no comparison
	// day holds the fills and the changes to draw; the map only recolours
	// from it.
	day  *DayState
	View geo.View
	// Selected is the district outlined, -1 for none.
	Selected int
	// gen counts data reloads, so a frame is redrawn after an edit even when
	// nothing else changed.
	gen int
}

// MapView is the district control map. It draws through the scene's
// geo.Renderer at the widget's size in device pixels: a view change (resize,
// pan, zoom) re-rasterises, a date or layer change only recolours. Drawing
// runs on the map's own goroutine, newest request first (requests that pile
// up while a frame is drawn are merged), and the finished frame is handed to
// the canvas in fyne.Do. Drag pans, the scroll wheel zooms around the
// pointer, hovering names the district under the pointer and a click calls
// OnTapped.
type MapView struct {
	widget.BaseWidget

	// OnTapped is called on the UI goroutine with the district under a click,
	// or -1 where there is none.
	OnTapped func(district int)

	scene *scene.Scene
	wake  chan struct{}
	start sync.Once

	rmu sync.Mutex // guards scene.Renderer and scene.Control

	mu     sync.Mutex // guards want, fitted, spare
	want   mapState
	fitted bool // the view follows the widget's size until the user pans or zooms
	spare  []*image.RGBA

	// Drawing goroutine only: the selected district's outline for a view.
	outline outline

	// UI goroutine only.
	img       *canvas.Image
	shown     mapState
	fills     []geo.Fill // of the frame shown
	tip       *mapTip
	presented func(mapState) // called after a frame is handed to the canvas
}

// NewMapView returns a map of the scene's districts fitted to the widget,
// showing the day of state d.
func NewMapView(s *scene.Scene, d *DayState) *MapView {
	m := &MapView{scene: s, wake: make(chan struct{}, 1), fitted: true}
	m.want.setDay(d)
	m.want.Selected = -1
	m.img = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 1, 1)))
	m.img.FillMode = canvas.ImageFillStretch
	m.img.ScaleMode = canvas.ImageScalePixels
	m.tip = newMapTip()
	m.ExtendBaseWidget(m)
	return m
}

// CreateRenderer is part of fyne.Widget.
func (m *MapView) CreateRenderer() fyne.WidgetRenderer {
	m.start.Do(func() { go m.run() })
	r := &mapRenderer{m: m, bg: canvas.NewRectangle(color.Transparent)}
	r.applyTheme()
	return r
}

// State returns what the map was asked to show last.
func (m *MapView) State() mapState {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.want
}

// Shown returns the state of the frame on screen.
func (m *MapView) Shown() mapState { return m.shown }

// Frame returns the image on screen (device pixels). It belongs to the map:
// read it, do not keep it.
func (m *MapView) Frame() *image.RGBA {
	img, _ := m.img.Image.(*image.RGBA)
	return img
}

// SetDayState shows the day of state d, in its layer, with its changed
// districts outlined; only the colours are redrawn, from d's fills. The map
// keeps d and reads it from its drawing goroutine: d must not change after.
func (m *MapView) SetDayState(d *DayState) { m.update(func(s *mapState) { s.setDay(d) }) }

func (s *mapState) setDay(d *DayState) {
	s.day, s.Day, s.Layer, s.Compare = d, d.Day, d.Layer, d.Compare
}

// SetSelected outlines district i (-1: none) in the frame.
func (m *MapView) SetSelected(i int) { m.update(func(s *mapState) { s.Selected = i }) }

// SetView shows the plane through view, resized to the widget; the map then
// stays where the user puts it until ResetView.
func (m *MapView) SetView(v geo.View) {
	m.mu.Lock()
	w, h := m.want.View.W, m.want.View.H
	m.fitted = false
	m.mu.Unlock()
	if w > 0 && h > 0 {
		v = v.Resize(w, h)
	}
	m.update(func(s *mapState) { s.View = v })
}

// ZoomToDistricts fits the given districts in the map, with a margin, and
// then shows context times as wide an area around them (1: the districts
// fill the map; 3: their neighbours are around them). A context below 1
// counts as 1.
func (m *MapView) ZoomToDistricts(ids []int, context float64) {
	if len(ids) == 0 {
		return
	}
	m.mu.Lock()
	w, h := max(m.want.View.W, 1), max(m.want.View.H, 1)
	m.mu.Unlock()
	var v geo.View
	if len(ids) == 1 {
		v = m.scene.Renderer.DistrictView(ids[0], w, h)
	} else {
		b := m.scene.Renderer.DistrictView(ids[0], w, h).Bound()
		for _, i := range ids[1:] {
			b = b.Union(m.scene.Renderer.DistrictView(i, w, h).Bound())
		}
		v = geo.FitView(b, w, h, 0)
	}
	if context > 1 {
		v = v.ZoomAt(float64(w)/2, float64(h)/2, 1/context)
	}
	m.SetView(v)
}

// Fitted reports whether the map shows the whole country, as it does
// until the analyst pans or zooms.
func (m *MapView) Fitted() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.fitted
}

// ResetView fits the whole country in the map again.
func (m *MapView) ResetView() {
	m.mu.Lock()
	m.fitted = true
	w, h := m.want.View.W, m.want.View.H
	m.mu.Unlock()
	if w > 0 && h > 0 {
		m.update(func(s *mapState) { s.View = m.scene.Renderer.FitView(w, h) })
	}
}

// ZoomBy zooms around the map's centre; a factor above 1 zooms in.
func (m *MapView) ZoomBy(factor float64) {
	m.mu.Lock()
	m.fitted = false
	m.mu.Unlock()
	m.update(func(s *mapState) {
		s.View = s.View.ZoomAt(float64(s.View.W)/2, float64(s.View.H)/2, factor)
	})
}

// Redraw draws the map again from the scene's control timeline, after the
// data changed.
func (m *MapView) Redraw() { m.update(func(s *mapState) { s.gen++ }) }

// scale returns the canvas scale: device pixels per Fyne unit.
func (m *MapView) scale() float32 {
	if c := fyne.CurrentApp().Driver().CanvasForObject(m); c != nil && c.Scale() > 0 {
		return c.Scale()
	}
	return 1
}

// update changes the wanted state and wakes the drawing goroutine.
func (m *MapView) update(change func(*mapState)) {
	m.mu.Lock()
	change(&m.want)
	m.mu.Unlock()
	m.start.Do(func() { go m.run() })
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// resized sets the view for a widget of size, in device pixels.
func (m *MapView) resized(size fyne.Size) {
	sc := m.scale()
	w, h := int(math.Round(float64(size.Width*sc))), int(math.Round(float64(size.Height*sc)))
	if w < 1 || h < 1 {
		return
	}
	m.mu.Lock()
	fitted := m.fitted
	cur := m.want.View
	m.mu.Unlock()
	if cur.W == w && cur.H == h {
		return
	}
	m.update(func(s *mapState) {
		if fitted || !(cur.Scale > 0) {
			s.View = m.scene.Renderer.FitView(w, h)
		} else {
			s.View = cur.Resize(w, h)
		}
	})
}

// run draws frames until the program ends: one per wake-up, for the newest
// wanted state.
func (m *MapView) run() {
	for range m.wake {
		m.mu.Lock()
		st := m.want
		var buf *image.RGBA
		for i, b := range m.spare {
			if b.Rect.Dx() == st.View.W && b.Rect.Dy() == st.View.H {
				buf = b
				m.spare = append(m.spare[:i], m.spare[i+1:]...)
				break
			}
		}
		m.mu.Unlock()
		if st.View.W < 1 || st.View.H < 1 {
			continue
		}
		if buf == nil {
			buf = image.NewRGBA(image.Rect(0, 0, st.View.W, st.View.H))
		}
		fills := m.draw(st, buf)
		fyne.Do(func() { m.present(st, buf, fills) })
	}
}

// draw paints state st into buf and returns the fills it used.
func (m *MapView) draw(st mapState, buf *image.RGBA) []geo.Fill {
	m.rmu.Lock()
	defer m.rmu.Unlock()
	r := m.scene.Renderer
	if r.View() != st.View {
		r.SetView(st.View)
	}
	fills := st.day.Fills
	r.SetHighlight(st.day.Changed)
	r.Recolour(buf, fills)
	if st.Selected >= 0 && st.Selected < r.Len() {
		if m.outline.view != st.View || m.outline.district != st.Selected {
			m.outline.trace(r.IDs(), st.View, st.Selected)
		}
		m.outline.paint(buf)
	}
	return fills
}

// present puts a finished frame on screen (UI goroutine).
func (m *MapView) present(st mapState, frame *image.RGBA, fills []geo.Fill) {
	old, _ := m.img.Image.(*image.RGBA)
	m.img.Image = frame
	m.img.Refresh()
	m.shown, m.fills = st, fills
	if old != nil && old != frame && old.Rect.Dx() > 1 {
		m.mu.Lock()
		if len(m.spare) < 2 {
			m.spare = append(m.spare, old)
		}
		m.mu.Unlock()
	}
	if m.tip.district >= 0 {
		m.showTip(m.tip.at)
	}
	if m.presented != nil {
		m.presented(st)
	}
}

// DistrictAt returns the district under pos (widget coordinates) in the frame
// on screen, or -1.
func (m *MapView) DistrictAt(pos fyne.Position) int {
	sc := float64(m.scale())
	q := m.shown.View.Plane(float64(pos.X)*sc, float64(pos.Y)*sc)
	m.rmu.Lock()
	defer m.rmu.Unlock()
	r := m.scene.Renderer
	x, y := r.View().Pixel(q)
	if x < 0 || y < 0 {
		return -1
	}
	return r.HitTest(int(x), int(y))
}

// PositionOf returns where district i's label anchor (a point inside it) is
// in the frame on screen, in widget coordinates.
func (m *MapView) PositionOf(i int) fyne.Position {
	x, y := m.shown.View.Pixel(m.scene.Renderer.Anchor(i))
	sc := float64(m.scale())
	return fyne.NewPos(float32(x/sc), float32(y/sc))
}

// Tapped is part of fyne.Tappable: a click opens the district under it.
func (m *MapView) Tapped(ev *fyne.PointEvent) {
	if m.OnTapped != nil {
		m.OnTapped(m.DistrictAt(ev.Position))
	}
}

// Dragged is part of fyne.Draggable: the map follows the pointer.
func (m *MapView) Dragged(ev *fyne.DragEvent) {
	sc := float64(m.scale())
	m.mu.Lock()
	m.fitted = false
	m.mu.Unlock()
	m.update(func(s *mapState) { s.View = s.View.Pan(float64(ev.Dragged.DX)*sc, float64(ev.Dragged.DY)*sc) })
	m.hideTip()
}

// DragEnd is part of fyne.Draggable.
func (m *MapView) DragEnd() {}

// Scrolled is part of fyne.Scrollable: the wheel zooms around the pointer,
// about 1.3 times a notch.
func (m *MapView) Scrolled(ev *fyne.ScrollEvent) {
	d := ev.Scrolled.DY
	if d == 0 {
		d = ev.Scrolled.DX
	}
	factor := math.Pow(2, float64(d)/25)
	sc := float64(m.scale())
	m.mu.Lock()
	m.fitted = false
	m.mu.Unlock()
	x, y := float64(ev.Position.X)*sc, float64(ev.Position.Y)*sc
	m.update(func(s *mapState) { s.View = s.View.ZoomAt(x, y, factor) })
}

// MouseIn is part of desktop.Hoverable.
func (m *MapView) MouseIn(ev *desktop.MouseEvent) { m.showTip(ev.Position) }

// MouseMoved is part of desktop.Hoverable: the tip names the district under
// the pointer, its province and its status on the day shown.
func (m *MapView) MouseMoved(ev *desktop.MouseEvent) { m.showTip(ev.Position) }

// MouseOut is part of desktop.Hoverable.
func (m *MapView) MouseOut() { m.hideTip() }

// Cursor is part of desktop.Cursorable.
func (m *MapView) Cursor() desktop.Cursor { return desktop.PointerCursor }

// HoverText returns the tip's lines for district i on the day shown: its
// name, its province, and its status (marked as a claim where one decides
// it).
func (m *MapView) HoverText(i int) (title, detail string) {
	c := m.scene.Control
	if i < 0 || i >= len(c.Districts) {
		return "", ""
	}
	d := c.Districts[i]
	title = m.scene.Renderer.Name(i)
	var f geo.Fill
	if i < len(m.fills) {
		f = m.fills[i]
	}
	status := statusName(f.Status)
	if f.Claimed {
		status += " (claimed)"
	}
	return title, d.Province + " · " + status + " on " + m.shown.Day.String()
}

func (m *MapView) showTip(pos fyne.Position) {
	i := m.DistrictAt(pos)
	if i < 0 {
		m.hideTip()
		return
	}
	m.tip.at = pos
	if i != m.tip.district || m.tip.day != m.shown.Day {
		m.tip.district, m.tip.day = i, m.shown.Day
		m.tip.title.Text, m.tip.detail.Text = m.HoverText(i)
	}
	m.tip.place(m.Size(), m.Theme())
}

func (m *MapView) hideTip() {
	if m.tip.district < 0 && m.tip.box.Hidden {
		return
	}
	m.tip.district = -1
	m.tip.hide()
}

// TipText returns the hover tip's lines, "" when it is hidden.
func (m *MapView) TipText() (title, detail string) {
	if m.tip.box.Hidden {
		return "", ""
	}
	return m.tip.title.Text, m.tip.detail.Text
}

type mapRenderer struct {
	m  *MapView
	bg *canvas.Rectangle
}

func (r *mapRenderer) applyTheme() {
	th := r.m.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.bg.FillColor = th.Color(theme.ColorNameInputBackground, v)
	r.m.tip.applyTheme(th, v)
}

func (r *mapRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	r.m.img.Resize(size)
	r.m.img.Move(fyne.NewPos(0, 0))
	r.m.resized(size)
}

func (r *mapRenderer) MinSize() fyne.Size {
	th := r.m.Theme()
	u := th.Size(theme.SizeNameText)
	return fyne.NewSize(u*20, u*14)
}

func (r *mapRenderer) Refresh() {
	r.applyTheme()
	r.bg.Refresh()
	r.m.img.Refresh()
	r.m.tip.refresh()
}

func (r *mapRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.m.img, r.m.tip.box, r.m.tip.title, r.m.tip.detail}
}

func (r *mapRenderer) Destroy() {}

// mapTip is the small box that follows the pointer over the map.
type mapTip struct {
	box           *canvas.Rectangle
	title, detail *canvas.Text
	district      int
	day           events.Day
	at            fyne.Position
}

func newMapTip() *mapTip {
	t := &mapTip{box: canvas.NewRectangle(color.Transparent), district: -1,
		title: canvas.NewText("", color.Black), detail: canvas.NewText("", color.Black)}
	t.title.TextStyle.Bold = true
	t.hide()
	return t
}

func (t *mapTip) applyTheme(th fyne.Theme, v fyne.ThemeVariant) {
	t.box.FillColor = th.Color(theme.ColorNameOverlayBackground, v)
	t.box.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	t.box.StrokeWidth = th.Size(theme.SizeNameInputBorder)
	t.box.CornerRadius = th.Size(theme.SizeNameInputRadius)
	t.title.Color = th.Color(theme.ColorNameForeground, v)
	t.detail.Color = th.Color(theme.ColorNameForeground, v)
	t.title.TextSize = th.Size(theme.SizeNameText)
	t.detail.TextSize = th.Size(theme.SizeNameCaptionText)
}

func (t *mapTip) hide() {
	t.box.Hidden, t.title.Hidden, t.detail.Hidden = true, true, true
	t.refresh()
}

func (t *mapTip) refresh() {
	t.box.Refresh()
	t.title.Refresh()
	t.detail.Refresh()
}

// place shows the tip below and to the right of the pointer, kept inside
// the map.
func (t *mapTip) place(area fyne.Size, th fyne.Theme) {
	pad := th.Size(theme.SizeNameInnerPadding)
	ts := t.title.MinSize()
	ds := t.detail.MinSize()
	size := fyne.NewSize(max(ts.Width, ds.Width)+2*pad, ts.Height+ds.Height+pad)
	pos := t.at.AddXY(2*pad, 2*pad)
	if pos.X+size.Width > area.Width {
		pos.X = t.at.X - size.Width - pad
	}
	if pos.Y+size.Height > area.Height {
		pos.Y = t.at.Y - size.Height - pad
	}
	pos.X, pos.Y = max(pos.X, 0), max(pos.Y, 0)
	t.box.Move(pos)
	t.box.Resize(size)
	t.title.Move(pos.AddXY(pad, pad/2))
	t.title.Resize(ts)
	t.detail.Move(pos.AddXY(pad, pad/2+ts.Height))
	t.detail.Resize(ds)
	t.box.Hidden, t.title.Hidden, t.detail.Hidden = false, false, false
	t.refresh()
}

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
	// Stroke is the width of the selection's line in device pixels, from
	// the theme; its casing is half as wide, at least one pixel.
	Stroke int
	// gen counts data reloads, so a frame is redrawn after an edit even when
	// nothing else changed.
	gen int
}

// mapFrame is one finished picture of the map: the image, and what hover,
// click and the tip need of it, so that they answer for what is on screen
// without waiting for the frame being drawn.
type mapFrame struct {
	state   mapState
	img     *image.RGBA
	ids     geo.IDBuffer // shared by the frames of one view; never written
	fills   []geo.Fill
	palette geo.Palette
}

// tipState is what the hover tip shows; district -1 hides it.
type tipState struct {
	district      int
	at            fyne.Position
	title, detail string
}

// idsKey is what a copy of the renderer's id buffer was made for.
type idsKey struct {
	r    *geo.Renderer
	view geo.View
	gen  int
}

// MapView is the district control map. It draws through the scene's
// geo.Renderer at the widget's size in device pixels: a view change (resize,
// pan, zoom) re-rasterises, a date or layer change only recolours. Drawing
// runs on the map's own goroutine, newest request first (requests that pile
// up while a frame is drawn are merged), and the finished frame is handed to
// the widget in fyne.Do; its renderer puts it on the canvas. Drag pans, the
// scroll wheel zooms around the pointer, hovering names the district under
// the pointer and a click calls OnTapped. Hover and click read the id buffer
// of the frame on screen, never the renderer, so they answer at once while
// a frame is drawn.
type MapView struct {
	widget.BaseWidget

	// OnTapped is called on the UI goroutine with the district under a click,
	// or -1 where there is none.
	OnTapped func(district int)

	scene *scene.Scene
	wake  chan struct{}
	start sync.Once

	rmu sync.Mutex // guards scene.Renderer and scene.Control

	mu       sync.Mutex // guards want, fitted, spare, spareIDs
	want     mapState
	fitted   bool // the view follows the widget's size until the user pans or zooms
	spare    []*image.RGBA
	spareIDs [][]uint16

	// Drawing goroutine only: the selected district's outline for a view,
	// and the copy of the renderer's id buffer for the frames of a view.
	outline outline
	ids     geo.IDBuffer
	idsOf   idsKey

	// UI goroutine only; the renderer draws these.
	shown     mapFrame
	tip       tipState
	presented func(mapState) // called after a frame is handed to the canvas
}

// The interfaces MapView answers, as Fyne's own widgets declare them.
var (
	_ fyne.Widget         = (*MapView)(nil)
	_ fyne.Tappable       = (*MapView)(nil)
	_ fyne.Draggable      = (*MapView)(nil)
	_ fyne.Scrollable     = (*MapView)(nil)
	_ desktop.Hoverable   = (*MapView)(nil)
	_ desktop.Cursorable  = (*MapView)(nil)
	_ fyne.WidgetRenderer = (*mapRenderer)(nil)
)

// NewMapView returns a map of the scene's districts fitted to the widget,
// showing the day of state d.
func NewMapView(s *scene.Scene, d *DayState) *MapView {
	m := &MapView{scene: s, wake: make(chan struct{}, 1), fitted: true}
	m.want.setDay(d)
	m.want.Selected = -1
	m.shown.img = image.NewRGBA(image.Rect(0, 0, 1, 1))
	m.shown.palette = s.Renderer.Palette() // no drawing goroutine yet
	m.tip.district = -1
	m.ExtendBaseWidget(m)
	m.want.Stroke = selectionStroke(m.Theme(), 1)
	return m
}

// CreateRenderer is part of fyne.Widget.
func (m *MapView) CreateRenderer() fyne.WidgetRenderer {
	m.start.Do(func() { go m.run() })
	r := &mapRenderer{m: m, bg: canvas.NewRectangle(color.Transparent), tip: newMapTip()}
	r.img = canvas.NewImageFromImage(m.shown.img)
	r.img.FillMode = canvas.ImageFillStretch
	r.img.ScaleMode = canvas.ImageScalePixels
	r.objects = []fyne.CanvasObject{r.bg, r.img, r.tip.box, r.tip.title, r.tip.detail}
	r.Refresh()
	return r
}

// State returns what the map was asked to show last.
func (m *MapView) State() mapState {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.want
}

// Shown returns the state of the frame on screen.
func (m *MapView) Shown() mapState { return m.shown.state }

// Frame returns the image on screen (device pixels). It belongs to the map:
// read it, do not keep it.
func (m *MapView) Frame() *image.RGBA { return m.shown.img }

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
	m.restroke(sc)
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

// selectionStroke is the width of the selection's line in device pixels:
// the theme's input border at canvas scale sc, at least one pixel.
func selectionStroke(th fyne.Theme, sc float32) int {
	return max(1, int(math.Round(float64(th.Size(theme.SizeNameInputBorder)*sc))))
}

// restroke sets the selection's line width for the theme at canvas scale
// sc, when it changed.
func (m *MapView) restroke(sc float32) {
	stroke := selectionStroke(m.Theme(), sc)
	m.mu.Lock()
	same := m.want.Stroke == stroke
	m.mu.Unlock()
	if !same {
		m.update(func(s *mapState) { s.Stroke = stroke })
	}
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
		f := m.draw(st, buf)
		fyne.Do(func() { m.present(f) })
	}
}

// draw paints state st into buf and returns the frame.
func (m *MapView) draw(st mapState, buf *image.RGBA) mapFrame {
	m.rmu.Lock()
	defer m.rmu.Unlock()
	r := m.scene.Renderer
	if r.View() != st.View {
		r.SetView(st.View)
	}
	if key := (idsKey{r, r.View(), st.gen}); m.idsOf != key {
		m.ids = r.CopyIDs(m.spareIDBuffer())
		m.idsOf = key
		m.outline.district = -1 // traced in the ids of before
	}
	fills := st.day.Fills
	r.SetHighlight(st.day.Changed)
	r.Recolour(buf, fills)
	p := r.Palette()
	if st.Selected >= 0 && st.Selected < r.Len() {
		casing := max(1, st.Stroke/2)
		if m.outline.view != m.ids.View || m.outline.district != st.Selected || m.outline.line != st.Stroke || m.outline.casing != casing {
			m.outline.trace(m.ids.IDs, m.ids.View, st.Selected, st.Stroke, casing)
		}
		m.outline.paint(buf, p.Halo, p.Casing)
	}
	return mapFrame{state: st, img: buf, ids: m.ids, fills: fills, palette: p}
}

// spareIDBuffer returns an id buffer no frame uses any more, or nil.
func (m *MapView) spareIDBuffer() []uint16 {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := len(m.spareIDs)
	if n == 0 {
		return nil
	}
	b := m.spareIDs[n-1]
	m.spareIDs = m.spareIDs[:n-1]
	return b
}

// present puts a finished frame on screen (UI goroutine). Frames arrive in
// the order they were drawn, so the image and the id buffer it replaces are
// used by no frame still to come and can be drawn into again.
func (m *MapView) present(f mapFrame) {
	old := m.shown
	m.shown = f
	m.mu.Lock()
	if old.img != f.img && old.img.Rect.Dx() > 1 && len(m.spare) < 2 {
		m.spare = append(m.spare, old.img)
	}
	if len(old.ids.IDs) > 0 && (len(f.ids.IDs) == 0 || &old.ids.IDs[0] != &f.ids.IDs[0]) && len(m.spareIDs) < 2 {
		m.spareIDs = append(m.spareIDs, old.ids.IDs)
	}
	m.mu.Unlock()
	if m.tip.district >= 0 {
		m.hover(m.tip.at)
	}
	m.Refresh()
	if m.presented != nil {
		m.presented(f.state)
	}
}

// framePixel returns the pixel of the frame on screen under pos (widget
// coordinates). The image is stretched over the widget, so while a resize
// is drawn the pixel is found in proportion.
func (m *MapView) framePixel(pos fyne.Position) (x, y float64) {
	v, size := m.shown.ids.View, m.Size()
	if size.Width > 0 && size.Height > 0 && v.W > 0 && v.H > 0 {
		return float64(pos.X) * float64(v.W) / float64(size.Width), float64(pos.Y) * float64(v.H) / float64(size.Height)
	}
	sc := float64(m.scale())
	return float64(pos.X) * sc, float64(pos.Y) * sc
}

// DistrictAt returns the district under pos (widget coordinates) in the frame
// on screen, or -1. It reads that frame's id buffer, not the renderer's, so
// it never waits for a frame being drawn.
func (m *MapView) DistrictAt(pos fyne.Position) int {
	x, y := m.framePixel(pos)
	if x < 0 || y < 0 {
		return -1
	}
	return m.shown.ids.HitTest(int(x), int(y))
}

// PositionOf returns where district i's label anchor (a point inside it) is
// in the frame on screen, in widget coordinates.
func (m *MapView) PositionOf(i int) fyne.Position {
	v := m.shown.ids.View
	x, y := v.Pixel(m.scene.Renderer.Anchor(i))
	if size := m.Size(); size.Width > 0 && size.Height > 0 && v.W > 0 && v.H > 0 {
		return fyne.NewPos(float32(x*float64(size.Width)/float64(v.W)), float32(y*float64(size.Height)/float64(v.H)))
	}
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
	if i < len(m.shown.fills) {
		f = m.shown.fills[i]
	}
	status := geo.StatusName(f.Status)
	if f.Claimed {
		status += " (claimed)"
	}
	return title, d.Province + " · " + status + " on " + m.shown.state.Day.String()
}

// showTip shows the tip for the district under pos, or hides it where
// there is none.
func (m *MapView) showTip(pos fyne.Position) {
	m.hover(pos)
	m.Refresh()
}

// hover sets the tip's state for the district under pos in the frame on
// screen.
func (m *MapView) hover(pos fyne.Position) {
	i := m.DistrictAt(pos)
	if i < 0 {
		m.tip.district = -1
		return
	}
	// The text is made anew each time: a new frame may have changed the
	// day, the layer or the data under the same district.
	m.tip.at, m.tip.district = pos, i
	m.tip.title, m.tip.detail = m.HoverText(i)
}

func (m *MapView) hideTip() {
	if m.tip.district < 0 {
		return
	}
	m.tip.district = -1
	m.Refresh()
}

// TipText returns the hover tip's lines, "" when it is hidden.
func (m *MapView) TipText() (title, detail string) {
	if m.tip.district < 0 {
		return "", ""
	}
	return m.tip.title, m.tip.detail
}

// mapRenderer owns the map's canvas objects: the background, the frame on
// screen and the hover tip. Refresh brings them to the widget's state.
type mapRenderer struct {
	m       *MapView
	bg      *canvas.Rectangle
	img     *canvas.Image
	tip     *mapTip
	objects []fyne.CanvasObject
}

func (r *mapRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	r.img.Resize(size)
	r.img.Move(fyne.NewPos(0, 0))
	r.placeTip(size)
	r.m.resized(size)
}

func (r *mapRenderer) MinSize() fyne.Size {
	th := r.m.Theme()
	u := th.Size(theme.SizeNameText)
	return fyne.NewSize(u*20, u*14)
}

// Refresh takes the theme's colours and sizes, the palette's background,
// the frame on screen (uploaded again only when it is a new one) and the
// tip.
func (r *mapRenderer) Refresh() {
	m := r.m
	th := m.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	m.restroke(m.scale())
	if bg := color.Color(m.shown.palette.Outside); r.bg.FillColor != bg {
		r.bg.FillColor = bg
		r.bg.Refresh()
	}
	if r.img.Image != image.Image(m.shown.img) {
		r.img.Image = m.shown.img
		r.img.Refresh()
	}
	r.tip.applyTheme(th, v)
	r.tip.title.Text, r.tip.detail.Text = m.tip.title, m.tip.detail
	r.placeTip(m.Size())
}

// placeTip shows the tip where the widget's state puts it, or hides it.
func (r *mapRenderer) placeTip(size fyne.Size) {
	if r.m.tip.district < 0 {
		if !r.tip.box.Hidden {
			r.tip.hide()
		}
		return
	}
	r.tip.at = r.m.tip.at
	r.tip.place(size, r.m.Theme())
}

func (r *mapRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *mapRenderer) Destroy() {}

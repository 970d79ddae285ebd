package ui

import (
	"bytes"
	"errors"
	"net/url"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/geo"
)

// TestSelectionOutlined selects a district in every palette: the frame
// differs from the unselected one only in black and white pixels, hundreds
// of them, and the district's inside keeps its fill.
func TestSelectionOutlined(t *testing.T) {
	v, _ := newTestViewer(t, 1280, 800)
	i := districtNamed(t, v.scene.Control, "Qala-I- Naw", "Badghis")
	for name, p := range geo.Palettes() {
		fyne.DoAndWait(func() {
			v.setPalette(p)
			v.openDistrict(-1)
		})
		waitFor(t, "the unselected frame", func() bool {
			st := v.mapView.Shown()
			return st.Selected == -1 && st == v.mapView.State()
		})
		var plain []byte
		fyne.DoAndWait(func() { plain = bytes.Clone(v.mapView.Frame().Pix) })
		fyne.DoAndWait(func() { v.openDistrict(i) })
		waitFor(t, "the selected frame", func() bool {
			st := v.mapView.Shown()
			return st.Selected == i && st == v.mapView.State()
		})
		var black, white, other int
		fyne.DoAndWait(func() {
			sel := v.mapView.Frame().Pix
			for k := 0; k+3 < len(sel); k += 4 {
				if bytes.Equal(sel[k:k+4], plain[k:k+4]) {
					continue
				}
				switch {
				case sel[k] == 0 && sel[k+1] == 0 && sel[k+2] == 0:
					black++
				case sel[k] == 0xff && sel[k+1] == 0xff && sel[k+2] == 0xff:
					white++
				default:
					other++
				}
			}
		})
		if black < 50 || white < 100 || other > 0 {
			t.Errorf("%s palette: the outline changed %d pixels to black, %d to white and %d to other colours", name, black, white, other)
		}
	}
}

// TestProvinceSummary searches a province: the panel shows its summary,
// not the last district, from the top; a district in it opens from there.
func TestProvinceSummary(t *testing.T) {
	v, _ := newTestViewer(t, 1280, 800)
	i := districtNamed(t, v.scene.Control, "Qala-I- Naw", "Badghis")
	// The test driver runs fyne.Do on the calling goroutine, so the panel
	// must be done with the history before the search changes it.
	loaded := make(chan struct{}, 1)
	v.panel.onLoaded = func() { notify(loaded) }
	fyne.DoAndWait(func() { v.openDistrict(i) })
	<-loaded
	fyne.DoAndWait(func() { v.side.ScrollToOffset(fyne.NewPos(0, 2000)) })
	answered := make(chan struct{}, 1)
	v.search.onDone = func() { answered <- struct{}{} }
	fyne.DoAndWait(func() { v.search.Search("Kandahar province") })
	<-answered
	if v.panel.District() != -1 || v.panel.Province() < 0 || v.scene.Control.Provinces[v.panel.Province()] != "Kandahar" {
		t.Fatalf("the panel shows district %d, province %d", v.panel.District(), v.panel.Province())
	}
	var offset, card float32
	fyne.DoAndWait(func() { offset, card = v.side.Offset.Y, v.layersCard.Size().Height })
	if offset > card {
		t.Errorf("the side column is scrolled to %v, past the panel's top at %v", offset, card)
	}
	text := panelText(v)
	for _, want := range []string{"Kandahar province", "of 16 districts", "Changed since", "Districts: 16", "Arghandab: "} {
		if !strings.Contains(text, want) {
			t.Errorf("the summary does not say %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "unknown") {
		t.Errorf("the summary says unknown:\n%s", text)
	}
}

// panelText is the text of the panel's labels and buttons, one a line.
func panelText(v *Viewer) string {
	var b strings.Builder
	fyne.DoAndWait(func() {
		walk(v.panel.box, func(o fyne.CanvasObject) {
			switch w := o.(type) {
			case *widget.Label:
				b.WriteString(w.Text + "\n")
			case *widget.Button:
				b.WriteString(w.Text + "\n")
			case *widget.RichText:
				b.WriteString(w.String() + "\n")
			case *widget.Hyperlink:
				b.WriteString(w.Text + "\n")
			}
		})
	})
	return b.String()
}

// TestSourceLinks: a history row makes an http(s) source a link that opens
// through the panel's OnOpen, with its address beside it; any other address
// is shown, never opened; a failure to open is told.
func TestSourceLinks(t *testing.T) {
	test.NewTempApp(t)
	var opened []string
	p := NewDistrictPanel(fixtureScene(t), nil, geo.DefaultPalette())
	p.OnOpen = func(u *url.URL) { opened = append(opened, u.String()) }
	r := p.rows[p.newEventRow()]
	r.show(data.Event{Date: "2021-07-07", Status: "taliban", Source: "AFP", SourceURL: "https://example.org/x?a=1"})
	if r.link.Hidden || r.link.Text != "AFP" || r.addr.Text != "https://example.org/x?a=1" || r.copyURL.Hidden {
		t.Fatalf("link %q (hidden %v), address %q: want the source as a link and its address beside it", r.link.Text, r.link.Hidden, r.addr.Text)
	}
	r.link.OnTapped()
	if len(opened) != 1 || opened[0] != "https://example.org/x?a=1" {
		t.Errorf("opened %q", opened)
	}
	for _, bad := range []string{"javascript:alert(1)", "file:///etc/passwd", "ftp://x.org/", "https:///nohost"} {
		r.show(data.Event{Date: "2021-07-07", Status: "taliban", Source: "X", SourceURL: bad})
		if !r.link.Hidden || r.src.Hidden || !strings.Contains(r.addr.Text, bad) {
			t.Errorf("%q: link shown %v, address %q; want it shown as text only", bad, !r.link.Hidden, r.addr.Text)
		}
		r.link.OnTapped()
	}
	if len(opened) != 1 {
		t.Errorf("opened %q", opened)
	}

	v, _ := newTestViewer(t, 1000, 700)
	seen := watchDialogs(t)
	fyne.DoAndWait(func() {
		v.app = failingOpener{v.app}
		v.openURL(&url.URL{Scheme: "https", Host: "example.org"})
	})
	if text := seen.waitTitle(t, "Error"); !strings.Contains(text, "could not open https://example.org") {
		t.Errorf("the failure says %q", text)
	}
}

type failingOpener struct{ fyne.App }

func (failingOpener) OpenURL(*url.URL) error { return errors.New("no browser") }

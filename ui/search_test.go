package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestSearchZoomsToDistrict(t *testing.T) {
	v, win := newTestViewer(t, 1280, 800)
	i := districtNamed(t, v.scene.Control, "Qala-I- Naw", "Badghis")
	before := v.mapView.State().View
	answered := make(chan struct{}, 1)
	v.search.onDone = func() { answered <- struct{}{} }

	win.Canvas().Focus(v.search)
	test.Type(v.search, "qala i naw")
	v.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	<-answered

	res := v.search.Results()
	if len(res) == 0 || res[0].Name != "Qala-I- Naw" || res[0].Province != "Badghis" {
		t.Fatalf("search for %q found %v, want Qala-I- Naw, Badghis first", "qala i naw", res)
	}
	after := v.mapView.State().View
	if !(after.Scale > 4*before.Scale) {
		t.Errorf("the map did not zoom in: scale %g → %g", before.Scale, after.Scale)
	}
	waitFor(t, "the zoomed frame", func() bool { return v.mapView.Shown().View == after })
	// The district fills the middle of the map.
	mid := fyne.NewPos(v.mapView.Size().Width/2, v.mapView.Size().Height/2)
	if got := v.mapView.DistrictAt(mid); got != i {
		t.Errorf("district at the map's centre is %d, want %d (Qala-I- Naw)", got, i)
	}
	waitFor(t, "the panel", func() bool { return v.panel.District() == i && len(v.panel.Events()) > 0 })
}

func TestSearchProvince(t *testing.T) {
	v, _ := newTestViewer(t, 1280, 800)
	answered := make(chan struct{}, 1)
	v.search.onDone = func() { answered <- struct{}{} }
	before := v.mapView.State().View
	v.search.SetText("Paktya")
	v.search.Search(v.search.Text)
	<-answered
	if res := v.search.Results(); len(res) == 0 || res[0].Kind != "province" || res[0].Name != "Paktia" {
		t.Fatalf("Paktya found %v", res)
	}
	if after := v.mapView.State().View; !(after.Scale > 1.5*before.Scale) {
		t.Errorf("the map did not zoom to Paktia: scale %g → %g; found %v", before.Scale, after.Scale, v.search.Results())
	}
	if v.panel.District() != -1 {
		t.Errorf("a province opened district %d", v.panel.District())
	}
}

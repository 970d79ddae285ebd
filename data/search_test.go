package data

import (
	"context"
	"testing"
)

func TestSearchPlaces(t *testing.T) {
	d, _ := initedDataset(t)
	ctx := context.Background()
	tests := []struct {
		text           string
		kind, name     string
		province       string
		wantFirstExact bool
	}{
		{"qala i naw", "district", "Qala-I- Naw", "Badghis", true},
		{"Qala-e-Naw", "district", "Qala-I- Naw", "Badghis", true},
		{"  QALAY-I-NAW district ", "district", "Qala-I- Naw", "Badghis", true},
		{"hirat", "province", "Herat", "Herat", true},
		{"Sar-e Pul province", "province", "Sar-e Pol", "Sar-e Pol", true},
		{"ghanzi", "province", "Ghazni", "Ghazni", true},
		{"badgh", "province", "Badghis", "Badghis", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, err := d.SearchPlaces(ctx, tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 {
				t.Fatalf("SearchPlaces(%q) found nothing", tt.text)
			}
			p := got[0]
			if p.Kind != tt.kind || p.Name != tt.name || p.Province != tt.province || p.Exact != tt.wantFirstExact {
				t.Errorf("SearchPlaces(%q)[0] = %+v, want %s %q in %q (exact %v); all: %v", tt.text, p, tt.kind, tt.name, tt.province, tt.wantFirstExact, got)
			}
			if p.Kind == "district" && p.FID == 0 {
				t.Errorf("district %q has no fid", p.Name)
			}
		})
	}
}

func TestSearchPlacesSharedName(t *testing.T) {
	d, _ := initedDataset(t)
	got, err := d.SearchPlaces(context.Background(), "arghandab")
	if err != nil {
		t.Fatal(err)
	}
	provinces := map[string]bool{}
	for _, p := range got {
		if p.Exact && p.Kind == "district" {
			provinces[p.Province] = true
		}
	}
	if len(provinces) < 2 {
		t.Errorf("arghandab: want the districts of two provinces, got %v", got)
	}
}

func TestSearchPlacesNothing(t *testing.T) {
	d, _ := initedDataset(t)
	for _, text := range []string{"", "  ", "--", "zzzqqq"} {
		got, err := d.SearchPlaces(context.Background(), text)
		if err != nil || len(got) != 0 {
			t.Errorf("SearchPlaces(%q) = %v, %v; want nothing", text, got, err)
		}
	}
}

package data

import (
	"context"
	"errors"
	"testing"

	"github.com/afcontrol/afcontrol/geom"
)

// MapLayers gives every district its polygon in the order of the control's
// districts, every border a kind and sides among them, and, when its
// context is cancelled, an error rather than half the layers.
func TestMapLayers(t *testing.T) {
	d, _ := initedDataset(t)
	ctx := context.Background()
	c, err := d.LoadControl(ctx)
	if err != nil {
		t.Fatal(err)
	}
	districts, borders, err := d.MapLayers(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(districts) != len(c.Districts) || len(districts) != 398 {
		t.Fatalf("%d polygons for %d districts", len(districts), len(c.Districts))
	}
	for i, mp := range districts {
		if len(mp) == 0 || len(mp[0]) == 0 || len(mp[0][0]) < 4 {
			t.Fatalf("district %d %q has no polygon", i, c.Districts[i].Name)
		}
	}
	kinds := map[geom.BorderKind]int{}
	for _, b := range borders {
		kinds[b.Kind]++
		if b.Left < 0 || b.Left >= len(districts) || b.Right < -1 || b.Right >= len(districts) || len(b.Line) < 2 {
			t.Fatalf("border %+v", b)
		}
		if (b.Right == -1) != (b.Kind == geom.CountryBorder) {
			t.Fatalf("a %v border with right side %d", b.Kind, b.Right)
		}
	}
	if kinds[geom.DistrictBorder] == 0 || kinds[geom.ProvinceBorder] == 0 || kinds[geom.CountryBorder] == 0 {
		t.Errorf("border kinds %v", kinds)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := d.MapLayers(cancelled, c); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

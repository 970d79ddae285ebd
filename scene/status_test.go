package scene

import (
	"testing"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/geo"
)

// TestMapStatusKeepsNames checks every control value lands on the map class
// of the same name, so reordering either enum cannot swap the map's colours.
func TestMapStatusKeepsNames(t *testing.T) {
	for _, s := range []events.Status{events.Unknown, events.Government, events.Contested, events.Taliban} {
		if got := MapStatus(s); got.String() != s.String() {
			t.Errorf("MapStatus(%s) = %s", s, got)
		}
	}
	if got := MapStatus(events.NoChange); got != geo.Unknown {
		t.Errorf("MapStatus(nochange) = %s, want unknown", got)
	}
	if got := MapStatus(events.Status(200)); got != geo.Unknown {
		t.Errorf("MapStatus(200) = %s, want unknown", got)
	}
}

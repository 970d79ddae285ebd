package scene

import (
	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/geo"
)

// mapStatus is the map's class for each control value of the timeline.
// Both enums are ordered alike today, but they belong to packages that do
// not know each other, so the table is spelled out and checked by a test
// rather than left to a cast.
var mapStatus = [...]geo.Status{
	events.Unknown:    geo.Unknown,
	events.Government: geo.Government,
	events.Contested:  geo.Contested,
	events.Taliban:    geo.Taliban,
}

// MapStatus returns the map's class for a timeline status; NoChange and
// values out of range are Unknown (they never decide a district).
func MapStatus(s events.Status) geo.Status {
	if int(s) < len(mapStatus) {
		return mapStatus[s]
	}
	return geo.Unknown
}

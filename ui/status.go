package ui

import (
	"fmt"

	"github.com/afcontrol/afcontrol/data/events"
	"github.com/afcontrol/afcontrol/geo"
	"github.com/afcontrol/afcontrol/scene"
)

// statusDefinitions are the one-line definitions the legend gives each
// status. "unknown" is never shown: a district without a report is said to
// have no sourced report (geo.StatusName).
var statusDefinitions = [...]string{
	geo.Unknown:    "no dated, sourced report on or before this day",
	geo.Government: "held by the Republic's forces; after August 2021, the resistance",
	geo.Contested:  "fighting, or control disputed, in the latest report",
	geo.Taliban:    "reported under Taliban control",
}

// claimedDefinition defines the claimed rows of the claims layer.
const claimedDefinition = "a party's claim that nobody independent has confirmed"

// eventStatusName is the window's name for an event's status as stored
// ("taliban", "nochange"…), the raw text when it is none of them.
func eventStatusName(raw string) string {
	if raw == "nochange" {
		return "no change (keeps the status)"
	}
	st, err := events.ParseStatus(raw)
	if err != nil {
		return raw
	}
	return geo.StatusName(scene.MapStatus(st))
}

// legendRow is one line of the window's legend and its definition.
type legendRow struct {
	swatch     geo.Swatch
	text       string
	definition string
}

// legendRows are the legend's lines for counts c: every status with its
// count and share of the districts, the tentative paint with the coverage
// line as its definition, then, with claims, the claimed ones.
// Shares are rounded to whole percents; a share above 0 but under 0.5 %
// reads "<1%" rather than "0%".
func legendRows(p geo.Palette, c geo.Counts, claims bool) []legendRow {
	order := []geo.Status{geo.Taliban, geo.Contested, geo.Government, geo.Unknown}
	var rows []legendRow
	for _, s := range order {
		rows = append(rows, legendRow{p.Swatch(geo.Fill{Status: s}),
			fmt.Sprintf("%s %d of %d (%s)", geo.StatusName(s), c.Confirmed[s], c.Total, geo.Share(c.Confirmed[s], c.Total)),
			statusDefinitions[s]})
	}
	// Districts resting on a low-confidence report or an assessment are
	// painted paler and dashed; the line under says how much of the map is
	// sourced at all.
	rows = append(rows, legendRow{p.Swatch(geo.Fill{Status: geo.Taliban, Basis: geo.LowConfidence}),
		fmt.Sprintf("paler, dashed: low confidence or assessment %d", c.Tentative), c.Coverage()})
	if claims {
		for _, s := range order[:3] {
			rows = append(rows, legendRow{p.Swatch(geo.Fill{Status: s, Claimed: true}),
				fmt.Sprintf("%s, claimed %d of %d (%s)", geo.StatusName(s), c.Claimed[s], c.Total, geo.Share(c.Claimed[s], c.Total)),
				claimedDefinition})
		}
	}
	return rows
}

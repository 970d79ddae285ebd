package shapefile

import (
	"math"
	"strings"
)

// IsWGS84 reports whether a .prj describes geographic WGS 84 longitude/latitude in
// degrees: a WKT1 GEOGCS (or WKT2 GEOGCRS) whose datum is WGS 84 (however spelled:
// "WGS_1984", "D_WGS_1984", "WGS 84", "World Geodetic System 1984"), whose prime
// meridian, when given, is Greenwich (0), and whose angular unit is the degree
// (conversion factor π/180).
//
// known is false, and ok with it, when prj is empty or blank (no .prj) or is not WKT
// this function can parse: the projection is then unknown, not wrong. A projected
// system (PROJCS), even on WGS 84, another datum, or another unit gives ok false and
// known true.
func IsWGS84(prj string) (ok bool, known bool) {
	if strings.TrimSpace(prj) == "" {
		return false, false
	}
	root, err := parseWKT(prj)
	if err != nil {
		return false, false
	}
	if root.keyword != "GEOGCS" && root.keyword != "GEOGCRS" {
		return false, true
	}
	datum := root.child("DATUM", "ENSEMBLE", "GEODETICDATUM", "TRF")
	if datum == nil || !isWGS84DatumName(datum.name()) {
		return false, true
	}
	if pm := root.child("PRIMEM", "PRIMEMERIDIAN"); pm != nil && (len(pm.numbers) == 0 || pm.numbers[0] != 0) {
		return false, true
	}
	unit := root.find("UNIT", "ANGLEUNIT")
	if unit == nil || len(unit.numbers) == 0 || math.Abs(unit.numbers[0]-math.Pi/180) > 1e-12 {
		return false, true
	}
	return true, true
}

// isWGS84DatumName folds case and punctuation and compares with the names writers use.
func isWGS84DatumName(s string) bool {
	key := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, s)
	switch key {
	case "wgs1984", "dwgs1984", "wgs84", "worldgeodeticsystem1984", "worldgeodeticsystem1984ensemble":
		return true
	}
	return false
}

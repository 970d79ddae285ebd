package events

import (
	"fmt"
	"strings"
)

// Scope is the area an event concerns. ScopeDistrict is the zero value.
type Scope uint8

// The scopes, from the narrowest.
const (
	// ScopeDistrict is one district: the row names it or carries a point in it.
	ScopeDistrict Scope = iota
	// ScopeProvince is a whole province: the row names the province only
	// (or the source placed it no more precisely than the province).
	ScopeProvince
	// ScopeCountry is the whole of Afghanistan.
	ScopeCountry
)

var scopeNames = [...]string{"district", "province", "country"}

// String returns "district", "province" or "country"; other values give
// "scope(N)".
func (s Scope) String() string {
	if int(s) < len(scopeNames) {
		return scopeNames[s]
	}
	return fmt.Sprintf("scope(%d)", uint8(s))
}

// ParseScope reads "district", "province" or "country", ignoring case and
// surrounding spaces; the empty string is ScopeDistrict.
func ParseScope(s string) (Scope, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return ScopeDistrict, nil
	}
	for i, n := range scopeNames {
		if t == n {
			return Scope(i), nil
		}
	}
	return 0, fmt.Errorf("unknown scope, want district, province or country")
}

// Assessment is the kind of an area report that sets the status of every
// district its scope covers (see the status rule in package timeline).
const Assessment = "assessment"

package brief

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// datedTail matches a report's date written after the outlet's name:
// "TOLOnews 2021-07-07", "Salam Watandar 2021-07 (early July)".
var datedTail = regexp.MustCompile(`[\s,;]+\(?\d{4}(-\d{1,2}){0,2}\b.*$`)

// Outlet returns the outlet of a report's source: the source with a date
// written after the name removed and spaces tidied. A source that is only a
// date is kept as it is.
func Outlet(source string) string {
	s := strings.Join(strings.Fields(source), " ")
	if t := datedTail.ReplaceAllString(s, ""); t != "" {
		return t
	}
	return s
}

// SourcesLine names the outlets behind a set of reports, most reports first
// (ties in name order), each with its number of reports: "TOLOnews (12),
// Pajhwok (3)". Empty sources are skipped; no sources give "". When the list
// would pass maxRunes characters (0 for no limit), it stops at an outlet
// and ends with "and N more"; the first outlet is always named.
func SourcesLine(sources []string, maxRunes int) string {
	count := map[string]int{}
	for _, s := range sources {
		if o := Outlet(s); o != "" {
			count[o]++
		}
	}
	outlets := make([]string, 0, len(count))
	for o := range count {
		outlets = append(outlets, o)
	}
	slices.SortFunc(outlets, func(a, b string) int {
		return cmp.Or(count[b]-count[a], strings.Compare(a, b))
	})
	var b strings.Builder
	for i, o := range outlets {
		item := fmt.Sprintf("%s (%d)", o, count[o])
		rest := len(outlets) - i - 1
		more := ""
		if rest > 0 {
			more = fmt.Sprintf(", and %d more", rest)
		}
		if i > 0 && maxRunes > 0 && utf8.RuneCountInString(b.String())+2+utf8.RuneCountInString(item)+utf8.RuneCountInString(more) > maxRunes {
			fmt.Fprintf(&b, ", and %d more", len(outlets)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(item)
	}
	return b.String()
}

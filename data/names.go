package data

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// cleanName trims a name and folds runs of white space to one space: the
// boundary files carry names like "Zanda  Jan\n".
func cleanName(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// connectors are the joining syllables that transliterations write, drop or
// spell differently: Qala-i-Naw, Qala-e-Naw, Sar-e Pul, Hisa-yi Awal.
var connectors = map[string]bool{"i": true, "e": true, "y": true, "ye": true, "yi": true, "al": true, "el": true}

// nameKey folds a place name to a key that common transliterations share:
// case, accents, punctuation, spacing and connector syllables are dropped, and
// the vowels and letters that transliterations swap (o/u, e/i, y/i) are folded,
// as are doubled letters. "Qala-i-Naw", "Qala-e-Naw" and "qala i naw" share a
// key; "Herat" and "Hirat" too; "Sar-e Pol" and "Sar-e Pul" too. Different
// places can share a key; callers treat more than one match as ambiguous.
// An empty or punctuation-only name gives "".
func nameKey(s string) string {
	s = norm.NFD.String(strings.ToLower(s))
	var words []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			words = append(words, w.String())
			w.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			// combining accent: dropped
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	var b strings.Builder
	for _, word := range words {
		if connectors[word] && len(words) > 1 {
			continue
		}
		b.WriteString(word)
	}
	var out []rune
	for _, r := range b.String() {
		switch r {
		case 'o':
			r = 'u'
		case 'e', 'y':
			r = 'i'
		}
		if n := len(out); n > 0 && out[n-1] == r {
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

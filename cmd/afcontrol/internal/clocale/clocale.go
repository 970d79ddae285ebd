// Package clocale keeps the plain "C" locale from being reported as an error.
//
// Debian containers, CI runners and many servers run with LANG=C.UTF-8.
// Fyne's language package reads the locale while it is initialised and logs
// "Error parsing user locale C" for it, even for the headless commands. This
// package is imported by main with a blank import; its import path sorts
// before the locale reader's, so Go initialises it first, and when the locale
// is C or POSIX it sets LANGUAGE=en, which names the same language (C means
// untranslated English) in a form the reader parses. Nothing else changes:
// LANGUAGE only chooses the language of messages.
package clocale

import (
	"os"
	"strings"
)

func init() {
	if plainLocale(os.Getenv) {
		os.Setenv("LANGUAGE", "en")
	}
}

// plainLocale reports whether the effective locale (the first of LC_ALL,
// LC_MESSAGES and LANG that is set) is C or POSIX, with or without a
// codeset ("C.UTF-8"), and LANGUAGE is not set. An empty environment is not
// plain: the reader already treats it as English.
func plainLocale(getenv func(string) string) bool {
	if getenv("LANGUAGE") != "" {
		return false
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(name)
		if v == "" {
			continue
		}
		lang, _, _ := strings.Cut(v, ".")
		return lang == "C" || lang == "POSIX"
	}
	return false
}

package events

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// FuzzDetect checks that no name and head make Detect panic, that it names
// one of the formats or none, and that the promises of its comment hold:
// text starting with '{' and any .geojson name are always named; a UTF-8
// byte order mark changes nothing; and neither does the same text in
// UTF-16 with its mark, little- or big-endian, as Excel writes it. Seeds:
// the first KiB of every fixture in testdata, under its own name and under
// the names the other formats use.
func FuzzDetect(f *testing.F) {
	fixtures, err := filepath.Glob(filepath.Join("testdata", "*.*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, path := range fixtures {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		head := b[:min(len(b), 1024)]
		for _, name := range []string{filepath.Base(path), "export.csv", "events.json", "points.geojson", "data"} {
			f.Add(name, head)
		}
	}
	f.Fuzz(func(t *testing.T, name string, head []byte) {
		got := Detect(name, head)
		switch got {
		case "", "native", "acled", "ucdp", "geojson":
		default:
			t.Fatalf("Detect(%q, %q) = %q, not a format", name, head, got)
		}
		if bytes.HasPrefix(head, utf8BOM) || bytes.HasPrefix(head, utf16LE) || bytes.HasPrefix(head, utf16BE) {
			return
		}
		if trimmed := bytes.TrimLeft(head, " \t\r\n"); len(trimmed) > 0 && trimmed[0] == '{' && got == "" {
			t.Fatalf("JSON head %q is not named", head)
		}
		if strings.EqualFold(filepath.Ext(name), ".geojson") && got == "" {
			t.Fatalf("%q is not named", name)
		}
		if bom := Detect(name, append(bytes.Clone(utf8BOM), head...)); bom != got {
			t.Fatalf("with a UTF-8 byte order mark %q, without %q", bom, got)
		}
		if !utf8.ValidString(string(head)) {
			return
		}
		units := utf16.Encode([]rune(string(head)))
		if 2*len(units) > 4096 {
			return // detection reads the first 4 KiB of a UTF-16 file
		}
		for _, big := range []bool{false, true} {
			b := bytes.Clone(utf16LE)
			if big {
				b = bytes.Clone(utf16BE)
			}
			for _, u := range units {
				if big {
					b = append(b, byte(u>>8), byte(u))
				} else {
					b = append(b, byte(u), byte(u>>8))
				}
			}
			if wide := Detect(name, b); wide != got {
				t.Fatalf("in UTF-16 (big-endian %v) %q, in UTF-8 %q", big, wide, got)
			}
		}
	})
}

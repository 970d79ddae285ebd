package events

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Options tunes how text files are read.
type Options struct {
	// Encoding is the text encoding of the file: "" or "utf-8" (the
	// default: bytes that are not valid UTF-8 are a row error), or
	// "windows-1252" (also "cp1252", "latin1", "iso-8859-1"), whose bytes are
	// all decoded. ISO-8859-1 files are read as Windows-1252, which agrees
	// with it on every printable character.
	Encoding string
	// DateOrder is how to read numeric dates such as 7/7/2021 in ACLED and
	// UCDP files: "dmy" (day first) or "mdy" (month first). Empty refuses
	// them as ambiguous, which they are unless the exporter's locale is known.
	DateOrder string
	// Actors adds to (and overrides) the default actor table when deciding
	// who gains territory in an ACLED event; nil uses the defaults alone.
	Actors *Actors
}

// decoder turns a cell's bytes into UTF-8 text; ok is false when the bytes
// are not valid in the encoding.
type decoder func(string) (text string, ok bool)

func (o Options) decoder() (decoder, error) {
	switch strings.ToLower(strings.TrimSpace(o.Encoding)) {
	case "", "utf-8", "utf8":
		return utf8Decoder, nil
	case "windows-1252", "cp1252", "latin1", "latin-1", "iso-8859-1", "iso8859-1":
		return func(s string) (string, bool) { return decode1252(s), true }, nil
	}
	return nil, fmt.Errorf("unknown encoding %q, want utf-8 or windows-1252", o.Encoding)
}

func utf8Decoder(s string) (string, bool) { return s, utf8.ValidString(s) }

// cp1252 maps bytes 0x80–0x9F; the five bytes Windows leaves undefined map to
// the C1 control of the same value, as the WHATWG encoding standard does.
var cp1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}

func decode1252(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xA0:
			b.WriteRune(cp1252[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.String()
}

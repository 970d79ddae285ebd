package shapefile

import (
	"strings"
	"unicode/utf8"
)

// textEncoding turns the bytes of a dBASE field into a Go string.
type textEncoding struct {
	name   string
	decode func([]byte) (string, bool) // false when the bytes are not valid in it
}

var (
	encUTF8   = textEncoding{"UTF-8", decodeUTF8}
	encCP1252 = textEncoding{"windows-1252", decodeCP1252}
	encLatin1 = textEncoding{"ISO-8859-1", decodeLatin1}
)

// cpgNames maps the ways .cpg files name an encoding, folded by cpgKey, to the encoding.
var cpgNames = map[string]textEncoding{
	"utf8": encUTF8, "65001": encUTF8,
	"1252": encCP1252, "cp1252": encCP1252, "windows1252": encCP1252, "ansi1252": encCP1252,
	"latin1": encLatin1, "88591": encLatin1, "iso88591": encLatin1, "28591": encLatin1,
}

// cpgKey folds case and drops the separators that vary between writers:
// "UTF-8", "utf8" and "UTF_8" all become "utf8".
func cpgKey(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', '_', ' ', '.':
			return -1
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, strings.TrimSpace(s))
}

// encodingFor returns the encoding a .cpg names, and false when it names one this
// reader does not know. An empty .cpg (or none) means UTF-8.
func encodingFor(cpg string) (textEncoding, bool) {
	if strings.TrimSpace(cpg) == "" {
		return encUTF8, true
	}
	enc, ok := cpgNames[cpgKey(cpg)]
	return enc, ok
}

func decodeUTF8(b []byte) (string, bool) {
	return string(b), utf8.Valid(b)
}

// decodeLatin1 maps each byte to the code point of the same number; every byte is valid.
func decodeLatin1(b []byte) (string, bool) {
	if isASCII(b) {
		return string(b), true
	}
	r := make([]rune, len(b))
	for k, c := range b {
		r[k] = rune(c)
	}
	return string(r), true
}

// cp1252High holds windows-1252 bytes 0x80-0x9F; the five bytes the code page leaves
// undefined map to the C1 control of the same number, as the WHATWG Encoding Standard
// does, so every byte is valid.
var cp1252High = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}

func decodeCP1252(b []byte) (string, bool) {
	if isASCII(b) {
		return string(b), true
	}
	r := make([]rune, len(b))
	for k, c := range b {
		if c >= 0x80 && c < 0xA0 {
			r[k] = cp1252High[c-0x80]
		} else {
			r[k] = rune(c)
		}
	}
	return string(r), true
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

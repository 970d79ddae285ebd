package events

import (
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// The UTF-16 byte order marks ("Unicode Text" from Excel is UTF-16LE).
var (
	utf16LE = []byte{0xFF, 0xFE}
	utf16BE = []byte{0xFE, 0xFF}
)

// utf16Reader transcodes UTF-16 (after its byte order mark) to UTF-8 as it
// streams. A code unit that cannot be decoded (a lone surrogate, an odd byte
// at the end) becomes the byte 0xFF, which is never valid UTF-8, so the cell
// holding it is refused as not valid text rather than silently altered.
type utf16Reader struct {
	r         io.Reader
	bigEndian bool
	in        [4096]byte
	nin       int    // bytes of in not yet decoded
	out       []byte // decoded bytes not yet returned
	high      rune   // a high surrogate waiting for its pair, or 0
	err       error
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		n, err := u.r.Read(u.in[u.nin:])
		u.nin += n
		u.decode(err != nil)
		if err != nil {
			u.err = err
		}
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

// decode moves every whole code unit of in to out; at the end it flushes
// what is left.
func (u *utf16Reader) decode(end bool) {
	out := u.out[:0]
	i := 0
	for ; i+1 < u.nin; i += 2 {
		var c rune
		if u.bigEndian {
			c = rune(u.in[i])<<8 | rune(u.in[i+1])
		} else {
			c = rune(u.in[i+1])<<8 | rune(u.in[i])
		}
		switch {
		case u.high != 0 && utf16.IsSurrogate(c) && c >= 0xDC00:
			out = utf8.AppendRune(out, utf16.DecodeRune(u.high, c))
			u.high = 0
			continue
		case u.high != 0:
			out = append(out, 0xFF)
			u.high = 0
		}
		switch {
		case c >= 0xD800 && c < 0xDC00:
			u.high = c
		case utf16.IsSurrogate(c):
			out = append(out, 0xFF)
		default:
			out = utf8.AppendRune(out, c)
		}
	}
	u.nin = copy(u.in[:], u.in[i:u.nin])
	if end {
		if u.high != 0 || u.nin > 0 {
			out = append(out, 0xFF)
		}
		u.high, u.nin = 0, 0
	}
	u.out = out
}

// decodeUTF16Head transcodes the start of a UTF-16 file, after its byte
// order mark, for format detection.
func decodeUTF16Head(head []byte, bigEndian bool) []byte {
	u := &utf16Reader{bigEndian: bigEndian}
	u.nin = copy(u.in[:], head)
	u.decode(false)
	return u.out
}

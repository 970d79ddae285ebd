package data

import (
	"crypto/rand"
	"crypto/sha1"
	"encoding/hex"
)

// newUID returns a random (version 4) UUID in its canonical text form: the
// global id of an event entered or imported here.
func newUID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return formatUID(b, 4)
}

// bundledNamespace is the namespace of the name-based ids of the bundled
// reference timeline.
var bundledNamespace = [16]byte{0x5a, 0x1f, 0x0c, 0x3e, 0x86, 0x2b, 0x4d, 0x51, 0x9b, 0x07, 0x61, 0xe4, 0x2d, 0x90, 0xa8, 0x33}

// nameUID returns the name-based (version 5) UUID of name: every laptop that
// loads the same bundled row gives it the same id, so that two laptops'
// copies of the reference timeline are one history on the server, not two.
func nameUID(name string) string {
	h := sha1.New()
	h.Write(bundledNamespace[:])
	h.Write([]byte(name))
	var b [16]byte
	copy(b[:], h.Sum(nil))
	return formatUID(b, 5)
}

func formatUID(b [16]byte, version byte) string {
	b[6] = b[6]&0x0f | version<<4
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], b[10:16])
	return string(s[:])
}

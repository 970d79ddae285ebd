package btree

import (
	"encoding/binary"
	"math"
)

// Record builds a record in SQLite's format: a header of the columns'
// serial types, then their values. Reset it before each record.
type Record struct {
	head []byte
	body []byte
}

// Reset empties the record.
func (r *Record) Reset() {
	r.head, r.body = r.head[:0], r.body[:0]
}

// Null adds a NULL column.
func (r *Record) Null() { r.head = append(r.head, 0) }

// Int adds an integer column, in the fewest bytes that hold it.
func (r *Record) Int(v int64) {
	switch {
	case v == 0:
		r.head = append(r.head, 8)
	case v == 1:
		r.head = append(r.head, 9)
	case v >= math.MinInt8 && v <= math.MaxInt8:
		r.head = append(r.head, 1)
		r.body = append(r.body, byte(v))
	case v >= math.MinInt16 && v <= math.MaxInt16:
		r.head = append(r.head, 2)
		r.body = binary.BigEndian.AppendUint16(r.body, uint16(v))
	case v >= -1<<23 && v < 1<<23:
		r.head = append(r.head, 3)
		r.body = append(r.body, byte(v>>16), byte(v>>8), byte(v))
	case v >= math.MinInt32 && v <= math.MaxInt32:
		r.head = append(r.head, 4)
		r.body = binary.BigEndian.AppendUint32(r.body, uint32(v))
	case v >= -1<<47 && v < 1<<47:
		r.head = append(r.head, 5)
		r.body = append(r.body, byte(v>>40), byte(v>>32), byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	default:
		r.head = append(r.head, 6)
		r.body = binary.BigEndian.AppendUint64(r.body, uint64(v))
	}
}

// Float adds a REAL column.
func (r *Record) Float(v float64) {
	r.head = append(r.head, 7)
	r.body = binary.BigEndian.AppendUint64(r.body, math.Float64bits(v))
}

// Text adds a TEXT column (UTF-8, as the file's encoding).
func (r *Record) Text(s string) {
	r.head = appendVarint(r.head, uint64(2*len(s)+13))
	r.body = append(r.body, s...)
}

// Blob adds a BLOB column.
func (r *Record) Blob(b []byte) {
	r.head = appendVarint(r.head, uint64(2*len(b)+12))
	r.body = append(r.body, b...)
}

// Append appends the record to dst.
func (r *Record) Append(dst []byte) []byte {
	// The header's size counts the varint that gives it.
	n := len(r.head) + 1
	for varintLen(uint64(n))+len(r.head) != n {
		n = varintLen(uint64(n)) + len(r.head)
	}
	dst = appendVarint(dst, uint64(n))
	dst = append(dst, r.head...)
	return append(dst, r.body...)
}

// appendVarint appends v as SQLite's variable-length integer: seven bits a
// byte, most significant first, and all eight bits of a ninth byte.
func appendVarint(dst []byte, v uint64) []byte {
	if v <= 0x7f {
		return append(dst, byte(v))
	}
	if v > 1<<56-1 {
		var b [9]byte
		b[8] = byte(v)
		v >>= 8
		for i := 7; i >= 0; i-- {
			b[i] = byte(v&0x7f) | 0x80
			v >>= 7
		}
		return append(dst, b[:]...)
	}
	var b [8]byte
	i := len(b)
	for {
		i--
		b[i] = byte(v & 0x7f)
		if i < len(b)-1 {
			b[i] |= 0x80
		}
		v >>= 7
		if v == 0 {
			break
		}
	}
	return append(dst, b[i:]...)
}

// varintLen is how many bytes appendVarint writes for v.
func varintLen(v uint64) int {
	if v > 1<<56-1 {
		return 9
	}
	n := 1
	for v > 0x7f {
		v >>= 7
		n++
	}
	return n
}

package timeline

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/afcontrol/afcontrol/data/events"
)

// encodingMagic starts every encoded timeline; the byte after it is the
// format version.
const (
	encodingMagic   = "AFTL"
	encodingVersion = 1
)

// ErrEncoding is wrapped by every error of Decode.
var ErrEncoding = errors.New("timeline: bad encoding")

// AppendBinary appends the compact encoding of t to b and returns it: per
// layer, each district's number of changes, then each change as the days
// since the district's previous one, its status and the difference of its
// Seq from the previous change's, all as varints. A day of a twenty-year
// history costs three to five bytes, a tenth of the rows it came from.
func (t *Timeline) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, encodingMagic...)
	b = append(b, encodingVersion)
	b = binary.AppendUvarint(b, uint64(t.districts))
	for i := range t.layers {
		l := &t.layers[i]
		b = binary.AppendUvarint(b, uint64(len(l.days)))
		for d := 0; d < t.districts; d++ {
			b = binary.AppendUvarint(b, uint64(l.off[d+1]-l.off[d]))
		}
		var seq int64
		for d := 0; d < t.districts; d++ {
			prev := firstDay - 1
			for k := l.off[d]; k < l.off[d+1]; k++ {
				b = binary.AppendUvarint(b, uint64(l.days[k]-prev))
				prev = l.days[k]
				b = append(b, byte(l.status[k]))
				b = binary.AppendVarint(b, l.seq[k]-seq)
				seq = l.seq[k]
			}
		}
	}
	return b, nil
}

// Decode reads a timeline that AppendBinary wrote. The input is checked as
// if hostile: a wrong magic or version, counts that do not add up, a day out
// of order or outside 1900..2100, a status that is not a control value, or
// bytes left over is an error wrapping ErrEncoding, and nothing is allocated
// beyond what the input's length allows.
func Decode(b []byte) (*Timeline, error) {
	r := decoder{b: b}
	if len(b) < len(encodingMagic)+1 || string(b[:len(encodingMagic)]) != encodingMagic {
		return nil, fmt.Errorf("%w: not an encoded timeline", ErrEncoding)
	}
	if v := b[len(encodingMagic)]; v != encodingVersion {
		return nil, fmt.Errorf("%w: format version %d, this program reads %d", ErrEncoding, v, encodingVersion)
	}
	r.b = b[len(encodingMagic)+1:]
	// Every district costs at least a byte per layer, every change three.
	districts := r.count(len(r.b) / 2)
	t := &Timeline{districts: districts}
	for i := range t.layers {
		n := r.count(len(r.b) / 3)
		l := layer{off: make([]int32, districts+1)}
		total := 0
		for d := 0; d < districts; d++ {
			k := r.count(n - total)
			total += k
			l.off[d+1] = int32(total)
		}
		if r.err == nil && total != n {
			r.fail("the districts hold %d changes, the layer says %d", total, n)
		}
		if r.err != nil {
			return nil, r.err
		}
		l.days = make([]events.Day, n)
		l.status = make([]events.Status, n)
		l.seq = make([]int64, n)
		var seq int64
		for d := 0; d < districts && r.err == nil; d++ {
			prev := int64(firstDay - 1)
			for k := l.off[d]; k < l.off[d+1] && r.err == nil; k++ {
				step := r.uvarint()
				day := prev + int64(step)
				if step == 0 || step > uint64(lastDay-firstDay+1) || day > int64(lastDay) {
					r.fail("district %d change %d: day step %d leaves 1900-01-01..2100-12-31 or goes back", d, k-l.off[d]+1, step)
					break
				}
				prev = day
				st := events.Status(r.byte())
				if st > events.Taliban {
					r.fail("district %d change %d: status %d", d, k-l.off[d]+1, st)
					break
				}
				seq += r.varint()
				l.days[k], l.status[k], l.seq[k] = events.Day(day), st, seq
			}
		}
		if r.err != nil {
			return nil, r.err
		}
		t.layers[i] = l
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the end", ErrEncoding, len(r.b))
	}
	t.setRange()
	return t, nil
}

// setRange sets first and last from the layers.
func (t *Timeline) setRange() {
	t.first, t.last, t.hasRange = 0, 0, false
	for i := range t.layers {
		l := &t.layers[i]
		for d := 0; d < t.districts; d++ {
			lo, hi := l.off[d], l.off[d+1]
			if lo == hi {
				continue
			}
			if !t.hasRange {
				t.first, t.last, t.hasRange = l.days[lo], l.days[hi-1], true
			}
			t.first, t.last = min(t.first, l.days[lo]), max(t.last, l.days[hi-1])
		}
	}
}

// decoder reads varints and bytes, keeping the first error.
type decoder struct {
	b   []byte
	err error
}

func (r *decoder) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: "+format, append([]any{ErrEncoding}, args...)...)
	}
	r.b = nil
}

func (r *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("truncated or overlong number")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *decoder) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail("truncated or overlong number")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *decoder) byte() byte {
	if len(r.b) == 0 {
		r.fail("truncated")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// count reads a count that may not pass limit.
func (r *decoder) count(limit int) int {
	v := r.uvarint()
	if r.err == nil && v > uint64(max(limit, 0)) {
		r.fail("count %d is more than the %d bytes left could hold", v, len(r.b))
		return 0
	}
	return int(v)
}

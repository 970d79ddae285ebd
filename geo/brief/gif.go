package brief

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"io"
)

// GIFFrame is one frame encoded on its own by EncodeFrame: the GIF header
// with its colour table, and the image block. Frames can be encoded in
// parallel and written in order by a GIFWriter, so an animation never needs
// all its frames in memory at once.
type GIFFrame struct {
	head  []byte // "GIF89a", screen descriptor and global colour table
	block []byte // image descriptor and LZW data
}

// EncodeFrame LZW-encodes one paletted frame with the standard library's
// encoder, its palette as the global colour table.
func EncodeFrame(m *image.Paletted) (GIFFrame, error) {
	var buf bytes.Buffer
	if err := gif.Encode(&buf, m, nil); err != nil {
		return GIFFrame{}, err
	}
	b := buf.Bytes()
	// Header (6), logical screen descriptor (7), then the global table whose
	// size the descriptor's flags give.
	if len(b) < 14 || string(b[:6]) != "GIF89a" || b[10]&0x80 == 0 {
		return GIFFrame{}, errors.New("gif: unexpected encoder output")
	}
	n := 13 + 3<<(b[10]&7+1)
	if len(b) < n+2 || b[n] != 0x2c || b[len(b)-1] != 0x3b {
		return GIFFrame{}, errors.New("gif: unexpected encoder output")
	}
	return GIFFrame{head: b[:n], block: b[n : len(b)-1]}, nil
}

// GIFWriter writes an animation frame by frame: the header and a loop-forever
// extension before the first frame, a delay before each, the trailer at
// Close. Every frame must share the first frame's size and colour table.
type GIFWriter struct {
	w    io.Writer
	head []byte
	err  error
}

// NewGIFWriter starts an animation on w.
func NewGIFWriter(w io.Writer) *GIFWriter { return &GIFWriter{w: w} }

// Write adds frame f, shown for delay hundredths of a second (clamped to
// 0..65535).
func (g *GIFWriter) Write(f GIFFrame, delay int) error {
	if g.err != nil {
		return g.err
	}
	if g.head == nil {
		g.head = f.head
		g.write(f.head)
		// NETSCAPE2.0 application extension: loop forever.
		g.write([]byte{0x21, 0xff, 0x0b, 'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0', 0x03, 0x01, 0, 0, 0})
	} else if !bytes.Equal(g.head, f.head) {
		g.err = fmt.Errorf("gif: frame size or colour table differs from the first frame's")
		return g.err
	}
	delay = min(max(delay, 0), 0xffff)
	// Graphic control extension: leave the frame in place, no transparency.
	g.write([]byte{0x21, 0xf9, 0x04, 0x04, byte(delay), byte(delay >> 8), 0, 0})
	g.write(f.block)
	return g.err
}

// Close writes the trailer; it does not close the underlying writer. An
// animation with no frame is an error.
func (g *GIFWriter) Close() error {
	if g.err == nil && g.head == nil {
		g.err = errors.New("gif: no frames")
	}
	g.write([]byte{0x3b})
	return g.err
}

func (g *GIFWriter) write(b []byte) {
	if g.err == nil {
		_, g.err = g.w.Write(b)
	}
}

package brief

import (
	"bytes"
	"hash/adler32"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

// noisyMap is a w×h opaque image of flat areas, lines and some noise, as a
// rendered map is, offset from the origin to check Bounds are honoured.
func noisyMap(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(3, 5, 3+w, 5+h))
	r := rand.New(rand.NewPCG(1, 2))
	for y := 5; y < 5+h; y++ {
		for x := 3; x < 3+w; x++ {
			c := color.RGBA{uint8(x / 40 * 30), uint8(y / 30 * 50), 0x80, 0xff}
			if (x+y)%17 == 0 || r.IntN(50) == 0 {
				c.R, c.G = uint8(r.IntN(256)), uint8(r.IntN(256))
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func TestEncodePNGRoundTrip(t *testing.T) {
	for _, sz := range [][2]int{{1, 1}, {7, 3}, {200, 63}, {320, 65}, {641, 479}} {
		img := noisyMap(sz[0], sz[1])
		var buf bytes.Buffer
		if err := EncodePNG(&buf, img); err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(&buf)
		if err != nil {
			t.Fatalf("%v: %v", sz, err)
		}
		if got.Bounds().Dx() != sz[0] || got.Bounds().Dy() != sz[1] {
			t.Fatalf("%v: decoded %v", sz, got.Bounds())
		}
		b := img.Bounds()
		for y := 0; y < sz[1]; y++ {
			for x := 0; x < sz[0]; x++ {
				want := img.RGBAAt(b.Min.X+x, b.Min.Y+y)
				if r, g, bl, a := got.At(x, y).RGBA(); uint8(r>>8) != want.R || uint8(g>>8) != want.G || uint8(bl>>8) != want.B || a != 0xffff {
					t.Fatalf("%v: pixel (%d, %d) = %v, want %v", sz, x, y, got.At(x, y), want)
				}
			}
		}
	}
}

// A sub-image shares its parent's pixels and stride.
func TestEncodePNGSubImage(t *testing.T) {
	img := noisyMap(300, 200)
	sub := img.SubImage(image.Rect(50, 40, 250, 180)).(*image.RGBA)
	var buf bytes.Buffer
	if err := EncodePNG(&buf, sub); err != nil {
		t.Fatal(err)
	}
	got, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []image.Point{{0, 0}, {199, 139}, {77, 91}} {
		want := sub.RGBAAt(50+p.X, 40+p.Y)
		if r, _, _, _ := got.At(p.X, p.Y).RGBA(); uint8(r>>8) != want.R {
			t.Errorf("pixel %v: red %d, want %d", p, r>>8, want.R)
		}
	}
}

// An image with transparency keeps it, through the standard encoder.
func TestEncodePNGTransparent(t *testing.T) {
	img := noisyMap(40, 30)
	img.SetRGBA(10, 10, color.RGBA{0x20, 0, 0, 0x40})
	var buf bytes.Buffer
	if err := EncodePNG(&buf, img); err != nil {
		t.Fatal(err)
	}
	got, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, a := got.At(7, 5).RGBA(); a>>8 != 0x40 {
		t.Errorf("alpha %d, want 0x40", a>>8)
	}
}

func TestAdler32Combine(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 5552, 65521, 65522, 200000} {
		a := make([]byte, r.IntN(70000))
		b := make([]byte, n)
		for i := range a {
			a[i] = byte(r.IntN(256))
		}
		for i := range b {
			b[i] = 0xff
		}
		want := adler32.Checksum(append(a[:len(a):len(a)], b...))
		if got := adler32Combine(adler32.Checksum(a), adler32.Checksum(b), len(b)); got != want {
			t.Errorf("len %d+%d: %08x, want %08x", len(a), n, got, want)
		}
	}
}

func TestSubBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	cases := [][2]uint64{{0, 0}, {0, ^uint64(0)}, {^uint64(0), 0}, {0x8080808080808080, 0x7f7f7f7f7f7f7f7f}, {0x0001000100010001, 0x0100010001000100}}
	for range 100000 {
		cases = append(cases, [2]uint64{r.Uint64(), r.Uint64()})
	}
	for _, c := range cases {
		var want uint64
		for k := 0; k < 64; k += 8 {
			want |= uint64(byte(c[0]>>k)-byte(c[1]>>k)) << k
		}
		if got := subBytes(c[0], c[1]); got != want {
			t.Fatalf("subBytes(%016x, %016x) = %016x, want %016x", c[0], c[1], got, want)
		}
	}
}

func TestAdler32Update(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 7, 8, 9, 4096, 1<<16 - 3, 1 << 16, 1<<16 + 9, 300000} {
		p := make([]byte, n)
		for i := range p {
			// Runs of zeros, as filtered rows have, and bytes up to 255.
			if r.IntN(4) == 0 {
				p[i] = byte(r.IntN(256))
			}
		}
		if r.IntN(2) == 0 {
			for i := range p[:n/2] {
				p[i] = 0xff
			}
		}
		if got, want := adler32Update(1, p), adler32.Checksum(p); got != want {
			t.Errorf("len %d: %08x, want %08x", n, got, want)
		}
		head := p[:n/3]
		if got, want := adler32Update(adler32.Checksum(head), p[n/3:]), adler32.Checksum(p); got != want {
			t.Errorf("len %d in two: %08x, want %08x", n, got, want)
		}
	}
}

// BenchmarkEncodePNG compares EncodePNG with the standard library's encoder
// on a 1920×1080 map-like image.
func BenchmarkEncodePNG(b *testing.B) {
	img := noisyMap(1920, 1080)
	b.Run("brief", func(b *testing.B) {
		var buf bytes.Buffer
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			if err := EncodePNG(&buf, img); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes")
	})
	b.Run("stdlib", func(b *testing.B) {
		var buf bytes.Buffer
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			if err := png.Encode(&buf, img); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes")
	})
}

package geo

import (
	"fmt"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
)

// The Go fonts are embedded, so text renders the same on every machine.
var fonts = sync.OnceValues(func() ([2]*opentype.Font, error) {
	var out [2]*opentype.Font
	for i, ttf := range [][]byte{goregular.TTF, gobold.TTF} {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return out, fmt.Errorf("embedded font %d: %w", i, err)
		}
		out[i] = f
	}
	return out, nil
})

type faceKey struct {
	bold bool
	size float64
}

// faceCache holds font faces by weight and size; a face is not safe for
// concurrent use, so each Renderer keeps its own.
type faceCache map[faceKey]font.Face

// face returns the Go Regular or Go Bold face at size pixels, unhinted so
// that glyph shapes do not depend on the platform.
func (c faceCache) face(bold bool, size float64) font.Face {
	k := faceKey{bold, size}
	if f, ok := c[k]; ok {
		return f
	}
	fs, err := fonts()
	if err != nil {
		panic(err) // the embedded fonts are part of the binary
	}
	i := 0
	if bold {
		i = 1
	}
	f, err := opentype.NewFace(fs[i], &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic(fmt.Errorf("font face %v: %w", k, err))
	}
	c[k] = f
	return f
}

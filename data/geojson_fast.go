package data

import (
	"bytes"
	"encoding/json"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"
)

// A boundary file is megabytes of coordinates, and decoding them through
// encoding/json into orb's types feature by feature passes over each byte
// about seven times. fastPolygonFeatures reads the common case, a
// FeatureCollection of Polygon and MultiPolygon features, in one decode
// with the coordinates scanned by hand; for anything else it declines, and
// parseGeoJSONLayer reads the file feature by feature as before, so that
// every error, and every odd but valid file, is handled by the one careful
// path. Where it accepts, it gives exactly what that path gives
// (FuzzFastPolygonFeatures holds it to that).

// fastFeature is one feature of the fast path: its properties as
// encoding/json decodes them (as orb does) and its geometry, nil for a
// feature without one.
type fastFeature struct {
	props map[string]any
	geom  orb.Geometry
}

// fastKeys are the member names the fast path decodes by struct field.
// encoding/json matches those without regard to case, where orb's decoding
// (a map) does not, so a file with any other spelling of them is declined.
var fastKeys = [][]byte{[]byte(`"type"`), []byte(`"features"`), []byte(`"properties"`), []byte(`"geometry"`), []byte(`"coordinates"`)}

// fastPolygonFeatures decodes b, already known to be valid JSON or not,
// and reports false when it is not the common case described above.
func fastPolygonFeatures(b []byte) ([]fastFeature, bool) {
	if !plainKeys(b) {
		return nil, false
	}
	var doc struct {
		Type     string `json:"type"`
		Features []struct {
			Type       string         `json:"type"`
			Properties map[string]any `json:"properties"`
			Geometry   *struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &doc); err != nil || doc.Type != "FeatureCollection" || doc.Features == nil {
		return nil, false
	}
	out := make([]fastFeature, len(doc.Features))
	for i, f := range doc.Features {
		if f.Type != "Feature" {
			return nil, false
		}
		if g := f.Geometry; g != nil && g.Type != "Polygon" && g.Type != "MultiPolygon" {
			return nil, false
		}
		out[i].props = f.Properties
	}
	// Scan the coordinates on every processor.
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(out)) {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(out) {
					return
				}
				g := doc.Features[i].Geometry
				if g == nil {
					continue
				}
				s := coordScanner{b: g.Coordinates}
				var ok bool
				if g.Type == "Polygon" {
					var p orb.Polygon
					p, ok = s.polygon()
					out[i].geom = p
				} else {
					var mp orb.MultiPolygon
					mp, ok = s.multiPolygon()
					out[i].geom = mp
				}
				if !ok || !s.end() {
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	if failed.Load() {
		return nil, false
	}
	return out, true
}

// plainKeys reports whether every spelling in b of a fast-path member name,
// ignoring ASCII case, is the exact one, and b has neither \u escapes nor
// the two non-ASCII letters (ſ, the Kelvin sign) that encoding/json also
// folds onto ASCII ones.
func plainKeys(b []byte) bool {
	if bytes.Contains(b, []byte(`\u`)) || bytes.Contains(b, []byte("\u017f")) || bytes.Contains(b, []byte("\u212a")) {
		return false
	}
	lower := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	for _, k := range fastKeys {
		for off := 0; ; {
			j := bytes.Index(lower[off:], k)
			if j < 0 {
				break
			}
			if !bytes.Equal(b[off+j:off+j+len(k)], k) {
				return false
			}
			off += j + len(k)
		}
	}
	return true
}

// coordScanner reads GeoJSON coordinate arrays from valid JSON. Each
// method reports false for anything but what it expects, and the caller
// then declines.
type coordScanner struct {
	b []byte
	i int
}

func (s *coordScanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// end reports whether nothing but white space is left.
func (s *coordScanner) end() bool {
	s.space()
	return s.i == len(s.b)
}

// array reads "[", calls item for each element, and reads "]".
func (s *coordScanner) array(item func() bool) bool {
	s.space()
	if s.i >= len(s.b) || s.b[s.i] != '[' {
		return false
	}
	s.i++
	s.space()
	if s.i < len(s.b) && s.b[s.i] == ']' {
		s.i++
		return true
	}
	for {
		if !item() {
			return false
		}
		s.space()
		if s.i >= len(s.b) {
			return false
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case ']':
			s.i++
			return true
		default:
			return false
		}
	}
}

// number reads a JSON number as encoding/json does for a float64.
func (s *coordScanner) number() (float64, bool) {
	s.space()
	j := s.i
	for j < len(s.b) {
		c := s.b[j]
		if ('0' <= c && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
			j++
			continue
		}
		break
	}
	if j == s.i {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(s.b[s.i:j]), 64)
	if err != nil {
		return 0, false
	}
	s.i = j
	return f, true
}

// point reads a position of two or more numbers and keeps the first two,
// as decoding into orb.Point does; fewer than two is declined.
func (s *coordScanner) point() (orb.Point, bool) {
	var p orb.Point
	n := 0
	ok := s.array(func() bool {
		f, ok := s.number()
		if n < 2 {
			p[n] = f
		}
		n++
		return ok
	})
	return p, ok && n >= 2
}

func (s *coordScanner) ring() (orb.Ring, bool) {
	r := orb.Ring{}
	ok := s.array(func() bool {
		p, ok := s.point()
		r = append(r, p)
		return ok
	})
	return r, ok
}

func (s *coordScanner) polygon() (orb.Polygon, bool) {
	p := orb.Polygon{}
	ok := s.array(func() bool {
		r, ok := s.ring()
		p = append(p, r)
		return ok
	})
	return p, ok
}

func (s *coordScanner) multiPolygon() (orb.MultiPolygon, bool) {
	mp := orb.MultiPolygon{}
	ok := s.array(func() bool {
		p, ok := s.polygon()
		mp = append(mp, p)
		return ok
	})
	return mp, ok
}

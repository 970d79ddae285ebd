package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/afcontrol/afcontrol/geom"
	"github.com/paulmach/orb"
)

// sameBits reports whether a and b hold the same float64 bits, vertex for
// vertex.
func sameBits(a, b orb.LineString) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		for c := range 2 {
			if math.Float64bits(a[i][c]) != math.Float64bits(b[i][c]) {
				return false
			}
		}
	}
	return true
}

// LineStringAlong gives LineString's bits whatever the paths: along them
// either way, round a closed one, leaving and joining again, along none, and
// on vertices that equal nothing (NaN).
func TestLineStringAlong(t *testing.T) {
	pt := func(i int) orb.Point { return orb.Point{60 + float64(i%10), 30 + float64(i/10)*0.5} }
	line := func(idx ...int) orb.LineString {
		ls := make(orb.LineString, len(idx))
		for k, i := range idx {
			ls[k] = pt(i)
		}
		return ls
	}
	proj := func(ls orb.LineString) projectedPath { return projectedPath{ls, Afghanistan.LineString(ls)} }
	tests := []struct {
		name  string
		ls    orb.LineString
		paths []projectedPath
	}{
		{"no paths", line(1, 2, 3, 4), nil},
		{"empty line", nil, []projectedPath{proj(line(1, 2))}},
		{"along", line(2, 3, 4), []projectedPath{proj(line(1, 2, 3, 4, 5))}},
		{"backwards", line(4, 3, 2, 1), []projectedPath{proj(line(1, 2, 3, 4, 5))}},
		{"round a closed ring", line(3, 4, 1, 2, 3), []projectedPath{proj(line(1, 2, 3, 4, 1))}},
		{"round a closed ring backwards", line(2, 1, 4, 3, 2, 1), []projectedPath{proj(line(1, 2, 3, 4, 1))}},
		{"off the end", line(3, 4, 5, 6), []projectedPath{proj(line(1, 2, 3, 4))}},
		{"from path to path", line(1, 2, 3, 7, 8, 9, 1), []projectedPath{proj(line(3, 2, 1)), proj(line(9, 8, 7, 3)), proj(line(1, 9))}},
		{"a path that touches itself", line(5, 1, 2, 3, 1, 6), []projectedPath{proj(line(0, 1, 2, 3, 1, 4))}},
		{"NaN", orb.LineString{pt(1), {math.NaN(), 30}, pt(2)}, []projectedPath{proj(orb.LineString{pt(1), {math.NaN(), 30}, pt(2)})}},
		{"minus zero", orb.LineString{{0, 0}, {math.Copysign(0, -1), math.Copysign(0, -1)}}, []projectedPath{proj(orb.LineString{{math.Copysign(0, -1), 0}, {0, 0}})}},
	}
	for _, tt := range tests {
		if got, want := Afghanistan.LineStringAlong(tt.ls, tt.paths), Afghanistan.LineString(tt.ls); !sameBits(got, want) {
			t.Errorf("%s: %v, want %v", tt.name, got, want)
		}
	}

	// Random walks over a few points along random paths over the same
	// points, some closed.
	rng := rand.New(rand.NewPCG(1, 2))
	walk := func(n int) orb.LineString {
		ls := make(orb.LineString, n)
		for k := range ls {
			ls[k] = pt(rng.IntN(12))
		}
		return ls
	}
	for range 2000 {
		var paths []projectedPath
		for range rng.IntN(4) {
			ls := walk(2 + rng.IntN(8))
			if rng.IntN(2) == 0 {
				ls = append(ls, ls[0])
			}
			paths = append(paths, proj(ls))
		}
		ls := walk(rng.IntN(20))
		if got, want := Afghanistan.LineStringAlong(ls, paths), Afghanistan.LineString(ls); !sameBits(got, want) {
			t.Fatalf("%v along %v: %v, want %v", ls, paths, got, want)
		}
	}
}

// The renderer's projected districts are the projection of every vertex,
// bit for bit, though it copies most of them from the borders, and their
// bounds are orb's.
func TestRealPlaneIsEveryVertexProjected(t *testing.T) {
	r, rd := realRenderer(t)
	for i, d := range rd.districts {
		want := r.Proj.MultiPolygon(d.Geom)
		got := r.plane[i]
		if b, wb := outerBound(got), want.Bound(); b != wb {
			t.Errorf("district %d: bound %v, orb's %v", i+1, b, wb)
		}
		if len(got) != len(want) {
			t.Fatalf("district %d: %d polygons, want %d", i+1, len(got), len(want))
		}
		for k := range want {
			if len(got[k]) != len(want[k]) {
				t.Fatalf("district %d polygon %d: %d rings, want %d", i+1, k+1, len(got[k]), len(want[k]))
			}
			for l := range want[k] {
				if !sameBits(orb.LineString(got[k][l]), orb.LineString(want[k][l])) {
					t.Fatalf("district %d polygon %d ring %d differs from its projection", i+1, k+1, l+1)
				}
			}
		}
	}
}

// BenchmarkNewRenderer measures building the renderer over the real
// districts, their borders and their interior points (as a dataset stores
// them), most of which is projecting them.
func BenchmarkNewRenderer(b *testing.B) {
	r, rd := realRenderer(b)
	borders := r.borders
	districts := append([]District(nil), rd.districts...)
	for i := range districts {
		districts[i].Anchor = geom.InteriorPoint(districts[i].Geom)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewRenderer(districts, borders, rd.provinces); err != nil {
			b.Fatal(err)
		}
	}
}

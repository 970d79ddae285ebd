package geo

import "testing"

// TestCopyIDsOutlivesSetView copies the id buffer of one view, moves the
// renderer to another, and finds the copy still answering for the first
// view, pixel for pixel as the renderer did.
func TestCopyIDsOutlivesSetView(t *testing.T) {
	r := fixtureRenderer(t)
	if got := r.CopyIDs(nil).HitTest(0, 0); got != -1 {
		t.Errorf("a copy before the first view finds district %d", got)
	}
	v := r.FitView(320, 200)
	r.SetView(v)
	want := make([]int, v.W*v.H)
	for y := 0; y < v.H; y++ {
		for x := 0; x < v.W; x++ {
			want[y*v.W+x] = r.HitTest(x, y)
		}
	}
	b := r.CopyIDs(make([]uint16, 0, 16))
	r.SetView(v.ZoomAt(10, 10, 4).Pan(50, 30))
	if b.View != v {
		t.Fatalf("the copy's view is %+v, want %+v", b.View, v)
	}
	var found int
	for y := 0; y < v.H; y++ {
		for x := 0; x < v.W; x++ {
			got := b.HitTest(x, y)
			if got != want[y*v.W+x] {
				t.Fatalf("the copy's HitTest(%d, %d) = %d, the renderer said %d", x, y, got, want[y*v.W+x])
			}
			if got >= 0 {
				found++
			}
		}
	}
	if found == 0 {
		t.Fatal("the copy holds no district")
	}
	for _, p := range [][2]int{{-1, 0}, {0, -1}, {v.W, 0}, {0, v.H}} {
		if got := b.HitTest(p[0], p[1]); got != -1 {
			t.Errorf("HitTest%v = %d, want -1", p, got)
		}
	}
	if got := (IDBuffer{View: v}).HitTest(v.W/2, v.H/2); got != -1 {
		t.Errorf("an empty buffer finds district %d", got)
	}
}

// BenchmarkCopyIDs1080p is what a view change adds to the frame for hit
// tests: one copy of a 1920×1080 id buffer into a recycled one.
func BenchmarkCopyIDs1080p(b *testing.B) {
	r := fixtureRenderer(b)
	r.SetView(r.FitView(1920, 1080))
	dst := r.CopyIDs(nil).IDs
	b.ReportAllocs()
	for b.Loop() {
		dst = r.CopyIDs(dst).IDs
	}
}

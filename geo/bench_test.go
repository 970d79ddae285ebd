package geo

import "testing"

// BenchmarkRecolour1080p measures a date change: repaint 1920×1080 from the
// id buffer and composite the border and label layers.
func BenchmarkRecolour1080p(b *testing.B) {
	r := fit1080(b)
	days := [2][]Fill{sampleFills(r.Len(), false), sampleFills(r.Len(), true)}
	dst := r.NewFrame()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		r.Recolour(dst, days[i&1])
	}
}

// BenchmarkRasterize1080p measures a view change at 1920×1080: "pan" keeps
// the zoom level (simplified geometry cached), "zoom" changes it and drops
// the cache first so simplification is included, and "ids" is the id buffer
// alone. pan and zoom include the border and label layers.
func BenchmarkRasterize1080p(b *testing.B) {
	r := fit1080(b)
	fit := r.FitView(1920, 1080)
	b.Run("pan", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			r.SetView(fit.Pan(float64(i&7)*13, float64(i&3)*-7))
		}
	})
	b.Run("zoom", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			clear(r.levels)
			r.levelOrder = r.levelOrder[:0]
			r.SetView(fit.ZoomAt(960, 540, []float64{1, 2.3}[i&1]))
		}
	})
	b.Run("ids", func(b *testing.B) {
		g := r.level(SnapLevel(fit.Scale))
		g.snapDistricts(r)
		ids := make([]uint16, 1920*1080)
		b.ReportAllocs()
		for b.Loop() {
			Rasterize(ids, fit, g.districts, nil)
		}
	})
}

// BenchmarkHitTest measures one pixel-to-district lookup.
func BenchmarkHitTest(b *testing.B) {
	r := fit1080(b)
	n := 0
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		n += r.HitTest(i%1920, (i/1920)%1080)
	}
	if n == 0 {
		b.Fatal("no district hit")
	}
}

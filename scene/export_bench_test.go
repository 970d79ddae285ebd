package scene

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/afcontrol/afcontrol/data"
	"github.com/afcontrol/afcontrol/data/datatest"
	"github.com/afcontrol/afcontrol/data/events"
)

// BenchmarkExportPNG measures what 'afcontrol render' and 'export png' do
// after parsing their flags: open the dataset, load the scene, draw the
// briefing frame and write the PNG, at 1080p and at 2160p (the 2160p goal
// is 0.3 s for the whole process).
func BenchmarkExportPNG(b *testing.B) {
	db := datatest.Template(b)
	day, err := events.ParseDay("2021-08-01")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, preset := range []string{"1080p", "2160p"} {
		b.Run(preset, func(b *testing.B) {
			o := DefaultOptions(PNG)
			o.Width, o.Height = SizePresets[preset][0], SizePresets[preset][1]
			o.Day = day
			o.Output = filepath.Join(b.TempDir(), "map.png")
			b.ReportAllocs()
			for b.Loop() {
				d, err := data.Open(db)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := Export(ctx, d, o); err != nil {
					b.Fatal(err)
				}
				d.Close()
			}
		})
	}
}

package timeline

import (
	"cmp"
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/data/events"
)

// grouped returns changes sorted by district and day, keeping their order
// within a district-day, as an index scan gives them.
func grouped(changes []Change) []Change {
	out := slices.Clone(changes)
	slices.SortStableFunc(out, func(a, b Change) int {
		if a.District != b.District {
			return cmp.Compare(a.District, b.District)
		}
		return cmp.Compare(a.Day, b.Day)
	})
	return out
}

func buildGrouped(t testing.TB, districts int, changes []Change) *Timeline {
	t.Helper()
	b := NewBuilder(districts)
	for _, c := range grouped(changes) {
		if err := b.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	tl, err := b.Timeline()
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

// sameTimeline compares what two timelines answer, ignoring slice capacity
// and the series cache.
func sameTimeline(t *testing.T, got, want *Timeline) {
	t.Helper()
	if got.districts != want.districts {
		t.Fatalf("%d districts, want %d", got.districts, want.districts)
	}
	for i := range want.layers {
		g, w := got.layers[i], want.layers[i]
		if !slices.Equal(g.off, w.off) || !slices.Equal(g.days, w.days) || !slices.Equal(g.status, w.status) || !slices.Equal(g.seq, w.seq) {
			t.Fatalf("layer %v differs:\n got %+v\nwant %+v", Layer(i), g, w)
		}
	}
	gf, gl, gok := got.Range()
	wf, wl, wok := want.Range()
	if gf != wf || gl != wl || gok != wok {
		t.Fatalf("range %v..%v %v, want %v..%v %v", gf, gl, gok, wf, wl, wok)
	}
}

func TestBuilderMatchesBuild(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		districts := 1 + r.IntN(30)
		changes := randomChanges(r, r.IntN(2000), districts, day("2021-05-01"), day("2021-06-15"))
		want, err := Build(districts, changes)
		if err != nil {
			t.Fatal(err)
		}
		sameTimeline(t, buildGrouped(t, districts, changes), want)
	}
}

func TestBuilderRules(t *testing.T) {
	// The same cases as TestRules, through the builder.
	jul7, jul8 := day("2021-07-07"), day("2021-07-08")
	for _, changes := range [][]Change{
		{{Day: jul8, Status: C, Confidence: events.High, Seq: 1}, {Day: jul8, Status: T, Confidence: events.Medium, Seq: 2}},
		{{Day: jul8, Status: T, Seq: 5}, {Day: jul8, Status: C, Seq: 5}},
		{{Day: jul8, Status: G, Confidence: events.Low, Seq: 1}, {Day: jul8, Status: T, Claim: true, Confidence: events.High, Seq: 2}},
		{{Day: jul7, Status: C, Seq: 1}, {Day: jul8, Status: N, Confidence: events.High, Seq: 2}},
		{{District: 1, Day: jul7, Status: T, Seq: 1}, {District: 2, Day: jul7, Status: G, Seq: 2}},
	} {
		want, err := Build(3, changes)
		if err != nil {
			t.Fatal(err)
		}
		sameTimeline(t, buildGrouped(t, 3, changes), want)
	}
}

func TestBuilderErrors(t *testing.T) {
	d := day("2021-07-07")
	tests := []struct {
		name    string
		changes []Change
		reason  string
	}{
		{"district out of range", []Change{{District: 3, Day: d, Status: T}}, "district 3 outside [0,3)"},
		{"bad status", []Change{{Day: d, Status: N + 1}}, "status"},
		{"bad confidence", []Change{{Day: d, Status: T, Confidence: events.High + 1}}, "confidence"},
		{"day out of range", []Change{{Day: events.DayOf(1850, 1, 1), Status: T}}, "outside"},
		{"district out of order", []Change{{District: 1, Day: d, Status: T}, {District: 0, Day: d, Status: T}}, "comes after"},
		{"day out of order", []Change{{Day: d + 1, Status: T}, {Day: d, Status: T}}, "comes after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBuilder(3)
			var err error
			for _, c := range tt.changes {
				if err = b.Add(c); err != nil {
					break
				}
			}
			if err == nil || !strings.Contains(err.Error(), tt.reason) {
				t.Fatalf("error %v, want one saying %q", err, tt.reason)
			}
			if _, err := b.Timeline(); err == nil {
				t.Error("Timeline after a refused change succeeded")
			}
		})
	}
	if _, err := NewBuilder(-1).Timeline(); err == nil {
		t.Error("a builder of -1 districts made a timeline")
	}
}

func TestEncodingRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, districts := range []int{0, 1, 25, 398} {
		changes := randomChanges(r, 40*districts, max(districts, 1), events.DayOf(1900, 1, 1), events.DayOf(2100, 12, 31))
		if districts == 0 {
			changes = nil
		}
		for i := range changes {
			changes[i].Seq = r.Int64N(1<<40) - 1<<39 // negative and repeated seqs survive too
		}
		tl, err := Build(districts, changes)
		if err != nil {
			t.Fatal(err)
		}
		b, err := tl.AppendBinary(nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Decode(b)
		if err != nil {
			t.Fatalf("%d districts: %v", districts, err)
		}
		sameTimeline(t, got, tl)
		if n := len(tl.layers[WithClaims].days) + len(tl.layers[Confirmed].days); n > 0 && len(b) > 12*n {
			t.Errorf("%d changes took %d bytes", n, len(b))
		}
	}
}

func TestDecodeRefusesBadInput(t *testing.T) {
	tl, err := Build(2, []Change{{Day: day("2021-07-07"), Status: T, Seq: 1}, {District: 1, Day: day("2021-07-08"), Status: G, Seq: 2}})
	if err != nil {
		t.Fatal(err)
	}
	good, _ := tl.AppendBinary(nil)
	tests := map[string][]byte{
		"empty":          nil,
		"wrong magic":    append([]byte("XXXX"), good[4:]...),
		"newer version":  append(append([]byte("AFTL"), 9), good[5:]...),
		"truncated":      good[:len(good)-1],
		"trailing byte":  append(slices.Clone(good), 0),
		"huge count":     append([]byte("AFTL\x01"), 0xff, 0xff, 0xff, 0xff, 0x0f),
		"bad status":     []byte("AFTL\x01\x01\x01\x01\x01\x07\x00\x00"),
		"day step zero":  []byte("AFTL\x01\x01\x01\x01\x00\x03\x00\x00"),
		"count mismatch": []byte("AFTL\x01\x02\x01\x00\x00\x00\x00\x00\x00"),
		"day past 2100":  append([]byte("AFTL\x01\x01\x01\x01"), 0xff, 0xff, 0x7f, 0x03, 0x00, 0x00),
	}
	for name, b := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := Decode(b); !errors.Is(err, ErrEncoding) {
				t.Errorf("Decode: %v, want an ErrEncoding", err)
			}
		})
	}
}

// FuzzDecode checks that Decode never panics, and that what it accepts
// encodes back to an input it reads the same way.
func FuzzDecode(f *testing.F) {
	tl, _ := Build(3, []Change{{Day: day("2021-07-07"), Status: T, Seq: 1}, {District: 2, Day: day("2021-07-08"), Status: G, Claim: true, Seq: 2}})
	good, _ := tl.AppendBinary(nil)
	f.Add(good)
	f.Add([]byte("AFTL\x01\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := Decode(b)
		if err != nil {
			if !errors.Is(err, ErrEncoding) {
				t.Fatalf("error %v does not wrap ErrEncoding", err)
			}
			return
		}
		again, err := got.AppendBinary(nil)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Decode(again)
		if err != nil {
			t.Fatalf("re-encoded timeline refused: %v", err)
		}
		if !reflect.DeepEqual(back.layers, got.layers) || back.districts != got.districts {
			t.Fatal("re-encoded timeline differs")
		}
	})
}

// BenchmarkDecode1M decodes the timeline of 1,000,000 changes over 398
// districts: what opening a dataset costs for its timeline.
func BenchmarkDecode1M(b *testing.B) {
	tl, err := Build(benchDistricts, benchChanges())
	if err != nil {
		b.Fatal(err)
	}
	enc, _ := tl.AppendBinary(nil)
	b.ReportMetric(float64(len(enc)), "bytes")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(enc); err != nil {
			b.Fatal(err)
		}
	}
}

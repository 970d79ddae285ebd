package timeline

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/data/events"
)

func day(s string) events.Day {
	d, err := events.ParseDay(s)
	if err != nil {
		panic(err)
	}
	return d
}

const (
	U = events.Unknown
	G = events.Government
	C = events.Contested
	T = events.Taliban
	N = events.NoChange
)

func TestRules(t *testing.T) {
	jul7, jul8, jul9 := day("2021-07-07"), day("2021-07-08"), day("2021-07-09")
	tests := []struct {
		name    string
		changes []Change
		on      events.Day
		layer   Layer
		want    events.Status
		seq     int64 // 0: no source
	}{
		{"no changes", nil, jul8, WithClaims, U, 0},
		{"before the first change", []Change{{Day: jul8, Status: T, Seq: 1}}, jul7, Confirmed, U, 0},
		{"on the exact day", []Change{{Day: jul8, Status: T, Seq: 1}}, jul8, Confirmed, T, 1},
		{"after the change", []Change{{Day: jul8, Status: T, Seq: 1}}, jul9, Confirmed, T, 1},
		{"latest on or before wins", []Change{{Day: jul9, Status: G, Seq: 1}, {Day: jul7, Status: C, Seq: 2}, {Day: jul8, Status: T, Seq: 3}}, jul8, Confirmed, T, 3},
		{"later day beats higher confidence", []Change{{Day: jul7, Status: G, Confidence: events.High, Seq: 1}, {Day: jul8, Status: T, Confidence: events.Low, Seq: 2}}, jul8, Confirmed, T, 2},
		{"same day: higher confidence wins over later entry", []Change{{Day: jul8, Status: C, Confidence: events.High, Seq: 1}, {Day: jul8, Status: T, Confidence: events.Medium, Seq: 2}}, jul8, Confirmed, C, 1},
		{"same day, same confidence: larger seq wins", []Change{{Day: jul8, Status: T, Seq: 5}, {Day: jul8, Status: C, Seq: 2}}, jul8, Confirmed, T, 5},
		{"same day, same confidence, same seq: later in the slice wins", []Change{{Day: jul8, Status: T, Seq: 5}, {Day: jul8, Status: C, Seq: 5}}, jul8, Confirmed, C, 5},
		{"claim ignored in confirmed", []Change{{Day: jul7, Status: G, Seq: 1}, {Day: jul8, Status: T, Claim: true, Seq: 2}}, jul9, Confirmed, G, 1},
		{"claim counts with claims", []Change{{Day: jul7, Status: G, Seq: 1}, {Day: jul8, Status: T, Claim: true, Seq: 2}}, jul9, WithClaims, T, 2},
		{"claim only: unknown when confirmed", []Change{{Day: jul8, Status: T, Claim: true, Seq: 2}}, jul9, Confirmed, U, 0},
		{"same day: confident claim beats confirmed, with claims", []Change{{Day: jul8, Status: G, Confidence: events.Low, Seq: 1}, {Day: jul8, Status: T, Claim: true, Confidence: events.High, Seq: 2}}, jul8, WithClaims, T, 2},
		{"same day: confident claim does not touch confirmed", []Change{{Day: jul8, Status: G, Confidence: events.Low, Seq: 1}, {Day: jul8, Status: T, Claim: true, Confidence: events.High, Seq: 2}}, jul8, Confirmed, G, 1},
		{"same day: later claim loses to more confident confirmed", []Change{{Day: jul8, Status: G, Confidence: events.High, Seq: 1}, {Day: jul8, Status: T, Claim: true, Seq: 2}}, jul8, WithClaims, G, 1},
		{"no-change events ignored", []Change{{Day: jul7, Status: C, Seq: 1}, {Day: jul8, Status: N, Confidence: events.High, Seq: 2}}, jul9, Confirmed, C, 1},
		{"unknown is a real report", []Change{{Day: jul7, Status: T, Seq: 1}, {Day: jul8, Status: U, Seq: 2}}, jul9, Confirmed, U, 2},
		{"area assessment sets the status", []Change{{Day: jul7, Status: G, Seq: 1}, {Day: jul8, Status: T, Area: true, Seq: 2}}, jul9, Confirmed, T, 2},
		{"later own report beats earlier area assessment", []Change{{Day: jul7, Status: T, Area: true, Seq: 2}, {Day: jul8, Status: G, Confidence: events.Low, Seq: 1}}, jul9, Confirmed, G, 1},
		{"later area assessment beats earlier own report", []Change{{Day: jul7, Status: G, Confidence: events.High, Seq: 3}, {Day: jul8, Status: T, Confidence: events.Low, Area: true, Seq: 1}}, jul9, Confirmed, T, 1},
		{"same day: own report beats a more confident, later area assessment", []Change{{Day: jul8, Status: G, Confidence: events.Low, Seq: 1}, {Day: jul8, Status: T, Confidence: events.High, Area: true, Seq: 9}}, jul8, Confirmed, G, 1},
		{"same day: own report beats area assessment entered later", []Change{{Day: jul8, Status: T, Area: true, Seq: 2}, {Day: jul8, Status: C, Seq: 1}}, jul8, Confirmed, C, 1},
		{"same day, two area assessments: higher confidence wins", []Change{{Day: jul8, Status: T, Confidence: events.High, Area: true, Seq: 1}, {Day: jul8, Status: G, Area: true, Seq: 2}}, jul8, Confirmed, T, 1},
		{"same day, two area assessments, same confidence: later entry wins", []Change{{Day: jul8, Status: T, Area: true, Seq: 1}, {Day: jul8, Status: G, Area: true, Seq: 2}}, jul8, Confirmed, G, 2},
		{"same day: own claim beats area assessment with claims only", []Change{{Day: jul8, Status: G, Area: true, Seq: 1}, {Day: jul8, Status: T, Claim: true, Seq: 2}}, jul8, WithClaims, T, 2},
		{"same day: own claim does not hide area assessment when confirmed", []Change{{Day: jul8, Status: G, Area: true, Seq: 1}, {Day: jul8, Status: T, Claim: true, Seq: 2}}, jul8, Confirmed, G, 1},
		{"other districts do not leak", []Change{{District: 1, Day: jul7, Status: T, Seq: 1}}, jul9, Confirmed, U, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl, err := Build(2, tt.changes)
			if err != nil {
				t.Fatal(err)
			}
			if got := tl.StatusOn(tt.on, tt.layer, nil)[0]; got != tt.want {
				t.Errorf("status %v, want %v", got, tt.want)
			}
			seq, ok := tl.Source(0, tt.on, tt.layer)
			if ok != (tt.seq != 0) || seq != tt.seq {
				t.Errorf("source %d, %v; want %d", seq, ok, tt.seq)
			}
		})
	}
}

func TestBuildErrors(t *testing.T) {
	d := day("2021-07-07")
	tests := []struct {
		name      string
		districts int
		changes   []Change
		reason    string
	}{
		{"negative districts", -1, nil, "-1 districts"},
		{"district too large", 3, []Change{{District: 3, Day: d, Status: T, Seq: 9}}, "change 0 (seq 9): district 3 outside [0,3)"},
		{"district negative", 3, []Change{{District: 0, Day: d, Status: T}, {District: -1, Day: d, Status: T}}, "change 1 (seq 0): district -1"},
		{"several bad", 3, []Change{{District: 5, Day: d, Status: T}, {District: 6, Day: d, Status: T}, {District: 7, Day: d, Status: T}}, "and 2 more bad changes"},
		{"status out of range", 3, []Change{{Day: d, Status: 9}}, "status status(9)"},
		{"confidence out of range", 3, []Change{{Day: d, Status: T, Confidence: 3}}, "confidence confidence(3)"},
		{"day too early", 3, []Change{{Day: events.DayOf(1899, 12, 31), Status: T}}, "outside 1900-01-01..2100-12-31"},
		{"day too late", 3, []Change{{Day: 1 << 30, Status: T}}, "outside"},
	}
	for _, tt := range tests {
		tl, err := Build(tt.districts, tt.changes)
		if err == nil || tl != nil || !strings.Contains(err.Error(), tt.reason) {
			t.Errorf("%s: got %v, %v; want an error containing %q", tt.name, tl, err, tt.reason)
		}
	}
	if _, err := Build(3, []Change{{District: 7, Day: 1 << 30, Status: N}}); err == nil {
		t.Error("no-change event with a bad district accepted")
	}
	tl, err := Build(0, nil)
	if err != nil || len(tl.StatusOn(d, Confirmed, nil)) != 0 {
		t.Errorf("empty timeline: %v", err)
	}
}

// reference is the rule written the slow, obvious way.
func reference(changes []Change, district int, on events.Day, layer Layer) (events.Status, int64, bool) {
	best := -1
	for i, c := range changes {
		if c.District != district || c.Day > on || c.Status == N || (layer == Confirmed && c.Claim) {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		b := changes[best]
		if c.Day > b.Day || c.Day == b.Day && (b.Area && !c.Area || c.Area == b.Area && (c.Confidence > b.Confidence ||
			c.Confidence == b.Confidence && c.Seq >= b.Seq)) {
			best = i
		}
	}
	if best < 0 {
		return U, 0, false
	}
	return changes[best].Status, changes[best].Seq, true
}

func randomChanges(r *rand.Rand, n, districts int, first, last events.Day) []Change {
	out := make([]Change, n)
	for i := range out {
		out[i] = Change{
			District:   r.IntN(districts),
			Day:        first + events.Day(r.IntN(int(last-first)+1)),
			Status:     events.Status(r.IntN(5)),
			Confidence: events.Confidence(r.IntN(3)),
			Claim:      r.IntN(4) == 0,
			Area:       r.IntN(3) == 0,
			Seq:        int64(r.IntN(n)), // repeats on purpose
		}
	}
	return out
}

func TestAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	first, last := day("2021-05-01"), day("2021-06-15")
	changes := randomChanges(r, 3000, 25, first, last)
	tl, err := Build(25, changes)
	if err != nil {
		t.Fatal(err)
	}
	gotFirst, gotLast, ok := tl.Range()
	if !ok || gotFirst < first || gotLast > last || gotLast-gotFirst < 40 {
		t.Fatalf("range %v..%v %v", gotFirst, gotLast, ok)
	}
	var buf []events.Status
	for _, layer := range []Layer{Confirmed, WithClaims} {
		sFirst, series := tl.Series(layer)
		if sFirst != gotFirst || len(series) != int(gotLast-gotFirst)+1 {
			t.Fatalf("%v: series starts %v with %d days", layer, sFirst, len(series))
		}
		for on := first - 2; on <= last+2; on++ {
			buf = tl.StatusOn(on, layer, buf)
			var want Counts
			want.Total = 25
			for d := 0; d < 25; d++ {
				ws, wseq, wok := reference(changes, d, on, layer)
				want.ByStatus[ws]++
				if buf[d] != ws {
					t.Fatalf("%v %v district %d: %v, want %v", layer, on, d, buf[d], ws)
				}
				if seq, ok := tl.Source(d, on, layer); ok != wok || seq != wseq {
					t.Fatalf("%v %v district %d: source %d %v, want %d %v", layer, on, d, seq, ok, wseq, wok)
				}
			}
			if got := tl.Counts(on, layer); got != want {
				t.Fatalf("%v %v: counts %+v, want %+v", layer, on, got, want)
			}
			if on >= gotFirst && on <= gotLast && series[on-gotFirst] != want {
				t.Fatalf("%v %v: series %+v, want %+v", layer, on, series[on-gotFirst], want)
			}
		}
	}
}

func TestQueries(t *testing.T) {
	jul7, jul8, jul9 := day("2021-07-07"), day("2021-07-08"), day("2021-07-09")
	// Districts 0..4; provinces: 0,1 -> 0; 2,3 -> 1; 4 -> none.
	changes := []Change{
		{District: 0, Day: jul7, Status: G, Seq: 1},
		{District: 0, Day: jul8, Status: T, Claim: true, Seq: 2},
		{District: 1, Day: jul8, Status: C, Seq: 3},
		{District: 2, Day: jul7, Status: T, Seq: 4},
		{District: 2, Day: jul9, Status: T, Claim: true, Seq: 5}, // claim agrees: not disputed
		{District: 3, Day: jul9, Status: G, Claim: true, Seq: 6},
	}
	tl, err := Build(5, changes)
	if err != nil {
		t.Fatal(err)
	}
	if got := tl.Disputed(jul9); !reflect.DeepEqual(got, []int{0, 3}) {
		t.Errorf("Disputed(jul9) = %v", got)
	}
	if got := tl.Disputed(jul7); got != nil {
		t.Errorf("Disputed(jul7) = %v", got)
	}
	if got := tl.Changed(jul7, jul9, Confirmed); !reflect.DeepEqual(got, []int{1}) {
		t.Errorf("Changed confirmed = %v", got)
	}
	if got := tl.Changed(jul9, jul7, WithClaims); !reflect.DeepEqual(got, []int{0, 1, 3}) {
		t.Errorf("Changed with claims = %v", got)
	}
	if got := tl.Changed(jul8, jul8, WithClaims); got != nil {
		t.Errorf("Changed same day = %v", got)
	}
	group := []int{0, 0, 1, 1, -1}
	got := tl.CountsBy(jul9, WithClaims, group, 2)
	want := []Counts{{ByStatus: [4]int{0, 0, 1, 1}, Total: 2}, {ByStatus: [4]int{0, 1, 0, 1}, Total: 2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CountsBy = %+v, want %+v", got, want)
	}
	if got := tl.CountsBy(jul9, WithClaims, []int{1, 7}, 2); got[1].Total != 1 || got[0].Total != 0 {
		t.Errorf("CountsBy short group = %+v", got)
	}
	if tl.CountsBy(jul9, WithClaims, group, 0) != nil {
		t.Error("CountsBy with no groups is not nil")
	}
	if c := tl.Counts(jul9, Confirmed); c != (Counts{ByStatus: [4]int{2, 1, 1, 1}, Total: 5}) {
		t.Errorf("Counts = %+v", c)
	}
	if _, ok := tl.Source(5, jul9, WithClaims); ok {
		t.Error("Source of a district out of range")
	}
	first, last, ok := tl.Range()
	if first != jul7 || last != jul9 || !ok {
		t.Errorf("Range = %v %v %v", first, last, ok)
	}
	// dst is reused when it fits, and replaced when it does not.
	dst := make([]events.Status, 1, 10)
	out := tl.StatusOn(jul9, WithClaims, dst)
	if &out[0] != &dst[:1][0] || len(out) != 5 || !reflect.DeepEqual(out, []events.Status{T, C, T, G, U}) {
		t.Errorf("StatusOn reuse: %v", out)
	}
	small := make([]events.Status, 2)
	if out := tl.StatusOn(jul9, WithClaims, small); len(out) != 5 || &out[0] == &small[0] {
		t.Error("StatusOn did not grow a small dst")
	}
	var empty Timeline
	if f, s := empty.Series(Confirmed); f != 0 || s != nil {
		t.Error("empty series")
	}
	if _, _, ok := empty.Range(); ok {
		t.Error("empty range ok")
	}
}

func TestSpans(t *testing.T) {
	d := func(day int) events.Day { return events.DayOf(2021, 7, day) }
	tl, err := Build(3, []Change{
		{District: 0, Day: d(1), Status: events.Government, Seq: 1},
		{District: 0, Day: d(5), Status: events.Government, Seq: 2},
		{District: 0, Day: d(9), Status: events.Taliban, Seq: 3},
		{District: 0, Day: d(12), Status: events.Contested, Claim: true, Seq: 4},
		{District: 1, Day: d(3), Status: events.Unknown, Seq: 5},
	})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		district int
		layer    Layer
		want     []Span
	}{
		{0, Confirmed, []Span{
			{To: d(1), Closed: true, Status: events.Unknown},
			{From: d(1), To: d(9), Open: true, Closed: true, Status: events.Government, Seq: 1},
			{From: d(9), Open: true, Status: events.Taliban, Seq: 3},
		}},
		{0, WithClaims, []Span{
			{To: d(1), Closed: true, Status: events.Unknown},
			{From: d(1), To: d(9), Open: true, Closed: true, Status: events.Government, Seq: 1},
			{From: d(9), To: d(12), Open: true, Closed: true, Status: events.Taliban, Seq: 3},
			{From: d(12), Open: true, Status: events.Contested, Seq: 4},
		}},
		{1, Confirmed, []Span{
			{To: d(3), Closed: true, Status: events.Unknown},
			{From: d(3), Open: true, Status: events.Unknown, Seq: 5},
		}},
		{2, Confirmed, []Span{{Status: events.Unknown}}},
		{3, Confirmed, nil},
	}
	for _, c := range cases {
		got := tl.Spans(c.district, c.layer, nil)
		if !slices.Equal(got, c.want) {
			t.Errorf("district %d %v: spans\n%+v\nwant\n%+v", c.district, c.layer, got, c.want)
		}
		// Every day of every span has the span's status and Seq.
		for _, s := range got {
			for day := max(s.From, d(1)-3); s.Open && (!s.Closed || day < s.To) && day < d(20); day++ {
				if st := tl.StatusOn(day, c.layer, nil)[c.district]; st != s.Status {
					t.Errorf("district %d %v on %v: status %v, span says %v", c.district, c.layer, day, st, s.Status)
				}
			}
		}
	}
}

package timeline

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/afcontrol/afcontrol/data/events"
)

// Merging new reports into a timeline gives the timeline Build makes of
// all the reports together: with area assessments, claims, every
// confidence and many reports on the same days, old and new.
func TestMergeIsBuild(t *testing.T) {
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 7))
		districts := 1 + r.IntN(12)
		base := events.DayOf(2021, 1, 1)
		change := func(seq int64, area bool) Change {
			return Change{District: r.IntN(districts), Day: base + events.Day(r.IntN(30)),
				Status: events.Status(r.IntN(int(events.NoChange) + 1)), Confidence: events.Confidence(r.IntN(int(events.High) + 1)),
				Claim: r.IntN(3) == 0, Area: area, Seq: seq}
		}
		var old []Change
		kinds := map[int64]Change{}
		seq := int64(0)
		for range r.IntN(200) {
			seq++
			c := change(seq, r.IntN(4) == 0)
			old = append(old, c)
			if c.Area {
				// An assessment reaches several districts under one seq.
				for range r.IntN(3) {
					more := c
					more.District = r.IntN(districts)
					old = append(old, more)
				}
			}
			kinds[seq] = c
		}
		var add []Change
		for range r.IntN(100) {
			seq++
			add = append(add, change(seq, false))
		}
		tl, err := Build(districts, old)
		if err != nil {
			t.Fatal(err)
		}
		asked := 0
		got, err := tl.Merge(add, func(s int64) (events.Confidence, bool, error) {
			asked++
			c, ok := kinds[s]
			if !ok {
				return 0, false, fmt.Errorf("no change %d", s)
			}
			return c.Confidence, c.Area, nil
		})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		want, err := Build(districts, append(old, add...))
		if err != nil {
			t.Fatal(err)
		}
		g, _ := got.AppendBinary(nil)
		w, _ := want.AppendBinary(nil)
		if !bytes.Equal(g, w) {
			for d := range districts {
				for _, l := range []Layer{Confirmed, WithClaims} {
					if gs, ws := got.Spans(d, l, nil), want.Spans(d, l, nil); fmt.Sprint(gs) != fmt.Sprint(ws) {
						t.Fatalf("seed %d, district %d, %v:\n merged %v\n built  %v", seed, d, l, gs, ws)
					}
				}
			}
			t.Fatalf("seed %d: the merged timeline encodes differently from the built one", seed)
		}
		if len(add) > 0 && len(old) > 0 && asked == 0 && seed == 0 {
			t.Log("no day shared by old and new reports")
		}
	}
}

func TestMergeRefusesWhatItCannotWeigh(t *testing.T) {
	day := events.DayOf(2021, 1, 1)
	tl, err := Build(2, []Change{{District: 0, Day: day, Status: events.Taliban, Seq: 5}})
	if err != nil {
		t.Fatal(err)
	}
	never := func(int64) (events.Confidence, bool, error) { t.Fatal("prior asked"); return 0, false, nil }
	for name, c := range map[string]Change{
		"an earlier seq":      {District: 1, Day: day, Status: events.Contested, Seq: 5},
		"an area assessment":  {District: 1, Day: day, Status: events.Contested, Seq: 6, Area: true},
		"a district too many": {District: 2, Day: day, Status: events.Contested, Seq: 6},
		"a day out of range":  {District: 1, Day: events.DayOf(1899, 12, 31), Status: events.Contested, Seq: 6},
	} {
		if _, err := tl.Merge([]Change{c}, never); err == nil {
			t.Errorf("%s merged", name)
		}
	}
}

func TestPickKeepsTheDistrictsAsked(t *testing.T) {
	day := events.DayOf(2021, 1, 1)
	tl, err := Build(3, []Change{
		{District: 0, Day: day, Status: events.Taliban, Seq: 1},
		{District: 2, Day: day + 1, Status: events.Contested, Seq: 2, Claim: true},
		{District: 2, Day: day + 3, Status: events.Government, Seq: 3},
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := tl.Pick([]int{2, 0})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []Layer{Confirmed, WithClaims} {
		for j, d := range []int{2, 0} {
			if got, want := fmt.Sprint(p.Spans(j, l, nil)), fmt.Sprint(tl.Spans(d, l, nil)); got != want {
				t.Errorf("%v, picked %d (district %d): %s, want %s", l, j, d, got, want)
			}
		}
	}
	if _, err := tl.Pick([]int{3}); err == nil {
		t.Error("picked a district the timeline does not have")
	}
}

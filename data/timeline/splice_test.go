package timeline

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestSpliceIsARebuild adds changes to some districts and splices a build
// of only those districts into the old timeline: the result is the
// timeline built from all the changes, in both layers, with its range and
// its daily counts.
func TestSpliceIsARebuild(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	const districts = 40
	first, last := day("2012-01-01"), day("2021-12-31")
	old := randomChanges(r, 3000, districts, first, last)
	base, err := Build(districts, old)
	if err != nil {
		t.Fatal(err)
	}
	for _, touched := range [][]int{{}, {7}, {0, 39}, {3, 9, 21, 22, 30}} {
		all := append([]Change(nil), old...)
		var added []Change
		for _, d := range touched {
			for _, c := range randomChanges(r, 60, 1, first, last) {
				c.District = d
				added = append(added, c)
			}
		}
		all = append(all, added...)
		want, err := Build(districts, all)
		if err != nil {
			t.Fatal(err)
		}
		// The part: every change of the touched districts, renumbered.
		at := map[int]int{}
		for j, d := range touched {
			at[d] = j
		}
		var part []Change
		for _, c := range all {
			if j, ok := at[c.District]; ok {
				c.District = j
				part = append(part, c)
			}
		}
		p, err := Build(len(touched), part)
		if err != nil {
			t.Fatal(err)
		}
		got, err := base.Splice(p, touched)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.layers, want.layers) || got.first != want.first || got.last != want.last || got.hasRange != want.hasRange {
			t.Errorf("splice at %v differs from a full build", touched)
		}
		for _, layer := range []Layer{Confirmed, WithClaims} {
			f1, c1 := got.Series(layer)
			f2, c2 := want.Series(layer)
			if f1 != f2 || !reflect.DeepEqual(c1, c2) {
				t.Errorf("splice at %v: the %v series differs", touched, layer)
			}
		}
	}
}

func TestSpliceRefusesBadPlaces(t *testing.T) {
	base, _ := Build(3, nil)
	part, _ := Build(2, nil)
	for _, at := range [][]int{{0}, {0, 0}, {0, 3}, {-1, 1}} {
		if _, err := base.Splice(part, at); err == nil {
			t.Errorf("splice at %v: no error", at)
		}
	}
}

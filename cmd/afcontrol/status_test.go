package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/data/datatest"
)

func TestStatusJSON(t *testing.T) {
	db := datatest.Template(t)
	var rep statusJSON
	if err := json.Unmarshal([]byte(afc(t, "status", "--db", db, "--date", "2021-07-07", "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Districts) != 398 || rep.Total != 398 {
		t.Fatalf("%d districts listed, total %d; want 398", len(rep.Districts), rep.Total)
	}
	sum := 0
	for _, n := range rep.Counts {
		sum += n
	}
	if sum != 398 {
		t.Errorf("counts %v add up to %d", rep.Counts, sum)
	}
	var found bool
	for _, d := range rep.Districts {
		if d.Name == "" || d.Province == "" || d.Status == "" {
			t.Errorf("incomplete row %+v", d)
		}
		if d.Province == "Badghis" && d.Name == "Qala-I- Naw" {
			found = true
			if d.Status != "contested" || d.Since != "2021-07-07" || d.Source == "" {
				t.Errorf("Qala-i-Naw on 2021-07-07: %+v; want contested since 2021-07-07 with its source", d)
			}
		}
	}
	if !found {
		t.Error("Qala-I- Naw (Badghis) is not listed")
	}
	assessed := 0
	for _, d := range rep.Districts {
		if d.Status != "unknown" && d.Kind == "assessment" {
			assessed++
		}
	}
	want := fmt.Sprintf("%d of 398 districts with a sourced status on this day; %d of them from assessments", 398-rep.Counts["unknown"], assessed)
	if rep.Coverage != want || assessed == 0 {
		t.Errorf("coverage %q, want %q (with some assessments)", rep.Coverage, want)
	}
}

func TestStatusRefusesBadDate(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"status", "--db", datatest.Template(t), "--date", "07/08/2021"}, &out, &errOut)
	if code != 2 || !strings.Contains(errOut.String(), "07/08/2021") {
		t.Errorf("exit %d, stderr %q; want a usage error naming the date", code, errOut.String())
	}
}

func TestStatusJSONScopeAndSourceID(t *testing.T) {
	db := datatest.Copy(t)
	fixture := filepath.Join("..", "..", "data", "testdata", "native-assessment.csv")
	if out := afc(t, "events", "import", "--db", db, fixture); !strings.Contains(out, "6 events imported") {
		t.Errorf("first import said %q", out)
	}
	if out := afc(t, "events", "import", "--db", db, fixture); !strings.HasPrefix(out, "nothing changed: 6 events") {
		t.Errorf("second import said %q, want nothing changed", out)
	}
	var rep statusJSON
	if err := json.Unmarshal([]byte(afc(t, "status", "--db", db, "--date", "2021-08-17", "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	area := 0
	for _, d := range rep.Districts {
		switch {
		case d.Scope == "province" && d.Province == "Badakhshan":
			// The fixture's assessment is the latest there (the bundled
			// timeline has area assessments of other provinces too).
			area++
			if d.SourceID != "ref-a1" || d.Status != "taliban" || d.Kind != "assessment" {
				t.Errorf("area-decided row %+v, want Badakhshan's assessment ref-a1", d)
			}
		case d.Province == "Badakhshan" && d.Name == "Fayzabad":
			if d.Scope != "district" || d.SourceID != "ref-a2" || d.Status != "government" {
				t.Errorf("Fayzabad %+v, want its own report ref-a2", d)
			}
		case d.Since != "" && d.Scope == "":
			t.Errorf("row %+v has no scope", d)
		}
	}
	if area == 0 {
		t.Error("no district decided by the province assessment")
	}
}

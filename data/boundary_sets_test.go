package data

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afcontrol/afcontrol/data/timeline"
)

// controlFingerprint is every district's name, province, status and
// deciding event on every day of the data's range, in both layers: what
// `status --json` prints for each day.
func controlFingerprint(t *testing.T, d *Dataset) string {
	t.Helper()
	c, err := d.LoadControl(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, dist := range c.Districts {
		fmt.Fprintf(&b, "%d %s/%s;", dist.FID, dist.Province, dist.Name)
	}
	first, last, ok := c.Timeline.Range()
	if !ok {
		t.Fatal("no events")
	}
	for day := first; day <= last; day++ {
		for _, layer := range []timeline.Layer{timeline.Confirmed, timeline.WithClaims} {
			st := c.Timeline.StatusOn(day, layer, nil)
			for i := range st {
				seq, _ := c.Timeline.Source(i, day, layer)
				fmt.Fprintf(&b, "%d:%d,", st[i], seq)
			}
		}
	}
	return hashString(b.String())
}

func hashString(s string) string {
	return fmt.Sprintf("%d:%x", len(s), sha256.Sum256([]byte(s)))
}

func TestRefetchOfTheSameFilesChangesNothing(t *testing.T) {
	d, _ := initedDataset(t)
	before := contentChecksums(t, d.DB())
	rep, err := d.FetchBoundaries(context.Background(), FetchOptions{Mirror: embeddedMirror(t)})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Unchanged || rep.Districts != 398 || rep.Provinces != 34 {
		t.Errorf("report %+v: want unchanged, 34 provinces and 398 districts", rep)
	}
	assertSameContent(t, before, contentChecksums(t, d.DB()))
}

func TestThreeDistrictFileRefusedUnlessReplaced(t *testing.T) {
	d, _ := initedDataset(t)
	ctx := context.Background()
	three := filepath.Join("testdata", "three-districts.geojson")
	before := contentChecksums(t, d.DB())
	fingerprint := controlFingerprint(t, d)
	events0 := queryInt(t, d.DB(), "SELECT count(*) FROM events")
	sets, err := d.BoundarySets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var oldSet int64
	for _, s := range sets {
		if s.Level == LevelDistrict && s.Active {
			oldSet = s.ID
		}
	}

	_, err = d.ImportBoundaries(ctx, []string{three}, BoundaryOptions{})
	var re *ReplaceError
	if !errors.As(err, &re) {
		t.Fatalf("import of three districts: error %v, want a *ReplaceError", err)
	}
	if re.Events != queryInt(t, d.DB(), "SELECT count(*) FROM events WHERE scope = 'district'") || re.Unlinked == 0 || re.Districts < 390 || re.Previous != oldSet {
		t.Errorf("refusal %+v: want it to count the events and districts it affects", re)
	}
	if !errors.Is(err, ErrWouldUnlink) {
		t.Errorf("error %v does not wrap ErrWouldUnlink", err)
	}
	// What to do about it is the caller's to say (a flag, a button).
	if msg := err.Error(); !strings.Contains(msg, "three-districts.geojson") || strings.Contains(msg, "--") || strings.Contains(msg, "afcontrol ") {
		t.Errorf("error %q should name the file and give no command-line advice", msg)
	}
	assertSameContent(t, before, contentChecksums(t, d.DB()))

	rep, err := d.ImportBoundaries(ctx, []string{three}, BoundaryOptions{Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Districts != 3 || rep.Unlinked == 0 {
		t.Errorf("replaced: report %+v", rep)
	}
	if n := queryInt(t, d.DB(), "SELECT count(*) FROM events"); n != events0 {
		t.Errorf("%d events after the replacement, want all %d", n, events0)
	}
	if n := queryInt(t, d.DB(), "SELECT count(*) FROM events WHERE district_id IS NULL AND scope = 'district' AND (province = '' OR district = '')"); n != 0 {
		t.Errorf("%d unlinked events lost their reported names", n)
	}
	if n := queryInt(t, d.DB(), "SELECT count(*) FROM boundary_history WHERE boundary_set = ?", oldSet); n != 398 {
		t.Errorf("the replaced set keeps %d districts, want 398", n)
	}

	if _, err := d.RestoreBoundarySet(ctx, oldSet, BoundaryOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := controlFingerprint(t, d); got != fingerprint {
		t.Error("after restoring the old set, the map of some day differs from before the replacement")
	}
	if n := queryInt(t, d.DB(), "SELECT count(*) FROM events WHERE district_id IS NULL AND scope = 'district'"); n != 0 {
		t.Errorf("%d events unlinked after the restore", n)
	}
	// And back again: the three-district set is kept too.
	if _, err := d.RestoreBoundarySet(ctx, rep.Sets[0].To, BoundaryOptions{}); !errors.As(err, &re) {
		t.Errorf("restoring the three-district set without Replace: %v, want a *ReplaceError", err)
	}
	if _, err := d.RestoreBoundarySet(ctx, oldSet, BoundaryOptions{}); !errors.Is(err, ErrSetActive) || !strings.Contains(err.Error(), "already the active") {
		t.Errorf("restoring the active set: %v", err)
	}
	if _, err := d.RestoreBoundarySet(ctx, 999, BoundaryOptions{}); !errors.Is(err, ErrNoBoundarySet) || !strings.Contains(err.Error(), "boundary set 999") || strings.Contains(err.Error(), "afcontrol ") {
		t.Errorf("restoring a set that is not there: %v", err)
	}
	if err := d.DB().QueryRow("PRAGMA foreign_key_check").Scan(new(any)); err == nil {
		t.Error("foreign_key_check reports broken references")
	}
}

func TestUndoAfterBoundaryReplacement(t *testing.T) {
	d, _ := initedDataset(t)
	ctx := context.Background()
	three := filepath.Join("testdata", "three-districts.geojson")

	// An event to delete, one to edit, one to add, all before the change.
	deleted, err := d.AddEvent(ctx, handRow())
	if err != nil {
		t.Fatal(err)
	}
	edited, err := d.AddEvent(ctx, handRow())
	if err != nil {
		t.Fatal(err)
	}
	gone, err := d.DeleteEvent(ctx, deleted.FID)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := d.SnapshotEvent(ctx, edited.FID)
	if err != nil {
		t.Fatal(err)
	}
	row := handRow()
	row.Notes = "edited"
	if _, err := d.UpdateEvent(ctx, edited.FID, row); err != nil {
		t.Fatal(err)
	}
	added, err := d.AddEvent(ctx, handRow())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := d.ImportBoundaries(ctx, []string{three}, BoundaryOptions{Replace: true})
	if err != nil {
		t.Fatal(err)
	}

	// Undo of the delete: the event is back, unlinked with its names.
	if err := d.RestoreEvent(ctx, gone); err != nil {
		t.Fatalf("undo of a delete after the replacement: %v", err)
	}
	if e, err := d.EventByFID(ctx, deleted.FID); err != nil || e.District != "Qala-I- Naw" {
		t.Errorf("restored event: %+v, %v", e, err)
	}
	// Undo of the edit: the event as it was.
	if err := d.RestoreEvent(ctx, snap); err != nil {
		t.Fatalf("undo of an edit after the replacement: %v", err)
	}
	if e, _ := d.EventByFID(ctx, edited.FID); e.Notes != snap.Event.Notes {
		t.Errorf("after undoing the edit, notes %q, want %q", e.Notes, snap.Event.Notes)
	}
	// Undo of the add deletes it, and redo brings it back.
	del, err := d.DeleteEvent(ctx, added.FID)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.RestoreEvent(ctx, del); err != nil {
		t.Fatalf("redo of an add after the replacement: %v", err)
	}
	// Undo of the boundary import: the previous set, with every event linked.
	if _, err := d.RestoreBoundarySet(ctx, rep.Sets[0].From, BoundaryOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, fid := range []int64{deleted.FID, edited.FID, added.FID} {
		var linked bool
		if err := d.DB().QueryRow("SELECT district_id IS NOT NULL FROM events WHERE fid = ?", fid).Scan(&linked); err != nil || !linked {
			t.Errorf("event %d not linked after the old set came back (%v)", fid, err)
		}
	}
	if n := queryInt(t, d.DB(), "SELECT count(*) FROM events WHERE district_id IS NULL AND scope = 'district'"); n != 0 {
		t.Errorf("%d events unlinked after the old set came back", n)
	}
}

func TestDegenerateRingsRefused(t *testing.T) {
	d := newDataset(t)
	for _, tc := range []struct{ file, want string }{
		{"degenerate-ring.geojson", "feature 2 (Point ring): ring 1 is degenerate: it has 1 distinct point"},
		{"zero-area-hole.geojson", "feature 1 (Flat): ring 2 is degenerate: its points lie on one line"},
	} {
		path := filepath.Join("testdata", tc.file)
		before := contentChecksums(t, d.DB())
		_, err := d.ImportBoundaries(context.Background(), []string{path}, BoundaryOptions{})
		if err == nil || !strings.Contains(err.Error(), path+": "+tc.want) {
			t.Errorf("%s: error %v, want %q", tc.file, err, tc.want)
		}
		assertSameContent(t, before, contentChecksums(t, d.DB()))
	}
}

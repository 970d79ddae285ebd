package data

import (
	"context"
	"errors"
	"testing"

	"github.com/afcontrol/afcontrol/data/events"
)

func handRow() events.Row {
	return events.Row{
		Date: events.DayOf(2021, 8, 1), Province: "Badghis", District: "qala e naw",
		Status: events.Government, Kind: "Retaken", Source: "Test report 2021-08-01",
		SourceURL: "https://example.org/report", Confidence: events.Medium, Notes: "entered in a test",
	}
}

func auditRows(t *testing.T, d *Dataset, fid int64) []string {
	t.Helper()
	rows, err := d.DB().Query("SELECT action FROM audit WHERE table_name = 'events' AND row_id = ? ORDER BY id", fid)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func TestAddUpdateDeleteRestore(t *testing.T) {
	d, _ := initedDataset(t)
	ctx := context.Background()
	before := contentChecksums(t, d.DB())

	e, err := d.AddEvent(ctx, handRow())
	if err != nil {
		t.Fatal(err)
	}
	if e.District != "Qala-I- Naw" || e.Province != "Badghis" || e.Kind != "retaken" || e.Date != "2021-08-01" || e.Status != "government" {
		t.Errorf("stored %+v: want the canonical names, lower-case kind", e)
	}
	c, err := d.LoadControl(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := statusOf(c, "2021-08-02", 0)[[2]string{"Badghis", "Qala-I- Naw"}]; got != events.Government {
		t.Errorf("status after the added event = %v, want government", got)
	}

	row := handRow()
	row.Status = events.Taliban
	row.Source = "Corrected report"
	old, err := d.UpdateEvent(ctx, e.FID, row)
	if err != nil {
		t.Fatal(err)
	}
	if old.Status != "government" || old.Source != "Test report 2021-08-01" {
		t.Errorf("UpdateEvent returned %+v, want the event as it was", old)
	}
	if now, _ := d.EventByFID(ctx, e.FID); now.Status != "taliban" || now.Source != "Corrected report" {
		t.Errorf("after update: %+v", now)
	}
	// Undo the update with the event as it was.
	undo, err := old.Row()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.UpdateEvent(ctx, e.FID, undo); err != nil {
		t.Fatal(err)
	}
	if now, _ := d.EventByFID(ctx, e.FID); now.Status != "government" || now.Source != old.Source {
		t.Errorf("after undoing the update: %+v", now)
	}

	del, err := d.DeleteEvent(ctx, e.FID)
	if err != nil {
		t.Fatal(err)
	}
	if del.Event.FID != e.FID {
		t.Errorf("deleted %+v", del.Event)
	}
	if _, err := d.EventByFID(ctx, e.FID); err == nil {
		t.Error("the event is still stored after DeleteEvent")
	}
	if err := d.RestoreEvent(ctx, del); err != nil {
		t.Fatal(err)
	}
	if now, err := d.EventByFID(ctx, e.FID); err != nil || now.Status != "government" {
		t.Errorf("after restore: %+v, %v", now, err)
	}
	// Restoring a snapshot over the stored event rewrites it as it was.
	if err := d.RestoreEvent(ctx, del); err != nil {
		t.Errorf("restoring over the stored event: %v", err)
	}
	want := []string{"insert", "update", "update", "delete", "insert", "update"}
	if got := auditRows(t, d, e.FID); len(got) != len(want) {
		t.Errorf("audit for event %d = %v, want %v", e.FID, got, want)
	} else {
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("audit for event %d = %v, want %v", e.FID, got, want)
				break
			}
		}
	}

	// Undo of the add: delete; the events table is then as it was.
	if _, err := d.DeleteEvent(ctx, e.FID); err != nil {
		t.Fatal(err)
	}
	after := contentChecksums(t, d.DB())
	for _, table := range []string{"events", "districts", "tallies"} {
		if before[table] != after[table] {
			t.Errorf("table %s differs after add then delete", table)
		}
	}
}

func TestEditRefused(t *testing.T) {
	d, _ := initedDataset(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		edit  func(*events.Row)
		field string
	}{
		{"no source", func(r *events.Row) { r.Source = "  " }, "source"},
		{"no kind", func(r *events.Row) { r.Kind = "" }, "kind"},
		{"no district", func(r *events.Row) { r.District = "" }, "district"},
		{"unknown district", func(r *events.Row) { r.District = "Nowhere" }, "district"},
		{"ambiguous district", func(r *events.Row) { r.Province = ""; r.District = "Arghandab" }, "district"},
		{"district in another province", func(r *events.Row) { r.Province = "Herat" }, "district"},
		{"bad url", func(r *events.Row) { r.SourceURL = "javascript:alert(1)" }, "source_url"},
		{"date out of range", func(r *events.Row) { r.Date = events.DayOf(1800, 1, 1) }, "date"},
		{"bad status", func(r *events.Row) { r.Status = 9 }, "status"},
		{"bad confidence", func(r *events.Row) { r.Confidence = 7 }, "confidence"},
		{"two-line source", func(r *events.Row) { r.Source = "a\nb" }, "source"},
	}
	before := contentChecksums(t, d.DB())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := handRow()
			tt.edit(&row)
			_, err := d.AddEvent(ctx, row)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("AddEvent: %v, want a FieldError on %s", err, tt.field)
			}
			_, err = d.UpdateEvent(ctx, 1, row)
			if !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("UpdateEvent: %v, want a FieldError on %s", err, tt.field)
			}
		})
	}
	assertSameContent(t, before, contentChecksums(t, d.DB()))
	if _, err := d.UpdateEvent(ctx, 1<<40, handRow()); !errors.Is(err, ErrNoEvent) {
		t.Errorf("UpdateEvent of a missing event: %v", err)
	}
	if _, err := d.DeleteEvent(ctx, 1<<40); !errors.Is(err, ErrNoEvent) {
		t.Errorf("DeleteEvent of a missing event: %v", err)
	}
}

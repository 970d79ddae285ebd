package events

import (
	"strings"
	"testing"
	"time"
)

func TestParseDay(t *testing.T) {
	tests := []struct {
		in     string
		want   string // YYYY-MM-DD, or "" for an error
		reason string // part of the error
	}{
		{"2021-07-07", "2021-07-07", ""},
		{"1970-01-01", "1970-01-01", ""},
		{"1969-12-31", "1969-12-31", ""},
		{"2020-02-29", "2020-02-29", ""},
		{"2000-02-29", "2000-02-29", ""},
		{"1900-01-01", "1900-01-01", ""},
		{"2100-12-31", "2100-12-31", ""},
		{"2021-02-29", "", "does not exist in February 2021"},
		{"1900-02-29", "", "does not exist"},
		{"2021-02-31", "", "day 31 does not exist"},
		{"2021-04-31", "", "does not exist"},
		{"2021-13-01", "", "month 13"},
		{"2021-00-10", "", "month 00"},
		{"2021-01-00", "", "day 00"},
		{"07/08/2021", "", "ambiguous day/month"},
		{"7.8.2021", "", "ambiguous day/month"},
		{"07-08-2021", "", "ambiguous day/month"},
		{"yesterday", "", "not a date"},
		{"", "", "empty"},
		{" 2021-07-07", "", "not a date"},
		{"2021-7-7", "", "not a date"},
		{"2021/07/07", "", "not a date"},
		{"20210707", "", "not a date"},
		{"2021-07-07T00:00", "", "not a date"},
		{"1899-12-31", "", "outside 1900"},
		{"2101-01-01", "", "outside"},
		{"+021-07-07", "", "not a date"},
		{"２０２１-07-07", "", "not a date"},
	}
	for _, tt := range tests {
		d, err := ParseDay(tt.in)
		if tt.want == "" {
			if err == nil || !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("ParseDay(%q) = %v, %v; want an error containing %q", tt.in, d, err, tt.reason)
			}
			continue
		}
		if err != nil || d.String() != tt.want {
			t.Errorf("ParseDay(%q) = %v, %v; want %s", tt.in, d, err, tt.want)
		}
	}
}

func TestDayValues(t *testing.T) {
	tests := []struct {
		d    Day
		want string
	}{
		{0, "1970-01-01"},
		{-1, "1969-12-31"},
		{18815, "2021-07-07"},
		{DayOf(2021, time.August, 15), "2021-08-15"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("Day(%d).String() = %s, want %s", int32(tt.d), got, tt.want)
		}
		back, err := ParseDay(tt.want)
		if err != nil || back != tt.d {
			t.Errorf("ParseDay(%s) = %d, %v; want %d", tt.want, back, err, tt.d)
		}
	}
}

func TestStatusAndConfidence(t *testing.T) {
	for s := Unknown; s <= NoChange; s++ {
		got, err := ParseStatus(" " + strings.ToUpper(s.String()) + " ")
		if err != nil || got != s {
			t.Errorf("ParseStatus(%s) = %v, %v", s, got, err)
		}
	}
	for _, bad := range []string{"", "victory", "taliban-claimed", "0"} {
		if _, err := ParseStatus(bad); err == nil {
			t.Errorf("ParseStatus(%q) accepted", bad)
		}
	}
	if Status(9).String() != "status(9)" {
		t.Errorf("Status(9).String() = %s", Status(9))
	}
	for c := Low; c <= High; c++ {
		got, err := ParseConfidence(strings.ToUpper(c.String()[:1]) + c.String()[1:])
		if err != nil || got != c {
			t.Errorf("ParseConfidence(%s) = %v, %v", c, got, err)
		}
	}
	if !(Low < Medium && Medium < High) {
		t.Error("confidence not ordered")
	}
	for _, bad := range []string{"", "certain", "hi"} {
		if _, err := ParseConfidence(bad); err == nil {
			t.Errorf("ParseConfidence(%q) accepted", bad)
		}
	}
}

// TestDayTextsAreTheCalendars checks the days whose text is made once
// against the calendar, at both ends and just past them.
func TestDayTextsAreTheCalendars(t *testing.T) {
	for _, d := range []Day{firstNamed - 1, firstNamed, firstNamed + 1, DayOf(2021, 8, 15), DayOf(2000, 2, 29),
		firstNamed + Day(namedDays) - 1, firstNamed + Day(namedDays), DayOf(1800, 1, 1), DayOf(2500, 12, 31)} {
		if got, want := d.String(), d.Time().Format(time.DateOnly); got != want {
			t.Errorf("day %d: %q, want %q", d, got, want)
		}
	}
	for i := 0; i < namedDays; i += 97 {
		d := firstNamed + Day(i)
		if got, want := d.String(), d.Time().Format(time.DateOnly); got != want {
			t.Fatalf("day %d: %q, want %q", d, got, want)
		}
	}
}

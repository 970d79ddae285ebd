package events

import (
	"fmt"
	"sync"
	"time"
)

// Day is a calendar day counted from 1970-01-01 (day 0), in UTC. Days before
// 1970 are negative. Days compare with the ordinary integer operators.
type Day int32

// Earliest and latest years ParseDay accepts. A year outside them in a
// control report is a typo, not history.
const (
	minYear = 1900
	maxYear = 2100
)

// DayOf returns the Day of the given year, month and day of month, which must
// form a real date (DayOf does not check; ParseDay does).
func DayOf(year int, month time.Month, day int) Day {
	return Day(time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// ParseDay reads a day written strictly as YYYY-MM-DD: four-digit year in
// 1900–2100, two-digit month and day, a date that exists (2021-02-31 and
// 2021-02-29 are refused; 2020-02-29 is accepted). Surrounding spaces are
// not trimmed. Anything else is refused with a reason that says what to write
// instead; day/month forms such as 07/08/2021 are refused as ambiguous, never
// guessed.
func ParseDay(s string) (Day, error) {
	if s == "" {
		return 0, fmt.Errorf("empty, use YYYY-MM-DD")
	}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s[0:4]) || !digits(s[5:7]) || !digits(s[8:10]) {
		if looksDayMonth(s) {
			return 0, fmt.Errorf("ambiguous day/month, use YYYY-MM-DD")
		}
		return 0, fmt.Errorf("not a date, use YYYY-MM-DD")
	}
	y := atoi(s[0:4])
	m := atoi(s[5:7])
	d := atoi(s[8:10])
	if y < minYear || y > maxYear {
		return 0, fmt.Errorf("year %d outside %d–%d", y, minYear, maxYear)
	}
	if m < 1 || m > 12 {
		return 0, fmt.Errorf("month %02d does not exist, use YYYY-MM-DD", m)
	}
	if d < 1 || d > daysIn(y, time.Month(m)) {
		return 0, fmt.Errorf("day %02d does not exist in %s %d", d, time.Month(m), y)
	}
	return DayOf(y, time.Month(m), d), nil
}

// String returns the day as YYYY-MM-DD. Days whose year has more than four
// digits or is negative are written the way the time package writes them.
func (d Day) String() string {
	if i := int(d - firstNamed); i >= 0 && i < namedDays {
		return dayNames()[i*10 : i*10+10]
	}
	return d.Time().Format(time.DateOnly)
}

// The days whose text is made once (in a millisecond, on first use), those
// of the years 2000 to 2030, where most reports fall: an import asks for
// the text of its rows' days millions of times.
var (
	firstNamed = DayOf(2000, 1, 1)
	namedDays  = int(DayOf(2030, 12, 31)-firstNamed) + 1
	dayNames   = sync.OnceValue(func() string {
		b := make([]byte, 0, namedDays*10)
		for i := range namedDays {
			b = (firstNamed + Day(i)).Time().AppendFormat(b, time.DateOnly)
		}
		return string(b)
	})
)

// Time returns midnight UTC at the start of the day.
func (d Day) Time() time.Time {
	return time.Unix(int64(d)*86400, 0).UTC()
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// looksDayMonth reports whether s is three groups of digits separated by
// '/', '.' or '-' with a short first group: 07/08/2021, 7.8.21, 07-08-2021.
func looksDayMonth(s string) bool {
	var groups []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '/' || s[i] == '.' || s[i] == '-' {
			groups = append(groups, s[start:i])
			start = i + 1
		}
	}
	if len(groups) != 3 {
		return false
	}
	for _, g := range groups {
		if !digits(g) || len(g) > 4 {
			return false
		}
	}
	return len(groups[0]) <= 2
}

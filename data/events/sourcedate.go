package events

import (
	"fmt"
	"strings"
	"time"
)

// sourceDayLayouts are the spelled-month forms ACLED's export tool and Excel
// write: "16 May 2025", "6 May 2025", "16 May 25", "07-Jul-21",
// "07-Jul-2021", "7-July-2021". Two-digit years 69–99 are 1969–1999, 00–68
// 2000–2068 (the time package's rule).
var sourceDayLayouts = []string{
	"2 January 2006", "2 Jan 2006", "2 Jan 06",
	"2-Jan-06", "2-Jan-2006", "2-January-2006", "2-January-06",
}

// sourceDay reads a date as the ACLED and UCDP files and APIs write it:
// YYYY-MM-DD, optionally followed by a time (" 00:00:00.000" or
// "T00:00:00", which must be a real clock time and is dropped), a spelled
// month (see sourceDayLayouts), or, when order is "dmy" or "mdy", a numeric
// date with '/', '.' or '-' and a four-digit year (7/7/2021). A numeric
// date without an order is refused as ambiguous, never guessed.
func (c *rowCheck) sourceDay(field, v, order string) Day {
	v = strings.TrimSpace(v)
	if len(v) >= 10 && v[4] == '-' && digits(v[:4]) {
		day, clock := v[:10], v[10:]
		if clock != "" {
			if (clock[0] != ' ' && clock[0] != 'T') || !validClock(strings.TrimSuffix(clock[1:], "Z")) {
				c.fail(field, v, "want YYYY-MM-DD or YYYY-MM-DD HH:MM:SS")
				return 0
			}
		}
		return c.day(field, day)
	}
	if v != "" && v[0] >= '0' && v[0] <= '9' && strings.IndexFunc(v, isLetter) > 0 {
		for _, layout := range sourceDayLayouts {
			if t, err := time.Parse(layout, v); err == nil {
				return c.yearChecked(field, v, t.Year(), t.Month(), t.Day())
			}
		}
		c.fail(field, v, `not a date, want "16 May 2025", "07-Jul-21" or 2025-05-16`)
		return 0
	}
	if looksDayMonth(v) {
		parts := strings.FieldsFunc(v, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
		if len(parts[2]) != 4 {
			c.fail(field, v, "two-digit year in a numeric date, use YYYY-MM-DD")
			return 0
		}
		d, m := atoi(parts[0]), atoi(parts[1])
		switch order {
		case "mdy":
			d, m = m, d
		case "dmy":
		default:
			c.fail(field, v, "ambiguous day/month: give the date order (dmy or mdy) or use YYYY-MM-DD")
			return 0
		}
		y := atoi(parts[2])
		if m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
			c.fail(field, v, "no such date in "+order+" order")
			return 0
		}
		return c.yearChecked(field, v, y, time.Month(m), d)
	}
	c.fail(field, v, `not a date, want "16 May 2025", "07-Jul-21" or 2025-05-16`)
	return 0
}

func (c *rowCheck) yearChecked(field, v string, y int, m time.Month, d int) Day {
	if y < minYear || y > maxYear {
		c.fail(field, v, "year "+itoa(y)+" outside "+itoa(minYear)+"–"+itoa(maxYear))
		return 0
	}
	return DayOf(y, m, d)
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// checkDateOrder refuses an Options.DateOrder other than "", "dmy" or "mdy".
func checkDateOrder(order string) error {
	switch order {
	case "", "dmy", "mdy":
		return nil
	}
	return fmt.Errorf("unknown date order %q, want dmy or mdy", order)
}

package events

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// rowCheck reads the fields of one row and gathers every problem in it.
type rowCheck struct {
	file    string
	line    int
	feature bool
	record  []string
	errs    []RowError
}

func (c *rowCheck) fail(field, value, reason string) {
	c.errs = append(c.errs, RowError{File: c.file, Line: c.line, Feature: c.feature, Field: field, Value: value, Reason: reason, Record: c.record})
}

// text trims a cell and refuses control characters; multiline allows tab,
// newline and carriage return (notes may hold paragraphs).
func (c *rowCheck) text(field, v string, required, multiline bool) string {
	v = strings.TrimSpace(v)
	if v == "" {
		if required {
			c.fail(field, v, "required")
		}
		return ""
	}
	for _, r := range v {
		if r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0) {
			if multiline && (r == '\t' || r == '\n' || r == '\r') {
				continue
			}
			c.fail(field, v, fmt.Sprintf("control character %U", r))
			return ""
		}
	}
	return v
}

func (c *rowCheck) day(field, v string) Day {
	d, err := ParseDay(strings.TrimSpace(v))
	if err != nil {
		c.fail(field, v, err.Error())
	}
	return d
}

func (c *rowCheck) status(field, v string) Status {
	s, err := ParseStatus(v)
	if err != nil {
		c.fail(field, v, err.Error())
	}
	return s
}

func (c *rowCheck) confidence(field, v string) Confidence {
	k, err := ParseConfidence(v)
	if err != nil {
		c.fail(field, v, err.Error())
	}
	return k
}

// claim accepts true/false, yes/no, 1/0 in any case; empty is refused.
func (c *rowCheck) claim(field, v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "yes", "1":
		return true
	case "false", "no", "0":
		return false
	case "":
		c.fail(field, v, "required, want true or false")
	default:
		c.fail(field, v, "want true, false, yes, no, 1 or 0")
	}
	return false
}

// sourceURL accepts an empty cell or an absolute http or https URL with a host.
func (c *rowCheck) sourceURL(field, v string) string {
	v = c.text(field, v, false, false)
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	switch {
	case err != nil:
		c.fail(field, v, "not a URL")
	case u.Scheme != "http" && u.Scheme != "https":
		c.fail(field, v, "want an http or https URL")
	case u.Host == "":
		c.fail(field, v, "URL has no host")
	case strings.ContainsAny(v, " \t"):
		c.fail(field, v, "URL contains spaces")
	default:
		return v
	}
	return ""
}

// point reads a latitude and longitude pair. Both empty means no point; one
// without the other, a number that does not parse, is not finite or is out
// of range (latitude ±90, longitude ±180, boundaries included) is refused.
func (c *rowCheck) point(latField, lat, lonField, lon string) (x, y float64, ok bool) {
	lat, lon = strings.TrimSpace(lat), strings.TrimSpace(lon)
	if lat == "" && lon == "" {
		return 0, 0, false
	}
	if lat == "" {
		c.fail(latField, lat, "missing while "+lonField+" is set")
		return 0, 0, false
	}
	if lon == "" {
		c.fail(lonField, lon, "missing while "+latField+" is set")
		return 0, 0, false
	}
	y, okY := c.coordinate(latField, lat, 90)
	x, okX := c.coordinate(lonField, lon, 180)
	return x, y, okX && okY
}

func (c *rowCheck) coordinate(field, v string, limit float64) (float64, bool) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		c.fail(field, v, "not a number")
		return 0, false
	}
	return c.coordinateValue(field, v, f, limit)
}

func (c *rowCheck) coordinateValue(field, v string, f, limit float64) (float64, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		c.fail(field, v, "not a finite number")
		return 0, false
	}
	if f < -limit || f > limit {
		c.fail(field, v, fmt.Sprintf("out of range ±%g", limit))
		return 0, false
	}
	return f, true
}

// place requires a district name unless the row has a point to place it by.
func (c *rowCheck) place(field string, district string, hasPoint bool, pointTried bool) {
	if district == "" && !hasPoint && !pointTried {
		c.fail(field, "", "required when the row has no coordinates")
	}
}

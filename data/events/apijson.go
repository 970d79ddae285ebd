package events

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readAPIJSON reads the JSON an API returns: a top-level object whose
// member key (any case) holds an array of flat records (ACLED: "data", UCDP: "Result").
// Each record's members are read as text whatever their JSON type (a number
// as written, true/false, null as empty); a record that is not an object,
// or a member that is an object or array, is a row error. Other top-level
// members are skipped, except that "success": false (ACLED's refusal) is a
// file error carrying the API's message. Row.Line and the errors count
// records from 1 (RowError.Feature is set).
func readAPIJSON(name string, r io.Reader, member string, row func(c *rowCheck, get func(string) string) Row, s Sink) error {
	g := &readGuard{r: r}
	dec := json.NewDecoder(g)
	dec.UseNumber()
	record := 0
	fail := jsonFailure(name, "record", &record)
	bad := func(errs []RowError) {
		for _, e := range errs {
			s.Bad(e)
		}
	}
	if err := expectDelim(dec, '{'); err != nil {
		return fail(err)
	}
	saw := false
	var refused bool
	var message json.RawMessage
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		key, _ := tok.(string)
		g.reset()
		switch {
		case strings.EqualFold(key, member):
			saw = true
			if err := expectDelim(dec, '['); err != nil {
				return fail(fmt.Errorf("%q is not an array: %w", member, err))
			}
			for dec.More() {
				record++
				g.reset()
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return fail(err)
				}
				c := rowCheck{file: name, line: record, feature: true, record: []string{shorten(string(raw), MaxField)}}
				if len(raw) > maxFeature {
					c.fail("", "", fmt.Sprintf("record longer than %d bytes", maxFeature))
					bad(c.errs)
					continue
				}
				fields, err := flatRecord(raw)
				if err != nil {
					c.fail("", "", err.Error())
					bad(c.errs)
					continue
				}
				rw := row(&c, func(k string) string { return fields[k] })
				if c.errs != nil {
					bad(c.errs)
					continue
				}
				if err := s.Row(rw); err != nil {
					return err
				}
			}
			if err := expectDelim(dec, ']'); err != nil {
				return fail(err)
			}
			record = 0
		case key == "success":
			var ok any
			if err := dec.Decode(&ok); err != nil {
				return fail(err)
			}
			refused = ok == false
		case key == "error":
			if err := dec.Decode(&message); err != nil {
				return fail(err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return fail(err)
			}
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return fail(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail(errors.New("data after the top-level object"))
	}
	if refused {
		return fail(fmt.Errorf("the API refused the request: %s", shorten(string(message), 200)))
	}
	if !saw {
		return fail(fmt.Errorf("no %q array of records", member))
	}
	return nil
}

// flatRecord reads one API record into text by lower-cased member name.
func flatRecord(raw json.RawMessage) (map[string]string, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, errors.New("record is not a JSON object")
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		v = bytes.TrimSpace(v)
		var text string
		switch {
		case len(v) == 0 || string(v) == "null":
		case v[0] == '"':
			if err := json.Unmarshal(v, &text); err != nil {
				return nil, fmt.Errorf("%s: %v", k, err)
			}
		case v[0] == '{' || v[0] == '[':
			return nil, fmt.Errorf("%s: an object or array, want text or a number", k)
		default:
			text = string(v) // a number, true or false, as written
		}
		out[strings.ToLower(k)] = text
	}
	return out, nil
}

// isJSON reports whether the input starts, after a byte order mark and
// white space, with '{'; br is left unread.
func isJSON(br *bufio.Reader) bool {
	head, _ := br.Peek(512)
	head = bytes.TrimPrefix(head, utf8BOM)
	head = bytes.TrimLeft(head, " \t\r\n")
	return len(head) > 0 && head[0] == '{'
}

// skipBOM drops a UTF-8 byte order mark from the start of br.
func skipBOM(br *bufio.Reader) {
	if head, _ := br.Peek(3); bytes.Equal(head, utf8BOM) {
		br.Discard(3)
	}
}

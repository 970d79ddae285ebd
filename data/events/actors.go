package events

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Actors is the actor table: which control status an actor stands for when
// it gains territory. Names match ignoring case and runs of spaces, either
// whole or as a prefix followed by a space, a colon or a parenthesis
// ("Military Forces of Afghanistan (2021-) Special Forces" matches
// "military forces of afghanistan (2021-)"); the longest match wins.
type Actors struct {
	status map[string]Status
	keys   []string // longest first
}

// defaultActors is the table afcontrol ships: the Taliban and, from August
// 2021, the forces of their government are "taliban"; the Republic's forces
// and, after August 2021, the anti-Taliban resistance are "government" (the
// sense the reference timeline gives it). ACLED names the state forces by
// period: (2004-2021) for the Republic's, (2021-) for the Taliban's.
var defaultActors = [][2]string{
	{"Taliban", "taliban"},
	{"Taleban", "taliban"},
	{"Islamic Emirate of Afghanistan", "taliban"},
	{"Military Forces of Afghanistan (2021-)", "taliban"},
	{"Police Forces of Afghanistan (2021-)", "taliban"},
	{"Government of Afghanistan (2021-)", "taliban"},
	{"Military Forces of Afghanistan (2004-2021)", "government"},
	{"Police Forces of Afghanistan (2004-2021)", "government"},
	{"Government of Afghanistan (2004-2021)", "government"},
	{"Militia (Pro-Government)", "government"},
	{"NRF: National Resistance Front", "government"},
	{"National Resistance Front", "government"},
	{"National Resistance Front of Afghanistan", "government"},
	{"Afghanistan Freedom Front", "government"},
	{"Anti-Taliban Uprising", "government"},
	{"Popular Uprising Forces", "government"},
	{"Public Uprising Forces", "government"},
}

// DefaultActors returns the table afcontrol ships (listed in the README).
func DefaultActors() *Actors {
	a := &Actors{status: map[string]Status{}}
	for _, e := range defaultActors {
		s, _ := ParseStatus(e[1])
		a.add(e[0], s)
	}
	return a
}

func (a *Actors) add(name string, s Status) {
	k := actorKey(name)
	if _, seen := a.status[k]; !seen {
		a.keys = append(a.keys, k)
		sort.SliceStable(a.keys, func(i, j int) bool { return len(a.keys[i]) > len(a.keys[j]) })
	}
	a.status[k] = s
}

// Lookup returns the status name stands for; ok is false for an actor the
// table does not know (and for an empty name).
func (a *Actors) Lookup(name string) (s Status, ok bool) {
	k := actorKey(name)
	if k == "" {
		return 0, false
	}
	if s, ok := a.status[k]; ok {
		return s, true
	}
	for _, p := range a.keys {
		if len(k) > len(p) && strings.HasPrefix(k, p) && strings.ContainsRune(" :(", rune(k[len(p)])) {
			return a.status[p], true
		}
	}
	return 0, false
}

// ReadActors reads a user's actor table, a CSV with the header actor,status
// (any case), and returns the default table with its rows added: a row
// overrides a default of the same name. The status is government,
// contested, taliban or unknown. Every bad row is listed (RowErrors); a bad
// header is a *HeaderError.
func ReadActors(name string, r io.Reader) (*Actors, error) {
	f, err := openCSV(name, r, Options{})
	if err != nil {
		return nil, err
	}
	col, err := needColumns(name, f.header, []string{"actor", "status"}, nil)
	if err != nil {
		return nil, err
	}
	a := DefaultActors()
	_, err = collect(func(s Sink) error {
		return readRows(f, len(f.header), func(n int) string { return "header has " + itoa(n) }, func(line int, rec []string) (Row, []RowError) {
			c := rowCheck{file: name, line: line, record: rec}
			actor := c.text("actor", col.get(rec, "actor"), true, false)
			st := c.status("status", col.get(rec, "status"))
			if st == NoChange {
				c.fail("status", col.get(rec, "status"), "an actor gains territory for government, contested, taliban or unknown")
			}
			if c.errs == nil {
				a.add(actor, st)
			}
			return Row{Line: line}, c.errs
		}, s)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

func actorKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

// unknownActor is the reason for a territorial event whose actor the table
// does not know.
func unknownActor(actor string) string {
	if actor == "" {
		return "territorial event without an actor: who gained the territory is unknown"
	}
	return fmt.Sprintf("actor %q is not in the actor table: add it with its status (actor,status) to an actors file", actor)
}

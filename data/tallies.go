package data

import "context"

// Tally is one published aggregate count.
type Tally struct {
	Date, Source, SourceURL, Counted string
	Count                            int
	OutOf                            int // 0 when not stated
	Claim                            bool
	Notes                            string
}

// Tallies returns the published tallies, oldest first.
func (d *Dataset) Tallies(ctx context.Context) ([]Tally, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT substr(date, 1, 10), source, source_url, counted, count, coalesce(out_of, 0), claim, notes
		FROM tallies ORDER BY date, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Tally
	for rows.Next() {
		var t Tally
		if err := rows.Scan(&t.Date, &t.Source, &t.SourceURL, &t.Counted, &t.Count, &t.OutOf, &t.Claim, &t.Notes); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

package data

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/afcontrol/afcontrol/assets"
)

// bundledOrigin is the origin of the bundled timeline's events.
const bundledOrigin = "bundled reference timeline"

// LoadBundled loads the reference timeline, its area assessments and the
// tallies that ship with afcontrol (assets/timeline.csv,
// assets/assessments.csv and assets/tallies.csv) into the dataset, each in
// one transaction. Every bundled row resolves; one that does not is an
// error, and nothing of that file is stored.
func (d *Dataset) LoadBundled(ctx context.Context) (EventReport, error) {
	var rep EventReport
	for _, name := range []string{"timeline.csv", "assessments.csv"} {
		b, err := assets.Files.ReadFile(name)
		if err != nil {
			return rep, fmt.Errorf("bundled timeline: %w", err)
		}
		r, _, err := d.importEvents(ctx, "assets/"+name, bytes.NewReader(b), EventOptions{Format: "native", Origin: bundledOrigin})
		rep.Read += r.Read
		rep.Imported += r.Imported
		if err != nil {
			return rep, err
		}
	}
	rows, err := readAssetCSV("tallies.csv")
	if err != nil {
		return rep, fmt.Errorf("bundled tallies: %w", err)
	}
	err = d.inTx(ctx, func(tx *sql.Tx) error {
		for i, r := range rows {
			if len(r) != 8 {
				return fmt.Errorf("assets/tallies.csv: line %d: %d fields, want 8", i+2, len(r))
			}
			count, err := strconv.Atoi(r[4])
			if err != nil {
				return fmt.Errorf("assets/tallies.csv: line %d: count %q: %v", i+2, r[4], err)
			}
			var outOf any
			if r[5] != "" {
				n, err := strconv.Atoi(r[5])
				if err != nil {
					return fmt.Errorf("assets/tallies.csv: line %d: out_of %q: %v", i+2, r[5], err)
				}
				outOf = n
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO tallies (date, source, source_url, counted, count, out_of, claim, notes)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r[0], r[1], r[2], r[3], count, outOf, strings.EqualFold(r[6], "true"), r[7]); err != nil {
				return fmt.Errorf("assets/tallies.csv: line %d: %w", i+2, err)
			}
		}
		return nil
	})
	return rep, err
}

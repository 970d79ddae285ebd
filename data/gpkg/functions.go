package gpkg

import (
	"database/sql/driver"
	"sync"

	"github.com/paulmach/orb"
	"modernc.org/sqlite"
)

var registerOnce sync.Once

// RegisterFunctions adds to the "sqlite" driver the SQL functions that the
// GeoPackage R-tree triggers call: ST_MinX, ST_MaxX, ST_MinY, ST_MaxY and
// ST_IsEmpty, as GDAL and QGIS define them. A NULL or unreadable geometry
// gives NULL, and ST_IsEmpty of NULL is NULL, so a trigger's WHEN clause
// skips it. It is safe to call more than once; connections opened before the
// first call do not have the functions.
func RegisterFunctions() {
	registerOnce.Do(func() {
		bound := func(pick func(orb.Bound) float64) func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error) {
			return func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
				blob, ok := args[0].([]byte)
				if !ok {
					return nil, nil
				}
				b, empty, err := Envelope(blob)
				if err != nil || empty {
					return nil, nil
				}
				return pick(b), nil
			}
		}
		sqlite.MustRegisterDeterministicScalarFunction("ST_MinX", 1, bound(func(b orb.Bound) float64 { return b.Min[0] }))
		sqlite.MustRegisterDeterministicScalarFunction("ST_MaxX", 1, bound(func(b orb.Bound) float64 { return b.Max[0] }))
		sqlite.MustRegisterDeterministicScalarFunction("ST_MinY", 1, bound(func(b orb.Bound) float64 { return b.Min[1] }))
		sqlite.MustRegisterDeterministicScalarFunction("ST_MaxY", 1, bound(func(b orb.Bound) float64 { return b.Max[1] }))
		sqlite.MustRegisterDeterministicScalarFunction("ST_IsEmpty", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			blob, ok := args[0].([]byte)
			if !ok {
				return nil, nil
			}
			_, empty, err := Envelope(blob)
			if err != nil {
				return nil, nil
			}
			if empty {
				return int64(1), nil
			}
			return int64(0), nil
		})
	})
}

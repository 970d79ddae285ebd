package events

import (
	"bytes"
	"fmt"
	"testing"
)

// BenchmarkReadNative100k reads 100,000 native rows: the parsing share of the
// 3 s import promise.
func BenchmarkReadNative100k(b *testing.B) {
	var in bytes.Buffer
	in.WriteString(header)
	districts := []string{"Qala-e-Naw", "Muqur", "Shindand", "Karukh", "Guzara", "Zaranj", "Kabul"}
	for i := 0; i < 100_000; i++ {
		fmt.Fprintf(&in, "%s,Province %d,%s,taliban,captured,false,Taliban,Agence France-Presse,https://example.org/%d,medium,\"notes, with a comma\"\n",
			DayOf(2001, 1, 1+i%7000), i%34, districts[i%len(districts)], i)
	}
	data := in.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rows, err := ReadNative("bench.csv", bytes.NewReader(data), Options{})
		if err != nil || len(rows) != 100_000 {
			b.Fatal(len(rows), err)
		}
	}
}

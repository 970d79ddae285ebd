#!/usr/bin/env bash
# Measures a whole-process 'afcontrol events import' of a generated native
# CSV of ROWS rows (default 1,000,000) with /usr/bin/time -v: wall time,
# processor time and peak resident memory, and fails above LIMIT_MB
# (default 300). The dataset is made by 'afcontrol init' from the
# boundaries built into afcontrol (or from $MIRROR when set). Everything is
# made in a temporary folder (under $TMPDIR) and removed at the end.
#
#   scripts/import-rss.sh            # 1,000,000 rows
#   scripts/import-rss.sh 10000000   # 10,000,000 rows (make bench-scale)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
limit_mb=${LIMIT_MB:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/afcontrol" ./cmd/afcontrol
init_args=(--db "$work/d.gpkg")
if [ -n "${MIRROR:-}" ]; then
	init_args+=(--mirror "$MIRROR")
fi
"$work/afcontrol" init "${init_args[@]}" >/dev/null
"$work/afcontrol" export csv --db "$work/d.gpkg" --date 2021-08-15 -o "$work/districts.csv" >/dev/null

# Every district in turn, days over 2001-2021, the three statuses, every
# confidence, a claim in every fourth row: the rows of the benchmark
# BenchmarkImportNative1M.
awk -F, -v rows="$rows" '
	BEGIN { n = 0 }
	NR == 1 {
		for (i = 1; i <= NF; i++) col[$i] = i
		next
	}
	{ prov[n] = $col["province"]; dist[n] = $col["district"]; n++ }
	END {
		print "date,province,district,status,kind,claim,actor,source,source_url,confidence,notes"
		split("government contested taliban", st, " ")
		split("low medium high", cf, " ")
		base = 978307200 # 2001-01-01
		for (i = 0; i < rows; i++) {
			day = strftime("%Y-%m-%d", base + ((i * 7919) % 7670) * 86400, 1)
			printf "%s,%s,%s,%s,captured,%s,Taliban,Measured source,,%s,\n", day, prov[i % n], dist[i % n], st[i % 3 + 1], (i % 4 == 0 ? "true" : "false"), cf[int(i / 3) % 3 + 1]
		}
	}' "$work/districts.csv" >"$work/events.csv"

/usr/bin/time -v "$work/afcontrol" events import --db "$work/d.gpkg" "$work/events.csv" >"$work/out.txt" 2>"$work/time.txt" || {
	cat "$work/out.txt" "$work/time.txt"
	exit 1
}
rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$work/time.txt")
cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { print u + s }' "$work/time.txt")
head -1 "$work/out.txt"
echo "events import of $rows rows: $wall wall, ${cpu} s processor, peak $((rss_kb / 1024)) MB (limit $limit_mb MB); load: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$((rss_kb / 1024))" -gt "$limit_mb" ]; then
	echo "peak memory over $limit_mb MB" >&2
	exit 1
fi

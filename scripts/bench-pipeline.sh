#!/bin/sh
# bench-pipeline.sh - time and peak memory of meta-transform and meta-load
# on generated insights, at two input sizes.
#
# usage: scripts/bench-pipeline.sh [SIZE...]     (default: 30000 300000)
#
# For each SIZE (insights RECORD lines; a multiple of 30, as the input is
# SIZE/30 ads times 30 days) it generates a deterministic meta-fetch-style
# file (scripts/gen-insights.py) and measures, each on its own under
# /usr/bin/time:
#   transform  meta-transform  input  -> typed file
#   load       meta-load       typed file -> fresh SQLite database
#   reload     meta-load       same file  -> same database (idempotent path)
# and prints one line per (size, step):
#   size=N step=S seconds=.. rows_per_s=.. in_records_per_s=.. peak_rss_mib=..
# rows_per_s counts insights rows (SIZE) per second, whatever the step;
# in_records_per_s counts the RECORD messages the step reads (for the load
# steps, insights plus insight_actions).  The load lines also show how many
# rows meta-load reported changed (0 is expected on reload).  The last line
# is the ratio of peak RSS at the largest size to that at the smallest, per
# step: a streaming tool stays close to 1.
#
# Exits 1 when a step fails or the database does not hold the expected rows
# (insights = records, insight_actions = action entries).  It prints figures
# and asserts nothing about them.  Scratch files go to a directory from
# mktemp -d (honours TMPDIR; the 300,000 size needs about 2 GB), removed on
# exit.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
root=$(dirname -- "$here")
transform=$root/bin/meta-transform
load=$root/bin/meta-load
gen=$here/gen-insights.py
DAYS=30

die() {
	echo "bench-pipeline: $*" >&2
	exit 1
}

[ $# -gt 0 ] || set -- 30000 300000
for n in "$@"; do
	case $n in
	'' | *[!0-9]* | 0*) die "size '$n' is not a positive integer" ;;
	esac
	[ $((n % DAYS)) -eq 0 ] || die "size $n is not a multiple of $DAYS"
done

[ -x /usr/bin/time ] || die "GNU time is needed at /usr/bin/time"
command -v python3 >/dev/null 2>&1 || die "python3 is needed to generate the input"
command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 is needed for the row counts"
if [ ! -x "$transform" ] || [ ! -x "$load" ]; then
	echo "bench-pipeline: building" >&2
	make -s -C "$root" >&2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-pipeline.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# Run copies: a `make` elsewhere in the tree during the run (a SAN=1 build,
# say) must not swap the binaries between one step and the next.
cp "$transform" "$load" "$tmp/"
transform=$tmp/meta-transform
load=$tmp/meta-load
note=
if grep -q __asan_init "$transform" "$load" 2>/dev/null; then
	note=" (WARNING: sanitizer build: times and RSS are not representative)"
	echo "bench-pipeline: bin/ holds a sanitizer (make SAN=1) build; rebuild with make" >&2
fi

# measure SIZE STEP IN_RECORDS OUTFILE COMMAND...: runs COMMAND with its
# stdout to OUTFILE and its stderr kept, under GNU time; prints the table
# line.  The caller reads $kib (peak RSS) and $tmp/err afterwards.
measure() {
	m_size=$1 m_step=$2 m_in=$3 m_out=$4
	shift 4
	if ! /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >"$m_out" 2>"$tmp/err"; then
		echo "bench-pipeline: size=$m_size step=$m_step failed:" >&2
		cat "$tmp/err" "$tmp/time" >&2
		exit 1
	fi
	read -r secs kib <"$tmp/time"
	extra=
	if [ "$m_step" != transform ]; then
		# meta-load -v ends with "N records (M changed)"; informational only.
		changed=$(sed -n 's/.* records (\([0-9]*\) changed).*/\1/p' "$tmp/err" | tail -n 1)
		extra=" changed=${changed:-?}"
	fi
	awk -v size="$m_size" -v step="$m_step" -v s="$secs" -v kib="$kib" -v rows="$m_size" \
	    -v recs="$m_in" -v extra="$extra" 'BEGIN {
		if (s + 0 > 0) {
			rps = sprintf("%.0f", rows / s); ips = sprintf("%.0f", recs / s)
		} else {
			rps = "n/a"; ips = "n/a"   # below the 0.01 s resolution of time(1)
		}
		printf "size=%d step=%s seconds=%s rows_per_s=%s in_records_per_s=%s peak_rss_mib=%.1f%s\n",
		       size, step, s, rps, ips, kib / 1024, extra
	}'
}

echo "# metasync pipeline benchmark: $(uname -m), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cpus, sizes $*$note"
first=
last=
status=0
for n in "$@"; do
	in=$tmp/in-$n.ndjson
	typed=$tmp/typed-$n.ndjson
	db=$tmp/bench-$n.db

	echo "bench-pipeline: generating $n records" >&2
	python3 "$gen" "$n" "$DAYS" >"$in" 2>"$tmp/gen"
	actions=$(sed -n 's/^records=[0-9]* actions=\([0-9]*\)$/\1/p' "$tmp/gen")
	[ -n "$actions" ] || die "gen-insights.py did not report its counts: $(cat "$tmp/gen")"

	measure "$n" transform "$n" "$typed" "$transform" "$in"
	rss_transform=$kib
	measure "$n" load $((n + actions)) /dev/null "$load" -v --db "$db" "$typed"
	rss_load=$kib
	measure "$n" reload $((n + actions)) /dev/null "$load" -v --db "$db" "$typed"
	rss_reload=$kib

	got_insights=$(sqlite3 "$db" 'SELECT count(*) FROM insights')
	got_actions=$(sqlite3 "$db" 'SELECT count(*) FROM insight_actions')
	verdict=ok
	if [ "$got_insights" != "$n" ] || [ "$got_actions" != "$actions" ]; then
		verdict=MISMATCH
		status=1
	fi
	echo "size=$n rows insights=$got_insights (expected $n) insight_actions=$got_actions (expected $actions) $verdict"

	[ -n "$first" ] || first="$n $rss_transform $rss_load $rss_reload"
	last="$n $rss_transform $rss_load $rss_reload"
	rm -f "$in" "$typed" "$db" "$db-wal" "$db-shm"
done

if [ $# -gt 1 ]; then
	echo "$first $last" | awk '{
		printf "peak_rss_ratio size=%d/%d transform=%.2f load=%.2f reload=%.2f (flat memory: close to 1)\n",
		       $5, $1, $6 / $2, $7 / $3, $8 / $4
		if ($6 / $2 > 1.5 || $7 / $3 > 1.5 || $8 / $4 > 1.5)
			print "bench-pipeline: peak RSS grows with the input size" > "/dev/stderr"
	}'
fi
[ "$status" -eq 0 ] || die "row counts differ from the input"

#!/bin/sh
# bench-pipeline.sh - speed, peak memory and database size of meta-transform
# and meta-load on insights as wide as Meta serves them, next to jq.
#
# usage: scripts/bench-pipeline.sh [SIZE...]     (default: 30000 300000)
#
# For each SIZE (insights rows; a multiple of 30, as the input is SIZE/30
# ads times 30 days) scripts/gen-insights.py writes a deterministic file
# as meta-fetch emits it: 32 fields a row, numbers as strings, five action
# lists of 5 to 15 entries with attribution windows, and outbound_clicks
# (about 4.5 kB a row).  Then, each step on its own, under GNU time
# (/usr/bin/time -f '%e %M'; without it, a python3 wrapper samples VmHWM
# in /proc) and under a timeout:
#   transform      meta-transform FILE                -> typed file
#   transform_map  meta-transform --map MAP FILE      -> a scratch file
#                  (when meta-transform --help lists --map and
#                  scripts/maps/agency.json exists; else "map: n/a")
#   jq             jq -c -f RETYPE FILE               -> a scratch file
#                  (the same retyping in jq: every numeric string to a
#                  number, ids and dates left alone, in the action lists
#                  too; the program is below)
#   load           meta-load --db DB typed file       (a fresh database)
#   reload         meta-load --db DB typed file       (the same database:
#                  every row is upserted again)
# and prints, per size and step: seconds, insights rows per second and
# peak RSS; the speed of meta-transform over jq's; the database's bytes
# per insights row after the load and after the reload (the file, and
# page_count x page_size) and its largest tables and indexes (from dbstat
# when sqlite3 has it); the insights rows in the database against the
# input's.  At the end, per step, the peak RSS
# at the largest size over the peak RSS at the smallest.  The issue's
# targets are printed next to the figures (", MISSED" when one is not
# met): meta-transform >= 8x jq's rows/s; meta-load >= 100,000 insights
# rows/s; <= 1,200 bytes of database per insights row; peak RSS <= 16 MiB
# and flat from the smallest size to the largest (taken here as a ratio
# <= 1.25).
#
# Counts no insight_actions: the record shape is changing (one record per
# insight with its action lists inside instead of one record per action
# entry), so it only checks SELECT count(*) FROM insights against SIZE,
# after the load and after the reload.
#
# Exits 1 when a step fails or times out (BENCH_STEP_TIMEOUT seconds, 1800
# by default) or rows are missing.  It prints figures and asserts nothing
# about them.  jq 1.6 is wanted: when jq is missing it is installed with
# apt-get (as root), else the jq lines say n/a.  Scratch files go to a
# directory from mktemp -d (honours TMPDIR), removed on exit: at the size
# of 300,000, 1.4 GB of input, and, while meta-transform writes one
# insight_actions record per action entry, an 8 GB typed file and a 6 GB
# database.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
root=$(dirname -- "$here")
. "$here/bench-lib.sh"
transform=$root/bin/meta-transform
load=$root/bin/meta-load
gen=$here/gen-insights.py
map=$here/maps/agency.json
DAYS=30
STEP_TIMEOUT=${BENCH_STEP_TIMEOUT:-1800}
# Targets from the issue (printed, not asserted).
TARGET_JQ_SPEEDUP=8
TARGET_LOAD_ROWS_S=100000
TARGET_BYTES_ROW=1200
TARGET_RSS_MIB=16
TARGET_RSS_RATIO=1.25

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
case $STEP_TIMEOUT in
'' | *[!0-9]* | 0*) die "BENCH_STEP_TIMEOUT '$STEP_TIMEOUT' is not a positive integer" ;;
esac

command -v python3 >/dev/null 2>&1 || die "python3 is needed to generate the input"
command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 is needed for the row counts"
command -v timeout >/dev/null 2>&1 || die "timeout (coreutils) is needed"
if [ ! -x "$transform" ] || [ ! -x "$load" ]; then
	echo "bench-pipeline: building" >&2
	make -s -C "$root" >&2
fi
if ! command -v jq >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "bench-pipeline: installing jq (apt-get install -y jq)" >&2
	apt-get install -y -q jq >&2 || echo "bench-pipeline: could not install jq" >&2
fi
jq_version=n/a
if command -v jq >/dev/null 2>&1; then
	jq_version=$(jq --version 2>&1 || echo '?')
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

# --map: being built elsewhere; used when both the option and the example exist.
have_map=no
map_note="map: n/a (meta-transform --help lists no --map)"
if "$transform" --help 2>&1 | grep -q -- --map; then
	if [ -f "$map" ]; then
		have_map=yes
		cp "$map" "$tmp/map.json"
		map_note="map: scripts/maps/agency.json"
	else
		map_note="map: n/a (no scripts/maps/agency.json)"
	fi
fi

# The retyping in jq: every numeric string of a RECORD to a number, in the
# action lists too, except ids (id, *_id) and dates; other strings as they
# are.  Written for jq 1.6: objects are rebuilt with reduce (with_entries
# and from_entries are several times slower there) and `|=` is avoided (in
# 1.6 it turns `tonumber? // .` into null).
cat >"$tmp/retype.jq" <<'EOF'
def num: if type == "string" then (tonumber? // .) else . end;
def entry: . as $e | reduce (keys_unsorted[] | select(. != "action_type")) as $k ($e; .[$k] = ($e[$k] | num));
if .type == "RECORD" then
  .record as $r
  | .record = reduce ($r | keys_unsorted[]) as $k ($r;
      if $k == "id" or ($k | endswith("_id")) or $k == "date_start" or $k == "date_stop" then .
      else $r[$k] as $v
      | if ($v | type) == "array" then .[$k] = [$v[] | if type == "object" then entry else num end]
        else .[$k] = ($v | num) end
      end)
else . end
EOF

write_rusage "$tmp/rusage.py"
if [ -x /usr/bin/time ]; then
	timer="GNU time"
else
	timer="VmHWM in /proc, sampled (no /usr/bin/time: apt-get install time)"
fi

# run OUTFILE COMMAND...: runs COMMAND under timeout, stdout to OUTFILE,
# stderr to $tmp/err; sets $secs and $kib (peak RSS).  Exits on failure.
run() {
	r_out=$1
	shift
	if [ -x /usr/bin/time ]; then
		set -- /usr/bin/time -f '%e %M' -o "$tmp/time" timeout "$STEP_TIMEOUT" "$@"
	else
		set -- python3 "$tmp/rusage.py" "$tmp/time" "$STEP_TIMEOUT" "$@"
	fi
	rm -f "$tmp/time"
	if ! "$@" >"$r_out" 2>"$tmp/err"; then
		echo "bench-pipeline: size=$size step=$step failed (timeout: $STEP_TIMEOUT s):" >&2
		tail -n 20 "$tmp/err" >&2
		[ ! -f "$tmp/time" ] || cat "$tmp/time" >&2
		exit 1
	fi
	read -r secs kib _ <"$tmp/time"
}

# figures ROWS SECS KIB [RPS_TARGET]: "seconds=.. rows_per_s=.. [(target
# ..)] peak_rss_mib=.. (target ..)"
figures() {
	awk -v rows="$1" -v s="$2" -v kib="$3" -v tr="${4:-}" -v t="$TARGET_RSS_MIB" 'BEGIN {
		if (s + 0 > 0) {
			rps = sprintf("%.0f", rows / s)
			if (tr != "")
				rps = rps sprintf(" (target >= %d%s)", tr, (rows / s >= tr + 0) ? "" : ", MISSED")
		} else
			rps = "n/a"   # below the 0.01 s of time(1)
		mib = kib / 1024
		printf "seconds=%s rows_per_s=%s peak_rss_mib=%.1f (target <= %s%s)", s, rps, mib, t,
		       (mib <= t + 0) ? "" : ", MISSED"
	}'
}

# db_size STEP: the database after STEP: the file (plus a WAL left behind,
# if any) and its pages, per insights row.
db_size() {
	bytes=$(($(wc -c <"$db")))
	[ ! -f "$db-wal" ] || bytes=$((bytes + $(wc -c <"$db-wal")))
	page_count=$(sqlite3 -batch "$db" 'PRAGMA page_count')
	page_size=$(sqlite3 -batch "$db" 'PRAGMA page_size')
	awk -v size="$size" -v step="$1" -v b="$bytes" -v pc="$page_count" -v ps="$page_size" \
	    -v t="$TARGET_BYTES_ROW" 'BEGIN {
		r = b / size
		printf "size=%d db after=%s bytes=%d page_count=%d page_size=%d bytes_per_row=%.0f" \
		       " (page_count x page_size: %.0f a row; target <= %d%s)\n",
		       size, step, b, pc, ps, r, pc * ps / size, t, (r <= t + 0) ? "" : ", MISSED"
	}'
}

load_avg=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo '?')
echo "# metasync pipeline benchmark: $(uname -m), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cpus," \
	"load average $load_avg, sizes $*$note"
echo "# jq: $jq_version$(case $jq_version in jq-1.6) ;; *) echo ' (the issue compares with jq 1.6)' ;; esac);" \
	"$map_note; peak RSS from $timer; step timeout $STEP_TIMEOUT s"

status=0
rss_first=
rss_last=
for size in "$@"; do
	in=$tmp/in-$size.ndjson
	typed=$tmp/typed-$size.ndjson
	scratch=$tmp/scratch.ndjson
	db=$tmp/bench-$size.db

	echo "bench-pipeline: generating $size rows" >&2
	python3 "$gen" "$size" "$DAYS" >"$in" 2>"$tmp/gen" || { cat "$tmp/gen" >&2; die "gen-insights.py failed"; }
	entries=$(sed -n 's/^records=[0-9]* action_entries=\([0-9]*\) .*/\1/p' "$tmp/gen")
	echo "size=$size input bytes=$(wc -c <"$in" | tr -d ' ') bytes_per_row=$(($(wc -c <"$in") / size))" \
		"action_entries=${entries:-?}"

	step=transform
	run "$typed" "$transform" "$in"
	t_secs=$secs
	k_transform=$kib
	echo "size=$size step=transform $(figures "$size" "$secs" "$kib")"

	k_map=0
	m_secs=
	if [ "$have_map" = yes ]; then
		step=transform_map
		run "$scratch" "$transform" --map "$tmp/map.json" "$in"
		rm -f "$scratch"
		m_secs=$secs
		k_map=$kib
		echo "size=$size step=transform_map $(figures "$size" "$secs" "$kib")"
	else
		echo "size=$size step=transform_map $map_note"
	fi

	k_jq=0
	if [ "$jq_version" != n/a ]; then
		step=jq
		run "$scratch" jq -c -f "$tmp/retype.jq" "$in"
		rm -f "$scratch"
		k_jq=$kib
		echo "size=$size step=jq $(figures "$size" "$secs" "$kib" | sed 's/ (target[^)]*)//') ($jq_version)"
		for which in transform transform_map; do
			[ "$which" = transform ] && mt=$t_secs || mt=$m_secs
			[ -n "$mt" ] || continue
			awk -v size="$size" -v w="$which" -v t="$mt" -v j="$secs" -v target="$TARGET_JQ_SPEEDUP" 'BEGIN {
				if (t + 0 > 0 && j + 0 > 0) {
					r = j / t
					printf "size=%d speedup %s/jq=%.2f (jq %s s / %s s; target >= %s%s)\n", size, w, r,
					       j, t, target, (r >= target + 0) ? "" : ", MISSED"
				} else
					printf "size=%d speedup %s/jq=n/a (a step took under 0.01 s)\n", size, w
			}'
		done
	else
		echo "size=$size step=jq n/a (no jq)"
	fi
	rm -f "$in"

	rm -f "$db" "$db-wal" "$db-shm"
	for step in load reload; do
		run "$tmp/load.out" "$load" -v --db "$db" "$typed"
		[ "$step" = load ] && k_load=$kib || k_reload=$kib
		# meta-load -v ends with "N records (M changed)"; informational only.
		changed=$(sed -n 's/.* records (\([0-9]*\) changed).*/\1/p' "$tmp/err" | tail -n 1)
		got=$(sqlite3 -batch "$db" 'SELECT count(*) FROM insights')
		verdict=ok
		if [ "$got" != "$size" ]; then
			verdict=MISSING
			status=1
		fi
		echo "size=$size step=$step $(figures "$size" "$secs" "$kib" "$TARGET_LOAD_ROWS_S")" \
			"records_changed=${changed:-?} insights_rows=$got (expected $size) $verdict"
		db_size "$step"
	done
	tables=$(sqlite3 -batch -separator '=' "$db" \
		"SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 6" 2>/dev/null | tr '\n' ' ' || true)
	[ -z "$tables" ] || echo "size=$size db bytes_by_table ${tables% } (largest tables and indexes)"
	rm -f "$typed" "$db" "$db-wal" "$db-shm"

	[ -n "$rss_first" ] || rss_first="$size $k_transform $k_map $k_jq $k_load $k_reload"
	rss_last="$size $k_transform $k_map $k_jq $k_load $k_reload"
done

if [ "$rss_first" != "$rss_last" ]; then
	echo "$rss_first $rss_last" | awk -v t="$TARGET_RSS_RATIO" '
	function ratio(a, b) {
		if (a == 0 || b == 0) return "n/a"
		return sprintf("%.2f%s", b / a, (b / a <= t + 0) ? "" : " MISSED")
	}
	{
		printf "peak_rss_ratio size=%d/%d transform=%s transform_map=%s jq=%s load=%s reload=%s" \
		       " (target: flat, <= %s)\n", $7, $1, ratio($2, $8), ratio($3, $9), ratio($4, $10),
		       ratio($5, $11), ratio($6, $12), t
	}'
fi
[ "$status" -eq 0 ] || die "the database does not hold every input row"

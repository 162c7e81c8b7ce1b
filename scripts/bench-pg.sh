#!/bin/bash
# bench-pg.sh - the PostgreSQL store: insight rows/s loaded into PostgreSQL
# and into SQLite on the same rows, and the wall time of a four-account
# backfill by one host against three hosts sharing the accounts.
#
# usage: scripts/bench-pg.sh [ROWS]     (default 300000, a multiple of 30)
#
# Starts its own PostgreSQL server (tests/lib.sh's start_postgres: initdb
# into a scratch directory, a Unix socket, fsync off as in the tests) and
# the bundled fake Graph server.
#
# Load: scripts/gen-insights.py writes ROWS insights as meta-fetch emits
# them (ROWS/30 ads x 30 days), meta-transform types them once (not
# timed), then meta-load loads the typed file, timed, into a new SQLite
# file, into a new PostgreSQL database, and into the same PostgreSQL
# database again (every row upserted again, none changed).
#
# Backfill: a fake of four accounts (--campaigns 4 --adsets 3 --ads 4 each)
# answering every request after BENCH_LATENCY_MS (500, a Graph insights
# answer's order of magnitude; much lower, the fake's one Python process and
# the machine's cores, which all the hosts share here, are what limits), and
# meta-backfill over the four accounts (repeated -a, --days 90) into a new
# PostgreSQL database: one run, then, into another new database, three
# runs started together (three hosts; here three processes).  Wall time of
# each, the ratio three/one, and a check that every account's insights
# were fetched once (the fake's request log).
#
# Targets (printed, not asserted): >= 50,000 insight rows/s into
# PostgreSQL; three hosts <= 0.45x the wall time of one.  An account is
# fetched whole by one host, so four accounts of one size on three hosts
# take two accounts' time at best: 0.50 of one host's four, printed as the
# bound.  Exits 1 when a
# step fails.  Scratch files go to a directory from mktemp -d (TMPDIR).
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
root=$(dirname -- "$here")
ROWS=${1:-300000}
LATENCY=${BENCH_LATENCY_MS:-500}
TARGET_ROWS=50000
TARGET_RATIO=0.45

# tests/lib.sh: the PostgreSQL and fake server helpers, its scratch
# directory ($SCRATCH) and its cleanup on exit.
. "$root/tests/lib.sh"
[ -x "$root/bin/meta-load" ] || make -s -C "$root" >&2

now () { date +%s.%N; }
secs () { python3 -c 'import sys; print("%.2f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$1" "$2"; }
rate () { python3 -c 'import sys; print("%.0f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"; }

start_postgres || { echo "bench-pg: PostgreSQL cannot run here" >&2; exit 1; }

echo "bench-pg: $ROWS insights rows"
python3 "$here/gen-insights.py" "$ROWS" >"$SCRATCH/raw.ndjson" 2>/dev/null
meta-transform "$SCRATCH/raw.ndjson" >"$SCRATCH/typed.ndjson"
rm -f "$SCRATCH/raw.ndjson"

t0=$(now)
meta-load -q --db "$SCRATCH/bench.db" "$SCRATCH/typed.ndjson" >/dev/null
t1=$(now)
lite_s=$(secs "$t0" "$t1")
pg=$(pg_createdb bench)
t0=$(now)
meta-load -q --db "$pg" "$SCRATCH/typed.ndjson" >/dev/null
t1=$(now)
pg_s=$(secs "$t0" "$t1")
t0=$(now)
meta-load -q --db "$pg" "$SCRATCH/typed.ndjson" >/dev/null
t1=$(now)
pg_re_s=$(secs "$t0" "$t1")
n_lite=$(sql "$SCRATCH/bench.db" "SELECT count(*) FROM insights")
n_pg=$(psql_query "$pg" "SELECT count(*) FROM insights")
pg_rate=$(rate "$ROWS" "$pg_s")
printf 'load   sqlite      %8ss %8s rows/s  (%s rows in the table)\n' "$lite_s" "$(rate "$ROWS" "$lite_s")" "$n_lite"
printf 'load   postgresql  %8ss %8s rows/s  (%s rows in the table)%s\n' "$pg_s" "$pg_rate" "$n_pg" \
	"$([ "$pg_rate" -ge $TARGET_ROWS ] && echo ", target >= $TARGET_ROWS met" || echo ", target >= $TARGET_ROWS MISSED")"
printf 'reload postgresql  %8ss %8s rows/s  (nothing changed)\n' "$pg_re_s" "$(rate "$ROWS" "$pg_re_s")"
rm -f "$SCRATCH/typed.ndjson" "$SCRATCH/bench.db"*
[ "$n_lite" -eq "$ROWS" ] && [ "$n_pg" -eq "$ROWS" ] || { echo "bench-pg: rows missing" >&2; exit 1; }

META_ACCESS_TOKEN=bench-pg-token
export META_ACCESS_TOKEN
start_fake_graph --seed 5 --accounts 4 --campaigns 4 --adsets 3 --ads 4
fake POST /__control "{\"latency_ms\": $LATENCY}" >/dev/null
set -- $(fake GET /__truth/accounts | json '" ".join(d["accounts"])')

# hosts N DB: N runs over the four accounts started together; prints the wall seconds.
hosts () {
	h_t0=$(now)
	h_pids=
	for h_i in $(seq "$1"); do
		meta-backfill -q -a "$A1" -a "$A2" -a "$A3" -a "$A4" --db "$2" --days 90 &
		h_pids="$h_pids $!"
	done
	for h_p in $h_pids; do
		wait "$h_p" || return 1
	done
	secs "$h_t0" "$(now)"
}

# fetched_once: every account's insights days asked for exactly once since the log's reset.
fetched_once () {
	fake GET /__requests | python3 -c '
import collections, datetime as dt, json, sys
n = collections.Counter()
for r in json.load(sys.stdin):
    q = r.get("query", {})
    if r["method"] == "GET" and r["path"].endswith("/insights") and "after" not in q and "time_range" in q:
        t = json.loads(q["time_range"])
        s, u = dt.date.fromisoformat(t["since"]), dt.date.fromisoformat(t["until"])
        for k in range((u - s).days + 1):
            n[r["path"], s + dt.timedelta(days=k)] += 1
print("yes" if n and max(n.values()) == 1 else "NO")'
}

A1=$1 A2=$2 A3=$3 A4=$4
fake POST /__requests/reset >/dev/null
one=$(hosts 1 "$(pg_createdb hosts1)")
once1=$(fetched_once)
fake POST /__requests/reset >/dev/null
three=$(hosts 3 "$(pg_createdb hosts3)")
once3=$(fetched_once)
ratio=$(python3 -c 'import sys; print("%.2f" % (float(sys.argv[2]) / float(sys.argv[1])))' "$one" "$three")
printf 'backfill 4 accounts, latency %s ms: one host %ss (each fetched once: %s), three hosts %ss (%s)\n' \
	"$LATENCY" "$one" "$once1" "$three" "$once3"
printf 'three hosts / one host: %s (bound for 4 equal accounts on 3 hosts: 0.50)%s\n' "$ratio" \
	"$(python3 -c 'import sys; print(", target <= %s met" % sys.argv[2] if float(sys.argv[1]) <= float(sys.argv[2]) else ", target <= %s MISSED" % sys.argv[2])' "$ratio" $TARGET_RATIO)"

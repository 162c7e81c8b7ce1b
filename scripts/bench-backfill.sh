#!/bin/sh
# bench-backfill.sh - requests and wall time of meta-backfill against the
# bundled fake Graph server: a first backfill, then the incremental run
# that cron would make right after it.
#
# usage: scripts/bench-backfill.sh [--accounts N] [--campaigns N] [--adsets N]
#            [--ads N] [--latency-ms MS] [--days N] [--seed N]
#            [-- MORE-META-BACKFILL-OPTIONS...]
#
# Defaults: 1 account x 20 campaigns x 10 ad sets x 10 ads (2,000 ads),
# 200 ms of latency on every Graph answer (so the number of requests is
# what costs time, as against the real API), --days 90, seed 1.  The fake
# server (tests/fake-graph.py) runs with --today set to today's UTC date,
# since meta-backfill takes "yesterday" from the clock.  Options after
# `--` go to both meta-backfill runs (e.g. -- --jobs 16 --lookback 7;
# --since there replaces --days).
#
# For each run (first, incremental) it prints:
#   run=R wall_seconds=.. cpu_seconds=.. peak_rss_mib=.. requests=..
#         graph_requests_logged=..  (meta-backfill's time, user + system
#         CPU and peak RSS under GNU time; the report's requests, summed
#         over accounts, and the top-level Graph requests the fake server
#         logged: a cross-check)
#   run=R account=A range=S..U chunks_planned=.. chunks_done=.. days_fetched=..
#         rows=.. requests=.. rate_limit_errors=.. throttled_seconds=..
#         duration_seconds=..        (from the report, one line per account)
#   run=R requests_by_kind ...      (where the logged requests went: account
#         node, campaigns/adsets/ads edges, first and further insights pages,
#         batch items, answers other than 200)
#   run=R check account=A range=S..U insights_rows=.. (truth ..) spend=..
#         (truth ..) impressions=.. (truth ..) ok|MISMATCH
# The check compares the database with /__truth/insights (level=ad, or
# the --level passed on, time_increment=1) over the report's range, after
# each run.  The last line is the ratio of incremental to first-run
# requests, next to the ratio of days fetched (the look-back window over
# the range), to which it should stay close.
#
# Exits 1 when a run fails or the database differs from the truth.  It
# prints figures and asserts nothing about them.  Scratch files (database,
# reports, the server's port file) go to a directory from mktemp -d
# (honours TMPDIR), removed on exit; the fake server is stopped on exit.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
root=$(dirname -- "$here")
backfill=$root/bin/meta-backfill
fake=$root/tests/fake-graph.py

die() {
	echo "bench-backfill: $*" >&2
	exit 1
}

usage() {
	sed -n '/^# usage:/,/^#$/s/^# \{0,1\}//p' "$0"
}

accounts=1 campaigns=20 adsets=10 ads=10 latency=200 days=90 seed=1
while [ $# -gt 0 ]; do
	case $1 in
	-h | --help)
		usage
		exit 0
		;;
	--) shift; break ;;
	--accounts=* | --campaigns=* | --adsets=* | --ads=* | --latency-ms=* | --days=* | --seed=*)
		opt=${1%%=*} val=${1#*=}
		shift
		;;
	--accounts | --campaigns | --adsets | --ads | --latency-ms | --days | --seed)
		[ $# -ge 2 ] || die "$1 needs a value"
		opt=$1 val=$2
		shift 2
		;;
	*)
		usage >&2
		die "unknown argument '$1'"
		;;
	esac
	case $val in
	'' | *[!0-9]* | 0?*) die "$opt '$val' is not a whole number" ;;
	esac
	[ "$val" -gt 0 ] || [ "$opt" = --latency-ms ] || [ "$opt" = --seed ] || die "$opt must be positive"
	case $opt in
	--accounts) accounts=$val ;;
	--campaigns) campaigns=$val ;;
	--adsets) adsets=$val ;;
	--ads) ads=$val ;;
	--latency-ms) latency=$val ;;
	--days) days=$val ;;
	--seed) seed=$val ;;
	esac
done
# "$@" is now what goes to meta-backfill after our options; the check
# follows its --level.
level=ad
range="--days $days"
prev=
for arg in "$@"; do
	case $prev,$arg in
	--level,*) level=$arg ;;
	*,--level=*) level=${arg#--level=} ;;
	*,--since | *,--since=*) range= ;;   # an explicit range replaces --days
	esac
	prev=$arg
done
case $level in
account | campaign | adset | ad) ;;
*) die "--level '$level': expected account, campaign, adset or ad" ;;
esac

[ -x /usr/bin/time ] || die "GNU time is needed at /usr/bin/time"
command -v python3 >/dev/null 2>&1 || die "python3 is needed for the fake Graph server"
command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 is needed for the checks"
command -v curl >/dev/null 2>&1 || die "curl is needed to talk to the fake server"
if [ ! -x "$backfill" ]; then
	echo "bench-backfill: building" >&2
	make -s -C "$root" >&2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-backfill.XXXXXX")
server=
cleanup() {
	if [ -n "$server" ]; then
		kill "$server" 2>/dev/null || true
		wait "$server" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# A run copy: a `make` elsewhere in the tree during the run must not swap
# the binary between the two runs.
cp "$backfill" "$tmp/"
backfill=$tmp/meta-backfill
note=
if grep -q __asan_init "$backfill" 2>/dev/null; then
	note=" (WARNING: sanitizer build: times and RSS are not representative)"
	echo "bench-backfill: bin/ holds a sanitizer (make SAN=1) build; rebuild with make" >&2
fi

today=$(date -u +%F)
# The fake runs with a listen backlog of 128 instead of socketserver's 5:
# with 5, the burst of --jobs connections a run opens overflows the queue
# and the dropped SYNs are retried a second later, a stall of the fake
# that would count as about 1 s of every run's wall time.
python3 -c 'import http.server, runpy, sys
http.server.ThreadingHTTPServer.request_queue_size = 128
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")' "$fake" --port 0 --port-file "$tmp/port" --seed "$seed" --accounts "$accounts" \
	--campaigns "$campaigns" --adsets "$adsets" --ads "$ads" --today "$today" \
	--latency-ms "$latency" 2>"$tmp/fake.err" &
server=$!
i=0
while [ ! -s "$tmp/port" ]; do
	i=$((i + 1))
	if [ "$i" -gt 200 ] || ! kill -0 "$server" 2>/dev/null; then
		cat "$tmp/fake.err" >&2
		die "the fake Graph server did not start"
	fi
	sleep 0.05
done
url=http://127.0.0.1:$(cat "$tmp/port")

# Only what this script sets may steer meta-backfill.
unset META_APP_SECRET META_API_VERSION META_NOTIFY_URL || true
META_GRAPH_URL=$url
META_ACCESS_TOKEN=bench-token   # the fake accepts any token without --token
export META_GRAPH_URL META_ACCESS_TOKEN

curl -sf "$url/__truth/accounts" >"$tmp/accounts.json" || die "cannot list the fake's accounts"
# One -a per account of the fake (ids are act_<digits>: no splitting surprises).
# shellcheck disable=SC2046,SC2086
set -- $(python3 -c 'import json,sys; print(" ".join("-a " + a for a in json.load(open(sys.argv[1]))["accounts"]))' \
	"$tmp/accounts.json") $range "$@"
nads=$((accounts * campaigns * adsets * ads))
echo "# metasync backfill benchmark: $(uname -m), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cpus," \
	"fake Graph: $accounts account(s) x $campaigns campaigns x $adsets ad sets x $ads ads = $nads ads," \
	"latency ${latency} ms, today $today (UTC)$note"
echo "# meta-backfill -q $* --db DB --report R"

# summarize RUN REPORT REQUESTS-LOG: the report and log lines of a run;
# writes "REQUESTS LOGGED DAYS_FETCHED WALL_SECONDS" to $tmp/RUN.totals and one
# "ACCOUNT SINCE UNTIL" line per account to $tmp/RUN.ranges.
summarize() {
	python3 - "$@" "$tmp" <<'EOF'
import json, re, sys
run, report, log, tmp = sys.argv[1:5]
rep = json.load(open(report))
reqs = json.load(open(log))
accts = rep["accounts"]
total = sum(a["requests"] for a in accts)
top = [r for r in reqs if not r.get("batch")]
kinds = {"account": 0, "campaigns": 0, "adsets": 0, "ads": 0, "insights_first_pages": 0,
         "insights_next_pages": 0, "other": 0}
for r in top:
    m = re.fullmatch(r"/v\d+\.\d+/act_\d+(?:/(campaigns|adsets|ads|insights))?", r["path"])
    if not m:
        kinds["other"] += 1
    elif m.group(1) is None:
        kinds["account"] += 1
    elif m.group(1) == "insights":
        kinds["insights_next_pages" if "after" in r["query"] else "insights_first_pages"] += 1
    else:
        kinds[m.group(1)] += 1
batch_items = sum(1 for r in reqs if r.get("batch"))
non200 = sum(1 for r in top if r["status"] != 200)
with open(f"{tmp}/{run}.extra") as f:
    secs, kib, user, sys_ = f.read().split()
print(f"run={run} wall_seconds={secs} cpu_seconds={float(user) + float(sys_):.2f} "
      f"peak_rss_mib={int(kib) / 1024:.1f} requests={total} "
      f"graph_requests_logged={len(top)}" + ("" if total == len(top) else " (DIFFERENT)"))
ranges = []
for a in accts:
    rng = a.get("range") or {}
    ranges.append(f"{a['account']} {rng.get('since')} {rng.get('until')}")
    print(f"run={run} account={a['account']} range={rng.get('since')}..{rng.get('until')} "
          f"chunks_planned={a['chunks']['planned']} chunks_done={a['chunks']['done']} "
          f"days_fetched={a['days_fetched']} rows={a['rows']} requests={a['requests']} "
          f"rate_limit_errors={a['rate_limit_errors']} throttled_seconds={a['throttled_seconds']:g} "
          f"duration_seconds={a['duration_seconds']:.2f}")
print(f"run={run} requests_by_kind " + " ".join(f"{k}={v}" for k, v in kinds.items())
      + f" batch_items={batch_items} non_200={non200}")
with open(f"{tmp}/{run}.ranges", "w") as f:
    f.write("\n".join(ranges) + "\n")
with open(f"{tmp}/{run}.totals", "w") as f:
    f.write(f"{total} {len(top)} {sum(a['days_fetched'] for a in accts)} {secs}\n")
if total != len(top):
    print(f"bench-backfill: run {run}: the report counts {total} requests, the fake server "
          f"logged {len(top)}", file=sys.stderr)
EOF
}

# check RUN: the database against the truth over each account's range.
# Sets status=1 on a difference.
check() {
	while read -r acct since until; do
		if [ "$since" = None ] || [ "$until" = None ]; then
			echo "run=$1 check account=$acct: no range in the report MISMATCH"
			status=1
			continue
		fi
		curl -sf "$url/__truth/insights?account_id=$acct&level=$level&time_increment=1&since=$since&until=$until" \
			>"$tmp/truth.json" || die "cannot get the truth for $acct $since..$until"
		want=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["rows"], d["spend_cents"], d["impressions"])' \
			"$tmp/truth.json")
		got=$(sqlite3 -batch -separator ' ' "$db" "
			SELECT count(*), COALESCE(SUM(CAST(round(spend * 100) AS INTEGER)), 0),
			       COALESCE(SUM(impressions), 0)
			FROM insights WHERE level = '$level' AND account_id = '${acct#act_}'
			  AND date_start BETWEEN '$since' AND '$until'")
		verdict=ok
		[ "$got" = "$want" ] || { verdict=MISMATCH; status=1; }
		echo "$got $want" | awk -v run="$1" -v a="$acct" -v s="$since" -v u="$until" -v v="$verdict" '{
			printf "run=%s check account=%s range=%s..%s insights_rows=%d (truth %d) spend=%.2f (truth %.2f) impressions=%d (truth %d) %s\n",
			       run, a, s, u, $1, $4, $2 / 100, $5 / 100, $3, $6, v
		}'
	done <"$tmp/$1.ranges"
}

db=$tmp/bench.db
status=0
for run in first incremental; do
	curl -sf -X POST "$url/__requests/reset" >/dev/null || die "cannot reset the fake's request log"
	echo "bench-backfill: $run run" >&2
	if ! /usr/bin/time -f '%e %M %U %S' -o "$tmp/time" "$backfill" -q "$@" --db "$db" \
	    --report "$tmp/$run.json" >/dev/null 2>"$tmp/err"; then
		echo "bench-backfill: the $run run failed:" >&2
		cat "$tmp/err" "$tmp/time" >&2
		[ ! -s "$tmp/$run.json" ] || cat "$tmp/$run.json" >&2
		exit 1
	fi
	[ ! -s "$tmp/err" ] || sed 's/^/bench-backfill: meta-backfill: /' "$tmp/err" >&2
	cp "$tmp/time" "$tmp/$run.extra"
	curl -sf "$url/__requests" >"$tmp/$run.requests.json" || die "cannot read the fake's request log"
	summarize "$run" "$tmp/$run.json" "$tmp/$run.requests.json"
	check "$run"
done

read -r r1 l1 d1 s1 <"$tmp/first.totals"
read -r r2 l2 d2 s2 <"$tmp/incremental.totals"
awk -v r1="$r1" -v r2="$r2" -v l1="$l1" -v l2="$l2" -v d1="$d1" -v d2="$d2" -v s1="$s1" -v s2="$s2" '
function ratio(a, b) { return b > 0 ? sprintf("%.3f", a / b) : "n/a" }
BEGIN {
	printf "ratio incremental/first requests=%s (%d/%d) graph_requests_logged=%s days_fetched=%s (%d/%d) wall_seconds=%s\n",
	       ratio(r2, r1), r2, r1, ratio(l2, l1), ratio(d2, d1), d2, d1, ratio(s2, s1)
}'
[ "$status" -eq 0 ] || die "the database differs from the truth"

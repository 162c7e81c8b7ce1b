#!/bin/sh
# bench-ratelimit.sh - how much of the call rate Meta allows a backfill
# uses when the limit binds, and how often it is throttled.
#
# usage: scripts/bench-ratelimit.sh [-a ACCOUNTS] [-d DAYS] [-j JOBS]
#
#   -a ACCOUNTS  ad accounts in the fake (default 1), all backfilled
#   -d DAYS      days of insights, one request each (--chunk 1; default 600)
#   -j JOBS      meta-backfill --jobs (default: meta-backfill's own)
#
# The fake Graph server (tests/fake-graph.py, loopback only, small
# accounts: 1 campaign, 1 ad set, 2 ads, so every day is one page) limits
# calls in fixed windows of 2 s: 20 per account and 20 for the app.  One
# meta-backfill --days DAYS --chunk 1 over the accounts into a fresh
# SQLite file; then, from the fake's request log (GET /__requests):
#   calls      Graph requests (items of a batch are not requests)
#   throttled  rate-limit error answers among them (codes 4, 17, 32,
#              341, 613, 80000-80014)
#   wall       seconds meta-backfill ran
#   allowed    the time the limit allows for those calls: the calls beyond
#              the first window divided by the capacity (calls per window
#              of the binding limit: the app's, or the accounts' together
#              when less), times the window
#   ratio      allowed / wall; the issue's target is >= 0.90 with 0
#              throttles (printed, not asserted).
# With BENCH_KEEP_LOG=FILE in the environment the fake's request log is
# also copied to FILE, for a closer look at the timeline.
# Exits 1 when meta-backfill fails.  Scratch files go to a directory from
# mktemp -d (honours TMPDIR), removed on exit; the fake is stopped on exit,
# and meta-backfill is given --max-wait so a run that goes wrong ends.

set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
root=$(dirname -- "$here")
. "$here/bench-lib.sh"
fakepy=$root/tests/fake-graph.py
TODAY=2026-11-23
WINDOW=2
BUDGET=20
APP_BUDGET=20
TOKEN=bench-ratelimit-token-5b1f0c2e9a7d
TARGET_RATIO=0.90

die() {
	echo "bench-ratelimit: $*" >&2
	exit 1
}

accounts=1
days=600
jobs=
usage="usage: $0 [-a ACCOUNTS] [-d DAYS] [-j JOBS]"
while getopts a:d:j: opt; do
	case $opt in
	a) accounts=$OPTARG ;;
	d) days=$OPTARG ;;
	j) jobs=$OPTARG ;;
	*) die "$usage" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || die "$usage"
for v in "$accounts" "$days" ${jobs:+"$jobs"}; do
	case $v in
	'' | *[!0-9]* | 0*) die "'$v' is not a positive integer" ;;
	esac
done

command -v python3 >/dev/null 2>&1 || die "python3 is needed for the fake Graph server"
case $(date +%s.%N) in
*N*) die "date +%s.%N (GNU date) is needed for the timings" ;;
esac
if [ ! -x "$root/bin/meta-backfill" ]; then
	echo "bench-ratelimit: building" >&2
	make -s -C "$root" >&2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-ratelimit.XXXXXX")
fake_pid=
cleanup() {
	if [ -n "$fake_pid" ]; then
		kill "$fake_pid" 2>/dev/null || true
		wait "$fake_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

cp "$root/bin/meta-backfill" "$tmp/"
note=
if grep -q __asan_init "$tmp/meta-backfill" 2>/dev/null; then
	note=" (WARNING: sanitizer build: times are not representative)"
fi

rm -f "$tmp/port"
python3 "$fakepy" --port 0 --port-file "$tmp/port" --token "$TOKEN" --today "$TODAY" \
	--accounts "$accounts" --campaigns 1 --adsets 1 --ads 2 --history-days $((days + 30)) \
	2>"$tmp/graph.err" &
fake_pid=$!
fake_wait "$tmp/graph.err"

fake() {
	python3 - "$url" "$@" <<'EOF'
import json, sys, urllib.request
url, method, path = sys.argv[1:4]
body = sys.argv[4].encode() if len(sys.argv) > 4 else None
req = urllib.request.Request(url + path, data=body, method=method,
                             headers={"Content-Type": "application/json"})
with urllib.request.urlopen(req, timeout=30) as r:
    sys.stdout.write(r.read().decode())
EOF
}

fake POST /__control "{\"usage_window_s\": $WINDOW, \"usage_budget\": $BUDGET, \"app_budget\": $APP_BUDGET}" \
	>/dev/null || die "cannot configure the fake"
acct_opts=$(fake GET /__truth/accounts | python3 -c 'import json, sys
print(" ".join("-a " + a for a in json.load(sys.stdin)["accounts"]))')
capacity=$((APP_BUDGET < BUDGET * accounts ? APP_BUDGET : BUDGET * accounts))

unset META_APP_SECRET META_API_VERSION || true
META_ACCESS_TOKEN=$TOKEN
META_GRAPH_URL=$url
export META_ACCESS_TOKEN META_GRAPH_URL

load_avg=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo '?')
echo "# metasync rate-limit benchmark: $(uname -m), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cpus," \
	"load average $load_avg$note"
echo "# fake Graph: $accounts account(s) of 2 ads; limit $BUDGET calls per account and $APP_BUDGET per app" \
	"in fixed ${WINDOW} s windows (capacity $capacity per window)"
echo "# meta-backfill --days $days --chunk 1${jobs:+ --jobs $jobs} over the accounts"

t0=$(date +%s.%N)
# shellcheck disable=SC2086 # $acct_opts is a word list
"$tmp/meta-backfill" -q $acct_opts --db "$tmp/bench.db" --days "$days" --chunk 1 ${jobs:+--jobs "$jobs"} \
	--max-wait 600 --json >"$tmp/report.json" 2>"$tmp/backfill.err" && rc=0 || rc=$?
t1=$(date +%s.%N)
if [ "$rc" -ne 0 ]; then
	cat "$tmp/backfill.err" >&2
	die "meta-backfill exited $rc"
fi

fake GET /__requests >"$tmp/requests.json"
[ -z "${BENCH_KEEP_LOG:-}" ] || cp "$tmp/requests.json" "$BENCH_KEEP_LOG"
python3 - "$tmp/requests.json" "$t0" "$t1" "$capacity" "$WINDOW" "$TARGET_RATIO" <<'EOF'
import json, sys
path, t0, t1, capacity, window, target = sys.argv[1:7]
t0, t1, capacity, window, target = float(t0), float(t1), int(capacity), float(window), float(target)
log = json.load(open(path))
calls = [e for e in log if e["path"].startswith("/v") and not e.get("batch")]
rate = {4, 17, 32, 341, 613} | set(range(80000, 80015))
throttled = sum(1 for e in calls if e.get("code") in rate)
other = sum(1 for e in calls if e["status"] != 200 and e.get("code") not in rate)
wall = t1 - t0
allowed = max(0, len(calls) - capacity) / capacity * window
ratio = allowed / wall if wall > 0 else 0
# The busiest window of the run, for the record: most calls in any `window` seconds.
ts = sorted(e["t"] for e in calls)
busiest, j = 0, 0
for i, t in enumerate(ts):
    while ts[j] <= t - window:
        j += 1
    busiest = max(busiest, i - j + 1)
missed = "" if ratio >= target and throttled == 0 else ", MISSED"
print(f"calls={len(calls)} throttled={throttled} other_errors={other} wall={wall:.2f} "
      f"allowed={allowed:.2f} ratio={ratio:.3f} (target >= {target:.2f} with 0 throttled{missed}) "
      f"busiest_{window:g}s={busiest} (capacity {capacity})")
EOF

#!/bin/sh
# bench-sync.sh - requests, rate-limit errors and wall time of a full sync
# from the fake Graph server at 200 ms per request, with meta-fetch's
# default --jobs and with --jobs 1.
#
# usage: scripts/bench-sync.sh [-n ADS] [-d DAYS] [-c CHUNK_DAYS]
#
#   -n ADS         ads in the fake account, a multiple of 100 (ADS/100
#                  campaigns x 10 ad sets x 10 ads; default 2000)
#   -d DAYS        days of insights, ending yesterday (default 90)
#   -c CHUNK_DAYS  pass --chunk-days to meta-fetch insights (default: none,
#                  meta-fetch's own default)
#
# One fake account (tests/fake-graph.py --accounts 1 --adsets 10 --ads 10,
# --latency-ms 200, --max-limit 500, --today 2026-11-23).  A sync is
#   meta-fetch account                       | meta-transform | meta-load
#   meta-fetch --include-archived campaigns  | meta-transform | meta-load
#   ... adsets, ads
#   meta-fetch --since S --until U insights  | meta-transform | meta-load
# (ad level, daily rows, the DAYS days up to the day before --today) into
# a fresh SQLite file.  It runs twice, each time against a freshly started
# fake (empty request log, cold row cache, empty rate-limit window): once
# with meta-fetch's default --jobs, once with --jobs 1.  For each run it
# prints, per step and in all:
#   requests     summed over the --stats files of the meta-fetch calls,
#                next to the number of Graph requests in the fake's log
#   lower_bound  ceil(objects / page size) per entity edge + 1 per account
#                node + ceil(insight rows / page size) over the whole range
#                (rows from /__truth; an empty edge or range still costs 1)
#   ratio        requests / lower_bound
#   rate_limit_errors, retries, wall seconds (the five pipelines, end to
#                end, summed; the script's own bookkeeping between them
#                is not counted)
# then speedup = wall(--jobs 1) / wall(default).  The issue's targets are
# printed next to the figures: ratio <= 1.15, speed-up >= 4, no rate-limit
# errors.  Explanatory figures: the best possible insights requests when
# the range is cut into chunks (sum over chunks of ceil(chunk rows / page
# size): every chunk ends on a partial page), predicted for other
# --chunk-days too; the insights requests of the run per chunk, from the
# fake's log, against that per-chunk bound; meta-fetch's own duration
# (from --stats, in the step lines), which includes time blocked on a full
# pipe.
# To tell meta-fetch's own speed-up from that of the whole pipeline, each
# run then fetches the same insights again with meta-fetch alone, output
# to a file (against another fresh fake: cold row cache), and the first
# run times meta-transform | meta-load of that file into a fresh
# database, without any fetch: what the consumer alone needs.  These two
# figures are printed on the "alone" lines and in the speed-up line.
#
# Exits 1 when a step fails or the database differs from the truth
# (insights rows and spend, entity and account counts).  It asserts
# nothing about requests or time.  Scratch files go to a directory from
# mktemp -d (honours TMPDIR; the default size needs about 0.5 GB),
# removed on exit; the fake is stopped on exit.

# Many variables come from `eval "$(helper ...)"` (name=value lines).
# shellcheck disable=SC2154
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
root=$(dirname -- "$here")
. "$here/bench-lib.sh"
fakepy=$root/tests/fake-graph.py
TODAY=2026-11-23
LATENCY_MS=200
MAX_LIMIT=500
ADSETS=10
ADS_PER_ADSET=10
TOKEN=bench-sync-token
# Targets from the issue (printed, not asserted).
TARGET_RATIO=1.15
TARGET_SPEEDUP=4

die() {
	echo "bench-sync: $*" >&2
	exit 1
}

ads=2000
days=90
chunk=
while getopts n:d:c: opt; do
	case $opt in
	n) ads=$OPTARG ;;
	d) days=$OPTARG ;;
	c) chunk=$OPTARG ;;
	*) die "usage: $0 [-n ADS] [-d DAYS] [-c CHUNK_DAYS]" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || die "usage: $0 [-n ADS] [-d DAYS] [-c CHUNK_DAYS]"
for v in "$ads" "$days" ${chunk:+"$chunk"}; do
	case $v in
	'' | *[!0-9]* | 0*) die "'$v' is not a positive integer" ;;
	esac
done
[ $((ads % (ADSETS * ADS_PER_ADSET))) -eq 0 ] || die "-n $ads is not a multiple of $((ADSETS * ADS_PER_ADSET))"
campaigns=$((ads / (ADSETS * ADS_PER_ADSET)))

command -v python3 >/dev/null 2>&1 || die "python3 is needed for the fake Graph server"
command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 is needed to check the database"
case $(date +%s.%N) in
*N*) die "date +%s.%N (GNU date) is needed for the timings" ;;
esac
if [ ! -x "$root/bin/meta-fetch" ] || [ ! -x "$root/bin/meta-transform" ] || [ ! -x "$root/bin/meta-load" ]; then
	echo "bench-sync: building" >&2
	make -s -C "$root" >&2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-sync.XXXXXX")
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

# Run copies: a `make` elsewhere in the tree during the run must not swap
# the binaries between one run and the next.
cp "$root/bin/meta-fetch" "$root/bin/meta-transform" "$root/bin/meta-load" "$tmp/"
fetch=$tmp/meta-fetch
transform=$tmp/meta-transform
load=$tmp/meta-load
note=
if grep -q __asan_init "$fetch" "$transform" "$load" 2>/dev/null; then
	note=" (WARNING: sanitizer build: times are not representative)"
	echo "bench-sync: bin/ holds a sanitizer (make SAN=1) build; rebuild with make" >&2
fi

# meta-fetch's defaults, from its --help, so the figures follow them.
"$fetch" --help >"$tmp/help" 2>&1 || true
help_default() {
	sed -n "s/^ *--$1 N .*(default \([0-9][0-9]*\)).*/\1/p" "$tmp/help" | head -n 1
}
def_jobs=$(help_default jobs)
def_chunk=$(help_default chunk-days)
def_limit=$(help_default limit)
if [ -z "$def_jobs" ] || [ -z "$def_chunk" ] || [ -z "$def_limit" ]; then
	die "cannot read the defaults of --jobs, --chunk-days and --limit from meta-fetch --help"
fi
page=$((def_limit < MAX_LIMIT ? def_limit : MAX_LIMIT))
chunk_used=${chunk:-$def_chunk}

unset META_APP_SECRET META_API_VERSION || true
META_ACCESS_TOKEN=$TOKEN
export META_ACCESS_TOKEN

# ---------------------------------------------------------------- helper
# Talks to the fake's test endpoints and reads --stats files.
cat >"$tmp/helper.py" <<'EOF'
import datetime as dt, json, math, shlex, sys, urllib.parse, urllib.request

def get(url, path, **q):
    with urllib.request.urlopen(url + path + ("?" + urllib.parse.urlencode(q) if q else "")) as r:
        return json.load(r)

def out(**kv):
    for k, v in kv.items():
        print(f"{k}={shlex.quote(str(v))}")

def pages(n, page):
    return max(1, math.ceil(n / page))  # an empty answer is still one request

def chunks(since, until, step):
    """meta-fetch's plan: whole steps from since, the last one cut at until."""
    s, u, out_ = dt.date.fromisoformat(since), dt.date.fromisoformat(until), []
    while s <= u:
        out_.append((s, min(u, s + dt.timedelta(days=step - 1))))
        s += dt.timedelta(days=step)
    return out_

def chunk_bound(per_day, since, until, step, page):
    total = 0
    for acc, days in per_day.items():
        for a, b in chunks(since, until, step):
            total += pages(sum(days[(a + dt.timedelta(days=i)).isoformat()]
                               for i in range((b - a).days + 1)), page)
    return total

cmd = sys.argv[1]
if cmd == "dates":       # dates TODAY DAYS -> since, until
    until = dt.date.fromisoformat(sys.argv[2]) - dt.timedelta(days=1)
    out(since=until - dt.timedelta(days=int(sys.argv[3]) - 1), until=until)

elif cmd == "truth":     # truth URL SINCE UNTIL PAGE CHUNK FILE
    url, since, until, page, chunk, path = sys.argv[2:8]
    page, chunk = int(page), int(chunk)
    accounts = get(url, "/__truth/accounts")["accounts"]
    ent = {k: 0 for k in ("campaigns", "adsets", "ads")}
    ent_bound = 0
    rows = spend = 0
    per_day = {}
    for acc in accounts:
        for k in ent:
            n = get(url, "/__truth/entities", account_id=acc, kind=k, include_archived=1)["count"]
            ent[k] += n
            ent_bound += pages(n, page)
        t = get(url, "/__truth/insights", account_id=acc, level="ad", since=since, until=until,
                time_increment=1)
        rows += t["rows"]
        spend += t["spend_cents"]
        s, u = dt.date.fromisoformat(since), dt.date.fromisoformat(until)
        per_day[acc] = {}
        while s <= u:
            d = s.isoformat()
            per_day[acc][d] = get(url, "/__truth/insights", account_id=acc, level="ad", since=d,
                                  until=d, time_increment=1)["rows"]
            s += dt.timedelta(days=1)
        if sum(per_day[acc].values()) != t["rows"]:
            sys.exit(f"truth: {acc}: daily rows sum to {sum(per_day[acc].values())}, "
                     f"the range has {t['rows']}")
    ins_bound = sum(pages(sum(d.values()), page) for d in per_day.values())
    daily = [n for d in per_day.values() for n in d.values()]
    lower = ent_bound + len(accounts) + ins_bound
    with open(path, "w") as f:
        json.dump(per_day, f)
    # Best requests, and their ratio to the lower bound, for other chunk sizes.
    n_days = len(daily) // len(accounts)
    pred = []
    for c in sorted({1, 2, 3, 5, 7, 10, 14, 15, 30, 45, 90, chunk}):
        if c <= n_days:
            b = ent_bound + len(accounts) + chunk_bound(per_day, since, until, c, page)
            pred.append(f"{c}:{b / lower:.3f}")
    out(accounts=" ".join(accounts), n_accounts=len(accounts),
        t_campaigns=ent["campaigns"], t_adsets=ent["adsets"], t_ads=ent["ads"],
        t_rows=rows, t_spend_cents=spend, t_spend=f"{spend // 100}.{spend % 100:02d}",
        day_min=min(daily), day_max=max(daily), day_mean=f"{sum(daily) / len(daily):.0f}",
        ent_bound=ent_bound, ins_bound=ins_bound, lower=lower,
        chunk_ins_bound=chunk_bound(per_day, since, until, chunk, page),
        n_chunks=len(chunks(since, until, chunk)) * len(accounts), pred=" ".join(pred))

elif cmd == "stats":     # stats FILE... -> sums
    req = rle = retries = 0
    dur = peak = 0.0
    for p in sys.argv[2:]:
        with open(p) as f:
            s = json.load(f)
        req += s["requests"]
        rle += s["rate_limit_errors"]
        retries += s["retries"]["transient"] + s["retries"]["rate_limit"]
        dur += s["duration_seconds"]
        peak = max(peak, s["peak_usage_pct"])
    out(s_requests=req, s_rle=rle, s_retries=retries, s_fetch_seconds=f"{dur:.2f}", s_peak=f"{peak:g}")

elif cmd == "log":       # log URL SINCE UNTIL PAGE CHUNK FILE -> the fake's request log
    url, since, until, page, chunk, path = sys.argv[2:8]
    page, chunk = int(page), int(chunk)
    with open(path) as f:
        per_day = json.load(f)
    log = get(url, "/__requests")
    top = [e for e in log if not e.get("batch")]
    ins = [e for e in top if e["path"].endswith("/insights")]
    # Insights requests per (account, chunk); next pages repeat time_range.
    got = {}
    for e in ins:
        acc = e["path"].split("/")[-2]
        tr = json.loads(e["query"].get("time_range") or "{}")
        key = (acc, tr.get("since"), tr.get("until"))
        got[key] = got.get(key, 0) + 1
    excess, partial, planned = 0, 0, 0
    for acc, days in per_day.items():
        for a, b in chunks(since, until, chunk):
            n = sum(days[(a + dt.timedelta(days=i)).isoformat()] for i in range((b - a).days + 1))
            planned += 1
            excess += got.pop((acc, a.isoformat(), b.isoformat()), 0) - pages(n, page)
            partial += n % page != 0
    out(l_requests=len(top), l_batch_items=len(log) - len(top), l_errors=sum(e["status"] >= 400 for e in top),
        l_insights=len(ins), l_chunk_excess=excess, l_partial=partial, l_planned=planned,
        l_unplanned=sum(got.values()))
else:
    sys.exit(f"helper: unknown command {cmd}")
EOF
helper() {
	python3 "$tmp/helper.py" "$@"
}

# ---------------------------------------------------------------- fake
start_fake() {
	rm -f "$tmp/port"
	python3 "$fakepy" --port 0 --port-file "$tmp/port" --token "$TOKEN" --today "$TODAY" \
		--accounts 1 --campaigns "$campaigns" --adsets "$ADSETS" --ads "$ADS_PER_ADSET" \
		--max-limit "$MAX_LIMIT" --latency-ms "$LATENCY_MS" 2>"$tmp/graph.err" &
	fake_pid=$!
	fake_wait "$tmp/graph.err"
	META_GRAPH_URL=$url
	export META_GRAPH_URL
}

stop_fake() {
	kill "$fake_pid" 2>/dev/null || true
	wait "$fake_pid" 2>/dev/null || true
	fake_pid=
}

now() {
	date +%s.%N
}

# ---------------------------------------------------------------- truth
eval "$(helper dates "$TODAY" "$days")"
start_fake
helper truth "$url" "$since" "$until" "$page" "$chunk_used" "$tmp/per-day.json" >"$tmp/truth" ||
	die "cannot read the truth from the fake"
eval "$(cat "$tmp/truth")"
stop_fake
acct_opts=
for a in $accounts; do
	acct_opts="$acct_opts -a $a"
done

load_avg=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo '?')
echo "# metasync sync benchmark: $(uname -m), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cpus," \
	"load average $load_avg (the fake Graph server, meta-fetch, meta-transform and meta-load share them)$note"
echo "# fake Graph: $n_accounts account, $ads ads ($t_ads listed with archived, deleted ones hidden;" \
	"$day_min..$day_max deliver per day, mean $day_mean), $days days $since..$until," \
	"latency ${LATENCY_MS} ms per request, page size $page"
echo "# meta-fetch defaults: --jobs $def_jobs --chunk-days $def_chunk --limit $def_limit;" \
	"insights run with --chunk-days $chunk_used${chunk:+ (given)}"
echo "truth insights_rows=$t_rows spend=$t_spend campaigns=$t_campaigns adsets=$t_adsets ads=$t_ads"
echo "lower_bound requests=$lower (entity edges $ent_bound + account nodes $n_accounts" \
	"+ insights ceil($t_rows/$page)=$ins_bound)"
echo "chunked_bound chunk_days=$chunk_used chunks=$n_chunks insights=$chunk_ins_bound" \
	"(whole range $ins_bound: a chunk's last page is partial)" \
	"requests=$((lower - ins_bound + chunk_ins_bound))" \
	"ratio=$(awk -v a="$((lower - ins_bound + chunk_ins_bound))" -v b="$lower" 'BEGIN { printf "%.3f", a / b }')"
echo "chunked_bound_ratio_by_chunk_days $pred (best case, no retries; target <= $TARGET_RATIO)"

# ---------------------------------------------------------------- runs
# step RUN NAME FETCH-ARGS...: one pipeline into $db, timed (added to
# $r_wall); its stats go to $tmp/RUN-NAME.json.
step() {
	s_run=$1 s_name=$2
	shift 2
	s_t0=$(now)
	# shellcheck disable=SC2086 # $acct_opts and $jobs_opt are word lists
	{
		{
			"$fetch" -q $acct_opts $jobs_opt --stats "$tmp/$s_run-$s_name.json" "$@" 2>"$tmp/fetch.err"
			echo $? >"$tmp/rc.fetch"
		} | {
			"$transform" -q 2>"$tmp/transform.err"
			echo $? >"$tmp/rc.transform"
		} | "$load" -q --db "$db" >/dev/null 2>"$tmp/load.err"
	} && rc_load=0 || rc_load=$?
	s_t1=$(now)
	if [ "$(cat "$tmp/rc.fetch")" != 0 ] || [ "$(cat "$tmp/rc.transform")" != 0 ] || [ "$rc_load" != 0 ]; then
		echo "bench-sync: run=$s_run step=$s_name failed: meta-fetch $(cat "$tmp/rc.fetch")," \
			"meta-transform $(cat "$tmp/rc.transform"), meta-load $rc_load" >&2
		cat "$tmp/fetch.err" "$tmp/transform.err" "$tmp/load.err" >&2
		exit 1
	fi
	eval "$(helper stats "$tmp/$s_run-$s_name.json")"
	s_secs=$(awk -v a="$s_t0" -v b="$s_t1" 'BEGIN { printf "%.2f", b - a }')
	r_wall=$(awk -v a="$r_wall" -v b="$s_t0" -v c="$s_t1" 'BEGIN { printf "%.2f", a + c - b }')
	echo "run=$s_run step=$s_name seconds=$s_secs meta_fetch_seconds=$s_fetch_seconds requests=$s_requests" \
		"rate_limit_errors=$s_rle retries=$s_retries"
}

status=0
# run NAME JOBS-OPTION: a full sync against a fresh fake into a fresh database.
run() {
	r_name=$1
	jobs_opt=$2
	db=$tmp/sync-$r_name.db
	rm -f "$db" "$db-wal" "$db-shm"
	start_fake
	r_wall=0
	step "$r_name" account account
	for kind in campaigns adsets ads; do
		step "$r_name" "$kind" --include-archived "$kind"
	done
	step "$r_name" insights --since "$since" --until "$until" ${chunk:+--chunk-days "$chunk"} insights
	r_insights_secs=$s_secs
	eval "$(helper log "$url" "$since" "$until" "$page" "$chunk_used" "$tmp/per-day.json")"
	stop_fake
	eval "$(helper stats "$tmp/$r_name"-*.json)"
	r_requests=$s_requests

	# The database against the truth.
	got=$(sqlite3 -batch -separator ' ' "$db" "SELECT count(*), coalesce(sum(CAST(round(spend * 100) AS INTEGER)), 0)
		FROM insights WHERE level = 'ad'")
	got_rows=${got% *}
	got_cents=${got#* }
	got_ent=$(sqlite3 -batch -separator ' ' "$db" "SELECT (SELECT count(*) FROM accounts),
		(SELECT count(*) FROM campaigns), (SELECT count(*) FROM adsets), (SELECT count(*) FROM ads)")
	verdict=ok
	if [ "$got_rows" != "$t_rows" ] || [ "$got_cents" != "$t_spend_cents" ] ||
		[ "$got_ent" != "$n_accounts $t_campaigns $t_adsets $t_ads" ]; then
		verdict=MISMATCH
		status=1
	fi
	echo "run=$r_name db insights_rows=$got_rows (truth $t_rows)" \
		"spend=$(awk -v c="$got_cents" 'BEGIN { printf "%.2f", c / 100 }') (truth $t_spend)" \
		"accounts/campaigns/adsets/ads=$(echo "$got_ent" | tr ' ' /)" \
		"(truth $n_accounts/$t_campaigns/$t_adsets/$t_ads) $verdict"
	rm -f "$db" "$db-wal" "$db-shm"
	echo "run=$r_name fake_log requests=$l_requests batch_items=$l_batch_items errors=$l_errors" \
		"insights=$l_insights in $l_planned chunks ($l_partial end on a partial page)," \
		"over the per-chunk bound: $l_chunk_excess, outside the plan: $l_unplanned"
	awk -v n="$r_name" -v req="$s_requests" -v log_req="$l_requests" -v lb="$lower" \
	    -v tr="$TARGET_RATIO" -v rle="$s_rle" -v wall="$r_wall" -v fs="$s_fetch_seconds" -v pk="$s_peak" 'BEGIN {
		differs = (req == log_req) ? "" : ", DIFFERS"
		rmiss = (req / lb <= tr + 0) ? "" : ", MISSED"
		emiss = (rle == 0) ? "" : ", MISSED"
		printf "run=%s requests=%d (fake log %d%s) lower_bound=%d ratio=%.3f (target <= %s%s)" \
		       " rate_limit_errors=%d (target 0%s) peak_usage_pct=%s wall_seconds=%s meta_fetch_seconds=%s\n",
		       n, req, log_req, differs, lb, req / lb, tr, rmiss, rle, emiss, pk, wall, fs
	}'
	[ "$l_requests" = "$r_requests" ] ||
		echo "bench-sync: run=$r_name: meta-fetch counted $r_requests requests, the fake logged $l_requests" >&2

	# meta-fetch alone, the same insights into a file, against a fresh fake.
	start_fake
	a_t0=$(now)
	# shellcheck disable=SC2086
	"$fetch" -q $acct_opts $jobs_opt --stats "$tmp/alone-$r_name.json" --since "$since" --until "$until" \
		${chunk:+--chunk-days "$chunk"} insights >"$tmp/insights.ndjson" 2>"$tmp/fetch.err" ||
		{ cat "$tmp/fetch.err" >&2; die "run=$r_name: meta-fetch alone failed"; }
	a_t1=$(now)
	stop_fake
	eval "$(helper stats "$tmp/alone-$r_name.json")"
	r_alone=$(awk -v a="$a_t0" -v b="$a_t1" 'BEGIN { printf "%.2f", b - a }')
	echo "run=$r_name alone=meta-fetch insights seconds=$r_alone requests=$s_requests" \
		"rate_limit_errors=$s_rle retries=$s_retries (output to a file)"
}

# consumer_alone: meta-transform | meta-load of the last fetched insights
# file into a fresh database, timed; checks the rows.
consumer_alone() {
	c_db=$tmp/consumer.db
	c_t0=$(now)
	{
		"$transform" -q "$tmp/insights.ndjson" 2>"$tmp/transform.err"
		echo $? >"$tmp/rc.transform"
	} | "$load" -q --db "$c_db" >/dev/null 2>"$tmp/load.err" && rc_load=0 || rc_load=$?
	c_t1=$(now)
	if [ "$(cat "$tmp/rc.transform")" != 0 ] || [ "$rc_load" != 0 ]; then
		cat "$tmp/transform.err" "$tmp/load.err" >&2
		die "meta-transform | meta-load alone failed"
	fi
	c_rows=$(sqlite3 -batch "$c_db" "SELECT count(*) FROM insights")
	c_actions=$(sqlite3 -batch "$c_db" "SELECT count(*) FROM insight_actions")
	[ "$c_rows" = "$t_rows" ] || { status=1; echo "bench-sync: consumer alone loaded $c_rows rows, truth $t_rows" >&2; }
	consumer_secs=$(awk -v a="$c_t0" -v b="$c_t1" 'BEGIN { printf "%.2f", b - a }')
	echo "alone=meta-transform|meta-load insights seconds=$consumer_secs rows=$c_rows insight_actions=$c_actions" \
		"(from the file, no fetch: the floor of the insights step)"
	rm -f "$c_db" "$c_db-wal" "$c_db-shm"
}

run "jobs$def_jobs" ""
wall_default=$r_wall
ins_default=$r_insights_secs
alone_default=$r_alone
consumer_alone
run jobs1 "--jobs 1"
wall_one=$r_wall
ins_one=$r_insights_secs
alone_one=$r_alone
rm -f "$tmp/insights.ndjson"

awk -v w1="$wall_one" -v wd="$wall_default" -v i1="$ins_one" -v id="$ins_default" \
    -v f1="$alone_one" -v fd="$alone_default" -v j="$def_jobs" -v t="$TARGET_SPEEDUP" 'BEGIN {
	s = w1 / wd
	missed = (s >= t + 0) ? "" : ", MISSED"
	printf "speedup wall(--jobs 1)/wall(--jobs %d)=%.2f (%s s / %s s; target >= %s%s)" \
	       " insights_step=%.2f meta_fetch_alone=%.2f (%s s / %s s)\n",
	       j, s, w1, wd, t, missed, i1 / id, f1 / fd, f1, fd
}'
[ "$status" -eq 0 ] || die "the database differs from the truth"

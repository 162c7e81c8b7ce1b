#!/bin/bash
# Fault injection: whatever the fake Graph server does wrong, a sync ends with
# the database equal to the truth, nothing twice, and --stats shows that the
# mechanism meant for the fault (retry, split, resubmission) is what fired.
. "$(dirname "$0")/lib.sh"

META_ACCESS_TOKEN=faults-test-token-7d41c9e0b2a8
export META_ACCESS_TOKEN
SINCE=2026-09-01
UNTIL=2026-10-31
JOBS=8

# Every test gets a server of its own: the fake picks faults by the sequence
# number of a request since it started, so a fresh server makes the faulted
# positions of a test independent of what the tests before it did.
restart_fake () {
	if [ -n "$FAKE_PID" ]; then
		kill "$FAKE_PID"
		wait "$FAKE_PID" || true
		FAKE_PID=
	fi
	start_fake_graph --seed 21 --accounts 2 --campaigns 3 --adsets 2 --ads 3
}

restart_fake
ACCOUNTS=$(fake GET /__truth/accounts | json '" ".join(d["accounts"])')
ACCOUNT_ARGS=$(for a in $ACCOUNTS; do printf -- '-a %s ' "$a"; done)

# fault_control CONTROL COND...: the /__control body CONTROL (fail_rate,
# faults, ...) with the first fault_seed that meets every COND, by the fake's
# own choice of faults (App.pick).  COND is TAG<N>=K (at least K faults
# numbered below N) or TAG<N<=K (at most K).  TAG is req (requests answered
# with a failure: any fault but slow) or slow (slow answers), both numbered
# from 0 in the order the server receives them; or run (report runs failed or
# skipped, numbered from 1 in the order of submission).
# faults_below CONTROL TAG N: how many TAG faults CONTROL gives below N.
# The numbering is the server's, not the workers': with at least K faults
# among the requests any sync makes, faults fire whatever the workers' order;
# with at most --max-retries in all, no request can run out of retries.
fault_control () {
	fault_seeds seek "$@"
}

faults_below () {
	fault_seeds count "$@"
}

fault_seeds () {
	python3 - "$TOP/tests/fake-graph.py" "$@" <<'EOF'
import importlib.util, json, re, sys
spec = importlib.util.spec_from_file_location("fake_graph", sys.argv[1])
fg = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fg)
mode, control = sys.argv[2], json.loads(sys.argv[3])

def count(st, tag, below):
    if tag == "run":
        return sum(1 for n in range(1, below) if fg.App.pick(None, st, n, "run", fg.ASYNC_FAULTS))
    kinds = [fg.App.pick(None, st, n, "req", fg.REQUEST_FAULTS) for n in range(below)]
    return sum(1 for k in kinds if k and (k == "slow") == (tag == "slow"))

if mode == "count":
    print(count(control, sys.argv[4], int(sys.argv[5])))
    sys.exit(0)
conds = [re.fullmatch(r"(req|slow|run)<(\d+)(>=|<=)(\d+)", c).groups() for c in sys.argv[4:]]

def meets(st, tag, below, op, k):
    n = count(st, tag, int(below))
    return n >= int(k) if op == ">=" else n <= int(k)

for seed in range(1, 100000):
    st = dict(control, fault_seed=seed)
    if all(meets(st, *c) for c in conds):
        print(json.dumps(st))
        sys.exit(0)
sys.exit("no fault_seed meets " + " ".join(sys.argv[4:]))
EOF
}

# begin NAME: a fresh database and stats directory for one test; the fake
# back at its defaults, with an empty request log.
begin () {
	RUN=$SCRATCH/$1
	DB=$RUN/meta.db
	rm -rf "$RUN" && mkdir "$RUN" &&
	fake POST /__control '{"fail_rate": 0, "faults": [], "fault_seed": 0, "slow_ms": 5000,
		"row_cap": null, "expire_token_after": null, "usage_budget": 10000, "async_polls": 2}' >/dev/null &&
	fake POST /__requests/reset >/dev/null
}

# fetch NAME OPTION...: meta-fetch over both accounts into $DB, its --stats in $RUN/NAME.stats.
fetch () {
	name=$1
	shift
	meta-fetch -q $ACCOUNT_ARGS --stats "$RUN/$name.stats" "$@" | meta-transform |
		meta-load --db "$DB" >/dev/null
}

entities () {
	for kind in campaigns adsets ads; do
		fetch $kind --include-archived --limit 10 "$@" $kind || return
	done
}

insights () {
	fetch insights --since $SINCE --until $UNTIL --limit 10 "$@" insights
}

# show FILE...: after a failed step, files of $RUN on stderr; fails.
show () {
	for f in "$@"; do
		sed "s/^/$f: /" "$RUN/$f" >&2
	done
	return 1
}

# stat NAME EXPR: a value of $RUN/NAME.stats.  total EXPR: summed over the test's runs.
stat () {
	json "$2" <"$RUN/$1.stats"
}

total () {
	python3 -c 'import glob, json, sys
print(sum(eval(sys.argv[2], {"d": json.load(open(f))})
          for f in glob.glob(sys.argv[1] + "/*.stats")))' "$RUN" "$1"
}

# faulted KIND: Graph requests the fake answered with fault KIND.
faulted () {
	fake GET /__requests | json "sum(1 for r in d if r.get('fault') == '$1')"
}

# check_db [entities] LEVEL...: the database equals the truth: for every
# account, the ids of its campaigns, ad sets and ads (archived included) and,
# at each LEVEL, the insights' rows, spend, impressions, clicks and link_click
# actions; and no insights key nor action key is there twice.
check_db () {
	python3 "$TOP/tests/check-truth.py" "$FAKE_URL" "$DB" "$SINCE" "$UNTIL" "$@" $ACCOUNTS
}

# transient_control KIND: KIND at a 10% rate, on a seed that faults one of
# the 8 entity requests a sync starts with, 4 of the first 75 (a sync makes
# 79 without faults) and no more than 5 of the first 130.
transient_control () {
	fault_control "{\"fail_rate\": 0.1, \"faults\": [\"$1\"]}" "req<8>=1" "req<75>=4" "req<130<=5"
}

# transient_fault KIND: the sync survives KIND, each fault retried once.
transient_fault () {
	begin "$1" &&
	fake POST /__control "$(transient_control "$1")" >/dev/null &&
	entities && insights &&
	check_db entities ad &&
	n=$(faulted "$1") &&
	test "$n" -ge 4 &&
	equal "transient retries" "$(total 'd["retries"]["transient"]')" "$n" &&
	equal "requests counted" "$(total 'd["requests"]')" "$(graph_requests)" &&
	equal splits "$(total 'd["splits"]')" 0
}

test_expect_success 'without faults: the database equals the truth, no retry, no split' '
	begin clean &&
	entities && insights &&
	check_db entities ad &&
	equal requests "$(total "d[\"requests\"]")" "$(graph_requests)" &&
	equal pages "$(stat insights "d[\"pages\"]")" "$(stat insights "d[\"requests\"]")" &&
	equal retries "$(total "d[\"retries\"][\"transient\"] + d[\"retries\"][\"rate_limit\"]")" 0 &&
	equal splits "$(total "d[\"splits\"]")" 0 &&
	equal "exit status" "$(stat insights "d[\"exit_status\"]")" 0
'

restart_fake
test_expect_success 'HTML 503 pages are retried' '
	transient_fault html503
'

restart_fake
test_expect_success 'the same 503s with --max-retries 0: exit 69, gave up' '
	begin html503-noretry &&
	fake POST /__control "$(transient_control html503)" >/dev/null &&
	expect_status 69 eval "entities --max-retries 0 && insights --max-retries 0" 2>"$RUN/err" &&
	grep -q "gave up after 0 retries" "$RUN/err" &&
	grep -q "HTTP 503" "$RUN/err" ||
	show err
'

restart_fake
test_expect_success 'truncated bodies are retried' '
	transient_fault truncate
'

restart_fake
test_expect_success 'transient error code 2 is retried' '
	transient_fault transient2
'

# A reset on a reused keep-alive connection is retried by libcurl itself,
# invisibly; one on a new connection reaches meta-fetch.  The first request
# of each of the two workers of the first meta-fetch (campaigns) is on a new
# connection, so a seed that resets request 0 or 1 surely reaches it.
restart_fake
test_expect_success 'connection resets are retried' '
	begin reset &&
	fake POST /__control "$(fault_control "{\"fail_rate\": 0.1, \"faults\": [\"reset\"]}" \
		"req<2>=1" "req<130<=5")" >/dev/null &&
	entities && insights &&
	check_db entities ad &&
	n=$(faulted reset) &&
	test "$n" -ge 1 &&
	r=$(total "d[\"retries\"][\"transient\"]") &&
	test "$r" -ge 1 && test "$r" -le "$n"
'

restart_fake
test_expect_success 'slow answers (300 ms) are waited for, not retried' '
	begin slow &&
	fake POST /__control "$(fault_control "{\"fail_rate\": 0.1, \"faults\": [\"slow\"], \"slow_ms\": 300}" \
		"slow<8>=1" "slow<75>=4")" >/dev/null &&
	entities && insights &&
	check_db entities ad &&
	test "$(faulted slow)" -ge 4 &&
	equal retries "$(total "d[\"retries\"][\"transient\"]")" 0 &&
	equal "requests counted" "$(total "d[\"requests\"]")" "$(graph_requests)"
'

# HTTP 500 "An unknown error occurred" (1/99) is what Meta also answers when
# a query is too big; meta-fetch retries it, and splits an insights chunk
# that still fails after the retries.
# At most 3 faults among the first 100 requests (the sync makes 71, and the
# splits of 3 faults some 20 more): 2 halvings can take a chunk to one day
# (days 5-7 of 7 -> day 7), a 3rd splits that day by campaign, and only a
# 4th could hit the campaign list or a day of one campaign, which nothing
# splits further.
restart_fake
test_expect_success 'HTTP 500 (1/99) on insights: each one split or retried' '
	begin 500 &&
	fake POST /__control "$(fault_control "{\"fail_rate\": 0.1, \"faults\": [\"500\"]}" \
		"req<71>=2" "req<100<=3")" >/dev/null &&
	insights &&
	check_db ad &&
	n=$(faulted 500) &&
	test "$n" -ge 2 &&
	equal "splits + retries" "$(stat insights "d[\"splits\"] + d[\"retries\"][\"transient\"]")" "$n"
'

# async_fault KIND COUNTER: report runs that end in KIND (stats async.COUNTER)
# are resubmitted once (the same time range and filter posted again), and
# split when the resubmitted run ends so too: resubmissions + splits = runs
# that ended so.  Chunks of 14 days make 5 runs an account.  The seed fails 2
# of the first 10 runs and at most 7 of the first 40: ending the sync takes
# 8 failures in one line (2 per split: 5 days -> 3 -> 1 -> 1 day of one
# campaign, which cannot be split).  Every run is polled to its end, so the
# fake's choice over runs 1..submitted is the count meta-fetch must report.
async_fault () {
	begin "$1" &&
	ctl=$(fault_control "{\"fail_rate\": 0.3, \"faults\": [\"$1\"], \"async_polls\": 1}" \
		"run<11>=2" "run<41<=7") &&
	fake POST /__control "$ctl" >/dev/null &&
	insights --async --chunk-days 14 &&
	check_db ad &&
	n=$(stat insights "d[\"async\"][\"$2\"]") &&
	submitted=$(stat insights "d[\"async\"][\"submitted\"]") &&
	test "$n" -ge 2 &&
	equal "runs that $2" "$n" "$(faults_below "$ctl" run $((submitted + 1)))" &&
	fake GET /__requests | submissions >"$RUN/posts" &&
	read -r posts twice most <"$RUN/posts" &&
	equal "report runs posted" "$posts" "$submitted" &&
	test "$twice" -ge 1 && test "$most" -le 2 &&
	equal "resubmissions + splits" $((twice + $(stat insights "d[\"splits\"]"))) "$n"
}

# posted < REQUEST-LOG: each query posted as a report run, as "TIMES SINCE
# UNTIL FILTER" (FILTER "-" or the campaign ids of a split; the status
# filter every insights request carries is left out).
posted () {
	python3 -c 'import collections, json, sys
c = collections.Counter((r["path"], r["form"].get("time_range"), r["form"].get("filtering", "[]"))
                        for r in json.load(sys.stdin) if r["method"] == "POST" and r["path"].endswith("/insights"))
for (path, tr, f), n in sorted(c.items()):
    t = json.loads(tr)
    ids = ",".join(v for x in json.loads(f) if x["field"] == "campaign.id" for v in x["value"])
    print(n, t["since"], t["until"], ids or "-")'
}

# submissions < REQUEST-LOG: report runs posted, queries posted twice, and
# the most times one query (range and filter) was posted.
submissions () {
	posted | awk '{ n += $1; if ($1 == 2) twice++; if ($1 > most) most = $1 }
		END { print n, twice + 0, most + 0 }'
}

restart_fake
test_expect_success 'failed async report runs: resubmitted once, then split' '
	async_fault async_fail failed
'

restart_fake
test_expect_success 'skipped async report runs: resubmitted once, then split' '
	async_fault async_skip skipped
'

# Every run fails: two days, posted twice, are split into days, each posted
# twice, split by campaign, each posted twice, and a day of one campaign
# cannot be split: exit 69.  Nothing is posted a third time.
restart_fake
test_expect_success 'report runs that always fail: resubmitted once, split, then 69' '
	begin async-always &&
	fake POST /__control "{\"fail_rate\": 1.0, \"faults\": [\"async_fail\"], \"async_polls\": 1}" >/dev/null &&
	expect_status 69 meta-fetch -a "${ACCOUNTS%% *}" --since 2026-10-01 --until 2026-10-02 --async \
		--stats "$RUN/insights.stats" insights >/dev/null 2>"$RUN/err" &&
	grep -q "even for one day of one campaign" "$RUN/err" && grep -q "report runs kept failing" "$RUN/err" &&
	fake GET /__requests | posted >"$RUN/posted" &&
	grep -qx "2 2026-10-01 2026-10-02 -" "$RUN/posted" &&
	grep -q "^2 \(2026-10-0[12]\) \1 -$" "$RUN/posted" &&
	grep -q "^2 \(2026-10-0[12]\) \1 [0-9]" "$RUN/posted" &&
	equal "posted more than twice" "$(awk "\$1 > 2" "$RUN/posted")" "" &&
	equal "exit status" "$(stat insights "d[\"exit_status\"]")" 69 ||
	show err posted
'

restart_fake
test_expect_success 'too much data (row cap 5): split down to campaigns of one day' '
	begin rowcap &&
	fake POST /__control "{\"row_cap\": 5}" >/dev/null &&
	insights &&
	check_db ad &&
	test "$(stat insights "d[\"splits\"]")" -gt 0 &&
	fake GET /__requests >"$RUN/requests" &&
	json "sum(1 for r in d if \"campaign.id\" in r[\"query\"].get(\"filtering\", \"\"))" <"$RUN/requests" >"$RUN/by-campaign" &&
	test "$(cat "$RUN/by-campaign")" -gt 0 &&
	json "sum(1 for r in d if r[\"path\"].endswith(\"/insights\") and r[\"status\"] == 500)" <"$RUN/requests" >"$RUN/refused" &&
	test "$(cat "$RUN/refused")" -gt 0
'

# Everything at once, 15% of the requests: every request fault but 500 (see
# below) and throttle (t0210), failed and skipped report runs, and a row cap.
# Six failures in a row on one request (0.12^6 each, over some 600 requests)
# would exhaust 5 retries about once in 500 runs; 8 retries make it about
# once in 300,000.
# The seed is one that fails one of the entity requests and fails or skips
# 2 of the 10 first report runs.
restart_fake
test_expect_success 'all faults at once, 15%: entities, sync and async insights' '
	begin all &&
	fake POST /__control "$(fault_control "{\"fail_rate\": 0.15, \"slow_ms\": 300, \"row_cap\": 5,
		\"async_polls\": 1, \"faults\": [\"html503\", \"reset\", \"truncate\", \"slow\", \"transient2\",
		\"async_fail\", \"async_skip\"]}" "req<8>=1" "run<11>=2")" >/dev/null &&
	entities --max-retries 8 &&
	insights --max-retries 8 &&
	fetch async --since $SINCE --until $UNTIL --limit 10 --max-retries 8 \
		--async --chunk-days 14 --level adset insights &&
	check_db entities ad adset &&
	test "$(total "d[\"retries\"][\"transient\"]")" -gt 0 &&
	test "$(stat insights "d[\"splits\"]")" -gt 0 &&
	test "$(stat async "d[\"async\"][\"failed\"] + d[\"async\"][\"skipped\"]")" -ge 2
'

restart_fake
test_expect_success 'the token expires mid-run: exit 77 at once, no retry storm' '
	begin expire &&
	fake POST /__control "{\"expire_token_after\": 5}" >/dev/null &&
	start=$(date +%s) &&
	expect_status 77 meta-fetch $ACCOUNT_ARGS --since $SINCE --until $UNTIL --limit 10 \
		--stats "$RUN/insights.stats" insights >"$RUN/out" 2>"$RUN/err" &&
	elapsed=$(( $(date +%s) - start )) &&
	test "$elapsed" -le 10 &&
	grep -q "graph error 190/463" "$RUN/err" &&
	! grep -qF "$META_ACCESS_TOKEN" "$RUN/err" &&
	after=$(( $(graph_requests) - 5 )) &&
	test "$after" -ge 1 && test "$after" -le $((JOBS + 2)) &&
	equal "exit status" "$(stat insights "d[\"exit_status\"]")" 77 &&
	equal retries "$(stat insights "d[\"retries\"][\"transient\"]")" 0 ||
	show err insights.stats
'

restart_fake
test_expect_success 'an outage longer than the retries: exit 69, gave up' '
	begin outage &&
	fake POST /__control "{\"fail_rate\": 1.0, \"faults\": [\"html503\"]}" >/dev/null &&
	expect_status 69 meta-fetch -a "${ACCOUNTS%% *}" --max-retries 1 --stats "$RUN/campaigns.stats" \
		campaigns >/dev/null 2>"$RUN/err" &&
	grep -q "gave up after 1 retries" "$RUN/err" &&
	equal requests "$(graph_requests)" 2 &&
	equal retries "$(stat campaigns "d[\"retries\"][\"transient\"]")" 1 &&
	equal "exit status" "$(stat campaigns "d[\"exit_status\"]")" 69 ||
	show err campaigns.stats
'

test_expect_success 'an outage longer than --max-wait: exit 69 within the budget' '
	begin outage-wait &&
	fake POST /__control "{\"fail_rate\": 1.0, \"faults\": [\"html503\"]}" >/dev/null &&
	start=$(date +%s) &&
	expect_status 69 meta-fetch -a "${ACCOUNTS%% *}" --max-retries 30 --max-wait 3 campaigns \
		>/dev/null 2>"$RUN/err" &&
	test $(( $(date +%s) - start )) -le 6 &&
	grep -q "wait budget" "$RUN/err" ||
	show err
'

# 1/99 "An unknown error occurred" is retryable for Meta (../shared/GRAPH-API.md,
# code table): on an entity edge, where nothing can be split, it is retried.
restart_fake
test_expect_success 'HTTP 500 (1/99) on entity edges is retried' '
	begin 500-entities &&
	fake POST /__control "$(fault_control "{\"fail_rate\": 0.2, \"faults\": [\"500\"]}" \
		"req<1>=1" "req<20<=3")" >/dev/null &&
	meta-fetch -q -a "${ACCOUNTS%% *}" --limit 2 --stats "$RUN/ads.stats" ads >/dev/null &&
	test "$(stat ads "d[\"retries\"][\"transient\"]")" -ge 1
'

test_done

#!/bin/bash
# Rate limits: pacing on the usage headers keeps a sync under Meta's limit;
# throttles are waited out; a throttle longer than --max-wait exits 75 with
# what was loaded intact, and a rerun completes it.
. "$(dirname "$0")/lib.sh"

META_ACCESS_TOKEN=ratelimit-test-token-3e8f1a6c90d2
export META_ACCESS_TOKEN
SINCE=2026-09-01
UNTIL=2026-10-31

# The fake counts calls per account in a sliding 60 s window that outlives
# a test; a fresh server starts every window empty.
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
FIRST=${ACCOUNTS%% *}
SECOND=${ACCOUNTS##* }

# sync DB NAME OPTION...: meta-fetch insights into DB, --stats in $SCRATCH/NAME.stats,
# stderr in $SCRATCH/NAME.err (shown when it fails); the status of meta-fetch (pipefail).
sync () {
	db=$1 name=$2
	shift 2
	meta-fetch --since $SINCE --until $UNTIL --stats "$SCRATCH/$name.stats" "$@" insights \
		2>"$SCRATCH/$name.err" | meta-transform | meta-load --db "$db" >/dev/null ||
	{
		status=$?
		sed "s/^/$name: /" "$SCRATCH/$name.err" >&2
		return $status
	}
}

# show NAME: after a failed test step, meta-fetch's stderr and stats of NAME.
show () {
	cat "$SCRATCH/$1.err" "$SCRATCH/$1.stats" >&2
	return 1
}

stat () {
	json "$2" <"$SCRATCH/$1.stats"
}

# check_db DB ACCOUNT...: each account's ad-level rows, spend, impressions,
# clicks and link_click actions equal the truth; no key is there twice.
check_db () {
	cd_db=$1
	shift
	python3 "$TOP/tests/check-truth.py" "$FAKE_URL" "$cd_db" "$SINCE" "$UNTIL" ad "$@"
}

# bookmarked DB: the accounts of the committed insights bookmark, sorted.
bookmarked () {
	sql "$1" "SELECT value FROM sync_state WHERE name = 'singer'" |
		json '" ".join(sorted(d["bookmarks"].get("insights", {})))'
}

# 49 requests at --limit 8 for one account against 40 a minute: the run has
# to wait for the fake's window to move on (it takes a minute, by nature).
test_expect_success 'pacing: more requests than 40 a minute, never throttled' '
	DB=$SCRATCH/paced.db &&
	fake POST /__control "{\"usage_budget\": 40}" >/dev/null &&
	fake POST /__requests/reset >/dev/null &&
	sync "$DB" paced -v -a "$FIRST" --limit 8 &&
	check_db "$DB" "$FIRST" &&
	test "$(graph_requests)" -gt 40 &&
	equal "answers other than 200" "$(fake GET /__requests | json "sum(1 for r in d if r[\"status\"] != 200)")" 0 &&
	equal "rate limit errors" "$(stat paced "d[\"rate_limit_errors\"]")" 0 &&
	stat paced "d[\"peak_usage_pct\"] >= 75 and d[\"peak_usage_pct\"] < 100" >"$SCRATCH/peak" &&
	equal "75 <= peak_usage_pct < 100" "$(cat "$SCRATCH/peak")" True &&
	stat paced "d[\"duration_seconds\"] > 60" >"$SCRATCH/waited" &&
	equal "paced over more than the first minute" "$(cat "$SCRATCH/waited")" True &&
	equal "throttled_seconds (spacing is not throttling)" "$(stat paced "d[\"throttled_seconds\"]")" 0.0 ||
	show paced
'

restart_fake

# throttle_seed: a fault_seed for which the fake's own choice (App.pick)
# throttles at most 3 of the first 200 requests at a 5% rate, one of them
# among the first 60 (a sync of both accounts makes 71).
throttle_seed () {
	python3 - "$TOP/tests/fake-graph.py" <<'EOF'
import importlib.util, sys
spec = importlib.util.spec_from_file_location("fake_graph", sys.argv[1])
fg = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fg)
for seed in range(1, 100000):
    st = {"fail_rate": 0.05, "fault_seed": seed, "faults": ["throttle"]}
    hits = [n for n in range(200) if fg.App.pick(None, st, n, "req", fg.REQUEST_FAULTS)]
    if len(hits) <= 3 and hits and hits[0] < 60:
        print(seed)
        break
EOF
}

# Throttle errors without usage headers: backed off, the run completes.
test_expect_success 'throttle errors are waited out' '
	DB=$SCRATCH/waited.db &&
	seed=$(throttle_seed) &&
	fake POST /__control "{\"fail_rate\": 0.05, \"faults\": [\"throttle\"], \"fault_seed\": $seed}" >/dev/null &&
	fake POST /__requests/reset >/dev/null &&
	sync "$DB" waited -a "$FIRST" -a "$SECOND" --limit 10 &&
	check_db "$DB" $ACCOUNTS &&
	n=$(fake GET /__requests | json "sum(1 for r in d if r.get(\"fault\") == \"throttle\")") &&
	test "$n" -ge 1 &&
	equal "rate limit errors" "$(stat waited "d[\"rate_limit_errors\"]")" "$n" &&
	equal "rate limit retries" "$(stat waited "d[\"retries\"][\"rate_limit\"]")" "$n" &&
	equal "transient retries" "$(stat waited "d[\"retries\"][\"transient\"]")" 0 ||
	show waited
'

restart_fake

test_expect_success 'throttled at every request: exit 75 once --max-wait 5 is spent' '
	fake POST /__control "{\"fail_rate\": 1.0, \"faults\": [\"throttle\"]}" >/dev/null &&
	start=$(date +%s) &&
	expect_status 75 sync "$SCRATCH/always.db" always -a "$FIRST" --limit 10 --max-wait 5 &&
	test $(( $(date +%s) - start )) -le 10 &&
	grep -q "wait budget" "$SCRATCH/always.err" &&
	test "$(stat always "d[\"rate_limit_errors\"]")" -ge 1 &&
	equal "exit status" "$(stat always "d[\"exit_status\"]")" 75 ||
	show always
'

restart_fake

# The first account is synced in full; then a budget of 2 calls a minute
# (which the first account's sync has long used up) stops the next run of
# both accounts, the second first: it may load a page or two of it.
test_expect_success 'over the budget: exit 75 within seconds, what was loaded stays valid' '
	DB=$SCRATCH/stopped.db &&
	sync "$DB" before -q -a "$FIRST" --limit 10 &&
	check_db "$DB" "$FIRST" &&
	equal bookmarked "$(bookmarked "$DB")" "$FIRST" &&
	fake POST /__control "{\"usage_budget\": 2}" >/dev/null &&
	start=$(date +%s) &&
	expect_status 75 sync "$DB" stopped -a "$SECOND" -a "$FIRST" --limit 10 --max-wait 5 &&
	test $(( $(date +%s) - start )) -le 10 &&
	grep -q "wait budget" "$SCRATCH/stopped.err" &&
	equal "exit status" "$(stat stopped "d[\"exit_status\"]")" 75 &&
	equal integrity "$(sql "$DB" "PRAGMA integrity_check")" ok &&
	check_db "$DB" "$FIRST" &&
	equal bookmarked "$(bookmarked "$DB")" "$FIRST" &&
	cp "$DB" "$SCRATCH/stopped-copy.db" ||
	show stopped
'

test_expect_success 'the rerun, budget restored: the database equals the truth' '
	DB=$SCRATCH/stopped.db &&
	fake POST /__control "{\"usage_budget\": 10000}" >/dev/null &&
	sync "$DB" rerun -q -a "$SECOND" -a "$FIRST" --limit 10 &&
	check_db "$DB" $ACCOUNTS &&
	equal bookmarked "$(bookmarked "$DB")" "$ACCOUNTS" &&
	equal "rate limit errors" "$(stat rerun "d[\"rate_limit_errors\"]")" 0 &&
	changed=$(sql "$DB" "ATTACH \"$SCRATCH/stopped-copy.db\" AS s;
		SELECT count(*) FROM s.insights o LEFT JOIN main.insights n USING (level, object_id, date_start, date_stop, breakdown_key)
		WHERE n.spend IS NOT o.spend OR n.impressions IS NOT o.impressions OR n.clicks IS NOT o.clicks") &&
	equal "rows loaded before the stop that the rerun changed" "$changed" 0
'

test_done

#!/bin/bash
# Pacing against a limit that binds: calls spread evenly at the rate the
# usage headers allow, never throttled; what Meta announces with a
# throttle holds for the rest of a meta-backfill run; an hour-long block
# ends the run at once, and the next one too.
. "$(dirname "$0")/lib.sh"

META_ACCESS_TOKEN=pacing-test-token-7c41d09e2b8f
export META_ACCESS_TOKEN

# A fresh fake for each test: its rate windows outlive a test.  Small
# accounts (2 ads), so one day of insights is one request.
restart_fake () {
	if [ -n "$FAKE_PID" ]; then
		kill "$FAKE_PID"
		wait "$FAKE_PID" || true
		FAKE_PID=
	fi
	start_fake_graph --seed 22 --accounts 1 --campaigns 1 --adsets 1 --ads 2 --history-days 300
	ACCOUNT=$(fake GET /__truth/accounts | json 'd["accounts"][0]')
}

# log_check EXPR: evaluates the Python expression EXPR on the fake's request
# log, as `calls` (the Graph requests, batch items left out, in time order);
# RATE is the set of rate-limit error codes.
log_check () {
	fake GET /__requests | python3 -c '
import json, sys
RATE = {4, 17, 32, 341, 613} | set(range(80000, 80015))
calls = sorted((e for e in json.load(sys.stdin) if e["path"].startswith("/v") and not e.get("batch")),
               key=lambda e: e["t"])
def busiest(span):
    """The most calls whose start falls in any `span` seconds."""
    best, j = 0, 0
    for i, e in enumerate(calls):
        while calls[j]["t"] <= e["t"] - span:
            j += 1
        best = max(best, i - j + 1)
    return best
print(eval(sys.argv[1]))' "$1"
}

restart_fake

# 200 days at --chunk-days 1: 200 requests against 20 per 2 s, about 21 s.
test_expect_success 'a binding 20-per-2s limit: never throttled, calls spread over the windows' '
	fake POST /__control "{\"usage_window_s\": 2, \"usage_budget\": 20, \"app_budget\": 20}" >/dev/null &&
	fake POST /__requests/reset >/dev/null &&
	meta-fetch -q -a "$ACCOUNT" --since 2026-04-01 --until 2026-10-17 --chunk-days 1 \
		--stats "$SCRATCH/paced.stats" insights >"$SCRATCH/paced.out" 2>"$SCRATCH/paced.err" &&
	equal "requests" "$(log_check "len(calls)")" 200 &&
	equal "rate-limit errors in the log" "$(log_check "sum(e.get(\"code\") in RATE for e in calls)")" 0 &&
	equal "other errors" "$(log_check "sum(e[\"status\"] != 200 for e in calls)")" 0 &&
	b2=$(log_check "busiest(2.0)") &&
	test "$b2" -le 20 &&
	b05=$(log_check "busiest(0.5)") &&
	test "$b05" -le 8 &&
	secs=$(log_check "calls[-1][\"t\"] - calls[0][\"t\"]") &&
	python3 -c "import sys; sys.exit(not 17.0 <= float(sys.argv[1]) <= 24.0)" "$secs" ||
	{ echo "busiest 2 s: ${b2:-?}, busiest 0.5 s: ${b05:-?}, span ${secs:-?} s" >&2
	  cat "$SCRATCH/paced.err" "$SCRATCH/paced.stats" >&2; false; }
'

restart_fake

# throttle_seed: a fault_seed for which the fake's own choice (App.pick)
# throttles request 2 (an entity request of meta-backfill: the account
# node, then campaigns, ad sets, ads) and none other of the first 60.
throttle_seed () {
	python3 - "$TOP/tests/fake-graph.py" <<'EOF'
import importlib.util, sys
spec = importlib.util.spec_from_file_location("fake_graph", sys.argv[1])
fg = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fg)
for seed in range(1, 100000):
    st = {"fail_rate": 0.02, "fault_seed": seed, "faults": ["throttle_window"]}
    if [n for n in range(60) if fg.App.pick(None, st, n, "req", fg.REQUEST_FAULTS)] == [2]:
        print(seed)
        break
EOF
}

# needs the run context
# The throttle says the account's window resets in up to 6 s; the entity
# phase may finish without the limiter of the insights phase knowing it.
test_expect_success 'a throttle in the entity phase delays the insights phase until the block ends' '
	seed=$(throttle_seed) &&
	fake POST /__control "{\"usage_window_s\": 6, \"fail_rate\": 0.02, \"faults\": [\"throttle_window\"],
		\"fault_seed\": $seed}" >/dev/null &&
	fake POST /__requests/reset >/dev/null &&
	meta-backfill -q -a "$ACCOUNT" --db "$SCRATCH/entity.db" --days 10 --chunk 1 \
		2>"$SCRATCH/entity.err" &&
	log_check "[e[\"path\"].rsplit(\"/\", 1)[-1] for e in calls if e.get(\"code\") in RATE]" >"$SCRATCH/throttled" &&
	equal "throttled requests" "$(cat "$SCRATCH/throttled")" "[${Q}adsets${Q}]" &&
	ends=$(log_check "[e[\"t\"] + e[\"reset\"] for e in calls if e.get(\"code\") in RATE][0]") &&
	first=$(log_check "[e[\"t\"] for e in calls if e[\"path\"].endswith(\"/insights\")][0]") &&
	python3 -c "import sys; sys.exit(not float(sys.argv[1]) >= float(sys.argv[2]) - 1)" "$first" "$ends" ||
	{ echo "first insights request at ${first:-?}, the block ended at ${ends:-?}" >&2
	  cat "$SCRATCH/entity.err" >&2; false; }
'

restart_fake

# needs the run context
# 60 days, one request each: blocked for an hour after the 20th call.
test_expect_success 'an hour-long block mid-run: exit 75 at once, saying until when' '
	fake POST /__control "{\"block_after\": 20, \"block_seconds\": 3600}" >/dev/null &&
	fake POST /__requests/reset >/dev/null &&
	start=$(date +%s) &&
	expect_status 75 meta-backfill -a "$ACCOUNT" --db "$SCRATCH/block.db" --days 60 --chunk 1 \
		2>"$SCRATCH/block.err" &&
	took=$(( $(date +%s) - start )) &&
	test "$took" -le 5 &&
	after=$(log_check "sum(e.get(\"code\") in (17, 80000) for e in calls)") &&
	test "$after" -ge 1 && test "$after" -le 5 &&
	grep -Eq "until [^ ]*[0-9]{2}:[0-9]{2}" "$SCRATCH/block.err" ||
	{ echo "took ${took:-?} s, ${after:-?} requests after the block began" >&2
	  cat "$SCRATCH/block.err" >&2; false; }
'

# needs the run context
test_expect_success 'the next run, the block still on: exit 75 after one Graph request at most' '
	fake POST /__requests/reset >/dev/null &&
	start=$(date +%s) &&
	expect_status 75 meta-backfill -q -a "$ACCOUNT" --db "$SCRATCH/block.db" --days 60 --chunk 1 \
		2>"$SCRATCH/again.err" &&
	test $(( $(date +%s) - start )) -le 5 &&
	n=$(log_check "len(calls)") &&
	test "$n" -le 1 ||
	{ echo "${n:-?} Graph requests" >&2; cat "$SCRATCH/again.err" >&2; false; }
'

test_done

#!/bin/bash
# What meta-backfill promises about work cut short, against the fake Graph
# server's truth: whatever fails in the middle of a chunk (a throttle past
# the wait budget, an expired token, an outage past the retries, SIGKILL,
# SIGTERM, SIGINT) while several chunks are in flight, every day marked in
# backfill_days holds exactly the truth, no day holds rows unless marked,
# and the next run fetches exactly the days not marked and ends equal to the
# truth.  Also: no write transaction is held across a network wait (two
# slow runs for two accounts on one file), per-account locks, meta-fetch
# --async stopping at the first failure, and requests Meta can never answer
# (exit 64, bounded requests).
#
# The world is made big enough for chunks of several pages: 4 campaigns x
# 3 ad sets x 4 ads an account, pages of at most 5 rows (the fake's
# --max-limit), about 6 pages per 7-day chunk at ad level.  Ranges are
# explicit (--since/--until), so nothing depends on the real date.
. "$(dirname "$0")/lib.sh"

TOKEN=t0310-truth-token-5c8e2a91d7f3
META_ACCESS_TOKEN=$TOKEN
export META_ACCESS_TOKEN
SINCE=2026-08-01
UNTIL=2026-10-29   # 90 days: 13 chunks of 7 (the last of 6), 30 of 3
FAKE_ARGS="--seed 31 --accounts 2 --campaigns 4 --adsets 3 --ads 4 --max-limit 5"
PAGE=5

# The fake picks faults by the sequence number of a request since it
# started; tests that place a fault with fault_seed get a server of their own.
restart_fake () {
	if [ -n "$FAKE_PID" ]; then
		kill "$FAKE_PID"
		wait "$FAKE_PID" || true
		FAKE_PID=
	fi
	start_fake_graph $FAKE_ARGS
}

restart_fake
ACCOUNTS=$(fake GET /__truth/accounts | json '" ".join(d["accounts"])')
A1=${ACCOUNTS%% *}
A2=${ACCOUNTS##* }

# The webhook receiver (tests/lib.sh): one JSON line per POST in $HOOKS.
start_webhook_sink || exit 1
: >"$HOOKS"

# begin NAME: a fresh directory and database ($RUN, $DB) for one test; the
# fake back at its defaults, with an empty request log.
begin () {
	RUN=$SCRATCH/$1
	DB=$RUN/meta.db
	rm -rf "$RUN" && mkdir "$RUN" &&
	defaults &&
	fake POST /__requests/reset >/dev/null
}

# defaults [JSON]: every knob this script touches back at its default, then JSON's.
defaults () {
	fake POST /__control "{\"fail_rate\": 0, \"faults\": [], \"fault_seed\": 0, \"row_cap\": null,
		\"expire_token_after\": null, \"latency_ms\": 0, \"async_polls\": 2, \"usage_budget\": 10000,
		\"slow_ms\": 5000${1:+, $1}}" >/dev/null
}

# first_fault_at KIND SEQ: a /__control body that answers the request
# numbered SEQ (from 0, in the order the server receives them since it
# started) with fault KIND, and no request before it with any fault, by the
# fake's own choice (App.pick).
first_fault_at () {
	python3 - "$TOP/tests/fake-graph.py" "$1" "$2" <<'EOF'
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("fake_graph", sys.argv[1])
fg = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fg)
kind, at = sys.argv[2], int(sys.argv[3])
for seed in range(1, 1000000):
    st = {"fail_rate": 0.02, "faults": [kind], "fault_seed": seed}
    if fg.App.pick(None, st, at, "req", fg.REQUEST_FAULTS) and \
            not any(fg.App.pick(None, st, n, "req", fg.REQUEST_FAULTS) for n in range(at)):
        print(json.dumps(st))
        sys.exit(0)
sys.exit("no fault_seed puts the first fault at %d" % at)
EOF
}

# check_marked ACCOUNT [SINCE UNTIL]: every day marked holds exactly the
# truth's rows, and no day not marked holds any (check-truth.py marked).
check_marked () {
	python3 "$TOP/tests/check-truth.py" "$FAKE_URL" "$DB" "${2:-$SINCE}" "${3:-$UNTIL}" marked ad "$1"
}

# check_db ACCOUNT [SINCE UNTIL]: the insights equal the truth over the range.
check_db () {
	python3 "$TOP/tests/check-truth.py" "$FAKE_URL" "$DB" "${2:-$SINCE}" "${3:-$UNTIL}" ad "$1"
}

marked () {
	sql "$DB" "SELECT count(*) FROM backfill_days WHERE account_id = '$1' AND level = 'ad'"
}

integrity () {
	equal "integrity_check" "$(sql "$DB" "PRAGMA integrity_check")" ok
}

# chunks_cut ACCOUNT < REQUEST-LOG: the chunks (time ranges of ACCOUNT's
# insights requests) of which at least one page was served, and whose days
# are not all marked: work in flight that the failure made meta-backfill drop.
chunks_cut () {
	python3 -c '
import datetime as dt, json, sqlite3, sys
db, acct = sys.argv[1:3]
con = sqlite3.connect(db)
marks = {r[0] for r in con.execute("SELECT date FROM backfill_days WHERE account_id = ? AND level = ?", (acct, "ad"))}
served = {r["query"]["time_range"] for r in json.load(sys.stdin)
          if r["path"].endswith(acct + "/insights") and r["method"] == "GET" and r["status"] == 200
          and "time_range" in r["query"]}
cut = 0
for tr in served:
    t = json.loads(tr)
    s, u = dt.date.fromisoformat(t["since"]), dt.date.fromisoformat(t["until"])
    if any(str(s + dt.timedelta(days=k)) not in marks for k in range((u - s).days + 1)):
        cut += 1
print(cut)' "$DB" "$1"
}

# fault_at < REQUEST-LOG: where the first failure answer fell: "KIND CHUNK PAGE",
# PAGE counted from 0 (from the after cursor), or "KIND PATH -" off insights.
fault_at () {
	python3 -c '
import base64, json, sys
log = [r for r in json.load(sys.stdin) if not r.get("batch")]
bad = sorted((r for r in log if r["status"] >= 400 or r.get("fault")), key=lambda r: r["t"])
if not bad:
    sys.exit("no failure answer in the request log")
r = bad[0]
kind = r.get("fault") or str(r["status"])
q = r["query"]
if "time_range" not in q:
    print(kind, r["path"], "-")
    sys.exit(0)
t = json.loads(q["time_range"])
page = 0
if q.get("after"):
    i = int(base64.b64decode(q["after"].replace("ZD", "=")).decode())
    page = (i + 1) // int(sys.argv[1])
print(kind, t["since"] + ".." + t["until"], page)' "$PAGE"
}

# requested_days ACCOUNT < REQUEST-LOG: the days ACCOUNT's insights requests asked for, one a line.
requested_days () {
	python3 -c '
import datetime as dt, json, sys
days = set()
for r in json.load(sys.stdin):
    q = r["query"]
    if r["path"].endswith(sys.argv[1] + "/insights") and "time_range" in q:
        t = json.loads(q["time_range"])
        s, u = dt.date.fromisoformat(t["since"]), dt.date.fromisoformat(t["until"])
        days.update(str(s + dt.timedelta(days=k)) for k in range((u - s).days + 1))
print("\n".join(sorted(days)))' "$1"
}

# unmarked_days ACCOUNT SINCE UNTIL: the days of the range not marked, one a line.
unmarked_days () {
	python3 -c '
import datetime as dt, sqlite3, sys
db, acct, s, u = sys.argv[1], sys.argv[2], dt.date.fromisoformat(sys.argv[3]), dt.date.fromisoformat(sys.argv[4])
con = sqlite3.connect(db)
marks = {r[0] for r in con.execute("SELECT date FROM backfill_days WHERE account_id = ? AND level = ?", (acct, "ad"))}
print("\n".join(str(s + dt.timedelta(days=k)) for k in range((u - s).days + 1)
                if str(s + dt.timedelta(days=k)) not in marks))' "$DB" "$1" "$2" "$3"
}

# resume ACCOUNT [OPTION...]: after a failed run, faults off, the next run
# exits 0, asks for exactly the days that were not marked (nothing marked
# again, nothing left out), reports them as fetched, and ends equal to the
# truth with every day marked.
resume () {
	rs_a=$1
	shift
	defaults &&
	unmarked_days $rs_a $SINCE $UNTIL >"$RUN/unmarked" &&
	fake POST /__requests/reset >/dev/null &&
	meta-backfill -q -a $rs_a --db "$DB" --since $SINCE --until $UNTIL --report "$RUN/resume.json" "$@" &&
	fake GET /__requests | requested_days $rs_a >"$RUN/refetched" &&
	test_cmp "$RUN/unmarked" "$RUN/refetched" &&
	equal "days_fetched" "$(json "d[\"accounts\"][0][\"days_fetched\"]" <"$RUN/resume.json")" \
		"$(grep -c . "$RUN/unmarked")" &&
	equal "days marked" "$(marked $rs_a)" 90 &&
	check_db $rs_a &&
	check_marked $rs_a &&
	integrity
}

# fault_case STATUS CONTROL OPTION...: a backfill of $A1 with the fault
# CONTROL (a /__control body) and OPTIONs fails with STATUS while several
# chunks are in flight; what it marked is the truth, the chunks it had begun
# are dropped, and a rerun completes it.  Where the fault fell, the days
# marked and the chunks dropped are appended to $SCRATCH/fault-pages.
fault_case () {
	fc_want=$1
	fc_ctl=$2
	shift 2
	fake POST /__control "$fc_ctl" >/dev/null &&
	fc_st=0 &&
	{ meta-backfill -q -a $A1 --db "$DB" --since $SINCE --until $UNTIL "$@" \
		--report "$RUN/r1.json" 2>"$RUN/err1" || fc_st=$?; } &&
	defaults &&
	cat "$RUN/err1" &&
	equal "exit status" $fc_st $fc_want &&
	equal "report exit_status" "$(json "d[\"exit_status\"]" <"$RUN/r1.json")" $fc_want &&
	fake GET /__requests >"$RUN/log1" &&
	fc_at=$(fault_at <"$RUN/log1") &&
	fc_cut=$(chunks_cut $A1 <"$RUN/log1") &&
	echo "fault: $fc_at; days marked: $(marked $A1); chunks begun and dropped: $fc_cut" &&
	echo "$fc_at $(marked $A1) $fc_cut" >>"$SCRATCH/fault-pages" &&
	! grep -F "$TOKEN" "$RUN/err1" "$RUN/r1.json" &&
	check_marked $A1 &&
	test "$fc_cut" -ge 1 &&
	integrity &&
	resume $A1 "$@"
}

: >"$SCRATCH/fault-pages"

# The sequence numbers: 15 hierarchy requests (account, 1 page of campaigns,
# 3 of ad sets, 10 of ads: archived ones included, the default now), then
# the insights pages, 8 chunks at a time: 15..22 are first pages.  (The
# faults at 14 and 12 were moved to 18 and 17 when archived entities
# became the default: they fell on the hierarchy.)
for at in 18 31 47 62 79; do
	test_expect_success "token expired at request $at (190), 8 chunks of 7 in flight: marks are the truth; rerun completes" "
		begin expire-$at &&
		fault_case 77 '{\"expire_token_after\": $at}' --jobs 8 --chunk 7
	"
done

for at in 17 38 55 74; do
	restart_fake
	test_expect_success "outage at request $at past --max-retries 0 (HTML 503): marks are the truth; rerun completes" "
		begin outage-$at &&
		fault_case 69 \"\$(first_fault_at html503 $at)\" --jobs 8 --chunk 7 --max-retries 0
	"
done

for at in 21 44 70; do
	restart_fake
	test_expect_success "throttled at request $at past --max-wait 0: marks are the truth; rerun completes" "
		begin throttle-$at &&
		fault_case 75 \"\$(first_fault_at throttle $at)\" --jobs 8 --chunk 7 --max-wait 0
	"
done

# Chunks of 3 days: about 3 pages each, 30 chunks.
for at in 27 58; do
	restart_fake
	test_expect_success "chunks of 3: outage at request $at, then token expired at $at: marks are the truth" "
		begin chunk3-$at &&
		fault_case 69 \"\$(first_fault_at html503 $at)\" --jobs 8 --chunk 3 --max-retries 0 &&
		begin chunk3-expire-$at &&
		fault_case 77 '{\"expire_token_after\": $at}' --jobs 8 --chunk 3
	"
done

# The cases above are only worth something if their faults fell on first,
# middle and last pages of chunks, and some came after chunks were done.
test_expect_success 'the faults above fell on first, middle and last pages, some after chunks were marked' '
	cat "$SCRATCH/fault-pages" &&
	python3 -c "
import json, sys, urllib.request
url, acct, page = sys.argv[1], sys.argv[2], int(sys.argv[3])
where, late = set(), 0
for line in open(sys.argv[4]):
    kind, chunk, p, marked, cut = line.split()
    late += int(marked) > 0 and int(cut) > 0
    if p == \"-\":
        continue
    s, u = chunk.split(\"..\")
    with urllib.request.urlopen(\"%s/__truth/insights?account_id=%s&level=ad&since=%s&until=%s&time_increment=1\"
                                % (url, acct, s, u)) as r:
        pages = -(-json.load(r)[\"rows\"] // page)
    p = int(p)
    where.add(\"first\" if p == 0 else \"last\" if p == pages - 1 else \"middle\")
print(\"pages hit:\", sorted(where), \"; cases with days marked and chunks dropped:\", late)
sys.exit(0 if where == {\"first\", \"middle\", \"last\"} and late >= 3 else 1)
" "$FAKE_URL" $A1 $PAGE "$SCRATCH/fault-pages"
'

# wait_exit PID SECONDS: waits at most SECONDS for PID to end; sets WST to
# its exit status, or fails (and SIGKILLs it) when it is still running.
wait_exit () {
	we_n=0
	while kill -0 "$1" 2>/dev/null; do
		we_n=$((we_n + 1))
		if [ $we_n -gt $(($2 * 20)) ]; then
			echo "process $1 still running after $2 s" >&2
			kill -KILL "$1" 2>/dev/null
			wait "$1" 2>/dev/null
			return 1
		fi
		sleep 0.05
	done
	WST=0
	wait "$1" || WST=$?
}

# guard PID...: the test's subshell SIGKILLs these processes when it ends,
# so a test failing half-way leaves nothing running into the next one.
guard () {
	GUARDED="${GUARDED:-} $*"
	trap 'kill -KILL $GUARDED 2>/dev/null || true; wait 2>/dev/null || true' EXIT
}

# requests_seen: Graph requests in the fake's log.
requests_seen () {
	fake GET /__requests | json 'sum(1 for r in d if not r.get("batch"))'
}

# wait_requests PID N: until the fake has logged N requests (at most 30 s),
# while PID runs.
wait_requests () {
	wr_n=0
	while [ "$(requests_seen)" -lt "$2" ]; do
		wr_n=$((wr_n + 1))
		if [ $wr_n -gt 600 ] || ! kill -0 "$1" 2>/dev/null; then
			echo "the run did not reach $2 requests" >&2
			return 1
		fi
		sleep 0.05
	done
}

test_expect_success 'SIGKILL with 8 chunks in flight, at three moments: marks are the truth; rerun completes' '
	for k in 22 45 68; do
		begin kill-$k &&
		defaults "\"latency_ms\": 150" &&
		{ meta-backfill -q -a $A1 --db "$DB" --since $SINCE --until $UNTIL --jobs 8 --chunk 7 2>"$RUN/err1" & } &&
		pid=$! &&
		guard $pid &&
		wait_requests $pid $k &&
		kill -KILL $pid &&
		wait_exit $pid 10 &&
		equal "killed" $WST 137 &&
		sleep 0.3 &&
		fake GET /__requests >"$RUN/log1" &&
		cut=$(chunks_cut $A1 <"$RUN/log1") &&
		echo "SIGKILL after $k requests: days marked $(marked $A1), chunks begun and dropped $cut" &&
		check_marked $A1 &&
		test "$cut" -ge 1 &&
		integrity &&
		resume $A1 --jobs 8 --chunk 7 || exit 1
	done
'

# stop_case SIGNAL NAME: a backfill with pages answered in 0.1 s gets
# SIGNAL once it has marked a chunk and requests answered in 3 s are in
# flight: it ends with 75 within 2 s, says so in its report and webhook
# (META_NOTIFY_URL), and
# leaves the database intact with marks that are the truth.
stop_case () {
	begin "$2" &&
	: >"$HOOKS" &&
	defaults "\"latency_ms\": 100" &&
	{ META_NOTIFY_URL=$HOOK_URL meta-backfill -q -a $A1 --db "$DB" --since $SINCE --until $UNTIL \
		--jobs 8 --chunk 7 --report "$RUN/r1.json" 2>"$RUN/err1" & } &&
	sc_pid=$! &&
	guard $sc_pid &&
	sc_n=0 &&
	while [ "$(sqlite3 -readonly "$DB" "SELECT count(*) FROM backfill_days" 2>/dev/null || echo 0)" -eq 0 ]; do
		sc_n=$((sc_n + 1)) &&
		if [ $sc_n -gt 600 ] || ! kill -0 $sc_pid 2>/dev/null; then
			echo "no chunk marked" >&2
			return 1
		fi &&
		sleep 0.05
	done &&
	defaults "\"latency_ms\": 3000" &&
	sleep 0.5 &&
	sc_t0=$(date +%s.%N) &&
	kill -$1 $sc_pid &&
	wait_exit $sc_pid 10 &&
	sc_t1=$(date +%s.%N) &&
	defaults &&
	cat "$RUN/err1" &&
	sc_s=$(python3 -c "import sys; print(\"%.2f\" % (float(sys.argv[2]) - float(sys.argv[1])))" $sc_t0 $sc_t1) &&
	echo "$1: exit $WST after ${sc_s}s" &&
	equal "exit status" $WST 75 &&
	python3 -c "import sys; sys.exit(float(sys.argv[1]) > 2)" $sc_s &&
	equal "report stopped" "$(json "d.get(\"stopped\")" <"$RUN/r1.json")" SIG$1 &&
	equal "report exit_status" "$(json "d[\"exit_status\"]" <"$RUN/r1.json")" 75 &&
	equal "webhook messages" "$(wc -l <"$HOOKS" | tr -d " ")" 1 &&
	python3 -c "
import json, re, sys
m = json.loads(json.loads(open(sys.argv[1]).readline())[\"body\"])
print(m[\"text\"])
assert re.search(sys.argv[2] + \"|stopped\", m[\"text\"], re.I), \"the message does not say it was stopped\"
assert m[\"exit_status\"] == 75, m[\"exit_status\"]
assert sys.argv[3] not in json.dumps(m)
" "$HOOKS" $1 "$TOKEN" &&
	integrity &&
	# The fake logs a request once it has answered: let the 3 s answers of
	# the requests cut short finish before reading the log.
	sleep 3.5 &&
	fake GET /__requests >"$RUN/log1" &&
	sc_cut=$(chunks_cut $A1 <"$RUN/log1") &&
	echo "days marked $(marked $A1), chunks begun and dropped $sc_cut" &&
	check_marked $A1 &&
	test "$sc_cut" -ge 1 &&
	resume $A1 --jobs 8 --chunk 7
}

test_expect_success 'SIGTERM mid-backfill: 75 within 2 s, report and webhook say stopped, marks are the truth; rerun completes' '
	stop_case TERM sigterm
'

test_expect_success 'SIGINT mid-backfill: the same' '
	stop_case INT sigint
'

test_expect_success 'locks are per account (<db>.<act_id>.lock): the same account twice, no wait allowed, exits 75 at once; another runs alongside' '
	begin lock &&
	defaults "\"latency_ms\": 100" &&
	{ meta-backfill -q -a $A1 --db "$DB" --since 2026-10-09 --until $UNTIL --jobs 1 2>"$RUN/err1" & } &&
	p1=$! &&
	guard $p1 &&
	wait_requests $p1 2 &&
	test -e "$DB.$A1.lock" &&
	st=0 &&
	s0=$(date +%s.%N) &&
	{ meta-backfill -q -a $A1 --db "$DB" --since 2026-10-09 --until $UNTIL --max-wait 0 2>"$RUN/err2" || st=$?; } &&
	s1=$(date +%s.%N) &&
	cat "$RUN/err2" &&
	equal "the same account again" $st 75 &&
	python3 -c "import sys; sys.exit(float(sys.argv[2]) - float(sys.argv[1]) > 2)" $s0 $s1 &&
	grep -Ei "another|lock" "$RUN/err2" &&
	meta-backfill -q -a $A2 --db "$DB" --since 2026-10-23 --until $UNTIL --jobs 4 &&
	test -e "$DB.$A2.lock" &&
	kill -0 $p1 &&
	wait_exit $p1 40 &&
	equal "the first run" $WST 0 &&
	check_db $A1 2026-10-09 $UNTIL &&
	check_db $A2 2026-10-23 $UNTIL
'

# Two accounts on one database file, each run long (> 40 s) because every
# answer is slow (the latency is set from the requests each run makes, on
# ranges that make them about as many): a write transaction held across a
# network wait would make the other run wait for it, and this script's
# probe, which takes the write lock with a 0.5 s busy timeout every half
# second, would find it held.
SLOW1=2026-09-15
SLOW2=2026-10-10
test_expect_success 'two slow runs (> 40 s) for two accounts on one file: no write lock held across a wait, both equal the truth' '
	begin slow &&
	meta-backfill -q -a $A1 --db "$RUN/calibrate.db" --since $SLOW1 --until $UNTIL --jobs 1 --chunk 3 \
		--report "$RUN/cal1.json" &&
	meta-backfill -q -a $A2 --db "$RUN/calibrate.db" --since $SLOW2 --until $UNTIL --jobs 1 --chunk 3 \
		--report "$RUN/cal2.json" &&
	n1=$(json "d[\"accounts\"][0][\"requests\"]" <"$RUN/cal1.json") &&
	n2=$(json "d[\"accounts\"][0][\"requests\"]" <"$RUN/cal2.json") &&
	lat=$(python3 -c "import sys; n = sorted(map(int, sys.argv[1:])); l = -(-42000 // n[0]); print(l if l * n[1] <= 55000 and l >= 600 else 0)" $n1 $n2) &&
	echo "requests: $n1 and $n2; latency ${lat} ms" &&
	test "$lat" -gt 0 &&
	defaults "\"latency_ms\": $lat" &&
	t0=$(date +%s) &&
	{ meta-backfill -q -a $A1 --db "$DB" --since $SLOW1 --until $UNTIL --jobs 1 --chunk 3 \
		--report "$RUN/r1.json" 2>"$RUN/err1" & } &&
	p1=$! &&
	{ meta-backfill -q -a $A2 --db "$DB" --since $SLOW2 --until $UNTIL --jobs 1 --chunk 3 \
		--report "$RUN/r2.json" 2>"$RUN/err2" & } &&
	p2=$! &&
	guard $p1 $p2 &&
	sleep 3 &&
	ls "$DB.$A1.lock" "$DB.$A2.lock" &&
	st=0 &&
	s0=$(date +%s.%N) &&
	{ meta-backfill -q -a $A1 --db "$DB" --since $SLOW1 --until $UNTIL --max-wait 0 2>"$RUN/err3" || st=$?; } &&
	s1=$(date +%s.%N) &&
	cat "$RUN/err3" &&
	equal "the same account again" $st 75 &&
	python3 -c "import sys; sys.exit(float(sys.argv[2]) - float(sys.argv[1]) > 2)" $s0 $s1 &&
	grep -Ei "another|lock" "$RUN/err3" &&
	st=0 &&
	{ meta-backfill -q -a $A2 --db "$DB" --since $SLOW2 --until $UNTIL --max-wait 0 2>/dev/null || st=$?; } &&
	equal "the other account again" $st 75 &&
	probes=0 && busy=0 &&
	while kill -0 $p1 2>/dev/null || kill -0 $p2 2>/dev/null; do
		if [ $(( $(date +%s) - t0 )) -gt 70 ]; then
			echo "the runs did not end within 70 s" >&2
			exit 1
		fi
		probes=$((probes + 1))
		sqlite3 -cmd ".timeout 500" "$DB" "BEGIN IMMEDIATE; ROLLBACK;" 2>>"$RUN/probe.err" || busy=$((busy + 1))
		sleep 0.5
	done &&
	wait_exit $p1 1 && st1=$WST &&
	wait_exit $p2 1 && st2=$WST &&
	cat "$RUN/err1" "$RUN/err2" "$RUN/probe.err" &&
	d1=$(json "int(d[\"accounts\"][0][\"duration_seconds\"])" <"$RUN/r1.json") &&
	d2=$(json "int(d[\"accounts\"][0][\"duration_seconds\"])" <"$RUN/r2.json") &&
	echo "runs: exit $st1 in ${d1}s, exit $st2 in ${d2}s; write-lock probes: $probes, busy: $busy" &&
	equal "$A1 run" $st1 0 &&
	equal "$A2 run" $st2 0 &&
	test "$d1" -ge 40 && test "$d2" -ge 40 &&
	test "$probes" -ge 40 &&
	equal "probes that found the write lock held > 0.5 s" $busy 0 &&
	integrity &&
	check_db $A1 $SLOW1 $UNTIL && check_db $A2 $SLOW2 $UNTIL
'

test_expect_success 'two runs started together on a new database file, two accounts: both finish and equal the truth' '
	begin new-file &&
	for k in 1 2 3 4 5; do
		DB=$RUN/new$k.db &&
		{ meta-backfill -q -a $A1 --db "$DB" --since 2026-10-16 --until $UNTIL --jobs 2 2>"$RUN/err$k.1" & } &&
		p1=$! &&
		{ meta-backfill -q -a $A2 --db "$DB" --since 2026-10-16 --until $UNTIL --jobs 2 2>"$RUN/err$k.2" & } &&
		p2=$! &&
		guard $p1 $p2 &&
		wait_exit $p1 30 && st1=$WST &&
		wait_exit $p2 30 && st2=$WST &&
		cat "$RUN/err$k.1" "$RUN/err$k.2" &&
		equal "new file $k: $A1" $st1 0 &&
		equal "new file $k: $A2" $st2 0 &&
		integrity &&
		check_db $A1 2026-10-16 $UNTIL && check_db $A2 2026-10-16 $UNTIL || exit 1
	done
'

# meta-fetch --async: 100 days in chunks of 7 are 15 report runs; 10 are in
# flight (the most per account) and never finish (async_polls), 5 wait for
# a slot, with 16 workers.  The first failure (at the first status poll,
# request 10, a second after the submissions) must end the fetch within
# 5 s, and no report run may be submitted after it: not even into the slot
# the failed run frees.  That is a race, so each case runs several times.
# async_stop STATUS OPTION...: that, the failure set up by the caller.
async_stop () {
	as_want=$1
	shift
	fake POST /__requests/reset >/dev/null &&
	as_st=0 &&
	{ meta-fetch -q -a $A1 --since 2026-07-22 --until $UNTIL --chunk-days 7 --async --jobs 16 \
		"$@" insights >"$RUN/out" 2>"$RUN/err" || as_st=$?; } &&
	as_end=$(date +%s.%N) &&
	cat "$RUN/err" &&
	equal "exit status" $as_st $as_want &&
	sleep 0.2 &&
	fake GET /__requests | python3 -c "
import json, sys
end = float(sys.argv[1])
log = sorted((r for r in json.load(sys.stdin) if not r.get(\"batch\")), key=lambda r: r[\"t\"])
bad = [r for r in log if r[\"status\"] >= 400 or r.get(\"fault\")]
assert bad, \"no failure answer\"
t = bad[0][\"t\"]
posts = [r for r in log if r[\"method\"] == \"POST\" and r[\"path\"].endswith(\"/insights\")]
before = [r for r in posts if r[\"t\"] <= t]
after = [r for r in posts if r[\"t\"] > t]
print(\"first failure %s %s %s; report runs submitted before it: %d, after: %d %s; exit %.2f s after it\"
      % (bad[0][\"method\"], bad[0][\"path\"], bad[0][\"status\"], len(before), len(after),
         [(round(r[\"t\"] - t, 4), json.loads(r[\"form\"][\"time_range\"])[\"since\"]) for r in after], end - t))
assert len(before) == 10, \"not 10 report runs in flight\"
assert not after, \"report runs submitted after the failure\"
assert end - t <= 5, \"meta-fetch ran on after the failure\"
" $as_end
}

test_expect_success 'meta-fetch --async, 10 report runs in flight, the token expires: exit 77 within 5 s, nothing submitted after (4 times)' '
	begin async-expire &&
	for k in 1 2 3 4; do
		defaults "\"async_polls\": 100000, \"expire_token_after\": 10" &&
		async_stop 77 || exit 1
	done
'

for k in 1 2; do
	restart_fake
	test_expect_success "meta-fetch --async, 10 report runs in flight, a throttle past --max-wait 0: exit 75 within 5 s, nothing submitted after ($k)" '
		begin async-throttle &&
		defaults "\"async_polls\": 100000" &&
		fake POST /__control "$(first_fault_at throttle 10)" >/dev/null &&
		async_stop 75 --max-wait 0
	'
done

# An impossible request: every insights answer with a row is "reduce the
# amount of data" (row_cap 0), so a 4-day chunk is halved to days, each day
# split by campaign (one campaign list each, and one request for the
# deleted campaigns, which no list names), and the first day of one
# campaign refused ends the run with 64.  No request is asked twice, and
# there are no more than that splitting needs.
# impossible_bound: checks the request log on stdin against that bound.
impossible_bound () {
	python3 -c "
import json, sys
days, campaigns = 4, int(sys.argv[1])
log = [r for r in json.load(sys.stdin) if not r.get(\"batch\")]
ins = [r for r in log if r[\"path\"].endswith(\"/insights\")]
lists = [r for r in log if r[\"path\"].endswith(\"/campaigns\") and r[\"query\"].get(\"fields\") == \"id\"]
keys = [(r[\"method\"], r[\"query\"].get(\"time_range\"), r[\"query\"].get(\"filtering\"), r[\"query\"].get(\"after\"))
        for r in ins]
print(\"insights requests %d (bound %d), campaign lists %d (bound %d), campaigns %d\"
      % (len(ins), 2 * days - 1 + days * (campaigns + 1), len(lists), days, campaigns))
assert len(ins) <= 2 * days - 1 + days * (campaigns + 1), \"more insights requests than splitting needs\"
assert len(lists) <= days, \"more campaign lists than days\"
assert len(set(keys)) == len(keys), \"an insights request was asked again\"
assert any(\"campaign.id\" in (r[\"query\"].get(\"filtering\") or \"\") for r in ins), \"never split by campaign\"
" "$(fake GET "/__truth/entities?account_id=$A1&kind=campaigns&include_archived=1" | json "d[\"count\"]")"
}

# impossible_message FILE: names the account, a day of the chunk, and Meta's reason.
impossible_message () {
	grep -F "$A1" "$1" &&
	grep -E "2026-10-2[2-5]" "$1" &&
	grep -i "reduce the amount of data" "$1"
}

test_expect_success 'meta-fetch insights, a request Meta can never answer: 64, named, bounded requests' '
	begin impossible-fetch &&
	defaults "\"row_cap\": 0" &&
	st=0 &&
	{ meta-fetch -q -a $A1 --since 2026-10-22 --until 2026-10-25 --chunk-days 4 insights \
		>/dev/null 2>"$RUN/err" || st=$?; } &&
	cat "$RUN/err" &&
	equal "exit status" $st 64 &&
	impossible_message "$RUN/err" &&
	fake GET /__requests | impossible_bound
'

test_expect_success 'meta-backfill, a request Meta can never answer: 64, named, bounded requests, nothing marked' '
	begin impossible-backfill &&
	defaults "\"row_cap\": 0" &&
	st=0 &&
	{ meta-backfill -q -a $A1 --db "$DB" --since 2026-10-22 --until 2026-10-25 --chunk 4 \
		--report "$RUN/r.json" 2>"$RUN/err" || st=$?; } &&
	cat "$RUN/err" &&
	equal "exit status" $st 64 &&
	impossible_message "$RUN/err" &&
	json "d[\"accounts\"][0][\"error\"]" <"$RUN/r.json" >"$RUN/report-error" &&
	impossible_message "$RUN/report-error" &&
	fake GET /__requests | impossible_bound &&
	equal "days marked" "$(marked $A1)" 0 &&
	check_marked $A1
'

test_done

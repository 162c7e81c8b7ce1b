#!/bin/bash
# meta-backfill(1) end to end against the fake Graph server: a backfill equals
# the truth, a rerun is incremental and changes nothing, restated days are
# picked up, a SIGKILLed run resumes, the lock, a failing account, the
# webhook, and usage errors.
#
# "Yesterday" is each account's, from the real clock, so the fake runs with
# --today = today (UTC) and every comparison with /__truth uses the range a
# run reports, never a date written here.  T0300_SEED=N replays the random
# kill moments of the resume test.
. "$(dirname "$0")/lib.sh"

# Nothing from the caller's environment may steer the tools under test.
unset META_NOTIFY_URL || true

TOKEN=t0300-backfill-token-4f1c9a0b7e
META_ACCESS_TOKEN=$TOKEN
export META_ACCESS_TOKEN
FAKE_TODAY=$(date -u +%F)

start_fake_graph --seed 3 --today "$FAKE_TODAY"
ACCOUNTS=$(fake GET /__truth/accounts | json '" ".join(d["accounts"])')
A1=${ACCOUNTS%% *}   # America/Los_Angeles
A2=${ACCOUNTS##* }   # Europe/Berlin

# Every run here must see the same "yesterday", so none may straddle an
# account's midnight: when one is less than MARGIN seconds away, wait for it.
MARGIN=150
for a in $A1 $A2; do
	curl -sf -H "Authorization: Bearer $TOKEN" "$FAKE_URL/v25.0/$a?fields=timezone_offset_hours_utc" |
		json 'd["timezone_offset_hours_utc"]'
done >"$SCRATCH/offsets"
fake POST /__requests/reset >/dev/null
wait_s=$(python3 -c '
import sys, time
now = time.time()
left = [86400 - (now + float(h) * 3600) % 86400 for h in sys.stdin.read().split()]
print(int(min(left)) + 2 if min(left) < float(sys.argv[1]) else 0)' $MARGIN <"$SCRATCH/offsets")
if [ "$wait_s" -gt 0 ]; then
	echo "# an account's midnight is near: waiting ${wait_s}s for it"
	sleep "$wait_s"
fi

# The webhook receiver (tests/lib.sh): one JSON line per POST in $HOOKS.
start_webhook_sink || exit 1
HOOK_FILE=$SCRATCH/hook.url
echo "$HOOK_URL" >"$HOOK_FILE"

# settings JSON: the fake's knobs, everything this script touches reset first.
settings () {
	fake POST /__control "{\"latency_ms\":0,\"restate_days\":0,\"restate_factor\":1.0,\"expire_token_after\":null${1:+,$1}}" >/dev/null
}

# rep REPORT ACCOUNT EXPR: EXPR, Python on that account's entry `a` of a run report.
rep () {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
a = [x for x in d["accounts"] if x["account"] == sys.argv[2]]
if len(a) != 1:
    sys.exit("%s: %d entries for %s" % (sys.argv[1], len(a), sys.argv[2]))
a = a[0]
v = eval(sys.argv[3])
print(json.dumps(v, sort_keys=True) if v is None or isinstance(v, (dict, list, bool)) else v)' "$1" "$2" "$3"
}

# check_truth DB ACCOUNT SINCE UNTIL [LEVEL]: the insights of those days equal the truth.
check_truth () {
	ct_level=${5:-ad}
	ct_t=$(fake GET "/__truth/insights?account_id=$2&level=$ct_level&since=$3&until=$4&time_increment=1") &&
	ct_w="level = '$ct_level' AND account_id = '${2#act_}' AND date_start BETWEEN '$3' AND '$4'" &&
	equal "$2 $3..$4 rows" "$(sql "$1" "SELECT count(*) FROM insights WHERE $ct_w")" \
		"$(echo "$ct_t" | json 'd["rows"]')" &&
	equal "$2 $3..$4 spend" "$(sql "$1" "SELECT printf('%.2f', coalesce(sum(spend), 0)) FROM insights WHERE $ct_w")" \
		"$(echo "$ct_t" | json 'd["spend"]')" &&
	equal "$2 $3..$4 impressions" "$(sql "$1" "SELECT coalesce(sum(impressions), 0) FROM insights WHERE $ct_w")" \
		"$(echo "$ct_t" | json 'd["impressions"]')" &&
	equal "$2 $3..$4 clicks" "$(sql "$1" "SELECT coalesce(sum(clicks), 0) FROM insights WHERE $ct_w")" \
		"$(echo "$ct_t" | json 'd["clicks"]')" &&
	equal "$2 $3..$4 link_click" "$(sql "$1" "SELECT CAST(coalesce(sum(value), 0) AS INTEGER) FROM insight_actions WHERE $ct_w AND field = 'actions' AND action_type = 'link_click'")" \
		"$(echo "$ct_t" | json 'd["actions"].get("link_click", 0)')"
}

# check_report_truth DB REPORT ACCOUNT: the insights over the range the run reported equal the truth.
check_report_truth () {
	crt_s=$(rep "$2" "$3" 'a["range"]["since"]') &&
	crt_u=$(rep "$2" "$3" 'a["range"]["until"]') &&
	test "$crt_s" != None && test "$crt_u" != None &&
	check_truth "$1" "$3" "$crt_s" "$crt_u"
}

# check_entities DB ACCOUNT: campaigns, ad sets and ads are the truth's, archived ones included
# (the default now), and the deleted ones the database's insights name (read by id), no other.
check_entities () {
	for ce_kind in campaigns adsets ads; do
		ce_col=$(echo "${ce_kind%s}_id") &&
		ce_want=$({ fake GET "/__truth/entities?account_id=$2&kind=$ce_kind&include_archived=1" |
				json '"\n".join(d["ids"])' &&
			sql "$1" "SELECT DISTINCT $ce_col FROM insights WHERE account_id = '${2#act_}' AND $ce_col IS NOT NULL"
			} | sort -u | tr "\n" " " | sed "s/ $//") &&
		ce_got=$(sql "$1" "SELECT group_concat(id, ' ') FROM (SELECT id FROM $ce_kind WHERE account_id = '${2#act_}' ORDER BY id)") &&
		test -n "$ce_want" &&
		equal "$2 $ce_kind" "$ce_got" "$ce_want" || return 1
	done
}

# no_duplicates DB: one row per key, and daily rows only.
no_duplicates () {
	equal "insights keys" "$(sql "$1" "SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT level, object_id, date_start, date_stop, breakdown_key FROM insights)) FROM insights")" 0 &&
	equal "insight_actions keys" "$(sql "$1" "SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT level, object_id, date_start, date_stop, breakdown_key, field, action_type, action_key FROM insight_actions)) FROM insight_actions")" 0 &&
	equal "insights (object, day)" "$(sql "$1" "SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT level, object_id, date_start FROM insights)) FROM insights")" 0 &&
	equal "rows spanning days" "$(sql "$1" "SELECT count(*) FROM insights WHERE date_start != date_stop")" 0
}

# marked_runs DB ACCOUNT: the days marked fetched, as maximal runs "SINCE UNTIL", one a line.
marked_runs () {
	sql "$1" "SELECT date FROM backfill_days WHERE account_id = '$2' AND level = 'ad' ORDER BY date" |
	python3 -c '
import datetime as dt, sys
days = [dt.date.fromisoformat(l.strip()) for l in sys.stdin if l.strip()]
runs = []
for d in days:
    if runs and (d - runs[-1][1]).days == 1:
        runs[-1][1] = d
    else:
        runs.append([d, d])
for s, u in runs:
    print(s, u)'
}

# check_marked DB ACCOUNT: every day marked fetched has exactly the truth's rows.
check_marked () {
	marked_runs "$1" "$2" >"$SCRATCH/marked.$2" || return 1
	while read -r cm_s cm_u; do
		check_truth "$1" "$2" "$cm_s" "$cm_u" || return 1
	done <"$SCRATCH/marked.$2"
}

# expect_plan MARKED-FILE REPORT ACCOUNT LOOKBACK CHUNK LAST-RUN-FILE: the run
# fetched what meta-backfill(1) says, given the days marked before it (one
# date a line) and the last day of the last completed run before it (a file
# holding that date, empty when no run had completed): the unmarked days of
# its range, and, after a completed run, the days after its last day minus
# LOOKBACK; in chunks of CHUNK days per contiguous run.
expect_plan () {
	python3 -c '
import datetime as dt, json, sys
marked = {dt.date.fromisoformat(l.strip()) for l in open(sys.argv[1]) if l.strip()}
d = json.load(open(sys.argv[2]))
a = [x for x in d["accounts"] if x["account"] == sys.argv[3]][0]
lookback, chunk = int(sys.argv[4]), int(sys.argv[5])
since, until = (dt.date.fromisoformat(a["range"][k]) for k in ("since", "until"))
completed = open(sys.argv[6]).read().strip()
last = dt.date.fromisoformat(completed) if completed else None
want, day = [], since
while day <= until:
    want.append(day not in marked or (last is not None and (last - day).days < lookback))
    day += dt.timedelta(days=1)
days, chunks, run = sum(want), 0, 0
for w in want + [False]:
    if w:
        run += 1
    else:
        chunks += -(-run // chunk)
        run = 0
got = (a["days_fetched"], a["chunks"]["planned"], a["chunks"]["done"])
print("%s: marked before %d (last %s), range %s..%s: days_fetched %d, chunks planned %d done %d; "
      "want %d days in %d chunks" % (sys.argv[3], len(marked), last, since, until, got[0], got[1], got[2],
                                     days, chunks))
sys.exit(0 if got == (days, chunks, chunks) else 1)' "$@"
}

# yesterday_at EPOCH HOURS: the date before EPOCH's date at UTC offset HOURS.
yesterday_at () {
	python3 -c '
import datetime as dt, sys
t = dt.datetime.fromtimestamp(float(sys.argv[1]), dt.timezone.utc) + dt.timedelta(hours=float(sys.argv[2]))
print(t.date() - dt.timedelta(days=1))' "$1" "$2"
}

# fingerprint DB TABLE: a checksum of TABLE's rows without synced_at.
fingerprint () {
	fp_cols=$(sql "$1" "SELECT group_concat(name, ', ') FROM pragma_table_info('$2') WHERE name != 'synced_at'") &&
	sql "$1" "SELECT $fp_cols FROM $2 ORDER BY $fp_cols" | sha256sum | cut -d" " -f1
}

# graph_requests: the fake's request log, one "METHOD PATH TIME_RANGE" a line.
graph_requests () {
	fake GET /__requests | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    q = r.get("query", {})
    tr = json.loads(q["time_range"]) if "time_range" in q else None
    print(r["method"], r["path"], "%s..%s" % (tr["since"], tr["until"]) if tr else "-", r["status"])'
}

# hooks_count: webhook messages received so far.
hooks_count () {
	wc -l <"$HOOKS" | tr -d " "
}

# Test bodies are in single quotes: their SQL string literals use $Q.
DB=$SCRATCH/meta.db
SENTINEL=2000-01-01T00:00:00Z

test_expect_success 'a first backfill: the last 90 days up to the account'"'"'s yesterday, 13 chunks, silently' '
	settings &&
	t0=$(date +%s.%N) &&
	meta-backfill -a $A1 --db "$DB" --report "$SCRATCH/r1.json" >"$SCRATCH/r1.out" 2>"$SCRATCH/r1.err" &&
	t1=$(date +%s.%N) &&
	test ! -s "$SCRATCH/r1.out" && test ! -s "$SCRATCH/r1.err" &&
	equal exit_status "$(json "d[\"exit_status\"]" <"$SCRATCH/r1.json")" 0 &&
	equal accounts "$(json "len(d[\"accounts\"])" <"$SCRATCH/r1.json")" 1 &&
	equal status "$(rep "$SCRATCH/r1.json" $A1 "a[\"status\"]")" 0 &&
	equal error "$(rep "$SCRATCH/r1.json" $A1 "a[\"error\"]")" null &&
	off=$(sql "$DB" "SELECT timezone_offset_hours_utc FROM accounts WHERE account_id = $Q${A1#act_}$Q") &&
	test -n "$off" &&
	until=$(rep "$SCRATCH/r1.json" $A1 "a[\"range\"][\"until\"]") &&
	y0=$(yesterday_at $t0 $off) && y1=$(yesterday_at $t1 $off) &&
	{ test "$until" = "$y0" || test "$until" = "$y1" || { echo "until $until, want $y0 (or $y1) at UTC$off" >&2; false; }; } &&
	equal since "$(rep "$SCRATCH/r1.json" $A1 "a[\"range\"][\"since\"]")" "$(date -u -d "$until - 89 days" +%F)" &&
	equal chunks "$(rep "$SCRATCH/r1.json" $A1 "a[\"chunks\"]")" "{\"done\": 13, \"planned\": 13}" &&
	equal days_fetched "$(rep "$SCRATCH/r1.json" $A1 "a[\"days_fetched\"]")" 90 &&
	equal "requests (4 entity kinds, a page per chunk)" "$(rep "$SCRATCH/r1.json" $A1 "a[\"requests\"]")" 17 &&
	equal "rows written" "$(rep "$SCRATCH/r1.json" $A1 "a[\"rows\"]")" \
		"$(sql "$DB" "SELECT (SELECT count(*) FROM insights) + (SELECT count(*) FROM accounts) + (SELECT count(*) FROM campaigns) + (SELECT count(*) FROM adsets) + (SELECT count(*) FROM ads)")"
'

test_expect_success 'the backfill equals the truth: insights at level ad, entities, 90 days marked' '
	check_report_truth "$DB" "$SCRATCH/r1.json" $A1 &&
	since=$(rep "$SCRATCH/r1.json" $A1 "a[\"range\"][\"since\"]") &&
	until=$(rep "$SCRATCH/r1.json" $A1 "a[\"range\"][\"until\"]") &&
	equal "rows outside the range" "$(sql "$DB" "SELECT count(*) FROM insights WHERE date_start NOT BETWEEN $Q$since$Q AND $Q$until$Q OR level != ${Q}ad$Q")" 0 &&
	test "$(sql "$DB" "SELECT count(*) FROM insights")" -gt 0 &&
	no_duplicates "$DB" &&
	check_entities "$DB" $A1 &&
	equal accounts "$(sql "$DB" "SELECT group_concat(account_id) FROM accounts")" "${A1#act_}" &&
	equal "backfill_days" "$(sql "$DB" "SELECT count(*), min(date), max(date) FROM backfill_days WHERE account_id = $Q$A1$Q AND level = ${Q}ad$Q")" "90|$since|$until" &&
	equal "other backfill_days" "$(sql "$DB" "SELECT count(*) FROM backfill_days WHERE account_id != $Q$A1$Q OR level != ${Q}ad$Q")" 0
'

test_expect_success 'a rerun fetches only the 28-day look-back (4 chunks) and changes nothing' '
	settings &&
	for t in insights accounts campaigns adsets ads; do
		fingerprint "$DB" $t >"$SCRATCH/fp.$t" &&
		sql "$DB" "UPDATE $t SET synced_at = $Q$SENTINEL$Q" || exit 1
	done &&
	sums=$(sql "$DB" "SELECT count(*), printf($Q%.2f$Q, sum(spend)), sum(impressions), sum(clicks) FROM insights") &&
	fake POST /__requests/reset >/dev/null &&
	meta-backfill -a $A1 --db "$DB" --json >"$SCRATCH/r2.json" &&
	graph_requests >"$SCRATCH/req2" &&
	cat "$SCRATCH/req2" &&
	equal chunks.planned "$(rep "$SCRATCH/r2.json" $A1 "a[\"chunks\"][\"planned\"]")" 4 &&
	equal chunks.done "$(rep "$SCRATCH/r2.json" $A1 "a[\"chunks\"][\"done\"]")" 4 &&
	equal days_fetched "$(rep "$SCRATCH/r2.json" $A1 "a[\"days_fetched\"]")" 28 &&
	planned=$(rep "$SCRATCH/r2.json" $A1 "a[\"chunks\"][\"planned\"]") &&
	equal "insights requests" "$(grep -c "^GET /v[0-9.]*/$A1/insights " "$SCRATCH/req2")" "$planned" &&
	equal "entity requests" "$(grep -v "/insights " "$SCRATCH/req2" | cut -d" " -f1-2 | sort | tr "\n" " ")" \
		"GET /v25.0/$A1 GET /v25.0/$A1/ads GET /v25.0/$A1/adsets GET /v25.0/$A1/campaigns " &&
	equal "all requests" "$(wc -l <"$SCRATCH/req2")" "$(rep "$SCRATCH/r2.json" $A1 "a[\"requests\"]")" &&
	until=$(rep "$SCRATCH/r2.json" $A1 "a[\"range\"][\"until\"]") &&
	grep "/insights " "$SCRATCH/req2" | cut -d" " -f3 | python3 -c "
import datetime as dt, sys
until = dt.date.fromisoformat(sys.argv[1])
days = []
for line in sys.stdin:
    s, u = (dt.date.fromisoformat(x) for x in line.strip().split(\"..\"))
    assert (u - s).days < 7, line
    days += [s + dt.timedelta(days=i) for i in range((u - s).days + 1)]
want = [until - dt.timedelta(days=i) for i in range(28)]
assert sorted(days) == sorted(want), (sorted(days), sorted(want))
" "$until" &&
	equal sums "$(sql "$DB" "SELECT count(*), printf($Q%.2f$Q, sum(spend)), sum(impressions), sum(clicks) FROM insights")" "$sums" &&
	for t in insights accounts campaigns adsets ads; do
		equal "$t rewritten" "$(sql "$DB" "SELECT count(*) FROM $t WHERE synced_at != $Q$SENTINEL$Q")" 0 &&
		equal "$t data" "$(fingerprint "$DB" $t)" "$(cat "$SCRATCH/fp.$t")" || exit 1
	done &&
	equal backfill_days "$(sql "$DB" "SELECT count(*) FROM backfill_days")" 90 &&
	check_report_truth "$DB" "$SCRATCH/r2.json" $A1
'

test_expect_success 'restated days are refetched and replaced (restate_days 10, factor 1.5)' '
	settings "\"restate_days\":10,\"restate_factor\":1.5" &&
	sql "$DB" "UPDATE insights SET synced_at = $Q$SENTINEL$Q" &&
	before=$(sql "$DB" "SELECT printf($Q%.2f$Q, sum(spend)) FROM insights") &&
	meta-backfill -a $A1 --db "$DB" --report "$SCRATCH/r3.json" &&
	check_report_truth "$DB" "$SCRATCH/r3.json" $A1 &&
	after=$(sql "$DB" "SELECT printf($Q%.2f$Q, sum(spend)) FROM insights") &&
	echo "spend $before -> $after" &&
	python3 -c "import sys; sys.exit(not float(sys.argv[2]) > float(sys.argv[1]))" "$before" "$after" &&
	first=$(date -u -d "$FAKE_TODAY - 10 days" +%F) &&
	restated=$(sql "$DB" "SELECT count(*) FROM insights WHERE date_start >= $Q$first$Q") &&
	test "$restated" -gt 0 &&
	equal "rows rewritten" "$(sql "$DB" "SELECT count(*) FROM insights WHERE synced_at != $Q$SENTINEL$Q")" "$restated" &&
	equal "restated rows rewritten" "$(sql "$DB" "SELECT count(*) FROM insights WHERE date_start >= $Q$first$Q AND synced_at = $Q$SENTINEL$Q")" 0 &&
	no_duplicates "$DB"
'

RESUME_ARGS="-a $A1 -a $A2 --days 120 --chunk 5 --jobs 4"

# marked DB ACCOUNT: how many days are marked fetched (0 without a database).
marked () {
	if [ -s "$1" ]; then
		sql "$1" "SELECT count(*) FROM backfill_days WHERE account_id = '$2' AND level = 'ad'"
	else
		echo 0
	fi
}

# kill_runs DB N: starts the resume test's run N times, each SIGKILLed after
# a random 0.2-1.5 s; after each, every day marked fetched is complete.
# KILLED counts the runs the signal ended.
kill_runs () {
	kr_i=0
	KILLED=0
	while [ $kr_i -lt "$2" ]; do
		kr_i=$((kr_i + 1))
		kr_delay=$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", 0.2 + 1.3 * r / 32767 }')
		meta-backfill -q $RESUME_ARGS --db "$1" 2>>"$SCRATCH/resume.err" &
		kr_pid=$!
		sleep "$kr_delay"
		kill -KILL $kr_pid 2>/dev/null || true
		kr_st=0
		wait $kr_pid 2>/dev/null || kr_st=$?
		[ $kr_st -eq 137 ] && KILLED=$((KILLED + 1))
		echo "run $kr_i: SIGKILL after ${kr_delay}s, exit $kr_st, days marked: $A1 $(marked "$1" $A1), $A2 $(marked "$1" $A2)"
		if [ $kr_st -ne 137 ] && [ $kr_st -ne 0 ]; then
			cat "$SCRATCH/resume.err" >&2
			return 1
		fi
		if [ -s "$1" ]; then
			check_marked "$1" $A1 && check_marked "$1" $A2 || return 1
		fi
	done
}

# kill_after_marks DB N: starts the run and SIGKILLs it once N days of an account are marked.
kill_after_marks () {
	meta-backfill -q $RESUME_ARGS --db "$1" 2>>"$SCRATCH/resume.err" &
	kam_pid=$!
	kam_i=0
	while [ $kam_i -lt 1500 ] && kill -0 $kam_pid 2>/dev/null; do
		kam_i=$((kam_i + 1))
		if [ -s "$1" ]; then
			kam_n=$(sqlite3 -readonly "$1" "SELECT max(n) FROM (SELECT count(*) AS n FROM backfill_days GROUP BY account_id)" 2>/dev/null || :)
			[ "${kam_n:-0}" -ge "$2" ] && break
		fi
		sleep 0.02
	done
	kill -KILL $kam_pid 2>/dev/null || true
	wait $kam_pid 2>/dev/null || true
	echo "extra run: SIGKILL once $2 days were marked; days marked: $A1 $(marked "$1" $A1), $A2 $(marked "$1" $A2)"
	check_marked "$1" $A1 && check_marked "$1" $A2
}

# Until a run completes, a run fetches only the days not marked yet, so the
# final run skips every day the killed ones committed: the test makes sure
# some were committed (more than 28, as before, for a clear margin).
test_expect_success 'SIGKILLed at random moments, the backfill resumes to exactly the truth' '
	settings "\"latency_ms\":60" &&
	rdb=$SCRATCH/resume.db &&
	seed=${T0300_SEED:-$RANDOM} && RANDOM=$seed &&
	echo "T0300_SEED=$seed" &&
	kill_runs "$rdb" 4 &&
	test "$KILLED" -gt 0 &&
	{ test "$(marked "$rdb" $A1)" -gt 28 || test "$(marked "$rdb" $A2)" -gt 28 || kill_after_marks "$rdb" 40; } &&
	for a in $A1 $A2; do
		sql "$rdb" "SELECT date FROM backfill_days WHERE account_id = $Q$a$Q AND level = ${Q}ad$Q" >"$SCRATCH/before.$a" &&
		sql "$rdb" "SELECT until FROM backfill_runs WHERE account_id = $Q$a$Q AND level = ${Q}ad$Q" >"$SCRATCH/lastrun.$a" || exit 1
	done &&
	meta-backfill $RESUME_ARGS --db "$rdb" --report "$SCRATCH/r4.json" &&
	equal exit_status "$(json "d[\"exit_status\"]" <"$SCRATCH/r4.json")" 0 &&
	skipped=0 &&
	for a in $A1 $A2; do
		equal "$a status" "$(rep "$SCRATCH/r4.json" $a "a[\"status\"]")" 0 &&
		check_report_truth "$rdb" "$SCRATCH/r4.json" $a &&
		check_entities "$rdb" $a &&
		expect_plan "$SCRATCH/before.$a" "$SCRATCH/r4.json" $a 28 5 "$SCRATCH/lastrun.$a" &&
		since=$(rep "$SCRATCH/r4.json" $a "a[\"range\"][\"since\"]") &&
		until=$(rep "$SCRATCH/r4.json" $a "a[\"range\"][\"until\"]") &&
		equal "$a days marked" "$(sql "$rdb" "SELECT count(*) FROM backfill_days WHERE account_id = $Q$a$Q AND date BETWEEN $Q$since$Q AND $Q$until$Q")" 120 &&
		before=$(awk -v s="$since" -v u="$until" "\$0 >= s && \$0 <= u" "$SCRATCH/before.$a" | wc -l) &&
		days=$(rep "$SCRATCH/r4.json" $a "a[\"days_fetched\"]") &&
		{ test -s "$SCRATCH/lastrun.$a" || equal "$a days fetched" "$days" $((120 - before)); } &&
		{ [ "$before" -eq 0 ] || skipped=$((skipped + 1)); } || exit 1
	done &&
	test $skipped -gt 0 &&
	no_duplicates "$rdb"
'

# lock_race: while a slow run holds the lock of $A1 in lock.db, one for
# $A1 there with no wait budget (with one, a run comes back to an account
# held by another run and waits for it: t0600 tests that), then one for
# $A2 only.  Sets BST, CST, AST (their exit
# statuses and the first run's), ALIVE (0: the first run was still running
# when the second ended) and ELAPSED (the second run's seconds).
lock_race () {
	lr_db=$SCRATCH/lock.db
	fake POST /__requests/reset >/dev/null || return 1
	meta-backfill -q -a $A1 --db "$lr_db" --jobs 1 --report "$SCRATCH/r5a.json" 2>"$SCRATCH/r5a.err" &
	lr_pid=$!
	# A request logged means the first run has its lock and is under way.
	lr_n=0
	while [ "$(fake GET /__requests | json 'len(d)')" -eq 0 ] && [ $lr_n -lt 600 ]; do
		sleep 0.05
		lr_n=$((lr_n + 1))
	done
	lr_t0=$(date +%s.%N)
	BST=0
	meta-backfill -a $A1 --max-wait 0 --db "$lr_db" 2>"$SCRATCH/r5b.err" || BST=$?
	lr_t1=$(date +%s.%N)
	ALIVE=0
	kill -0 $lr_pid 2>/dev/null || ALIVE=1
	CST=0
	meta-backfill -q -a $A2 --db "$lr_db" --report "$SCRATCH/r5c.json" 2>"$SCRATCH/r5c.err" || CST=$?
	AST=0
	wait $lr_pid || AST=$?
	ELAPSED=$(python3 -c 'import sys; print("%.2f" % (float(sys.argv[2]) - float(sys.argv[1])))' $lr_t0 $lr_t1)
}

test_expect_success 'a second run on the same database and account, no wait allowed, exits 75 at once; another account may share it' '
	settings "\"latency_ms\":100" &&
	lock_race &&
	cat "$SCRATCH/r5b.err" &&
	echo "second run: exit $BST after ${ELAPSED}s" &&
	equal "second run" $BST 75 &&
	python3 -c "import sys; sys.exit(float(sys.argv[1]) >= 2)" $ELAPSED &&
	equal "first run still running when the second ended" $ALIVE 0 &&
	grep -Ei "another|lock" "$SCRATCH/r5b.err" &&
	! grep -F "$TOKEN" "$SCRATCH/r5b.err" &&
	equal "first run" $AST 0 &&
	equal "other account" $CST 0 &&
	check_report_truth "$SCRATCH/lock.db" "$SCRATCH/r5a.json" $A1 &&
	check_report_truth "$SCRATCH/lock.db" "$SCRATCH/r5c.json" $A2 &&
	check_entities "$SCRATCH/lock.db" $A1 && check_entities "$SCRATCH/lock.db" $A2
'

# kill_at_first_marks DB: starts a slow run and SIGKILLs it as soon as days
# are seen marked.  Sets FIRST (the days marked then) and KST (its exit status).
kill_at_first_marks () {
	meta-backfill -q -a $A1 --db "$1" --jobs 1 2>/dev/null &
	kf_pid=$!
	FIRST=0
	kf_i=0
	while [ $kf_i -lt 1500 ] && kill -0 $kf_pid 2>/dev/null; do
		kf_i=$((kf_i + 1))
		if [ -s "$1" ]; then
			FIRST=$(sqlite3 -readonly "$1" "SELECT count(*) FROM backfill_days" 2>/dev/null || echo 0)
			[ "${FIRST:-0}" -gt 0 ] && break
		fi
		sleep 0.02
	done
	kill -KILL $kf_pid 2>/dev/null || true
	KST=0
	wait $kf_pid 2>/dev/null || KST=$?
	echo "SIGKILL once $FIRST days were marked: exit $KST"
}

test_expect_success 'progress is committed chunk by chunk: a SIGKILLed run keeps its chunks, and no lock' '
	settings "\"latency_ms\":100" &&
	kill_at_first_marks "$SCRATCH/lock2.db" &&
	equal "killed" $KST 137 &&
	test "$FIRST" -gt 0 && test "$FIRST" -lt 90 &&
	equal "whole chunks" $((FIRST % 7)) 0 &&
	check_marked "$SCRATCH/lock2.db" $A1 &&
	sql "$SCRATCH/lock2.db" "SELECT date FROM backfill_days" >"$SCRATCH/before5" &&
	sql "$SCRATCH/lock2.db" "SELECT until FROM backfill_runs" >"$SCRATCH/lastrun5" &&
	settings &&
	meta-backfill -a $A1 --db "$SCRATCH/lock2.db" --report "$SCRATCH/r5d.json" &&
	expect_plan "$SCRATCH/before5" "$SCRATCH/r5d.json" $A1 28 7 "$SCRATCH/lastrun5" &&
	check_report_truth "$SCRATCH/lock2.db" "$SCRATCH/r5d.json" $A1 &&
	no_duplicates "$SCRATCH/lock2.db"
'

test_expect_success 'an unknown account fails with its error and status (64); the other is complete' '
	settings &&
	st=0 &&
	{ meta-backfill -a act_999 -a $A2 --db "$SCRATCH/fail.db" --report "$SCRATCH/r6.json" 2>"$SCRATCH/r6.err" || st=$?; } &&
	cat "$SCRATCH/r6.err" &&
	equal "exit status" $st 64 &&
	equal "report exit_status" "$(json "d[\"exit_status\"]" <"$SCRATCH/r6.json")" 64 &&
	equal "accounts" "$(json "[a[\"account\"] for a in d[\"accounts\"]]" <"$SCRATCH/r6.json")" "[\"act_999\", \"$A2\"]" &&
	equal "act_999 status" "$(rep "$SCRATCH/r6.json" act_999 "a[\"status\"]")" 64 &&
	rep "$SCRATCH/r6.json" act_999 "a[\"error\"]" | grep -F act_999 &&
	grep -F act_999 "$SCRATCH/r6.err" &&
	equal "$A2 status" "$(rep "$SCRATCH/r6.json" $A2 "a[\"status\"]")" 0 &&
	equal "$A2 error" "$(rep "$SCRATCH/r6.json" $A2 "a[\"error\"]")" null &&
	equal "$A2 days" "$(rep "$SCRATCH/r6.json" $A2 "a[\"days_fetched\"]")" 90 &&
	check_report_truth "$SCRATCH/fail.db" "$SCRATCH/r6.json" $A2 &&
	check_entities "$SCRATCH/fail.db" $A2 &&
	equal "act_999 rows" "$(sql "$SCRATCH/fail.db" "SELECT count(*) FROM insights WHERE account_id = ${Q}999$Q")" 0
'

test_expect_success 'an account failing mid-way (token expires): exit 77, its completed chunks stay, the rerun fetches the rest' '
	settings "\"expire_token_after\":10" &&
	st=0 &&
	{ meta-backfill -q -a $A1 --db "$SCRATCH/expire.db" --jobs 1 --report "$SCRATCH/r7.json" 2>"$SCRATCH/r7.err" || st=$?; } &&
	settings &&
	cat "$SCRATCH/r7.err" &&
	equal "exit status" $st 77 &&
	equal "status" "$(rep "$SCRATCH/r7.json" $A1 "a[\"status\"]")" 77 &&
	equal "chunks done" "$(rep "$SCRATCH/r7.json" $A1 "a[\"chunks\"]")" "{\"done\": 6, \"planned\": 13}" &&
	equal "days_fetched" "$(rep "$SCRATCH/r7.json" $A1 "a[\"days_fetched\"]")" 42 &&
	equal "days marked" "$(sql "$SCRATCH/expire.db" "SELECT count(*) FROM backfill_days")" 42 &&
	check_marked "$SCRATCH/expire.db" $A1 &&
	! grep -F "$TOKEN" "$SCRATCH/r7.err" "$SCRATCH/r7.json" &&
	sql "$SCRATCH/expire.db" "SELECT date FROM backfill_days" >"$SCRATCH/before7" &&
	sql "$SCRATCH/expire.db" "SELECT until FROM backfill_runs" >"$SCRATCH/lastrun7" &&
	meta-backfill -a $A1 --db "$SCRATCH/expire.db" --jobs 1 --report "$SCRATCH/r7b.json" &&
	expect_plan "$SCRATCH/before7" "$SCRATCH/r7b.json" $A1 28 7 "$SCRATCH/lastrun7" &&
	equal "days_fetched" "$(rep "$SCRATCH/r7b.json" $A1 "a[\"days_fetched\"]")" 48 &&
	check_report_truth "$SCRATCH/expire.db" "$SCRATCH/r7b.json" $A1 &&
	no_duplicates "$SCRATCH/expire.db"
'

test_expect_success '--full refetches the whole range; --level keeps its own progress' '
	settings &&
	meta-backfill -a $A1 --db "$DB" --full --json >"$SCRATCH/r10.json" &&
	equal chunks "$(rep "$SCRATCH/r10.json" $A1 "a[\"chunks\"]")" "{\"done\": 13, \"planned\": 13}" &&
	equal days_fetched "$(rep "$SCRATCH/r10.json" $A1 "a[\"days_fetched\"]")" 90 &&
	check_report_truth "$DB" "$SCRATCH/r10.json" $A1 &&
	meta-backfill -a $A1 --db "$DB" --level campaign --days 14 --json >"$SCRATCH/r11.json" &&
	equal "campaign chunks" "$(rep "$SCRATCH/r11.json" $A1 "a[\"chunks\"]")" "{\"done\": 2, \"planned\": 2}" &&
	equal "campaign days_fetched" "$(rep "$SCRATCH/r11.json" $A1 "a[\"days_fetched\"]")" 14 &&
	since=$(rep "$SCRATCH/r11.json" $A1 "a[\"range\"][\"since\"]") &&
	until=$(rep "$SCRATCH/r11.json" $A1 "a[\"range\"][\"until\"]") &&
	check_truth "$DB" $A1 "$since" "$until" campaign &&
	equal "campaign days marked" "$(sql "$DB" "SELECT count(*), min(date), max(date) FROM backfill_days WHERE account_id = $Q$A1$Q AND level = ${Q}campaign$Q")" "14|$since|$until" &&
	equal "ad days marked" "$(sql "$DB" "SELECT count(*) FROM backfill_days WHERE account_id = $Q$A1$Q AND level = ${Q}ad$Q")" 90
'

test_expect_success '--since/--until set the range; --include-archived (the default now) still accepted' '
	settings &&
	since=$(date -u -d "$FAKE_TODAY - 45 days" +%F) &&
	until=$(date -u -d "$FAKE_TODAY - 16 days" +%F) &&
	meta-backfill -a $A2 --db "$SCRATCH/arch.db" --since $since --until $until --chunk 30 --include-archived \
		--json >"$SCRATCH/r12.json" &&
	equal range "$(rep "$SCRATCH/r12.json" $A2 "a[\"range\"]")" "{\"since\": \"$since\", \"until\": \"$until\"}" &&
	equal chunks "$(rep "$SCRATCH/r12.json" $A2 "a[\"chunks\"]")" "{\"done\": 1, \"planned\": 1}" &&
	equal days_fetched "$(rep "$SCRATCH/r12.json" $A2 "a[\"days_fetched\"]")" 30 &&
	check_truth "$SCRATCH/arch.db" $A2 $since $until &&
	equal "rows outside the range" "$(sql "$SCRATCH/arch.db" "SELECT count(*) FROM insights WHERE date_start NOT BETWEEN $Q$since$Q AND $Q$until$Q")" 0 &&
	check_entities "$SCRATCH/arch.db" $A2 &&
	test "$(fake GET "/__truth/entities?account_id=$A2&kind=ads&include_archived=1" | json "d[\"count\"]")" -gt \
		"$(fake GET "/__truth/entities?account_id=$A2&kind=ads" | json "d[\"count\"]")"
'

# check_hook LINE-NUMBER STATUS ACCOUNT: that webhook message is valid JSON
# for Slack and Discord naming ACCOUNT and STATUS, without the token.
check_hook () {
	sed -n "${1}p" "$HOOKS" | python3 -c '
import json, re, sys
line = json.loads(sys.stdin.readline())
body, status, account, token = line["body"], int(sys.argv[1]), sys.argv[2], sys.argv[3]
print(body)
assert token not in body, "the token is in the message"
assert (line["content_type"] or "").split(";")[0].strip() == "application/json", line["content_type"]
m = json.loads(body)
for k in ("text", "content"):
    assert isinstance(m.get(k), str) and m[k], k
    assert account in m[k], "%s does not name %s" % (k, account)
    assert re.search(r"\b%d\b" % status, m[k]), "%s does not give the status %d" % (k, status)
assert m["exit_status"] == status, m["exit_status"]
bad = [a for a in m["accounts"] if a["account"] == account]
assert len(bad) == 1 and bad[0]["status"] == status and account in bad[0]["error"], bad
' "$2" "$3" "$TOKEN"
}

test_expect_success 'a failed run posts one webhook message, a successful one none' '
	settings &&
	: >"$HOOKS" &&
	st=0 &&
	{ meta-backfill -q -a act_999 -a $A1 --days 3 --db "$SCRATCH/hook.db" --notify-url-file "$HOOK_FILE" || st=$?; } &&
	equal "exit status" $st 64 &&
	equal messages "$(hooks_count)" 1 &&
	check_hook 1 64 act_999 &&
	meta-backfill -q -a $A1 --days 3 --db "$SCRATCH/hook.db" --notify-url-file "$HOOK_FILE" &&
	equal "messages after a success" "$(hooks_count)" 1 &&
	META_NOTIFY_URL=$HOOK_URL meta-backfill -q -a $A1 --days 3 --db "$SCRATCH/hook.db" &&
	equal "messages after a success (META_NOTIFY_URL)" "$(hooks_count)" 1
'

test_expect_success 'with many failing accounts the message names them within 2000 characters' '
	settings &&
	: >"$HOOKS" &&
	st=0 &&
	{ meta-backfill -q -a act_991 -a act_992 -a act_993 -a act_994 -a act_995 -a act_996 \
		-a act_997 -a act_998 --db "$SCRATCH/many.db" --notify-url-file "$HOOK_FILE" 2>/dev/null || st=$?; } &&
	equal "exit status" $st 64 &&
	equal messages "$(hooks_count)" 1 &&
	python3 -c "
import json, sys
m = json.loads(json.loads(open(sys.argv[1]).readline())[\"body\"])
t = m[\"content\"]
assert m[\"text\"] == t and len(t) <= 2000, len(t)
named = [a for a in range(991, 999) if \"act_%d:\" % a in t]
more = \"more failing accounts\" in t
assert named and (len(named) == 8 or more), (named, more)
assert len(m[\"accounts\"]) == 8
" "$HOOKS"
'

test_expect_success 'META_NOTIFY_URL is the default of --notify-url-file' '
	settings &&
	: >"$HOOKS" &&
	st=0 &&
	{ META_NOTIFY_URL=$HOOK_URL meta-backfill -q -a act_999 --days 3 --db "$SCRATCH/hook.db" || st=$?; } &&
	equal "exit status" $st 64 &&
	equal messages "$(hooks_count)" 1 &&
	check_hook 1 64 act_999 &&
	st=0 &&
	{ META_NOTIFY_URL=http://127.0.0.1:9/unused meta-backfill -q -a act_999 --days 3 --db "$SCRATCH/hook.db" --notify-url-file "$HOOK_FILE" || st=$?; } &&
	equal "exit status" $st 64 &&
	equal "messages (--notify-url-file wins)" "$(hooks_count)" 2 &&
	check_hook 2 64 act_999
'

test_expect_success 'the webhook message never carries the token, even when an error quotes it' '
	settings &&
	: >"$HOOKS" &&
	st=0 &&
	{ META_ACCESS_TOKEN=developers.facebook.com/docs/graph-api meta-backfill -q -a act_999 --days 3 \
		--db "$SCRATCH/hook.db" --notify-url-file "$HOOK_FILE" 2>"$SCRATCH/r8.err" || st=$?; } &&
	equal "exit status" $st 64 &&
	equal messages "$(hooks_count)" 1 &&
	TOKEN=developers.facebook.com/docs/graph-api check_hook 1 64 act_999 &&
	! grep -F developers.facebook.com/docs/graph-api "$SCRATCH/r8.err"
'

test_expect_success 'an unreachable webhook is an error even under -q, without its URL' '
	settings &&
	st=0 &&
	{ META_NOTIFY_URL=http://127.0.0.1:9/hook/s3cret meta-backfill -q -a act_999 --days 3 --db "$SCRATCH/hook.db" \
		2>"$SCRATCH/r9.err" || st=$?; } &&
	cat "$SCRATCH/r9.err" &&
	equal "exit status" $st 64 &&
	grep "^meta-backfill: webhook: " "$SCRATCH/r9.err" &&
	! grep s3cret "$SCRATCH/r9.err"
'

test_expect_success 'usage: --token refused (64), --db missing (64), PostgreSQL without a server (1; 64 without libpq), no token (77)' '
	settings &&
	fake POST /__requests/reset >/dev/null &&
	expect_status 64 meta-backfill -a $A1 --db "$SCRATCH/u.db" --token abcdefghijklmnopqrstuvwxyz 2>"$SCRATCH/u1.err" &&
	grep -i token "$SCRATCH/u1.err" &&
	expect_status 64 meta-backfill -a $A1 --db "$SCRATCH/u.db" --token=abcdefghijklmnopqrstuvwxyz 2>/dev/null &&
	expect_status 64 meta-backfill -a $A1 --db "$SCRATCH/u.db" --notify-url "$HOOK_URL" 2>"$SCRATCH/u6.err" &&
	grep -e META_NOTIFY_URL "$SCRATCH/u6.err" &&
	! grep -F "$HOOK_URL" "$SCRATCH/u6.err" &&
	expect_status 64 env META_NOTIFY_URL=hooks.example.com/x meta-backfill -a $A1 --db "$SCRATCH/u.db" 2>"$SCRATCH/u7.err" &&
	grep -e META_NOTIFY_URL "$SCRATCH/u7.err" &&
	expect_status 64 meta-backfill -a $A1 --db "$SCRATCH/u.db" --notify-url-file "$SCRATCH/nonexistent" 2>"$SCRATCH/u8.err" &&
	grep -e "$SCRATCH/nonexistent" "$SCRATCH/u8.err" &&
	expect_status 64 meta-backfill -a $A1 2>"$SCRATCH/u2.err" &&
	grep -e --db "$SCRATCH/u2.err" &&
	pgst=0 &&
	{ meta-backfill -a $A1 --db "postgres://user@/meta?host=$SCRATCH/nosocket" 2>"$SCRATCH/u3.err" || pgst=$?; } &&
	grep -i postgres "$SCRATCH/u3.err" &&
	if grep -q "no PostgreSQL support" "$SCRATCH/u3.err"; then equal "PostgreSQL, no libpq" $pgst 64
	else equal "PostgreSQL, no server" $pgst 1; fi &&
	(unset META_ACCESS_TOKEN && expect_status 77 meta-backfill -a $A1 --db "$SCRATCH/u.db" 2>"$SCRATCH/u4.err") &&
	grep -i token "$SCRATCH/u4.err" &&
	(META_ACCESS_TOKEN= && expect_status 77 meta-backfill -a $A1 --db "$SCRATCH/u.db" 2>/dev/null) &&
	expect_status 64 meta-backfill --db "$SCRATCH/u.db" 2>/dev/null &&
	expect_status 64 meta-backfill -a act_12x --db "$SCRATCH/u.db" 2>/dev/null &&
	expect_status 64 meta-backfill -a $A1 --db "$SCRATCH/u.db" --days 30 --since 2026-01-01 2>/dev/null &&
	expect_status 64 meta-backfill -a $A1 --db "$SCRATCH/u.db" --until 2026-01-01 2>/dev/null &&
	expect_status 64 meta-backfill -a $A1 --db "$SCRATCH/u.db" --since 2026-01-31 --until 2026-01-01 2>/dev/null &&
	expect_status 64 meta-backfill -a $A1 --db "$SCRATCH/u.db" --since 2026-02-30 2>/dev/null &&
	expect_status 64 meta-backfill -a $A1 --db "$SCRATCH/u.db" --chunk 0 2>/dev/null &&
	expect_status 64 meta-backfill -a $A1 --db "$SCRATCH/u.db" --chunk 91 2>"$SCRATCH/u5.err" &&
	grep -e --chunk "$SCRATCH/u5.err" &&
	expect_status 64 meta-backfill -a $A1 --db "$SCRATCH/u.db" --lookback 366 2>/dev/null &&
	expect_status 64 meta-backfill -a $A1 --db "$SCRATCH/u.db" --jobs 65 2>/dev/null &&
	expect_status 64 meta-backfill -a $A1 --db "$SCRATCH/u.db" --level creative 2>/dev/null &&
	expect_status 64 meta-backfill -a $A1 --db "$SCRATCH/u.db" extra-argument 2>/dev/null &&
	expect_status 0 meta-backfill --help >/dev/null &&
	equal "Graph requests" "$(fake GET /__requests | json "len(d)")" 0
'

test_done

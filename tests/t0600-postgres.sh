#!/bin/bash
# The PostgreSQL store against a server this script starts (tests/lib.sh's
# start_postgres), the same end to end checks as the SQLite store's, run on
# both: meta-backfill and the pipeline equal the fake's truth (the agency
# mapping's metrics, the daily views, reach), the two stores hold the same
# rows and views, a rerun changes nothing, a SIGKILLed run resumes, bad
# records are rejected alike, the password of the URL is never shown; and
# three hosts (concurrent --all-accounts runs over four accounts; on SQLite,
# repeated -a) share the
# accounts: each equals the truth, its insights fetched once.
#
# The PostgreSQL tables are read through tests/pg-snapshot.py, which copies
# them into a SQLite file, so tests/check-truth.py checks both stores.
. "$(dirname "$0")/lib.sh"

TOKEN=t0600-postgres-token-3a7e91
META_ACCESS_TOKEN=$TOKEN
export META_ACCESS_TOKEN
MAP=$TOP/scripts/maps/agency.json
PASSWORD=pw-t0600-Zq8rK2mX
# The world and period of t0500: every rule of the agency mapping occurs.
SINCE=2026-10-26
UNTIL=2026-11-22

# Built without libpq: a URL is a usage error that says so, and nothing else runs.
if meta-load --db postgresql://localhost/x </dev/null 2>"$SCRATCH/nopg.err"; then
	:
elif [ $? -eq 64 ] && grep -q "no PostgreSQL support" "$SCRATCH/nopg.err"; then
	test_expect_success 'without libpq, --db postgresql://... exits 64 saying why' '
		expect_status 64 meta-load --db postgresql://u:$PASSWORD@localhost/x </dev/null 2>"$SCRATCH/e" &&
		grep -q "no PostgreSQL support" "$SCRATCH/e" && ! grep -F "$PASSWORD" "$SCRATCH/e"
	'
	test_done
	exit
fi
# Skipped only where PostgreSQL is not installed; installed, it must start.
require_postgres

start_fake_graph --seed 30 --accounts 1 --campaigns 3 --adsets 2 --ads 3 --idle-campaigns 1
ACC=$(fake GET /__truth/accounts | json 'd["accounts"][0]')

# truth DB SINCE UNTIL WORDS... ACCOUNT: check-truth.py against this fake.
truth () {
	python3 "$TOP/tests/check-truth.py" "$FAKE_URL" "$@"
}

# snap URL NAME: the PostgreSQL database at URL copied into $SCRATCH/NAME.snap.db.
snap () {
	python3 "$TOP/tests/pg-snapshot.py" "$1" "$SCRATCH/$2.snap.db"
}

# dump DB: the data both stores must hold alike (the key, the numbers, the
# lists, the metrics; not synced_at), sorted, one row a line.
dump () {
	sql "$1" "SELECT level, object_id, date_start, breakdown_key, printf('%.4f', spend), impressions,
		clicks, reach, printf('%.4f', coalesce(revenue, 0)), purchases, link_clicks, leads,
		json(actions), json(action_values), extra FROM insights ORDER BY 1, 2, 3, 4" &&
	for v in adset_daily campaign_daily account_daily; do
		sql "$1" "SELECT * FROM $v" | sort | sed "s/^/$v|/" |
			python3 -c '
import sys
# Ratios as SQLite and PostgreSQL print them differ in the last digits.
for line in sys.stdin:
    out = []
    for f in line.rstrip("\n").split("|"):
        try:
            out.append("%.6g" % float(f) if "." in f else f)
        except ValueError:
            out.append(f)
    print("|".join(out))'
	done &&
	sql "$1" "SELECT field, action_type, action_key, printf('%.4f', sum(value)), count(*) FROM insight_actions GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
}

PG1=$(pg_createdb backfill)
test_expect_success 'meta-backfill --map into PostgreSQL equals the truth: the mapping, the views, reach' '
	meta-backfill -q -a $ACC --db "$PG1" --map "$MAP" --level ad,campaign,account \
		--since $SINCE --until $UNTIL --include-archived --report "$SCRATCH/r1.json" &&
	equal exit_status "$(json "d[\"exit_status\"]" <"$SCRATCH/r1.json")" 0 &&
	snap "$PG1" pg1 &&
	truth "$SCRATCH/pg1.snap.db" $SINCE $UNTIL agency ad campaign account entities $ACC &&
	truth "$SCRATCH/pg1.snap.db" $SINCE $UNTIL reach=campaign,account daily=adset,campaign,account $ACC
'

test_expect_success 'the same backfill into SQLite holds the same rows, lists, metrics and views' '
	meta-backfill -q -a $ACC --db "$SCRATCH/lite.db" --map "$MAP" --level ad,campaign,account \
		--since $SINCE --until $UNTIL --include-archived &&
	dump "$SCRATCH/lite.db" >"$SCRATCH/lite.dump" &&
	dump "$SCRATCH/pg1.snap.db" >"$SCRATCH/pg1.dump" &&
	test $(wc -l <"$SCRATCH/lite.dump") -gt 100 &&
	test_cmp "$SCRATCH/lite.dump" "$SCRATCH/pg1.dump"
'

test_expect_success 'a rerun changes nothing: no row rewritten, synced_at kept' '
	psql_query "$PG1" "SELECT count(*), max(synced_at) FROM insights" >"$SCRATCH/before" &&
	meta-backfill -v -a $ACC --db "$PG1" --map "$MAP" --level ad,campaign,account \
		--since $SINCE --until $UNTIL --include-archived --full 2>"$SCRATCH/rerun.err" &&
	psql_query "$PG1" "SELECT count(*), max(synced_at) FROM insights" >"$SCRATCH/after" &&
	test_cmp "$SCRATCH/before" "$SCRATCH/after"
'

test_expect_success 'the audit on PostgreSQL: deleted objects named, an attribution change refused, then accepted' '
	equal "insights naming no stored entity" "$(psql_query "$PG1" "SELECT count(*) FROM insights i WHERE level = ${Q}ad$Q AND NOT EXISTS (SELECT 1 FROM ads a WHERE a.id = i.ad_id)")" 0 &&
	fake POST /__control "{\"attribution_setting\": \"1d_click\"}" >/dev/null &&
	st=0 &&
	{ meta-backfill -q -a $ACC --db "$PG1" --map "$MAP" --since $UNTIL --until $UNTIL --full \
		2>"$SCRATCH/attr.err" || st=$?; } &&
	equal "refused" $st 64 &&
	grep -q "Meta now serves .1d_click.: not overwriting" "$SCRATCH/attr.err" &&
	equal "old setting kept" "$(psql_query "$PG1" "SELECT DISTINCT attribution_setting FROM insights WHERE date_start = ${Q}$UNTIL$Q AND level = ${Q}ad$Q")" 7d_click_1d_view &&
	meta-backfill -q -a $ACC --db "$PG1" --map "$MAP" --since $UNTIL --until $UNTIL --full \
		--allow-attribution-change &&
	equal "new setting" "$(psql_query "$PG1" "SELECT DISTINCT attribution_setting FROM insights WHERE date_start = ${Q}$UNTIL$Q AND level = ${Q}ad$Q")" 1d_click &&
	fake POST /__control "{\"attribution_setting\": \"7d_click_1d_view\"}" >/dev/null
'

PG2=$(pg_createdb pipeline)
test_expect_success 'the pipeline into PostgreSQL: the truth, the same rows as SQLite, and a reload changes nothing' '
	meta-fetch -q -a $ACC --since $SINCE --until $UNTIL --level ad insights >"$SCRATCH/fetch.out" &&
	meta-fetch -q -a $ACC --include-archived campaigns >>"$SCRATCH/fetch.out" &&
	meta-transform --map "$MAP" "$SCRATCH/fetch.out" >"$SCRATCH/transform.out" &&
	meta-load -v --db "$PG2" "$SCRATCH/transform.out" >/dev/null 2>"$SCRATCH/load1.err" &&
	meta-load -q --db "$SCRATCH/pipe.db" "$SCRATCH/transform.out" >/dev/null &&
	snap "$PG2" pg2 &&
	truth "$SCRATCH/pg2.snap.db" $SINCE $UNTIL agency ad $ACC &&
	dump "$SCRATCH/pipe.db" >"$SCRATCH/pipe.dump" &&
	dump "$SCRATCH/pg2.snap.db" >"$SCRATCH/pg2.dump" &&
	test_cmp "$SCRATCH/pipe.dump" "$SCRATCH/pg2.dump" &&
	n=$(grep -c "\"type\": *\"RECORD\"" "$SCRATCH/transform.out") &&
	grep "$n records ($n changed)" "$SCRATCH/load1.err" &&
	meta-load -v --db "$PG2" "$SCRATCH/transform.out" >/dev/null 2>"$SCRATCH/load2.err" &&
	grep "$n records (0 changed)" "$SCRATCH/load2.err" &&
	cat "$SCRATCH/transform.out" "$SCRATCH/transform.out" | meta-load -v --db "$PG2" >/dev/null 2>"$SCRATCH/load3.err" &&
	grep "$((2 * n)) records (0 changed)" "$SCRATCH/load3.err"
'

test_expect_success 'bad records are rejected alike by both stores; the good ones kept, the last of a key given twice' '
	{ head -5 "$SCRATCH/transform.out" &&
	  echo "{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":{\"level\":\"ad\",\"object_id\":\"1\",\"date_start\":\"2026-01-01\",\"date_stop\":\"2026-01-01\",\"breakdown_key\":\"\",\"spend\":\"12.5\"}}" &&
	  echo "{\"type\":\"RECORD\",\"stream\":\"nosuch\",\"record\":{}}" &&
	  echo "{\"type\":\"RECORD\",\"stream\":\"campaigns\",\"record\":{\"id\":\"c-tab\",\"name\":\"first\"}}" &&
	  echo "{\"type\":\"RECORD\",\"stream\":\"campaigns\",\"record\":{\"id\":\"c-tab\",\"name\":\"a\\tb\\\\c\\nd\"}}" &&
	  echo "{\"type\":\"STATE\",\"value\":{\"t0600\":1}}"; } >"$SCRATCH/bad.ndjson" &&
	PG3=$(pg_createdb rejects) &&
	expect_status 65 meta-load -q --db "$PG3" --rejects "$SCRATCH/rej.pg" "$SCRATCH/bad.ndjson" >/dev/null 2>&1 &&
	expect_status 65 meta-load -q --db "$SCRATCH/rej.db" --rejects "$SCRATCH/rej.lite" "$SCRATCH/bad.ndjson" >/dev/null 2>&1 &&
	test_cmp "$SCRATCH/rej.lite" "$SCRATCH/rej.pg" &&
	equal rejected "$(grep -c . "$SCRATCH/rej.pg")" 2 &&
	equal "name with tab, backslash, newline" "$(psql_query "$PG3" "SELECT name = E${Q}a\\tb\\\\c\\nd$Q FROM campaigns WHERE id = ${Q}c-tab$Q")" t &&
	equal "rows" "$(psql_query "$PG3" "SELECT count(*) FROM insights")" "$(sql "$SCRATCH/rej.db" "SELECT count(*) FROM insights")" &&
	equal "state kept (rejects came before it)" "$(psql_query "$PG3" "SELECT count(*) FROM sync_state")" 0
'

# kill_at_first_marks URL: starts a slow run and SIGKILLs it as soon as days are marked.
kill_at_first_marks () {
	meta-backfill -q -a $ACC --db "$1" --since $SINCE --until $UNTIL --jobs 1 2>/dev/null &
	kf_pid=$!
	FIRST=0
	kf_i=0
	while [ $kf_i -lt 600 ] && kill -0 $kf_pid 2>/dev/null; do
		kf_i=$((kf_i + 1))
		FIRST=$(psql_query "$1" "SELECT count(*) FROM backfill_days" 2>/dev/null || echo 0)
		[ "${FIRST:-0}" -gt 0 ] && break
		sleep 0.05
	done
	kill -KILL $kf_pid 2>/dev/null || true
	KST=0
	wait $kf_pid 2>/dev/null || KST=$?
}

test_expect_success 'a SIGKILLed run keeps whole chunks, holds no lock, and the next run completes it' '
	PG4=$(pg_createdb resume) &&
	fake POST /__control "{\"latency_ms\": 150}" >/dev/null &&
	kill_at_first_marks "$PG4" &&
	fake POST /__control "{\"latency_ms\": 0}" >/dev/null &&
	echo "killed ($KST) once $FIRST days were marked" &&
	equal killed $KST 137 &&
	test "$FIRST" -gt 0 && test "$FIRST" -lt 28 &&
	equal "whole chunks" $((FIRST % 7)) 0 &&
	meta-backfill -q -a $ACC --db "$PG4" --since $SINCE --until $UNTIL --max-wait 0 &&
	snap "$PG4" pg4 &&
	truth "$SCRATCH/pg4.snap.db" $SINCE $UNTIL ad $ACC &&
	equal "days marked" "$(psql_query "$PG4" "SELECT count(*) FROM backfill_days")" 28
'

test_expect_success 'the password of the URL is never shown: not in messages, reports or the database' '
	PG5=$(pg_createdb secret) &&
	URL="postgresql://metasync:$PASSWORD@/secret?host=$PG_HOST" &&
	meta-backfill -vv -a $ACC --db "$URL" --since $UNTIL --until $UNTIL --report "$SCRATCH/r5.json" \
		--json >"$SCRATCH/r5.out" 2>"$SCRATCH/r5.err" &&
	expect_status 65 meta-load -v --db "$URL" "$SCRATCH/bad.ndjson" >/dev/null 2>>"$SCRATCH/r5.err" &&
	BAD="postgresql://metasync:$PASSWORD@/nosuchdb?host=$PG_HOST" &&
	! meta-load -v --db "$BAD" </dev/null 2>>"$SCRATCH/r5.err" &&
	! meta-backfill -v -a $ACC --db "$BAD" 2>>"$SCRATCH/r5.err" &&
	grep -q "nosuchdb" "$SCRATCH/r5.err" &&
	"$PG_BIN/pg_dump" -d "$URL" >"$SCRATCH/r5.sql" &&
	grep -q "$ACC" "$SCRATCH/r5.sql" &&
	! grep -F "$PASSWORD" "$SCRATCH/r5.err" "$SCRATCH/r5.json" "$SCRATCH/r5.out" "$SCRATCH/r5.sql"
'

# ---- many hosts: a world of four accounts ----
kill "$FAKE_PID" && wait "$FAKE_PID" || true
FAKE_PID=
start_fake_graph --seed 33 --accounts 4 --campaigns 2 --adsets 2 --ads 2
ACCOUNTS=$(fake GET /__truth/accounts | json '" ".join(d["accounts"])')
MSINCE=2026-09-01
MUNTIL=2026-10-12

# insights_fetches < REQUEST-LOG: per account, how many times each day's insights were asked for,
# "ACCOUNT DAY N" for every day asked for other than once, and "ACCOUNT days D" per account.
insights_fetches () {
	python3 -c '
import collections, datetime as dt, json, sys
n = collections.Counter()
for r in json.load(sys.stdin):
    q = r.get("query", {})
    if r["method"] != "GET" or not r["path"].endswith("/insights") or "after" in q or "time_range" not in q:
        continue
    acct = r["path"].split("/")[-2]
    t = json.loads(q["time_range"])
    s, u = dt.date.fromisoformat(t["since"]), dt.date.fromisoformat(t["until"])
    for k in range((u - s).days + 1):
        n[acct, str(s + dt.timedelta(days=k))] += 1
days = collections.Counter(a for a, d in n)
for (a, d), c in sorted(n.items()):
    if c != 1:
        print(a, d, c)
for a in sorted(days):
    print(a, "days", days[a])'
}

test_expect_success 'three hosts, --all-accounts over four accounts: each once, every one the truth, all exit 0' '
	PG6=$(pg_createdb hosts) &&
	fake POST /__control "{\"latency_ms\": 60}" >/dev/null &&
	fake POST /__requests/reset >/dev/null &&
	for h in 1 2 3; do
		meta-backfill -q --all-accounts --db "$PG6" --since $MSINCE --until $MUNTIL \
			--report "$SCRATCH/h$h.json" 2>"$SCRATCH/h$h.err" &
		eval "HP$h=\$!"
	done &&
	st=0 &&
	{ wait $HP1 || st=1; } && { wait $HP2 || st=1; } && { wait $HP3 || st=1; } &&
	fake POST /__control "{\"latency_ms\": 0}" >/dev/null &&
	cat "$SCRATCH"/h?.err &&
	equal "exit statuses" $st 0 &&
	fake GET /__requests | insights_fetches >"$SCRATCH/fetches" &&
	cat "$SCRATCH/fetches" &&
	ndays=$(python3 -c "import datetime as d; print((d.date.fromisoformat(\"$MUNTIL\") - d.date.fromisoformat(\"$MSINCE\")).days + 1)") &&
	for a in $ACCOUNTS; do echo "$a days $ndays"; done >"$SCRATCH/want-fetches" &&
	test_cmp "$SCRATCH/want-fetches" "$SCRATCH/fetches" &&
	python3 -c "
import json, sys
fetched = {}
for f in sys.argv[1:]:
    for a in json.load(open(f))[\"accounts\"]:
        if \"skipped\" not in a:
            fetched.setdefault(a[\"account\"], []).append(f)
bad = {a: f for a, f in fetched.items() if len(f) != 1}
print(\"fetched by:\", fetched)
sys.exit(1 if bad or len(fetched) != 4 else 0)" "$SCRATCH"/h?.json &&
	snap "$PG6" pg6 &&
	truth "$SCRATCH/pg6.snap.db" $MSINCE $MUNTIL entities ad $ACCOUNTS
'

test_expect_success 'the same three runs on one SQLite file share the accounts too' '
	fake POST /__control "{\"latency_ms\": 60}" >/dev/null &&
	fake POST /__requests/reset >/dev/null &&
	set -- $ACCOUNTS &&
	for h in 1 2 3; do
		meta-backfill -q -a $1 -a $2 -a $3 -a $4 --db "$SCRATCH/hosts.db" --since $MSINCE \
			--until $MUNTIL 2>"$SCRATCH/l$h.err" &
		eval "HP$h=\$!"
	done &&
	st=0 &&
	{ wait $HP1 || st=1; } && { wait $HP2 || st=1; } && { wait $HP3 || st=1; } &&
	fake POST /__control "{\"latency_ms\": 0}" >/dev/null &&
	equal "exit statuses" $st 0 &&
	fake GET /__requests | insights_fetches >"$SCRATCH/lfetches" &&
	test_cmp "$SCRATCH/want-fetches" "$SCRATCH/lfetches" &&
	truth "$SCRATCH/hosts.db" $MSINCE $MUNTIL ad $ACCOUNTS
'

test_expect_success 'an account another run holds past the wait budget: 75 for it, the others done' '
	PG7=$(pg_createdb held) &&
	set -- $ACCOUNTS &&
	fake POST /__control "{\"latency_ms\": 300}" >/dev/null &&
	{ meta-backfill -q -a $1 --db "$PG7" --since $MSINCE --until $MUNTIL --jobs 1 2>/dev/null & } &&
	hp=$! &&
	n=0 && while [ "$(psql_query "$PG7" "SELECT count(*) FROM pg_locks WHERE locktype = ${Q}advisory$Q")" -eq 0 ] && [ $n -lt 200 ]; do
		sleep 0.05; n=$((n + 1)); done &&
	st=0 &&
	{ meta-backfill -q -a $1 -a $2 --db "$PG7" --since $MSINCE --until $MUNTIL --max-wait 0 \
		--report "$SCRATCH/r7.json" 2>"$SCRATCH/r7.err" || st=$?; } &&
	kill -0 $hp && kill $hp && { wait $hp || true; } &&
	fake POST /__control "{\"latency_ms\": 0}" >/dev/null &&
	equal "exit status" $st 75 &&
	grep -q "another meta-backfill" "$SCRATCH/r7.err" &&
	equal "held account" "$(json "[a[\"status\"] for a in d[\"accounts\"] if a[\"account\"] == \"$1\"][0]" <"$SCRATCH/r7.json")" 75 &&
	equal "other account" "$(json "[a[\"status\"] for a in d[\"accounts\"] if a[\"account\"] == \"$2\"][0]" <"$SCRATCH/r7.json")" 0
'

test_done

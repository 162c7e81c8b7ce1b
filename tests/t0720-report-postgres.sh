#!/bin/bash
# meta-report on PostgreSQL: the same meta-backfill into a PostgreSQL
# database and a SQLite file (two accounts, two currencies), and the same
# Instagram rows and run stamps added to both, give the same report: the
# JSON's figures equal (to float rounding), the terminal tables equal, the
# page written; one account (-a), an empty period (65), a database that
# is not metasync's (1); the password of the URL never shown.  Without
# libpq a URL is a usage error (64) that says so.
#
# The SQLite report is itself checked against SQL by t0700; this one holds
# the PostgreSQL report to it.
. "$(dirname "$0")/lib.sh"

META_ACCESS_TOKEN=t0720-report-pg-token-5c1d
export META_ACCESS_TOKEN
MAP=$TOP/scripts/maps/agency.json
PASSWORD=pw-t0720-Hq4vN8sW
LITE=$SCRATCH/meta.db
SINCE=2026-10-24
UNTIL=2026-11-22
PERIOD="--since $SINCE --until $UNTIL --today 2026-11-23"

# Built without libpq: a URL is a usage error that says so, and nothing else runs.
if meta-report --db postgresql://localhost/x $PERIOD >/dev/null 2>"$SCRATCH/nopg.err"; then
	:
elif [ $? -eq 64 ] && grep -q "no PostgreSQL support" "$SCRATCH/nopg.err"; then
	test_expect_success 'without libpq, meta-report --db postgresql://... exits 64 saying why' '
		expect_status 64 meta-report --db postgresql://u:$PASSWORD@localhost/x $PERIOD 2>"$SCRATCH/e" &&
		grep -q "no PostgreSQL support" "$SCRATCH/e" && ! grep -F "$PASSWORD" "$SCRATCH/e"
	'
	test_done
	exit
fi
# Skipped only where PostgreSQL is not installed; installed, it must start.
require_postgres

# t0700's world: two accounts, USD and EUR, an idle ACTIVE campaign each.
start_fake_graph --seed 7 --accounts 2 --campaigns 4 --adsets 2 --ads 2 --idle-campaigns 1 \
	--idle-status ACTIVE
ACCOUNTS=$(fake GET /__truth/accounts | json '" ".join(d["accounts"])')
A1=${ACCOUNTS%% *}
PG=$(pg_createdb report)
# The same database, its password in the URL (the test server trusts any).
PGPW="postgresql://metasync:$PASSWORD@/report?host=$PG_HOST"

# same A.json B.json: the two reports hold the same keys, texts and lists,
# their numbers equal to float rounding (PostgreSQL sums numeric exactly,
# SQLite in doubles).
same () {
	python3 - "$1" "$2" <<'PYEOF'
import json, math, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
def walk(x, y, path):
    if isinstance(x, dict):
        assert isinstance(y, dict) and sorted(x) == sorted(y), (path, sorted(x), y)
        for k in x:
            walk(x[k], y[k], path + "." + k)
    elif isinstance(x, list):
        assert isinstance(y, list) and len(x) == len(y), (path, x, y)
        for i, (u, v) in enumerate(zip(x, y)):
            walk(u, v, "%s[%d]" % (path, i))
    elif isinstance(x, (int, float)) and not isinstance(x, bool):
        assert isinstance(y, (int, float)) and not isinstance(y, bool), (path, x, y)
        assert math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9), (path, x, y)
    else:
        assert x == y, (path, x, y)
walk(a, b, "")
PYEOF
}

test_expect_success 'the same meta-backfill fills PostgreSQL and SQLite (two currencies)' '
	set -- &&
	for a in $ACCOUNTS; do set -- "$@" -a "$a"; done &&
	meta-backfill -q "$@" --db "$PG" --since 2026-09-01 --until $UNTIL --level ad,account --map "$MAP" &&
	meta-backfill -q "$@" --db "$LITE" --since 2026-09-01 --until $UNTIL --level ad,account --map "$MAP" &&
	equal currencies "$(psql_query "$PG" "SELECT count(DISTINCT currency) FROM accounts")" 2 &&
	equal "insights rows" "$(psql_query "$PG" "SELECT count(*) FROM insights")" \
		"$(sql "$LITE" "SELECT count(*) FROM insights")"
'

# The same Instagram rows and run stamps in both: the stamps as each store
# writes them (timestamptz; text), so the report must give them alike.
test_expect_success 'the same Instagram rows and run stamps are added to both' '
	python3 - >"$SCRATCH/ig.sql" <<-\PYEOF &&
	import random
	rnd = random.Random(20)
	print("BEGIN;")
	for p in ("17841400000000001", "17841400000000002"):
	    n = 1000 + rnd.randrange(5000)
	    for d in range(1, 30):
	        new, unf = rnd.randrange(40), rnd.randrange(10)
	        n += new - unf
	        for m, v in (("follower_count", new), ("unfollows", unf), ("follows", new),
	                     ("followers_count", n)):
	            print("INSERT INTO ig_insights (ig_user_id, date, metric, breakdown_key, value, period,"
	                  " synced_at) VALUES (%s, %s, %s, %s, %d, %s, %s);" % (repr(p), repr("2026-11-%02d" % d),
	                  repr(m), repr(""), v, repr("day"), repr("2026-11-23T04:00:00Z")))
	print("INSERT INTO backfill_runs (account_id, level, breakdowns, until, completed_at) VALUES"
	      " (%s, %s, %s, %s, %s);" % tuple(map(repr, ("17841400000000001", "ig", "", "2026-11-22",
	                                               "2026-11-23T04:15:00Z"))))
	print("COMMIT;")
	PYEOF
	sqlite3 "$LITE" <"$SCRATCH/ig.sql" &&
	"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$PG" -f "$SCRATCH/ig.sql" &&
	sqlite3 "$LITE" "UPDATE backfill_runs SET completed_at = $Q""2026-11-23T03:02:01Z$Q WHERE level <> $Q""ig$Q" &&
	psql_query "$PG" "UPDATE backfill_runs SET completed_at = $Q""2026-11-23 03:02:01.75+00$Q WHERE level <> $Q""ig$Q"
'

test_expect_success 'the JSON report of PostgreSQL equals that of SQLite' '
	meta-report --db "$LITE" $PERIOD --json >"$SCRATCH/lite.json" &&
	meta-report --db "$PG" $PERIOD --json >"$SCRATCH/pg.json" &&
	same "$SCRATCH/lite.json" "$SCRATCH/pg.json" &&
	python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
assert len(r[\"currencies\"]) == 2 and r[\"no_delivery\"] and len(r[\"instagram\"]) == 2, r
assert {s[\"last_sync\"] for s in r[\"sync\"]} == {\"2026-11-23T03:02:01Z\"}, r[\"sync\"]
assert r[\"instagram\"][0][\"last_sync\"] == \"2026-11-23T04:15:00Z\", r[\"instagram\"]" "$SCRATCH/pg.json"
'

test_expect_success 'with --conversions, and for one account (-a), the reports are equal too' '
	meta-report --db "$LITE" $PERIOD --conversions purchases --json >"$SCRATCH/lite.conv" &&
	meta-report --db "$PG" $PERIOD --conversions purchases --json >"$SCRATCH/pg.conv" &&
	same "$SCRATCH/lite.conv" "$SCRATCH/pg.conv" &&
	meta-report --db "$LITE" $PERIOD -a "$A1" --json >"$SCRATCH/lite.one" &&
	meta-report --db "$PG" $PERIOD -a "$A1" --json >"$SCRATCH/pg.one" &&
	same "$SCRATCH/lite.one" "$SCRATCH/pg.one" &&
	equal accounts "$(json "len(d[\"sync\"])" <"$SCRATCH/pg.one")" 1
'

test_expect_success 'accounts without their row in accounts: the currency of their insights, alike' '
	"$PG_BIN/psql" -X -q -h "$PG_HOST" -U metasync -d postgres -c "CREATE DATABASE bare TEMPLATE report" &&
	BARE="postgresql://metasync@/bare?host=$PG_HOST" &&
	psql_query "$BARE" "DELETE FROM accounts" &&
	cp "$LITE" "$SCRATCH/bare.db" &&
	sql "$SCRATCH/bare.db" "DELETE FROM accounts" &&
	meta-report --db "$SCRATCH/bare.db" $PERIOD --json >"$SCRATCH/lite.bare" &&
	meta-report --db "$BARE" $PERIOD --json >"$SCRATCH/pg.bare" &&
	same "$SCRATCH/lite.bare" "$SCRATCH/pg.bare" &&
	equal currencies "$(json "len(d[\"currencies\"])" <"$SCRATCH/pg.bare")" 2
'

test_expect_success 'the terminal tables are equal; the page is written' '
	COLUMNS=120 meta-report --db "$LITE" $PERIOD >"$SCRATCH/lite.txt" &&
	COLUMNS=120 meta-report --db "$PG" $PERIOD >"$SCRATCH/pg.txt" &&
	test_cmp "$SCRATCH/lite.txt" "$SCRATCH/pg.txt" &&
	grep -q "^Instagram followers" "$SCRATCH/pg.txt" &&
	meta-report --db "$PG" $PERIOD --html "$SCRATCH/pg.html" >"$SCRATCH/out" &&
	test ! -s "$SCRATCH/out" &&
	tail -n 1 "$SCRATCH/pg.html" | grep -q "^</html>$" &&
	grep -q "<svg" "$SCRATCH/pg.html"
'

test_expect_success 'an empty period exits 65; a database that is not metasync'"'"'s, or none, 1' '
	expect_status 65 meta-report --db "$PG" --since 2020-01-01 --until 2020-01-31 --json >"$SCRATCH/out" &&
	test ! -s "$SCRATCH/out" &&
	EMPTY=$(pg_createdb empty) &&
	expect_status 1 meta-report --db "$EMPTY" $PERIOD 2>"$SCRATCH/err" &&
	grep -q "not a metasync database" "$SCRATCH/err" &&
	expect_status 1 meta-report --db "postgres://metasync@/nosuchdb?host=$PG_HOST" $PERIOD 2>"$SCRATCH/err" &&
	grep -q "nosuchdb" "$SCRATCH/err"
'

test_expect_success 'the password of the URL is never shown: not in reports, pages or messages' '
	meta-report --db "$PGPW" $PERIOD --json >"$SCRATCH/pw.json" 2>"$SCRATCH/pw.err" &&
	same "$SCRATCH/lite.json" "$SCRATCH/pw.json" &&
	meta-report --db "$PGPW" $PERIOD --html "$SCRATCH/pw.html" 2>>"$SCRATCH/pw.err" &&
	meta-report --db "$PGPW" $PERIOD >"$SCRATCH/pw.txt" 2>>"$SCRATCH/pw.err" &&
	BAD="postgresql://metasync:$PASSWORD@/nosuchdb?host=$PG_HOST" &&
	expect_status 1 meta-report --db "$BAD" $PERIOD 2>>"$SCRATCH/pw.err" &&
	expect_status 1 meta-report --db "postgresql://metasync:$PASSWORD@/empty?host=$PG_HOST" $PERIOD \
		2>>"$SCRATCH/pw.err" &&
	grep -q "nosuchdb" "$SCRATCH/pw.err" &&
	! grep -F "$PASSWORD" "$SCRATCH/pw.json" "$SCRATCH/pw.html" "$SCRATCH/pw.txt" "$SCRATCH/pw.err"
'

test_done

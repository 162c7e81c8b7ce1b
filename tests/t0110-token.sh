#!/bin/bash
# A distinctive token never appears in stdout, stderr, --raw dumps, the database
# or the request lines; and it is refused as an argument.
. "$(dirname "$0")/lib.sh"

TOKEN=EAAtokenLEAKcheck9f3b7c1d2e
META_ACCESS_TOKEN=$TOKEN
export META_ACCESS_TOKEN
DB=$SCRATCH/meta.db
OUT=$SCRATCH/out

start_fake_graph --seed 3 --accounts 1 --token "$TOKEN"
ACCOUNT=$(fake GET /__truth/accounts | json 'd["accounts"][0]')
mkdir "$OUT"

test_expect_success 'a verbose sync and a raw dump run' '
	for kind in account campaigns adsets ads; do
		meta-fetch -vv -a "$ACCOUNT" --limit 5 "$kind" 2>>"$OUT/fetch.err" |
			meta-transform -v 2>>"$OUT/transform.err" |
			meta-load -v --db "$DB" >>"$OUT/load.out" 2>>"$OUT/load.err" || return 1
	done &&
	meta-fetch -vv -a "$ACCOUNT" --date-preset last_7d --limit 7 insights 2>>"$OUT/fetch.err" |
		tee "$OUT/fetched" | meta-transform | meta-load -v --db "$DB" >>"$OUT/load.out" 2>>"$OUT/load.err" &&
	meta-fetch -vv --raw -a "$ACCOUNT" --date-preset last_7d --limit 7 insights >"$OUT/raw" 2>>"$OUT/fetch.err" &&
	test -s "$OUT/raw" && test -s "$OUT/fetched" &&
	grep -q "GET $FAKE_URL" "$OUT/fetch.err"
'

test_expect_success 'an expired-token failure and a wrong app secret run' '
	expect_status 77 env META_ACCESS_TOKEN="${TOKEN}x" meta-fetch -vv -a "$ACCOUNT" campaigns >"$OUT/bad.out" 2>"$OUT/bad.err"
'

test_expect_success 'the token is in none of the outputs, logs, dumps or the database' '
	sqlite3 "$DB" .dump >"$OUT/db.dump" &&
	cp "$DB"* "$OUT"/ &&
	! grep -rlF "$TOKEN" "$OUT"
'

test_expect_success 'requests carry the token in a header, never in the URL' '
	fake GET /__requests >"$SCRATCH/requests" &&
	json "sorted(set(r[\"auth\"] for r in d if r[\"path\"].startswith(\"/v\")))" <"$SCRATCH/requests" >"$SCRATCH/auth" &&
	equal "auth kinds" "$(cat "$SCRATCH/auth")" "[\"header\"]"
'

test_expect_success 'the token is refused as an argument, without echoing it' '
	expect_status 64 meta-fetch --token "$TOKEN" -a "$ACCOUNT" campaigns >"$SCRATCH/o" 2>"$SCRATCH/e" &&
	grep -q "META_ACCESS_TOKEN" "$SCRATCH/e" &&
	! grep -F "$TOKEN" "$SCRATCH/o" "$SCRATCH/e"
'

test_expect_success 'raw dumps are one JSON body per line' '
	python3 -c "
import json, sys
for n, line in enumerate(open(sys.argv[1]), 1):
    body = json.loads(line)
    assert \"data\" in body, n
" "$OUT/raw"
'

test_done

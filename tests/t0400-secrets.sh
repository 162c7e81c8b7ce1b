#!/bin/bash
# The token and the webhook URL are secrets: wherever a message is cut (1024
# bytes for an error, 4096 for a log line), a secret placed across the cut
# leaves nothing behind, in stdout, stderr, the report, the webhook message,
# the requests or the database.  The webhook URL is refused as an argument,
# checked before any request, and a webhook that cannot be delivered is an
# error even under -q.
. "$(dirname "$0")/lib.sh"

TOKEN=t0400tokEAAB7q2x9k4m8p3w6z5r1c0d9e8f7g6h5
META_ACCESS_TOKEN=$TOKEN
export META_ACCESS_TOKEN
OUT=$SCRATCH/out
mkdir "$OUT"

start_fake_graph --seed 11 --accounts 1 --campaigns 1 --adsets 1 --ads 2 --today "$(date -u +%F)" --token "$TOKEN"
start_webhook_sink
ACCOUNT=$(fake GET /__truth/accounts | json 'd["accounts"][0]')
SINK=${HOOK_URL%/hook}
# A long secret path, as Slack's and Discord's are.
HOOK_SECRET=s3cr3tP4th-$(printf 'x%.0s' $(seq 1 40))-Zq9/$(printf 'k7%.0s' $(seq 1 60))
NOTIFY=$SINK/hook/$HOOK_SECRET
META_NOTIFY_URL=$NOTIFY
export META_NOTIFY_URL

# TAIL: what follows a secret, so that a message is cut after redaction too.
TAIL=$(printf '1%.0s' $(seq 1 300))

# pad N: N ones.
pad () {
	printf '%*s' "$1" "" | tr " " 1
}

# verbosity N: -v or -vv by turns.
verbosity () {
	if [ $(($1 % 2)) -eq 0 ]; then echo -v; else echo -vv; fi
}

test_expect_success 'across the cut of an error message (1024 bytes): an account id carrying a secret' '
	# "account '"'"'act_<ones><secret><ones>'"'"': not an ad account id": the secret starts at 13 + N.
	for secret in "$TOKEN" "$NOTIFY"; do
		len=${#secret} &&
		n=$((1023 - 13 - len - 1)) &&
		while [ $n -le $((1023 - 13 + 1)) ]; do
			expect_status 64 meta-backfill $(verbosity $n) -a "act_$(pad $n)$secret$TAIL" --db "$SCRATCH/a.db" \
				>>"$OUT/account.out" 2>>"$OUT/account.err" || return 1
			n=$((n + 1))
		done || return 1
	done &&
	grep -c "^meta-backfill: account '"'"'act_1" "$OUT/account.err" &&
	grep -q "\[REDACTED\]" "$OUT/account.err"
'

test_expect_success 'across the cut of an error message: a --db path carrying a secret, with a report and a webhook' '
	: >"$HOOKS" &&
	runs=0 &&
	# "cannot open database '"'"'$SCRATCH/nodir/<ones><secret><ones>.db'"'"': ...": the secret starts at
	# 22 + |dir| + N (the store opens before the account locks, which it keeps).
	dir=$SCRATCH/nodir/ &&
	for secret in "$TOKEN" "$NOTIFY"; do
		len=${#secret} &&
		n=$((1023 - 22 - ${#dir} - len - 1)) &&
		while [ $n -le $((1023 - 22 - ${#dir} + 1)) ]; do
			expect_status 1 meta-backfill $(verbosity $n) -a "$ACCOUNT" --days 2 \
				--db "$dir$(pad $n)$secret$TAIL.db" --report "$OUT/report-db-$runs.json" \
				>>"$OUT/db.out" 2>>"$OUT/db.err" || return 1
			n=$((n + 1)) && runs=$((runs + 1))
		done || return 1
	done &&
	grep -c "cannot open database" "$OUT/db.err" &&
	equal "webhook messages" "$(wc -l <"$HOOKS")" $runs &&
	python3 -c "
import json, sys
for line in open(sys.argv[1]):
    print(json.loads(line)[\"body\"])
" "$HOOKS" >"$OUT/db.hooks"
'

test_expect_success 'across the cut of a log line (4096 bytes): a -vv request line carrying the token' '
	# Where --fields lands in the message of the debug line of the request.
	meta-fetch -vv -a "$ACCOUNT" --fields MARKER campaigns >/dev/null 2>"$SCRATCH/calib.err" || true &&
	at=$(grep "debug: GET .*MARKER" "$SCRATCH/calib.err" | head -n 1 |
		python3 -c "import sys; l = sys.stdin.readline(); print(l.index(\"MARKER\") - len(\"meta-fetch: debug: \"))") &&
	# --fields x...x,TOKEN,1...1 is sent as x...x%2CTOKEN%2C1...1: the token starts at at + N + 3.
	len=${#TOKEN} &&
	n=$((4096 - at - 3 - len - 1)) &&
	lines=0 &&
	while [ $n -le $((4096 - at - 3 + 1)) ]; do
		meta-fetch -vv -a "$ACCOUNT" --fields "$(printf "%*s" $n "" | tr " " x),$TOKEN,$TAIL" campaigns \
			>>"$OUT/fields.out" 2>"$SCRATCH/fields.err" || true
		grep "debug: GET .*xxxx" "$SCRATCH/fields.err" >>"$OUT/fields.err" || return 1
		lines=$((lines + 1)) && n=$((n + 1))
	done &&
	equal "cut lines" "$(awk "length(\$0) == length(\"meta-fetch: debug: \") + 4096" "$OUT/fields.err" | wc -l)" $lines &&
	# The token was sent as the user asked, in --fields: start the request log afresh.
	fake POST /__requests/reset >/dev/null
'

test_expect_success 'failing runs with -v and -vv: a report, a webhook message, a database' '
	: >"$HOOKS" &&
	expect_status 64 meta-backfill -v -a "$ACCOUNT" -a act_999 --days 3 --db "$OUT/meta.db" \
		--report "$OUT/run-v.json" --json >"$OUT/run-v.out" 2>"$OUT/run-v.err" &&
	expect_status 64 meta-backfill -vv -a "$ACCOUNT" -a act_998 --days 5 --db "$OUT/meta.db" \
		--report "$OUT/run-vv.json" >"$OUT/run-vv.out" 2>"$OUT/run-vv.err" &&
	equal "webhook messages" "$(wc -l <"$HOOKS")" 2 &&
	python3 -c "
import json, sys
for line in open(sys.argv[1]):
    print(json.loads(line)[\"body\"])
" "$HOOKS" >"$OUT/run.hooks" &&
	grep -q act_999 "$OUT/run.hooks" &&
	test "$(sql "$OUT/meta.db" "SELECT count(*) FROM insights")" -gt 0 &&
	grep -q "debug: GET" "$OUT/run-vv.err" &&
	grep -q "report: " "$OUT/run-v.err"
'

test_expect_success 'the webhook URL on the command line: 64, not echoed' '
	fake POST /__requests/reset >/dev/null &&
	expect_status 64 meta-backfill -a "$ACCOUNT" --db "$SCRATCH/u.db" --notify-url "$NOTIFY" \
		>"$OUT/arg.out" 2>"$OUT/arg.err" &&
	grep -q "META_NOTIFY_URL" "$OUT/arg.err" && grep -q -e "--notify-url-file" "$OUT/arg.err" &&
	expect_status 64 meta-backfill -a "$ACCOUNT" --db "$SCRATCH/u.db" --notify-url="$NOTIFY" \
		>>"$OUT/arg.out" 2>>"$OUT/arg.err" &&
	expect_status 64 meta-backfill -a "$ACCOUNT" --db "$SCRATCH/u.db" --notify-ur="$NOTIFY" \
		>>"$OUT/arg.out" 2>>"$OUT/arg.err" &&
	expect_status 64 meta-backfill -a "$ACCOUNT" --db "$SCRATCH/u.db" --notif="$NOTIFY" \
		>>"$OUT/arg.out" 2>>"$OUT/arg.err" &&
	cat "$OUT/arg.err" &&
	! grep -F -e "$HOOK_SECRET" -e "${SINK#http://}" "$OUT/arg.out" "$OUT/arg.err" &&
	equal "Graph requests" "$(graph_requests)" 0
'

test_expect_success 'a malformed webhook URL: 64 at start, before any Graph request, not echoed' '
	fake POST /__requests/reset >/dev/null &&
	for bad in "htp://127.0.0.1/$HOOK_SECRET" "127.0.0.1/$HOOK_SECRET" "http://:8080/$HOOK_SECRET" \
	           "http://exa mple/$HOOK_SECRET"; do
		expect_status 64 env META_NOTIFY_URL="$bad" meta-backfill -vv -a "$ACCOUNT" --days 2 \
			--db "$SCRATCH/m.db" >>"$OUT/malformed.out" 2>>"$OUT/malformed.err" || return 1
	done &&
	echo "ftp://127.0.0.1/$HOOK_SECRET" >"$SCRATCH/bad.url" &&
	expect_status 64 meta-backfill -a "$ACCOUNT" --days 2 --db "$SCRATCH/m.db" --notify-url-file "$SCRATCH/bad.url" \
		>>"$OUT/malformed.out" 2>"$SCRATCH/file.err" &&
	grep -F "$SCRATCH/bad.url" "$SCRATCH/file.err" &&
	cat "$SCRATCH/file.err" >>"$OUT/malformed.err" &&
	: >"$SCRATCH/empty.url" &&
	expect_status 64 meta-backfill -a "$ACCOUNT" --days 2 --db "$SCRATCH/m.db" --notify-url-file "$SCRATCH/empty.url" \
		2>"$SCRATCH/empty.err" &&
	grep -F "$SCRATCH/empty.url" "$SCRATCH/empty.err" &&
	cat "$OUT/malformed.err" &&
	equal "messages" "$(grep -c "META_NOTIFY_URL: not a valid http(s) URL" "$OUT/malformed.err")" 4 &&
	! grep -F "$HOOK_SECRET" "$OUT/malformed.err" "$OUT/malformed.out" &&
	equal "Graph requests" "$(graph_requests)" 0
'

test_expect_success 'a webhook that cannot be delivered: an error under -q, and 1 instead of 69' '
	: >"$HOOKS" &&
	expect_status 69 env META_GRAPH_URL=http://127.0.0.1:1 meta-backfill -q -a "$ACCOUNT" --days 2 \
		--max-retries 0 --db "$SCRATCH/down.db" 2>"$OUT/down1.err" &&
	equal "webhook messages" "$(wc -l <"$HOOKS")" 1 &&
	stop_webhook_sink &&
	expect_status 1 env META_GRAPH_URL=http://127.0.0.1:1 meta-backfill -q -a "$ACCOUNT" --days 2 \
		--max-retries 0 --db "$SCRATCH/down.db" --report "$OUT/down.json" 2>"$OUT/down2.err" &&
	cat "$OUT/down2.err" &&
	grep -q "^meta-backfill: webhook: " "$OUT/down2.err" &&
	equal "report exit_status" "$(json "d[\"exit_status\"]" <"$OUT/down.json")" 1 &&
	expect_status 64 meta-backfill -q -a act_999 --days 2 --db "$SCRATCH/down.db" 2>"$OUT/down3.err" &&
	grep -q "^meta-backfill: webhook: " "$OUT/down3.err"
'

test_expect_success 'no secret, nor its first characters, in any output, report, webhook message or database' '
	for db in "$OUT"/*.db; do
		sqlite3 "$db" .dump >"$db.dump" || return 1
	done &&
	ls "$OUT" &&
	! grep -rlaF -e "${TOKEN%"${TOKEN#????????}"}" -e "${HOOK_SECRET%"${HOOK_SECRET#????????}"}" \
		-e "${SINK#http://}" "$OUT"
'

test_expect_success 'the requests carried the token in a header only, in no query string or form' '
	fake GET /__requests >"$SCRATCH/requests" &&
	test "$(json "len(d)" <"$SCRATCH/requests")" -gt 0 &&
	equal "auth kinds" "$(json "sorted(set(r[\"auth\"] for r in d if r[\"path\"].startswith(\"/v\")))" <"$SCRATCH/requests")" "[\"header\"]" &&
	! grep -F -e "${TOKEN%"${TOKEN#????????}"}" -e "$HOOK_SECRET" "$SCRATCH/requests"
'


# The app secret and the app token (META_APP_ID|secret) are secrets too.  The
# audit sends the token as /debug_token's input_token, asked with the app
# token; -vv logs that request, --raw dumps bodies.  A fake that checks
# appsecret_proof and knows the app, after the runs above.
kill "$FAKE_PID" && wait "$FAKE_PID" 2>/dev/null || true
SECRET=t0400appS3cr3tq8w2e6r4t1y9
APP_ID=100000000000077
start_fake_graph --seed 11 --accounts 2 --campaigns 1 --adsets 1 --ads 2 --today "$(date -u +%F)" \
	--token "$TOKEN" --app-secret "$SECRET" --app-id "$APP_ID"
META_APP_SECRET=$SECRET
export META_APP_SECRET
IG_USER=$(fake GET /__truth/ig | json 'd["ig_users"][0]')
APP=$SCRATCH/app
mkdir "$APP"

test_expect_success 'the app secret and app token at -vv: the audit, --raw dumps, Instagram, --all-accounts' '
	META_APP_ID=$APP_ID meta-fetch -vv -a "$ACCOUNT" audit >"$APP/audit.out" 2>"$APP/audit.err" &&
	grep -q "^Token (from /debug_token)" "$APP/audit.out" &&
	grep -q "debug: GET .*/debug_token?input_token=\[REDACTED\]" "$APP/audit.err" &&
	META_APP_ID=1 meta-fetch -vv -a "$ACCOUNT" audit >"$APP/audit-wrong.out" 2>"$APP/audit-wrong.err" &&
	grep -q "reading /me/permissions instead" "$APP/audit-wrong.err" &&
	meta-fetch -vv --raw adaccounts >"$APP/adaccounts.raw" 2>"$APP/adaccounts.err" &&
	meta-fetch -vv --raw ig-accounts >"$APP/ig-accounts.raw" 2>"$APP/ig-accounts.err" &&
	meta-fetch -vv --raw ig-insights --ig-user "$IG_USER" >"$APP/ig.raw" 2>"$APP/ig.err" &&
	test -s "$APP/ig.raw" &&
	meta-backfill -vv --all-accounts --ig-user "$IG_USER" --days 3 --db "$APP/all.db" \
		--report "$APP/all.json" >"$APP/all.out" 2>"$APP/all.err" &&
	grep -q "debug: GET .*appsecret_proof=" "$APP/all.err" &&
	sqlite3 "$APP/all.db" .dump >"$APP/all.dump" &&
	! grep -rlaF -e "${TOKEN%"${TOKEN#????????}"}" -e "${SECRET%"${SECRET#????????}"}" "$APP"
'

test_done

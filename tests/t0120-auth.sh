#!/bin/bash
# Token problems stop at once with exit 77 and a message saying so.
. "$(dirname "$0")/lib.sh"

start_fake_graph --seed 5 --accounts 1 --token right-token --app-secret s3cret
ACCOUNT=$(fake GET /__truth/accounts | json 'd["accounts"][0]')

graph_requests () {
	fake GET /__requests | json 'len([r for r in d if r["path"].startswith("/v")])'
}

test_expect_success 'no token: 77 before any request' '
	fake POST /__requests/reset >/dev/null &&
	expect_status 77 meta-fetch -a "$ACCOUNT" campaigns 2>"$SCRATCH/err" &&
	grep -q "no access token" "$SCRATCH/err" &&
	equal requests "$(graph_requests)" 0
'

test_expect_success 'an expired token (190): 77 after one request' '
	fake POST /__requests/reset >/dev/null &&
	expect_status 77 env META_ACCESS_TOKEN=stale-token META_APP_SECRET=s3cret \
		meta-fetch -a "$ACCOUNT" --date-preset last_30d insights >"$SCRATCH/out" 2>"$SCRATCH/err" &&
	grep -q "access token invalid, expired" "$SCRATCH/err" &&
	grep -q "190" "$SCRATCH/err" &&
	test "$(graph_requests)" -le 2
'

test_expect_success 'an empty token file: 77' '
	: >"$SCRATCH/empty" &&
	expect_status 77 meta-fetch --token-file "$SCRATCH/empty" -a "$ACCOUNT" campaigns 2>"$SCRATCH/err" &&
	grep -q "is empty" "$SCRATCH/err"
'

test_expect_success 'the right token and app secret from a token file work' '
	echo right-token >"$SCRATCH/token" &&
	META_APP_SECRET=s3cret meta-fetch --token-file "$SCRATCH/token" -a "$ACCOUNT" campaigns >"$SCRATCH/out" &&
	grep -q "\"type\":\"RECORD\"" "$SCRATCH/out"
'

test_expect_success 'a missing appsecret_proof is Meta'\''s error 100, printed, exit 64 (Meta can never answer it)' '
	expect_status 64 env META_ACCESS_TOKEN=right-token meta-fetch -a "$ACCOUNT" campaigns 2>"$SCRATCH/err" &&
	grep -q "appsecret_proof" "$SCRATCH/err"
'

test_done

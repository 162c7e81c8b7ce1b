#!/bin/bash
# meta-fetch's options: accounts, dates, levels, breakdowns, archived, paging, raw.
. "$(dirname "$0")/lib.sh"

META_ACCESS_TOKEN=options-token
export META_ACCESS_TOKEN
start_fake_graph --seed 11 --accounts 1 --campaigns 4 --adsets 2 --ads 2
ACCOUNT=$(fake GET /__truth/accounts | json 'd["accounts"][0]')
DIGITS=${ACCOUNT#act_}

graph_requests () {
	fake GET /__requests | json 'len([r for r in d if r["path"].startswith("/v")])'
}

records () { grep -c '"type":"RECORD"' "$1" || true; }

test_expect_success 'an account id without act_ gets the prefix' '
	meta-fetch -a "$ACCOUNT" campaigns >"$SCRATCH/with" &&
	meta-fetch -a "$DIGITS" campaigns >"$SCRATCH/without" &&
	grep -v STATE "$SCRATCH/with" | sed "s/\"time_extracted\":\"[^\"]*\"//" >"$SCRATCH/a" &&
	grep -v STATE "$SCRATCH/without" | sed "s/\"time_extracted\":\"[^\"]*\"//" >"$SCRATCH/b" &&
	test_cmp "$SCRATCH/a" "$SCRATCH/b" &&
	test "$(records "$SCRATCH/with")" -gt 0
'

test_expect_success 'usage errors exit 64 before any request' '
	fake POST /__requests/reset >/dev/null &&
	expect_status 64 meta-fetch -a act_12x campaigns 2>"$SCRATCH/err" &&
	grep -q "account .act_12x.: not an ad account id" "$SCRATCH/err" &&
	expect_status 64 meta-fetch campaigns 2>/dev/null &&
	expect_status 64 meta-fetch -a "$ACCOUNT" creatives 2>/dev/null &&
	expect_status 64 meta-fetch -a "$ACCOUNT" --since 2026-10-01 insights 2>/dev/null &&
	expect_status 64 meta-fetch -a "$ACCOUNT" --since 2026-02-30 --until 2026-03-01 insights 2>/dev/null &&
	expect_status 64 meta-fetch -a "$ACCOUNT" --since 2026-10-02 --until 2026-10-01 insights 2>/dev/null &&
	expect_status 64 meta-fetch -a "$ACCOUNT" --level creative insights 2>/dev/null &&
	expect_status 64 meta-fetch -a "$ACCOUNT" --time-increment 91 insights 2>/dev/null &&
	expect_status 64 meta-fetch -a "$ACCOUNT" --limit 0 campaigns 2>/dev/null &&
	expect_status 64 meta-fetch -a "$ACCOUNT" --date-preset last_2d insights 2>/dev/null &&
	expect_status 64 env META_API_VERSION=25 meta-fetch -a "$ACCOUNT" campaigns 2>/dev/null &&
	expect_status 64 meta-fetch -a "$ACCOUNT" --level ad campaigns 2>"$SCRATCH/err" &&
	grep -q "level applies to insights only" "$SCRATCH/err" &&
	expect_status 64 meta-fetch -a "$ACCOUNT" --include-archived insights 2>/dev/null &&
	equal requests "$(graph_requests)" 0
'

test_expect_success 'archived entities by default, without them with --exclude-archived' '
	for kind in campaigns adsets ads; do
		meta-fetch -a "$ACCOUNT" --exclude-archived $kind >"$SCRATCH/vis" &&
		meta-fetch -a "$ACCOUNT" $kind >"$SCRATCH/all" &&
		meta-fetch -a "$ACCOUNT" --include-archived $kind >"$SCRATCH/old" &&
		equal "$kind without archived" "$(records "$SCRATCH/vis")" \
			"$(fake GET "/__truth/entities?account_id=$ACCOUNT&kind=$kind" | json "d[\"count\"]")" &&
		equal "$kind default" "$(records "$SCRATCH/all")" \
			"$(fake GET "/__truth/entities?account_id=$ACCOUNT&kind=$kind&include_archived=1" | json "d[\"count\"]")" &&
		equal "$kind --include-archived (old cron lines)" "$(records "$SCRATCH/old")" "$(records "$SCRATCH/all")" || return 1
	done &&
	grep -q ARCHIVED "$SCRATCH/all" && ! grep -q "\"status\":\"ARCHIVED\"" "$SCRATCH/vis"
'

test_expect_success 'small pages: every page followed, the request count adds up' '
	fake POST /__requests/reset >/dev/null &&
	meta-fetch -a "$ACCOUNT" --since 2026-10-01 --until 2026-10-10 --chunk-days 10 --limit 7 insights >"$SCRATCH/paged" &&
	rows=$(records "$SCRATCH/paged") &&
	equal rows "$rows" "$(fake GET "/__truth/insights?account_id=$ACCOUNT&level=ad&since=2026-10-01&until=2026-10-10&time_increment=1" | json "d[\"rows\"]")" &&
	equal requests "$(graph_requests)" $(( (rows + 6) / 7 ))
'

test_expect_success 'the default page size is 500' '
	fake POST /__requests/reset >/dev/null &&
	meta-fetch -a "$ACCOUNT" --since 2026-10-01 --until 2026-10-10 insights >/dev/null &&
	fake GET /__requests | json "d[0][\"query\"][\"limit\"]" >"$SCRATCH/limit" &&
	equal limit "$(cat "$SCRATCH/limit")" 500
'

test_expect_success 'campaign level, all days: one row per delivering campaign' '
	meta-fetch -a "$ACCOUNT" --since 2026-10-01 --until 2026-10-31 --level campaign --time-increment all_days insights |
		meta-transform >"$SCRATCH/camp" &&
	equal rows "$(grep -c "\"stream\":\"insights\",\"record\"" "$SCRATCH/camp")" \
		"$(fake GET "/__truth/insights?account_id=$ACCOUNT&level=campaign&since=2026-10-01&until=2026-10-31&time_increment=all_days" | json "d[\"rows\"]")" &&
	grep -q "\"date_start\":\"2026-10-01\",\"date_stop\":\"2026-10-31\"" "$SCRATCH/camp" &&
	! grep "\"type\":\"RECORD\"" "$SCRATCH/camp" | grep -q "\"ad_id\""
'

test_expect_success 'breakdowns: keyed rows that sum to the unbroken totals' '
	meta-fetch -a "$ACCOUNT" --since 2026-10-01 --until 2026-10-07 --breakdowns age,gender insights |
		meta-transform | meta-load --db "$SCRATCH/bd.db" >/dev/null &&
	equal "empty keys" "$(sql "$SCRATCH/bd.db" "SELECT count(*) FROM insights WHERE breakdown_key = $Q$Q")" 0 &&
	sql "$SCRATCH/bd.db" "SELECT breakdown_key FROM insights LIMIT 1" | grep -q "^age=[^|]*|gender=" &&
	t=$(fake GET "/__truth/insights?account_id=$ACCOUNT&level=ad&since=2026-10-01&until=2026-10-07&time_increment=1") &&
	equal spend "$(sql "$SCRATCH/bd.db" "SELECT printf($Q%.2f$Q, sum(spend)) FROM insights")" "$(echo "$t" | json "d[\"spend\"]")" &&
	equal impressions "$(sql "$SCRATCH/bd.db" "SELECT sum(impressions) FROM insights")" "$(echo "$t" | json "d[\"impressions\"]")"
'

test_expect_success 'a date preset is sent as such' '
	fake POST /__requests/reset >/dev/null &&
	meta-fetch -a "$ACCOUNT" --date-preset last_7d insights >/dev/null &&
	equal preset "$(fake GET /__requests | json "d[0][\"query\"][\"date_preset\"]")" last_7d
'

test_expect_success 'the account node' '
	meta-fetch -a "$ACCOUNT" account | meta-transform >"$SCRATCH/acct" &&
	grep -q "\"stream\":\"accounts\",\"record\":{.*\"account_id\":\"$DIGITS\"" "$SCRATCH/acct"
'

test_expect_success 'an unknown account: Meta'\''s error 100/33, exit 64' '
	expect_status 64 meta-fetch -a act_999 campaigns 2>"$SCRATCH/err" &&
	grep -q "graph error 100/33" "$SCRATCH/err"
'

test_expect_success '--raw prints one body per request' '
	fake POST /__requests/reset >/dev/null &&
	meta-fetch --raw -a "$ACCOUNT" --limit 3 adsets >"$SCRATCH/raw" &&
	equal lines "$(wc -l <"$SCRATCH/raw")" "$(graph_requests)" &&
	grep -q "\"paging\"" "$SCRATCH/raw" && ! grep -q "\"type\":\"RECORD\"" "$SCRATCH/raw"
'

test_expect_success 'the Graph server unreachable: exit 69' '
	expect_status 69 env META_GRAPH_URL=http://127.0.0.1:9 meta-fetch --max-retries 1 -a "$ACCOUNT" campaigns 2>"$SCRATCH/err" &&
	grep -q "gave up after 1 retries" "$SCRATCH/err" &&
	grep -q "127.0.0.1" "$SCRATCH/err"
'

test_expect_success '--help and --version' '
	meta-fetch --help | grep -q "^usage: meta-fetch" &&
	meta-fetch --version | grep -q "^meta-fetch [0-9]" &&
	meta-transform --help | grep -q "^usage: meta-transform" &&
	meta-load --help | grep -q "^usage: meta-load" &&
	expect_status 64 meta-load 2>/dev/null
'

test_done

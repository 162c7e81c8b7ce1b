#!/bin/bash
# Every ad account a token reaches, the account audit and totals that match
# Ads Manager: meta-fetch adaccounts lists every account (paged), meta-backfill
# --all-accounts backfills each, account-level spend loaded by the pipeline
# and by meta-backfill equals the account's total with deleted and archived
# ads (the fake's truth), --exclude-archived gives Meta's visible set, a
# database of several currencies warns, an attribution change is refused
# without --allow-attribution-change, the audit never prints the token, the
# deprecation warning is shown once, and a version 4 database migrates to 6
# with every row kept.
. "$(dirname "$0")/lib.sh"

unset META_NOTIFY_URL META_APP_ID || true

TOKEN=t0620-accounts-token-9d2e71c4aa
SECRET=t0620-app-secret-5b7f03
APP_ID=100000000000077
META_ACCESS_TOKEN=$TOKEN
META_APP_SECRET=$SECRET
export META_ACCESS_TOKEN META_APP_SECRET
SINCE=2026-07-01
UNTIL=2026-08-31
DATA=$TOP/tests/data

# Three accounts: USD, EUR and INR (the fake cycles currencies).
start_fake_graph --seed 11 --accounts 3 --campaigns 4 --adsets 2 --ads 3 \
	--token "$TOKEN" --app-secret "$SECRET" --app-id "$APP_ID"
ACCOUNTS=$(fake GET /__truth/accounts | json '" ".join(d["accounts"])')
A1=${ACCOUNTS%% *}

test_expect_success 'adaccounts lists every account the token reaches, page after page' '
	meta-fetch -q --limit 1 adaccounts >"$SCRATCH/adaccounts.out" &&
	python3 -c "
import json, sys
ids = [m[\"record\"][\"id\"] for m in map(json.loads, open(sys.argv[1])) if m[\"type\"] == \"RECORD\"]
cur = {m[\"record\"][\"id\"]: m[\"record\"][\"currency\"] for m in map(json.loads, open(sys.argv[1])) if m[\"type\"] == \"RECORD\"}
print(\" \".join(ids)); print(json.dumps(cur, sort_keys=True))" "$SCRATCH/adaccounts.out" >"$SCRATCH/got" &&
	{ echo "$ACCOUNTS"; fake GET /__truth/accounts | json "d[\"currency\"]"; } >"$SCRATCH/want" &&
	test_cmp "$SCRATCH/want" "$SCRATCH/got" &&
	pages=$(fake GET /__requests | json "sum(1 for r in d if r[\"path\"].endswith(\"/me/adaccounts\"))") &&
	equal "requests to /me/adaccounts" "$pages" 3 &&
	meta-fetch -q adaccounts | meta-transform | meta-load -q --db "$SCRATCH/list.db" &&
	equal "accounts loaded" "$(sql "$SCRATCH/list.db" "SELECT group_concat(\"act_\" || account_id, \" \") FROM (SELECT account_id FROM accounts ORDER BY account_id)")" "$ACCOUNTS" &&
	equal "audit columns" "$(sql "$SCRATCH/list.db" "SELECT DISTINCT business_id || \"|\" || attribution_setting || \"|\" || disable_reason FROM accounts")" \
		"100200300400500|7d_click_1d_view|0"
'

test_expect_success 'adaccounts takes no -a and no insights option' '
	expect_status 64 meta-fetch -q -a "$A1" adaccounts &&
	expect_status 64 meta-fetch -q --level ad adaccounts
'

# check_account_spend DB ACCOUNT LEVEL [visible]: the account's spend at LEVEL
# over the range equals the truth (every status; visible=1: Meta's visible set).
check_account_spend () {
	want=$(fake GET "/__truth/insights?account_id=$2&level=account&since=$SINCE&until=$UNTIL&time_increment=1${4:+&visible=1}" | json 'd["spend"]') &&
	got=$(sql "$1" "SELECT printf('%.2f', sum(spend)) FROM insights WHERE level='$3' AND account_id='${2#act_}'") &&
	equal "$2 $3 spend in $1" "$got" "$want"
}

test_expect_success 'the truth: deleted and archived ads spent in the range' '
	for a in $ACCOUNTS; do
		all=$(fake GET "/__truth/insights?account_id=$a&level=account&since=$SINCE&until=$UNTIL" | json "d[\"spend_cents\"]") &&
		vis=$(fake GET "/__truth/insights?account_id=$a&level=account&since=$SINCE&until=$UNTIL&visible=1" | json "d[\"spend_cents\"]") &&
		test "$vis" -lt "$all" || return 1
	done
'

test_expect_success 'pipeline: account-level spend equals the total with deleted and archived ads' '
	for a in $ACCOUNTS; do
		for level in account ad; do
			meta-fetch -q -a "$a" --since $SINCE --until $UNTIL --level $level insights |
				meta-transform | meta-load -q --db "$SCRATCH/pipe.db" || return 1
		done
		check_account_spend "$SCRATCH/pipe.db" "$a" account &&
		check_account_spend "$SCRATCH/pipe.db" "$a" ad || return 1
	done &&
	filters=$(fake GET /__requests | json "sorted(set(r[\"query\"].get(\"filtering\", \"-\") for r in d if r[\"path\"].endswith(\"/insights\")))") &&
	case $filters in *ad.effective_status*DELETED*ARCHIVED*) ;; *) echo "no status filter: $filters" >&2; false ;; esac
'

test_expect_success 'pipeline with --exclude-archived: Meta visible set only' '
	meta-fetch -q -a "$A1" --since $SINCE --until $UNTIL --level account --exclude-archived insights |
		meta-transform | meta-load -q --db "$SCRATCH/visible.db" &&
	check_account_spend "$SCRATCH/visible.db" "$A1" account visible
'

test_expect_success 'entities: archived objects by default, --exclude-archived leaves them out' '
	meta-fetch -q -a "$A1" ads >"$SCRATCH/ads.all" &&
	meta-fetch -q -a "$A1" --exclude-archived ads >"$SCRATCH/ads.vis" &&
	equal "ads" "$(grep -c RECORD "$SCRATCH/ads.all")" \
		"$(fake GET "/__truth/entities?account_id=$A1&kind=ads&include_archived=1" | json "d[\"count\"]")" &&
	equal "ads without archived" "$(grep -c RECORD "$SCRATCH/ads.vis")" \
		"$(fake GET "/__truth/entities?account_id=$A1&kind=ads" | json "d[\"count\"]")" &&
	test "$(grep -c RECORD "$SCRATCH/ads.vis")" -lt "$(grep -c RECORD "$SCRATCH/ads.all")" &&
	meta-fetch -q -a "$A1" --include-archived ads | cmp -s - "$SCRATCH/ads.all" ||
		test "$(meta-fetch -q -a "$A1" --include-archived ads | grep -c RECORD)" -eq "$(grep -c RECORD "$SCRATCH/ads.all")"
'

test_expect_success 'meta-backfill --all-accounts backfills every account; spend equals the truth; currencies warned' '
	meta-backfill --all-accounts --db "$SCRATCH/bf.db" --since $SINCE --until $UNTIL \
		--level ad,account --json >"$SCRATCH/report.json" 2>"$SCRATCH/bf.err" &&
	equal "accounts in the report" "$(json "\" \".join(a[\"account\"] for a in d[\"accounts\"])" <"$SCRATCH/report.json")" "$ACCOUNTS" &&
	equal "accounts stored" "$(sql "$SCRATCH/bf.db" "SELECT count(DISTINCT account_id) FROM insights")" 3 &&
	for a in $ACCOUNTS; do
		check_account_spend "$SCRATCH/bf.db" "$a" account &&
		check_account_spend "$SCRATCH/bf.db" "$a" ad || return 1
	done &&
	grep -q "holds ad accounts in 3 currencies (EUR: .*; INR: .*; USD: .*)" "$SCRATCH/bf.err" &&
	test "$(grep -c currencies "$SCRATCH/bf.err")" -eq 1 &&
	equal "attribution of the accounts" "$(sql "$SCRATCH/bf.db" "SELECT DISTINCT attribution_setting FROM accounts")" 7d_click_1d_view &&
	equal "attribution of the rows" "$(sql "$SCRATCH/bf.db" "SELECT DISTINCT attribution_setting FROM insights")" 7d_click_1d_view
'

test_expect_success 'deleted objects that spent are read by id: every insights row has its names' '
	for t in campaign adset ad; do
		equal "rows without their $t" "$(sql "$SCRATCH/bf.db" "SELECT count(*) FROM insights WHERE ${t}_id IS NOT NULL AND ${t}_id NOT IN (SELECT id FROM ${t}s)")" 0 || return 1
	done &&
	deleted=$(sql "$SCRATCH/bf.db" "SELECT count(*) FROM ads WHERE effective_status = ${Q}DELETED$Q AND name IS NOT NULL") &&
	test "$deleted" -gt 0
'

test_expect_success '--all-accounts with a failing -a: the others are backfilled, the worst status wins' '
	expect_status 64 meta-backfill -q --all-accounts -a act_999 -a "$A1" --db "$SCRATCH/mix.db" \
		--since $SINCE --until 2026-07-07 --json >"$SCRATCH/mix.json" 2>"$SCRATCH/mix.err" &&
	equal "accounts, each once" "$(json "\" \".join(a[\"account\"] for a in d[\"accounts\"])" <"$SCRATCH/mix.json")" \
		"act_999 $ACCOUNTS" &&
	equal "statuses" "$(json "\" \".join(str(a[\"status\"]) for a in d[\"accounts\"])" <"$SCRATCH/mix.json")" "64 0 0 0" &&
	grep -q "act_999" "$SCRATCH/mix.err" &&
	equal "days marked" "$(sql "$SCRATCH/mix.db" "SELECT count(*) FROM backfill_days")" 21
'

test_expect_success 'one currency: no warning' '
	meta-backfill -a "$A1" --db "$SCRATCH/one.db" --since $SINCE --until 2026-07-03 2>"$SCRATCH/one.err" &&
	! grep -q currencies "$SCRATCH/one.err"
'

test_expect_success 'meta-backfill needs -a or --all-accounts' '
	expect_status 64 meta-backfill --db "$SCRATCH/x.db" 2>"$SCRATCH/err" &&
	grep -q -- "--all-accounts" "$SCRATCH/err"
'

test_expect_success 'an attribution change is refused (64, nothing overwritten), then accepted when told' '
	before=$(sql "$SCRATCH/bf.db" "SELECT count(*), sum(spend), max(synced_at) FROM insights") &&
	fake POST /__control "{\"attribution_setting\": \"1d_click\"}" >/dev/null &&
	expect_status 64 meta-backfill -a "$A1" --db "$SCRATCH/bf.db" --since $SINCE --until $UNTIL --full \
		--level ad,account 2>"$SCRATCH/attr.err" &&
	grep -q "attribution setting .7d_click_1d_view., Meta now serves .1d_click.: not overwriting" "$SCRATCH/attr.err" &&
	grep -q -- "--allow-attribution-change" "$SCRATCH/attr.err" &&
	equal "rows untouched" "$(sql "$SCRATCH/bf.db" "SELECT count(*), sum(spend), max(synced_at) FROM insights")" "$before" &&
	equal "old setting kept" "$(sql "$SCRATCH/bf.db" "SELECT DISTINCT attribution_setting FROM insights")" 7d_click_1d_view &&
	meta-backfill -q -a "$A1" --db "$SCRATCH/bf.db" --since $SINCE --until $UNTIL --full \
		--level ad,account --allow-attribution-change &&
	equal "new setting" "$(sql "$SCRATCH/bf.db" "SELECT DISTINCT attribution_setting FROM insights WHERE account_id = ${Q}${A1#act_}$Q")" 1d_click &&
	equal "account setting" "$(sql "$SCRATCH/bf.db" "SELECT attribution_setting FROM accounts WHERE account_id = ${Q}${A1#act_}$Q")" 1d_click &&
	fake POST /__control "{\"attribution_setting\": \"7d_click_1d_view\"}" >/dev/null
'

test_expect_success 'the audit through /debug_token: type, scopes, expiry, account settings, never the token' '
	META_APP_ID=$APP_ID meta-fetch -a "$A1" audit >"$SCRATCH/audit.out" 2>"$SCRATCH/audit.err" &&
	grep -q "^Token (from /debug_token)" "$SCRATCH/audit.out" &&
	grep -q "type  *SYSTEM_USER" "$SCRATCH/audit.out" &&
	grep -q "scopes  *ads_read, business_management, read_insights, public_profile" "$SCRATCH/audit.out" &&
	grep -q "expires  *never" "$SCRATCH/audit.out" &&
	grep -q "currency  *USD" "$SCRATCH/audit.out" &&
	grep -q "time zone  *America/Los_Angeles" "$SCRATCH/audit.out" &&
	grep -q "status  *1 ACTIVE" "$SCRATCH/audit.out" &&
	grep -q "business  *Démo GmbH (100200300400500)" "$SCRATCH/audit.out" &&
	grep -q "attribution  *7d_click_1d_view" "$SCRATCH/audit.out" &&
	grep -q "version served  *v25.0" "$SCRATCH/audit.out" &&
	grep -q "deprecation warning  *none" "$SCRATCH/audit.out" &&
	spent=$(curl -sf -H "Authorization: Bearer $TOKEN" "$FAKE_URL/v25.0/$A1?fields=amount_spent&appsecret_proof=$(printf %s "$TOKEN" | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d" " -f1)" | json "\"%.2f\" % (int(d[\"amount_spent\"]) / 100)") &&
	grep -q "amount spent  *$spent USD" "$SCRATCH/audit.out" &&
	! grep -q -e "$TOKEN" -e "$SECRET" "$SCRATCH/audit.out" "$SCRATCH/audit.err" &&
	fake GET /__requests | json "[r for r in d if r[\"path\"].endswith(\"/debug_token\")][-1][\"status\"]" | grep -q 200
'

test_expect_success 'the audit without an app id: /me/permissions, never the token' '
	meta-fetch -v -a "$A1" audit >"$SCRATCH/audit2.out" 2>"$SCRATCH/audit2.err" &&
	grep -q "^Token (from /me/permissions" "$SCRATCH/audit2.out" &&
	grep -q "declined or expired  *ads_management" "$SCRATCH/audit2.out" &&
	! grep -q -e "$TOKEN" -e "$SECRET" "$SCRATCH/audit2.out" "$SCRATCH/audit2.err"
'

test_expect_success 'an old API version: the deprecation warning shown once per run, the versions at -v' '
	meta-fetch -a "$A1" --api-version v23.0 --since $SINCE --until $UNTIL --chunk-days 3 \
		insights >/dev/null 2>"$SCRATCH/old.err" &&
	test "$(fake GET /__requests | json "sum(1 for r in d if r[\"path\"].startswith(\"/v23.0/\"))")" -gt 5 &&
	equal "warnings" "$(grep -c "warning: Meta warns about API version v23.0: The call has been auto-upgraded to v24.0" "$SCRATCH/old.err")" 1 &&
	meta-fetch -v -a "$A1" --api-version v23.0 account >/dev/null 2>"$SCRATCH/oldv.err" &&
	grep -q "facebook-api-version: v24.0 (asked for v23.0)" "$SCRATCH/oldv.err" &&
	grep -q "x-ad-api-version-warning: The call has been auto-upgraded" "$SCRATCH/oldv.err" &&
	meta-fetch -a "$A1" account >/dev/null 2>"$SCRATCH/new.err" &&
	! grep -q "warns about API version" "$SCRATCH/new.err" &&
	meta-backfill -a "$A1" --api-version v23.0 --db "$SCRATCH/old.db" --since $SINCE --until 2026-07-10 \
		2>"$SCRATCH/oldbf.err" &&
	equal "backfill warnings" "$(grep -c "warns about API version" "$SCRATCH/oldbf.err")" 1
'

# v4_query DB FILE: the query tests/data/FILE was printed with: its header's
# columns, in key order.
v4_query () {
	vq_cols=$(head -n 1 "$DATA/$2" | tr "|" ",")
	case $2 in
	*.insights) sqlite3 -batch -header "$1" "SELECT $vq_cols FROM insights ORDER BY level, object_id, date_start, date_stop, breakdown_key" ;;
	*.accounts) sqlite3 -batch -header "$1" "SELECT $vq_cols FROM accounts ORDER BY account_id" ;;
	esac
}

test_expect_success 'a database written by schema version 4 migrates to 6 with every row kept' '
	sqlite3 -batch "$SCRATCH/v4.db" <"$DATA/store-v4.sql" &&
	equal before "$(sql "$SCRATCH/v4.db" "PRAGMA user_version")" 4 &&
	meta-load -q --db "$SCRATCH/v4.db" </dev/null &&
	equal user_version "$(sql "$SCRATCH/v4.db" "PRAGMA user_version")" 6 &&
	v4_query "$SCRATCH/v4.db" store-v4.insights | test_cmp "$DATA/store-v4.insights" - &&
	v4_query "$SCRATCH/v4.db" store-v4.accounts | test_cmp "$DATA/store-v4.accounts" - &&
	while read -r t n; do
		equal "$t rows" "$(sql "$SCRATCH/v4.db" "SELECT count(*) FROM $t")" "$n" || exit 1
	done <"$DATA/store-v4.counts" &&
	equal "new columns, empty" "$(sql "$SCRATCH/v4.db" "SELECT count(*) FROM accounts WHERE disable_reason IS NULL AND business_id IS NULL AND attribution_spec IS NULL AND attribution_setting IS NULL")" \
		"$(sql "$SCRATCH/v4.db" "SELECT count(*) FROM accounts")" &&
	meta-fetch -q -a "$A1" account | meta-transform | meta-load -q --db "$SCRATCH/v4.db" &&
	equal "audit columns filled" "$(sql "$SCRATCH/v4.db" "SELECT business_id || \"|\" || attribution_setting FROM accounts WHERE account_id = ${Q}${A1#act_}$Q")" \
		"100200300400500|7d_click_1d_view" &&
	meta-load -q --db "$SCRATCH/v4.db" </dev/null &&
	equal "again" "$(sql "$SCRATCH/v4.db" "PRAGMA user_version")" 6
'

# A fake with a deleted campaign (seed 5: act_..2's, spending until
# 2026-08-12): a day split by campaign must not lose its rows, although the
# campaigns edge never lists it.
kill "$FAKE_PID" && wait "$FAKE_PID" 2>/dev/null || true
start_fake_graph --seed 5 --accounts 3 --campaigns 4 --adsets 2 --ads 3 \
	--token "$TOKEN" --app-secret "$SECRET" --app-id "$APP_ID"
A2=$(fake GET /__truth/accounts | json 'd["accounts"][1]')

test_expect_success 'a day split by campaign keeps the deleted campaigns rows' '
	fake GET "/__truth/rows?account_id=$A2&level=campaign&since=2026-08-01&until=2026-08-04" |
		json "\" \".join(sorted({r[\"campaign_id\"] for r in d[\"rows\"]}))" | tr " " "\n" >"$SCRATCH/spent" &&
	fake GET "/__truth/entities?account_id=$A2&kind=campaigns&include_archived=1" |
		json "\"\\n\".join(d[\"ids\"])" >"$SCRATCH/listed" &&
	test -n "$(sort "$SCRATCH/spent" | comm -23 - "$(sort "$SCRATCH/listed" >"$SCRATCH/listed.s"; echo "$SCRATCH/listed.s")")" &&
	fake POST /__control "{\"row_cap\": 6}" >/dev/null &&
	meta-fetch -q -a "$A2" --since 2026-08-01 --until 2026-08-04 --level ad insights |
		meta-transform | meta-load -q --db "$SCRATCH/split.db" &&
	fake POST /__control "{\"row_cap\": null}" >/dev/null &&
	equal spend "$(sql "$SCRATCH/split.db" "SELECT printf(${Q}%.2f$Q, sum(spend)) FROM insights")" \
		"$(fake GET "/__truth/insights?account_id=$A2&level=ad&since=2026-08-01&until=2026-08-04" | json "d[\"spend\"]")" &&
	test "$(fake GET /__requests | json "sum(1 for r in d if \"campaign.effective_status\" in r[\"query\"].get(\"filtering\", \"\"))")" -gt 0
'

test_done

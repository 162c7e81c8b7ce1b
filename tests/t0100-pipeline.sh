#!/bin/bash
# The pipeline loads exactly the fake server's truth, and a rerun changes nothing.
. "$(dirname "$0")/lib.sh"

META_ACCESS_TOKEN=pipeline-token
export META_ACCESS_TOKEN
SINCE=2026-10-01
UNTIL=2026-10-31
DB=$SCRATCH/meta.db

start_fake_graph --seed 7 --accounts 2 --campaigns 3 --adsets 2 --ads 3
ACCOUNTS=$(fake GET /__truth/accounts | json '" ".join(d["accounts"])')

sync () {
	for a in $ACCOUNTS; do
		meta-fetch -q -a "$a" account | meta-transform | meta-load -v --db "$DB" >/dev/null || return 1
		for kind in campaigns adsets ads; do
			meta-fetch -q -a "$a" --include-archived "$kind" | meta-transform | meta-load -v --db "$DB" >/dev/null || return 1
		done
		for level in ad adset campaign account; do
			meta-fetch -q -a "$a" --since $SINCE --until $UNTIL --level $level insights |
				meta-transform | meta-load -v --db "$DB" >/dev/null || return 1
		done
	done
}

# check_level ACCOUNT LEVEL: rows, spend, impressions, clicks, link_click equal the truth.
check_level () {
	t=$(fake GET "/__truth/insights?account_id=$1&level=$2&since=$SINCE&until=$UNTIL&time_increment=1") &&
	n=${1#act_} &&
	equal "$1 $2 rows" "$(sql "$DB" "SELECT count(*) FROM insights WHERE level='$2' AND account_id='$n'")" \
		"$(echo "$t" | json 'd["rows"]')" &&
	equal "$1 $2 spend" "$(sql "$DB" "SELECT printf('%.2f', sum(spend)) FROM insights WHERE level='$2' AND account_id='$n'")" \
		"$(echo "$t" | json 'd["spend"]')" &&
	equal "$1 $2 impressions" "$(sql "$DB" "SELECT sum(impressions) FROM insights WHERE level='$2' AND account_id='$n'")" \
		"$(echo "$t" | json 'd["impressions"]')" &&
	equal "$1 $2 clicks" "$(sql "$DB" "SELECT sum(clicks) FROM insights WHERE level='$2' AND account_id='$n'")" \
		"$(echo "$t" | json 'd["clicks"]')" &&
	equal "$1 $2 link_click" "$(sql "$DB" "SELECT CAST(sum(value) AS INTEGER) FROM insight_actions WHERE level='$2' AND account_id='$n' AND field='actions' AND action_type='link_click'")" \
		"$(echo "$t" | json 'd["actions"].get("link_click", 0)')"
}

check_all () {
	for a in $ACCOUNTS; do
		for level in ad adset campaign account; do
			check_level "$a" $level || return 1
		done
	done
}

check_entities () {
	for a in $ACCOUNTS; do
		for kind in campaigns adsets ads; do
			want=$(fake GET "/__truth/entities?account_id=$a&kind=$kind&include_archived=1" | json 'd["count"]') &&
			got=$(sql "$DB" "SELECT count(*) FROM $kind WHERE account_id='${a#act_}'") &&
			equal "$a $kind" "$got" "$want" || return 1
		done
	done
}

test_expect_success 'first sync of two accounts, entities and four levels' '
	sync 2>"$SCRATCH/sync1.err"
'

test_expect_success 'every level of every account equals the truth' '
	check_all
'

test_expect_success 'entities equal the truth, archived included' '
	check_entities &&
	equal accounts "$(sql "$DB" "SELECT count(*) FROM accounts")" 2
'

test_expect_success 'campaign_daily rolls the ad rows up to the same spend' '
	for a in $ACCOUNTS; do
		want=$(fake GET "/__truth/insights?account_id=$a&level=ad&since=$SINCE&until=$UNTIL&time_increment=1" | json "d[\"spend\"]") &&
		got=$(sql "$DB" "SELECT printf($Q%.2f$Q, sum(spend)) FROM campaign_daily WHERE account_id= $Q${a#act_}$Q") &&
		equal "$a campaign_daily spend" "$got" "$want" || return 1
	done
'

test_expect_success 'entities without metrics are listed with zeros' '
	sql "$DB" "SELECT count(*) FROM campaigns c WHERE NOT EXISTS (SELECT 1 FROM insights i WHERE i.campaign_id = c.id AND i.level = ${Q}ad$Q)" >"$SCRATCH/idle" &&
	idle=$(cat "$SCRATCH/idle") &&
	test "$idle" -gt 0 &&
	days=$(sql "$DB" "SELECT count(DISTINCT date_start) FROM insights WHERE level= ${Q}ad$Q") &&
	zero=$(sql "$DB" "SELECT count(*) FROM campaign_daily WHERE spend = 0 AND impressions = 0 AND ctr IS NULL") &&
	test "$zero" -ge "$idle"
'

test_expect_success 'the second run changes nothing' '
	before=$(sql "$DB" "SELECT count(*), sum(spend), sum(impressions) FROM insights; SELECT count(*) FROM insight_actions") &&
	sync 2>"$SCRATCH/sync2.err" &&
	! grep -v " (0 changed)" "$SCRATCH/sync2.err" | grep "changed" &&
	after=$(sql "$DB" "SELECT count(*), sum(spend), sum(impressions) FROM insights; SELECT count(*) FROM insight_actions") &&
	equal "table sums" "$after" "$before" &&
	check_all
'

test_expect_success 'no duplicate natural keys' '
	equal insights "$(sql "$DB" "SELECT count(*) - count(DISTINCT level||object_id||date_start||date_stop||breakdown_key) FROM insights")" 0 &&
	equal actions "$(sql "$DB" "SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT level, object_id, date_start, date_stop, breakdown_key, field, action_type, action_key FROM insight_actions)) FROM insight_actions")" 0
'

test_expect_success 'meta-load echoes the committed state and keeps it' '
	meta-fetch -q -a "${ACCOUNTS%% *}" --since $SINCE --until $SINCE insights | meta-transform |
		meta-load --db "$DB" >"$SCRATCH/state.out" &&
	test "$(wc -l <"$SCRATCH/state.out")" -eq 1 &&
	json "d[\"bookmarks\"][\"insights\"][\"${ACCOUNTS%% *}\"][\"since\"]" <"$SCRATCH/state.out" >"$SCRATCH/since" &&
	equal "echoed since" "$(cat "$SCRATCH/since")" $SINCE &&
	sql "$DB" "SELECT value FROM sync_state WHERE name= ${Q}singer$Q" >"$SCRATCH/stored" &&
	equal "stored since" "$(json "d[\"bookmarks\"][\"insights\"][\"${ACCOUNTS%% *}\"][\"since\"]" <"$SCRATCH/stored")" $SINCE
'

test_expect_success 'two pipelines for two accounts: the stored state keeps both bookmarks' '
	A2=${ACCOUNTS##* } &&
	meta-fetch -q -a "$A2" --since $SINCE --until $SINCE insights | meta-transform |
		meta-load --db "$DB" >/dev/null &&
	sql "$DB" "SELECT value FROM sync_state WHERE name= ${Q}singer$Q" >"$SCRATCH/stored" &&
	equal "first account" "$(json "d[\"bookmarks\"][\"insights\"][\"${ACCOUNTS%% *}\"][\"until\"]" <"$SCRATCH/stored")" $SINCE &&
	equal "second account" "$(json "d[\"bookmarks\"][\"insights\"][\"$A2\"][\"until\"]" <"$SCRATCH/stored")" $SINCE
'

test_done

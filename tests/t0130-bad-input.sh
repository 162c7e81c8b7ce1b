#!/bin/bash
# Malformed lines: exit 65, the line number on stderr, no crash, nothing valid lost.
. "$(dirname "$0")/lib.sh"

DB=$SCRATCH/meta.db
rec () { # rec AD_ID SPEND
	printf '{"type":"RECORD","stream":"insights","record":{"account_id":"1","campaign_id":"2","adset_id":"3","ad_id":"%s","date_start":"2026-10-01","date_stop":"2026-10-01","spend":"%s","impressions":"10","actions":[{"action_type":"link_click","value":"2"}]}}\n' "$1" "$2"
}

{
	rec 10 1.00
	echo '{"type":"RECORD","stream":"insights","record":'
	rec 11 2.00
	rec 12 "12,5"
	echo '[1,2]'
	echo '{"type":"STATE","value":{"n":1}}'
	echo '{"stream":"insights"}'
	rec 13 3.00
	echo '{"type":"STATE","value":{"n":2}}'
} >"$SCRATCH/in"

test_expect_success 'meta-transform exits 65 and names each bad line' '
	expect_status 65 meta-transform --rejects "$SCRATCH/t.rej" "$SCRATCH/in" >"$SCRATCH/t.out" 2>"$SCRATCH/t.err" &&
	grep -q "^meta-transform: line 2: not JSON" "$SCRATCH/t.err" &&
	grep -q "^meta-transform: line 4: field .spend.: not a number: \"12,5\"" "$SCRATCH/t.err" &&
	grep -q "^meta-transform: line 5: not a JSON object" "$SCRATCH/t.err" &&
	grep -q "^meta-transform: line 7: no \"type\"" "$SCRATCH/t.err" &&
	grep -q "4 of 9 lines rejected" "$SCRATCH/t.err"
'

test_expect_success 'meta-transform keeps every valid line and holds back STATEs after a reject' '
	grep "\"stream\":\"insights\"" "$SCRATCH/t.out" | grep -c RECORD >"$SCRATCH/n" &&
	equal records "$(cat "$SCRATCH/n")" 3 &&
	grep -o "\"ad_id\":\"1[0-9]\"\|STATE\",\"value\":{\"n\":[0-9]" "$SCRATCH/t.out" | uniq | tr "\n" " " >"$SCRATCH/order" &&
	equal order "$(cat "$SCRATCH/order")" "\"ad_id\":\"10\" \"ad_id\":\"11\" \"ad_id\":\"13\" " &&
	grep -q "line 6: state held back: 3 earlier lines were rejected" "$SCRATCH/t.err"
'

test_expect_success 'without rejects, STATEs pass through in order' '
	{ rec 30 1.00; echo "{\"type\":\"STATE\",\"value\":{\"n\":1}}"; rec 31 1.00; echo "{\"type\":\"STATE\",\"value\":{\"n\":2}}"; } |
		meta-transform | grep -o "\"ad_id\":\"3[0-9]\"\|STATE\",\"value\":{\"n\":[0-9]" | uniq | tr "\n" " " >"$SCRATCH/order" &&
	equal order "$(cat "$SCRATCH/order")" "\"ad_id\":\"30\" STATE\",\"value\":{\"n\":1 \"ad_id\":\"31\" STATE\",\"value\":{\"n\":2 "
'

test_expect_success '-q keeps errors, drops the summary warning lines' '
	expect_status 65 meta-transform -q "$SCRATCH/in" >/dev/null 2>"$SCRATCH/q.err" &&
	grep -q "line 4: field .spend.: not a number" "$SCRATCH/q.err" &&
	! grep -q "warning:" "$SCRATCH/q.err"
'

test_expect_success 'a fraction in an integer column is bad data' '
	echo "{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":{\"account_id\":\"1\",\"date_start\":\"2026-10-01\",\"date_stop\":\"2026-10-01\",\"impressions\":\"14.5\"}}" |
		expect_status 65 meta-transform >/dev/null 2>"$SCRATCH/err" &&
	grep -q "line 1: field .impressions.: not an integer: \"14.5\"" "$SCRATCH/err"
'

test_expect_success 'the rejects file holds exactly the bad lines' '
	sed -n "2p;4p;5p;7p" "$SCRATCH/in" >"$SCRATCH/want.rej" &&
	test_cmp "$SCRATCH/want.rej" "$SCRATCH/t.rej"
'

test_expect_success 'meta-load exits 65, loads the valid records, does not save a state past a bad line' '
	{ rec 10 1.00; rec 11 2.00; echo "{\"type\":\"STATE\",\"value\":{\"n\":1}}"; rec 13 3.00;
	  echo "{\"type\":\"STATE\",\"value\":{\"n\":2}}"; } | meta-transform >"$SCRATCH/clean" &&
	{ head -n 3 "$SCRATCH/clean"; echo "{oops"; tail -n +4 "$SCRATCH/clean"; } >"$SCRATCH/l.in" &&
	expect_status 65 meta-load --db "$DB" --rejects "$SCRATCH/l.rej" "$SCRATCH/l.in" >"$SCRATCH/l.out" 2>"$SCRATCH/l.err" &&
	grep -q "^meta-load: line 4: not JSON" "$SCRATCH/l.err" &&
	grep -q "state not saved" "$SCRATCH/l.err" &&
	equal rows "$(sql "$DB" "SELECT group_concat(ad_id) FROM (SELECT ad_id FROM insights ORDER BY ad_id)")" "10,11,13" &&
	equal actions "$(sql "$DB" "SELECT count(*) FROM insight_actions")" 3 &&
	equal state "$(sql "$DB" "SELECT count(*) FROM sync_state")" 0 &&
	test ! -s "$SCRATCH/l.out" &&
	equal rejects "$(cat "$SCRATCH/l.rej")" "{oops"
'

test_expect_success 'meta-load says when the input skipped meta-transform' '
	rec 20 1.00 >"$SCRATCH/raw.in" &&
	expect_status 65 meta-load --db "$DB" "$SCRATCH/raw.in" 2>"$SCRATCH/err" &&
	grep -q "line 1: insights record without key field .level. (is the stream piped through meta-transform?)" "$SCRATCH/err"
'

test_expect_success 'a full disk is an error, not a silent success' '
	expect_status 1 meta-transform "$SCRATCH/in" >/dev/full 2>"$SCRATCH/err" &&
	grep -q "cannot write output" "$SCRATCH/err"
'

test_expect_success 'an unopenable database: exit 1 with the path quoted' '
	expect_status 1 meta-load --db "$SCRATCH/no/such/dir/x.db" </dev/null 2>"$SCRATCH/err" &&
	grep -q "cannot open database .$SCRATCH/no/such/dir/x.db." "$SCRATCH/err"
'

test_expect_success 'a 20,000-record input loads completely' '
	python3 -c "
import sys
for i in range(20000):
    sys.stdout.write(\"{\\\"type\\\":\\\"RECORD\\\",\\\"stream\\\":\\\"insights\\\",\\\"record\\\":{\\\"account_id\\\":\\\"1\\\",\\\"ad_id\\\":\\\"%d\\\",\\\"date_start\\\":\\\"2026-10-01\\\",\\\"date_stop\\\":\\\"2026-10-01\\\",\\\"spend\\\":\\\"1.5\\\"}}\\n\" % i)
" >"$SCRATCH/big" &&
	meta-transform "$SCRATCH/big" | meta-load --db "$SCRATCH/big.db" &&
	equal rows "$(sql "$SCRATCH/big.db" "SELECT count(*), sum(spend) FROM insights")" "20000|30000.0"
'

test_done

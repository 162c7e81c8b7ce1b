#!/bin/bash
# One record per insight and what is derived from it, against the fake
# Graph server's truth: the agency mapping on every ad-day (meta-backfill
# --map and the pipeline), entities without delivery in the rollups, reach
# never summed, a campaign-level-only backfill, breakdowns that add up and
# resume incrementally, the reject classes of meta-transform and meta-load
# with and without --strict, a schema version 3 file migrated without losing
# a row, and insight_actions as the rows of the nested lists.
#
# Every expected number comes from the fake's /__truth endpoints or from the
# lists in the data, never from this file.
. "$(dirname "$0")/lib.sh"

META_ACCESS_TOKEN=t0500-shape-token-8c2d
export META_ACCESS_TOKEN
MAP=$TOP/scripts/maps/agency.json
DATA=$TOP/tests/data

# Seed 30 (--today is the fake's default, every date below is before it): in
# these 28 days three campaigns deliver, two ads or more on most days, some
# ads report inline_link_clicks "0" or none at all while they have link
# clicks, and every lead type, purchases and follows occur; check-truth.py
# agency and reach= fail when a seed or period stops doing so.  The fourth
# campaign (--idle-campaigns 1) never delivered.
SINCE=2026-10-26
UNTIL=2026-11-22
# The breakdown backfill: 42 days, 6 chunks of 7, of which the 28-day
# look-back is the last 4.
BSINCE=2026-10-12
BSET=platform_position,publisher_platform
start_fake_graph --seed 30 --accounts 1 --campaigns 3 --adsets 2 --ads 3 --idle-campaigns 1
ACC=$(fake GET /__truth/accounts | json 'd["accounts"][0]')
N=${ACC#act_}

# truth DB SINCE UNTIL WORDS... ACCOUNT: check-truth.py against this fake.
truth () {
	python3 "$TOP/tests/check-truth.py" "$FAKE_URL" "$@"
}

# insights_requests: the fake's insights requests so far, one "SET FIRST-PAGE SINCE UNTIL" a
# line: SET the breakdown names sorted ("-" for none), FIRST-PAGE 1 unless it followed a cursor.
insights_requests () {
	fake GET /__requests | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    q = r.get("query", {})
    if r["method"] != "GET" or not r["path"].endswith("/insights"):
        continue
    b = q.get("breakdowns", "")
    names = json.loads(b) if b.startswith("[") else [x for x in b.split(",") if x]
    tr = json.loads(q["time_range"])
    print(",".join(sorted(names)) or "-", 0 if "after" in q else 1, tr["since"], tr["until"])'
}

# days_requested SET < insights_requests: the days the first pages of SET asked for, sorted,
# one a line (a day twice is shown twice).
days_requested () {
	python3 -c '
import datetime as dt, sys
days = []
for line in sys.stdin:
    s, first, a, b = line.split()
    if s == sys.argv[1] and first == "1":
        a, b = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
        days += [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]
print("\n".join(str(d) for d in sorted(days)))' "$1"
}

# days FROM TO: the dates FROM..TO, one a line.
days () {
	python3 -c '
import datetime as dt, sys
a, b = (dt.date.fromisoformat(x) for x in sys.argv[1:3])
print("\n".join(str(a + dt.timedelta(days=i)) for i in range((b - a).days + 1)))' "$1" "$2"
}

# action_rows SINGER-FILE: the rows insight_actions must have for the insights records of
# SINGER-FILE (meta-transform's output): one per entry of every action list (the lists
# its SCHEMA types as lists of objects with an action_type), field the list's name, the
# entry's other keys that are not attribution windows as action_key "k=v|k2=v2" (sorted),
# its windows as a JSON object; tab-separated, sorted.
action_rows () {
	python3 -c '
import json, sys
def win(k):
    return k[:1].isdigit() or k in ("dda", "inline", "default") or k.startswith("skan_")
def txt(v):
    return "" if v is None else v if isinstance(v, str) else json.dumps(v)
lists, out = set(), []
for line in open(sys.argv[1], encoding="utf-8"):
    m = json.loads(line)
    if m.get("stream") != "insights":
        continue
    if m["type"] == "SCHEMA":
        lists = {k for k, p in m["schema"]["properties"].items()
                 if "action_type" in p.get("items", {}).get("properties", {})}
        continue
    if m["type"] != "RECORD":
        continue
    r = m["record"]
    for f in sorted(lists):
        for e in r.get(f) or []:
            key = "|".join("%s=%s" % (k, txt(e[k])) for k in sorted(e) if k not in ("action_type", "value") and not win(k))
            w = {k: e[k] for k in sorted(e) if win(k)}
            out.append([r["level"], r["object_id"], r.get("account_id"), r.get("campaign_id"), r.get("adset_id"),
                        r.get("ad_id"), r["date_start"], r["date_stop"], r["breakdown_key"], f, e["action_type"],
                        key, None if e.get("value") is None else float(e["value"]),
                        json.dumps(w, separators=(",", ":")) if w else None])
for row in sorted(out, key=lambda x: [txt(v) for v in x]):
    print("\t".join(txt(v) for v in row))' "$1"
}

# view_rows DB: insight_actions as action_rows prints it.
view_rows () {
	python3 -c '
import json, sqlite3, sys
def txt(v):
    return "" if v is None else v if isinstance(v, str) else json.dumps(v)
con = sqlite3.connect(sys.argv[1])
rows = [list(r) for r in con.execute("SELECT level, object_id, account_id, campaign_id, adset_id, ad_id, "
        "date_start, date_stop, breakdown_key, field, action_type, action_key, value, windows FROM insight_actions")]
for r in rows:
    if r[13] is not None:  # the same JSON, spelt as action_rows spells it
        r[13] = json.dumps(json.loads(r[13]), separators=(",", ":"))
for row in sorted(rows, key=lambda x: [txt(v) for v in x]):
    print("\t".join(txt(v) for v in row))' "$1"
}

test_expect_success 'meta-backfill --map agency.json: every ad-day has the truth'"'"'s leads, link clicks, purchases, revenue, roas' '
	meta-backfill -q -a $ACC --db "$SCRATCH/agency.db" --map "$MAP" --level ad,campaign,account \
		--since $SINCE --until $UNTIL --include-archived --report "$SCRATCH/r1.json" &&
	equal exit_status "$(json "d[\"exit_status\"]" <"$SCRATCH/r1.json")" 0 &&
	truth "$SCRATCH/agency.db" $SINCE $UNTIL agency ad campaign account entities $ACC
'

test_expect_success 'the pipeline meta-fetch | meta-transform --map agency.json | meta-load: the same, ad-day by ad-day' '
	meta-fetch -q -a $ACC --since $SINCE --until $UNTIL --level ad insights >"$SCRATCH/fetch.out" &&
	meta-transform --map "$MAP" "$SCRATCH/fetch.out" >"$SCRATCH/transform.out" &&
	meta-load -q --db "$SCRATCH/pipe.db" "$SCRATCH/transform.out" >/dev/null &&
	truth "$SCRATCH/pipe.db" $SINCE $UNTIL agency ad $ACC
'

# Meta names a first reply in a message thread onsite_conversion.messaging_first_reply;
# a term no row ever has adds nothing, silently.
test_expect_success 'every action type scripts/maps/agency.json reads is one Meta serves' '
	fake GET "/__truth/rows?account_id=$ACC&level=ad&since=$SINCE&until=$UNTIL" >"$SCRATCH/adrows.json" &&
	python3 -c "
import json, sys
m = json.load(open(sys.argv[1]))
rows = json.load(open(sys.argv[2]))[\"rows\"]
served = {(l, t) for r in rows for l in (\"actions\", \"action_values\") for t in r[l]}
terms = [t for x in m[\"metrics\"] for k in (\"sum\", \"else\") for t in x.get(k, []) if \":\" in t]
dead = [t for t in terms if tuple(t.split(\":\", 1)) not in served]
print(\"terms:\", terms)
for t in dead:
    print(\"%s: no row of the %d ad-days has it\" % (t, len(rows)), file=sys.stderr)
sys.exit(1 if dead else 0)
" "$MAP" "$SCRATCH/adrows.json"
'

test_expect_success 'a campaign without delivery is in campaign_daily at zero on every day' '
	fake GET "/__truth/entities?account_id=$ACC&kind=campaigns&include_archived=1" | json "\" \".join(d[\"ids\"])" >"$SCRATCH/campaigns" &&
	fake GET "/__truth/rows?account_id=$ACC&level=campaign&since=$SINCE&until=$UNTIL" |
		json "\" \".join(sorted({r[\"id\"] for r in d[\"rows\"]}))" >"$SCRATCH/delivering" &&
	idle=$(for c in $(cat "$SCRATCH/campaigns"); do grep -qw "$c" "$SCRATCH/delivering" || echo $c; done) &&
	echo "without delivery: $idle" &&
	test -n "$idle" &&
	ndays=$(days $SINCE $UNTIL | wc -l) &&
	for c in $idle; do
		equal "$c in campaigns" "$(sql "$SCRATCH/agency.db" "SELECT count(*) FROM campaigns WHERE id = $Q$c$Q")" 1 &&
		equal "$c days" "$(sql "$SCRATCH/agency.db" "SELECT count(DISTINCT date) FROM campaign_daily WHERE campaign_id = $Q$c$Q AND date BETWEEN $Q$SINCE$Q AND $Q$UNTIL$Q")" "$ndays" &&
		equal "$c rows" "$(sql "$SCRATCH/agency.db" "SELECT count(*) FROM campaign_daily WHERE campaign_id = $Q$c$Q")" "$ndays" &&
		equal "$c not zero" "$(sql "$SCRATCH/agency.db" "SELECT count(*) FROM campaign_daily WHERE campaign_id = $Q$c$Q AND NOT (spend = 0 AND impressions = 0 AND clicks = 0 AND link_clicks = 0 AND leads = 0 AND purchases = 0 AND revenue = 0 AND coalesce(reach, 0) = 0 AND roas IS NULL AND ctr IS NULL AND cpc IS NULL AND cpm IS NULL)")" 0 || exit 1
	done
'

test_expect_success 'campaign and account reach in the views are the rows fetched at that level, never the sum of the ads'"'"'; NULL where not fetched' '
	truth "$SCRATCH/agency.db" $SINCE $UNTIL reach=campaign,account daily=adset,campaign,account $ACC &&
	truth "$SCRATCH/pipe.db" $SINCE $UNTIL reach= daily=adset,campaign,account $ACC
'

test_expect_success 'a campaign-level-only backfill fills campaign_daily and account_daily with the truth'"'"'s spend' '
	meta-backfill -q -a $ACC --db "$SCRATCH/campaign.db" --map "$MAP" --level campaign \
		--since $SINCE --until $UNTIL &&
	equal "other levels" "$(sql "$SCRATCH/campaign.db" "SELECT count(*) FROM insights WHERE level != ${Q}campaign$Q")" 0 &&
	truth "$SCRATCH/campaign.db" $SINCE $UNTIL campaign daily=campaign,account reach=campaign $ACC &&
	equal "account_daily spend" "$(sql "$SCRATCH/campaign.db" "SELECT printf($Q%.2f$Q, sum(spend)) FROM account_daily")" \
		"$(fake GET "/__truth/insights?account_id=$ACC&level=account&since=$SINCE&until=$UNTIL&time_increment=1" | json "d[\"spend\"]")"
'

test_expect_success 'breakdowns publisher_platform,platform_position: the rows are the truth'"'"'s and add up to the unbroken ones' '
	fake POST /__requests/reset >/dev/null &&
	meta-backfill -q -a $ACC --db "$SCRATCH/bd.db" --breakdowns publisher_platform,platform_position \
		--since $BSINCE --until $UNTIL --report "$SCRATCH/r3.json" &&
	insights_requests >"$SCRATCH/req.first" &&
	truth "$SCRATCH/bd.db" $BSINCE $UNTIL daily=adset,campaign,account $ACC &&
	u=$(fake GET "/__truth/insights?account_id=$ACC&level=ad&since=$BSINCE&until=$UNTIL&time_increment=1") &&
	equal "unbroken rows, spend, impressions, clicks" \
		"$(sql "$SCRATCH/bd.db" "SELECT count(*), printf($Q%.2f$Q, sum(spend)), sum(impressions), sum(clicks) FROM insights WHERE breakdown_key = $Q$Q")" \
		"$(echo "$u" | json "\"%d|%s|%d|%d\" % (d[\"rows\"], d[\"spend\"], d[\"impressions\"], d[\"clicks\"])")" &&
	t=$(fake GET "/__truth/insights?account_id=$ACC&level=ad&since=$BSINCE&until=$UNTIL&time_increment=1&breakdowns=publisher_platform,platform_position") &&
	equal "breakdown rows, spend, impressions, clicks" \
		"$(sql "$SCRATCH/bd.db" "SELECT count(*), printf($Q%.2f$Q, sum(spend)), sum(impressions), sum(clicks) FROM insights WHERE breakdown_key != $Q$Q")" \
		"$(echo "$t" | json "\"%d|%s|%d|%d\" % (d[\"rows\"], d[\"spend\"], d[\"impressions\"], d[\"clicks\"])")" &&
	sql "$SCRATCH/bd.db" "SELECT campaign_id, date, printf($Q%.2f$Q, sum(spend)), sum(impressions), sum(clicks), printf($Q%.2f$Q, sum(revenue)) FROM campaign_daily_by_breakdown GROUP BY campaign_id, date ORDER BY 1, 2" >"$SCRATCH/bd.sums" &&
	sql "$SCRATCH/bd.db" "SELECT campaign_id, date, printf($Q%.2f$Q, spend), impressions, clicks, printf($Q%.2f$Q, revenue) FROM campaign_daily WHERE impressions > 0 ORDER BY 1, 2" >"$SCRATCH/un.sums" &&
	test -s "$SCRATCH/un.sums" &&
	test_cmp "$SCRATCH/un.sums" "$SCRATCH/bd.sums" &&
	sql "$SCRATCH/bd.db" "SELECT object_id, date_start, field, action_type, printf($Q%.2f$Q, sum(value)) FROM insight_actions WHERE breakdown_key != $Q$Q GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4" >"$SCRATCH/bd.actions" &&
	sql "$SCRATCH/bd.db" "SELECT object_id, date_start, field, action_type, printf($Q%.2f$Q, sum(value)) FROM insight_actions WHERE breakdown_key = $Q$Q GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4" >"$SCRATCH/un.actions" &&
	test -s "$SCRATCH/un.actions" &&
	test_cmp "$SCRATCH/un.actions" "$SCRATCH/bd.actions"
'

test_expect_success 'the *_by_breakdown views show the platform and the position of each row' '
	fake GET "/__truth/rows?account_id=$ACC&level=ad&since=$BSINCE&until=$UNTIL&breakdowns=publisher_platform,platform_position" |
		json "\"\\n\".join(sorted({\"%s|%s\" % (r[\"breakdowns\"][\"publisher_platform\"], r[\"breakdowns\"][\"platform_position\"]) for r in d[\"rows\"]}))" >"$SCRATCH/pairs.want" &&
	test "$(wc -l <"$SCRATCH/pairs.want")" -gt 4 &&
	for v in account_daily_by_breakdown campaign_daily_by_breakdown adset_daily_by_breakdown; do
		sql "$SCRATCH/bd.db" "SELECT DISTINCT publisher_platform || $Q|$Q || platform_position FROM $v ORDER BY 1" >"$SCRATCH/pairs.got" &&
		test_cmp "$SCRATCH/pairs.want" "$SCRATCH/pairs.got" &&
		equal "$v rows whose columns are not their key" "$(sql "$SCRATCH/bd.db" "SELECT count(*) FROM $v WHERE breakdown_key IS NOT ${Q}platform_position=$Q || platform_position || $Q|publisher_platform=$Q || publisher_platform OR breakdowns != $Q$BSET$Q")" 0 || exit 1
	done &&
	equal "account_daily_by_breakdown spend" "$(sql "$SCRATCH/bd.db" "SELECT printf($Q%.2f$Q, sum(spend)) FROM account_daily_by_breakdown")" \
		"$(sql "$SCRATCH/bd.db" "SELECT printf($Q%.2f$Q, sum(spend)) FROM account_daily")"
'

test_expect_success 'with breakdowns, each set is fetched once; the incremental rerun fetches only the 28-day look-back of each' '
	days $BSINCE $UNTIL >"$SCRATCH/all.days" &&
	for s in - $BSET; do
		equal "first run: $s chunks" "$(grep -c "^$s 1 " "$SCRATCH/req.first")" 6 &&
		days_requested $s <"$SCRATCH/req.first" >"$SCRATCH/got.days" &&
		test_cmp "$SCRATCH/all.days" "$SCRATCH/got.days" || exit 1
	done &&
	equal "first run: sets" "$(cut -d" " -f1 "$SCRATCH/req.first" | sort -u | tr "\n" " ")" "- $BSET " &&
	fingerprint=$(sql "$SCRATCH/bd.db" "SELECT count(*), printf($Q%.2f$Q, sum(spend)), sum(impressions) FROM insights") &&
	fake POST /__requests/reset >/dev/null &&
	meta-backfill -q -a $ACC --db "$SCRATCH/bd.db" --breakdowns publisher_platform,platform_position \
		--since $BSINCE --until $UNTIL --report "$SCRATCH/r4.json" &&
	insights_requests >"$SCRATCH/req.rerun" &&
	cat "$SCRATCH/req.rerun" &&
	tail -n 28 "$SCRATCH/all.days" >"$SCRATCH/lookback.days" &&
	for s in - $BSET; do
		equal "rerun: $s chunks" "$(grep -c "^$s 1 " "$SCRATCH/req.rerun")" 4 &&
		days_requested $s <"$SCRATCH/req.rerun" >"$SCRATCH/got.days" &&
		test_cmp "$SCRATCH/lookback.days" "$SCRATCH/got.days" || exit 1
	done &&
	equal "rerun: sets" "$(cut -d" " -f1 "$SCRATCH/req.rerun" | sort -u | tr "\n" " ")" "- $BSET " &&
	equal "rerun: days_fetched" "$(json "d[\"accounts\"][0][\"days_fetched\"]" <"$SCRATCH/r4.json")" 56 &&
	equal "rerun: data" "$(sql "$SCRATCH/bd.db" "SELECT count(*), printf($Q%.2f$Q, sum(spend)), sum(impressions) FROM insights")" "$fingerprint" &&
	equal "progress per set" "$(sql "$SCRATCH/bd.db" "SELECT group_concat(breakdowns || $Q:$Q || n, $Q $Q) FROM (SELECT breakdowns, count(*) AS n FROM backfill_days GROUP BY breakdowns ORDER BY breakdowns)")" ":42 $BSET:42"
'

# ---- rejects: every class, for meta-transform (raw records) and meta-load (typed ones)

# raw AD_ID [SPEND]: an insights RECORD as meta-fetch writes it.
raw () {
	printf '{"type":"RECORD","stream":"insights","record":{"account_id":"1","campaign_id":"2","campaign_name":"C","adset_id":"3","ad_id":"%s","date_start":"2026-10-01","date_stop":"2026-10-01","spend":"%s","impressions":"10","actions":[{"action_type":"link_click","value":"2"}]}}\n' "$1" "${2:-1.25}"
}

# mutate KEY JSON-VALUE < RECORD-LINE: the line with record[KEY] set to the value, compact.
mutate () {
	python3 -c '
import json, sys
m = json.loads(sys.stdin.readline())
m["record"][sys.argv[1]] = json.loads(sys.argv[2])
print(json.dumps(m, separators=(",", ":"), ensure_ascii=False))' "$1" "$2"
}

# The bad lines of each class, as "CLASS<TAB>REASON<TAB>LINE" (REASON: a grep -E pattern
# of the message).  $1: raw for meta-transform's input, typed for meta-load's.
bad_lines () {
	if [ "$1" = raw ]; then rec=$(raw 90); else rec=$(raw 90 | meta-transform | grep RECORD); fi
	printf 'json\tnot JSON\t%s\n' '{"type":"RECORD","stream":"insights","record":'
	printf 'type\tunknown message type .BOOKMARK.\t%s\n' '{"type":"BOOKMARK","value":{"n":0}}'
	printf 'schema\tSCHEMA for unknown stream .nonsense.\t%s\n' '{"type":"SCHEMA","stream":"nonsense","schema":{"type":"object"},"key_properties":["id"]}'
	printf 'stream\tunknown stream .nonsense.\t%s\n' '{"type":"RECORD","stream":"nonsense","record":{"id":"1"}}'
	printf 'spend\tfield .spend.: not a number\t%s\n' "$(echo "$rec" | mutate spend '"abc"')"
	printf 'string\tfield .campaign_name.: not a string\t%s\n' "$(echo "$rec" | mutate campaign_name '{"x":1}')"
	printf 'actions\tfield .actions.: not a list of actions\t%s\n' "$(echo "$rec" | mutate actions '{"action_type":"link_click","value":2}')"
}

STATE1='{"type":"STATE","value":{"n":1}}'
STATE2='{"type":"STATE","value":{"n":2}}'

test_expect_success 'meta-transform: every bad line rejected with its number and reason, kept verbatim, the good ones out (exit 65)' '
	bad_lines raw >"$SCRATCH/bad.raw" &&
	test "$(wc -l <"$SCRATCH/bad.raw")" -eq 7 &&
	{ raw 10; echo "$STATE1"; cut -f3 "$SCRATCH/bad.raw"; raw 11; echo "$STATE2"; } >"$SCRATCH/t.in" &&
	expect_status 65 meta-transform --rejects "$SCRATCH/t.rej" "$SCRATCH/t.in" >"$SCRATCH/t.out" 2>"$SCRATCH/t.err" &&
	cat "$SCRATCH/t.err" &&
	i=3 &&
	while IFS="	" read -r class reason line; do
		grep -E "^meta-transform: line $i: .*$reason" "$SCRATCH/t.err" >/dev/null ||
			{ echo "no message for line $i ($class)" >&2; exit 1; }
		i=$((i + 1))
	done <"$SCRATCH/bad.raw" &&
	cut -f3 "$SCRATCH/bad.raw" >"$SCRATCH/want.rej" &&
	test_cmp "$SCRATCH/want.rej" "$SCRATCH/t.rej" &&
	equal "records out" "$(grep "\"type\":\"RECORD\"" "$SCRATCH/t.out" | grep -o "\"ad_id\":\"[0-9]*\"" | tr "\n" " ")" "\"ad_id\":\"10\" \"ad_id\":\"11\" " &&
	equal "states out" "$(grep -c "\"type\":\"STATE\"" "$SCRATCH/t.out")" 1
'

test_expect_success 'meta-transform --strict: stops at the first bad line of each class, the lines before it out' '
	while IFS="	" read -r class reason line; do
		{ raw 10; echo "$STATE1"; raw 11; echo "$line"; raw 12; echo "$STATE2"; } >"$SCRATCH/s.in" &&
		rm -f "$SCRATCH/s.rej" &&
		expect_status 65 meta-transform --strict --rejects "$SCRATCH/s.rej" "$SCRATCH/s.in" >"$SCRATCH/s.out" 2>"$SCRATCH/s.err" &&
		grep -E "^meta-transform: line 4: .*$reason" "$SCRATCH/s.err" >/dev/null &&
		echo "$line" >"$SCRATCH/want.rej" &&
		test_cmp "$SCRATCH/want.rej" "$SCRATCH/s.rej" &&
		equal "$class: out" "$(grep -o "\"ad_id\":\"[0-9]*\"\|\"type\":\"STATE\"" "$SCRATCH/s.out" | tr "\n" " ")" \
			"\"ad_id\":\"10\" \"type\":\"STATE\" \"ad_id\":\"11\" " ||
			{ echo "class $class" >&2; cat "$SCRATCH/s.err" >&2; exit 1; }
	done <"$SCRATCH/bad.raw"
'

# loaded DB: "ad ids loaded / stored state".
loaded () {
	echo "$(sql "$1" "SELECT group_concat(ad_id, $Q,$Q) FROM (SELECT ad_id FROM insights ORDER BY ad_id)") / $(sql "$1" "SELECT value FROM sync_state")"
}

test_expect_success 'meta-load: every bad line rejected with its number and reason, kept verbatim, the good ones loaded (exit 65)' '
	bad_lines typed >"$SCRATCH/bad.typed" &&
	test "$(wc -l <"$SCRATCH/bad.typed")" -eq 7 &&
	{ raw 10; echo "$STATE1"; } | meta-transform >"$SCRATCH/head.typed" &&
	{ raw 11; echo "$STATE2"; } | meta-transform | grep -v "\"type\":\"SCHEMA\"" >"$SCRATCH/tail.typed" &&
	{ cat "$SCRATCH/head.typed"; cut -f3 "$SCRATCH/bad.typed"; cat "$SCRATCH/tail.typed"; } >"$SCRATCH/l.in" &&
	first=$(($(wc -l <"$SCRATCH/head.typed") + 1)) &&
	expect_status 65 meta-load --db "$SCRATCH/l.db" --rejects "$SCRATCH/l.rej" "$SCRATCH/l.in" >"$SCRATCH/l.out" 2>"$SCRATCH/l.err" &&
	cat "$SCRATCH/l.err" &&
	i=$first &&
	while IFS="	" read -r class reason line; do
		grep -E "^meta-load: line $i: .*$reason" "$SCRATCH/l.err" >/dev/null ||
			{ echo "no message for line $i ($class)" >&2; exit 1; }
		i=$((i + 1))
	done <"$SCRATCH/bad.typed" &&
	cut -f3 "$SCRATCH/bad.typed" >"$SCRATCH/want.rej" &&
	test_cmp "$SCRATCH/want.rej" "$SCRATCH/l.rej" &&
	equal "loaded / state" "$(loaded "$SCRATCH/l.db")" "10,11 / {\"n\":1}" &&
	equal "insight_actions" "$(sql "$SCRATCH/l.db" "SELECT group_concat(ad_id || $Q:$Q || action_type || $Q=$Q || value, $Q $Q) FROM (SELECT * FROM insight_actions ORDER BY ad_id)")" "10:link_click=2.0 11:link_click=2.0"
'

test_expect_success 'meta-load --strict: stops at the first bad line of each class, nothing after the last STATE kept' '
	{ raw 10; echo "$STATE1"; raw 11; } | meta-transform >"$SCRATCH/head.typed" &&
	{ raw 12; echo "$STATE2"; } | meta-transform | grep -v "\"type\":\"SCHEMA\"" >"$SCRATCH/tail.typed" &&
	bad=$(($(wc -l <"$SCRATCH/head.typed") + 1)) &&
	while IFS="	" read -r class reason line; do
		{ cat "$SCRATCH/head.typed"; echo "$line"; cat "$SCRATCH/tail.typed"; } >"$SCRATCH/s.in" &&
		rm -f "$SCRATCH/s.db" "$SCRATCH/s.db-wal" "$SCRATCH/s.db-shm" "$SCRATCH/s.rej" &&
		expect_status 65 meta-load --strict --db "$SCRATCH/s.db" --rejects "$SCRATCH/s.rej" "$SCRATCH/s.in" >"$SCRATCH/s.out" 2>"$SCRATCH/s.err" &&
		grep -E "^meta-load: line $bad: .*$reason" "$SCRATCH/s.err" >/dev/null &&
		echo "$line" >"$SCRATCH/want.rej" &&
		test_cmp "$SCRATCH/want.rej" "$SCRATCH/s.rej" &&
		equal "$class: loaded / state" "$(loaded "$SCRATCH/s.db")" "10 / {\"n\":1}" ||
			{ echo "class $class" >&2; cat "$SCRATCH/s.err" >&2; exit 1; }
	done <"$SCRATCH/bad.typed"
'

# ---- schema version 3

# v3_query DB FILE: the query tests/data/FILE was printed with: its header's columns, ordered by
# the key columns (those of insights, and for insight_actions field, action_type, action_key).
v3_query () {
	vq_cols=$(head -n 1 "$DATA/$2" | tr "|" ",")
	vq_key="level, object_id, date_start, date_stop, breakdown_key"
	case $2 in
	*.actions) sqlite3 -batch -header "$1" "SELECT $vq_cols FROM insight_actions ORDER BY $vq_key, field, action_type, action_key" ;;
	*.insights) sqlite3 -batch -header "$1" "SELECT $vq_cols FROM insights ORDER BY $vq_key" ;;
	esac
}

test_expect_success 'a database written by schema version 3 migrates to the current version (6) with every row kept' '
	sqlite3 -batch "$SCRATCH/v3.db" <"$DATA/store-v3.sql" &&
	equal "before" "$(sql "$SCRATCH/v3.db" "PRAGMA user_version")" 3 &&
	state=$(sql "$SCRATCH/v3.db" "SELECT value FROM sync_state") &&
	meta-load -q --db "$SCRATCH/v3.db" </dev/null &&
	equal user_version "$(sql "$SCRATCH/v3.db" "PRAGMA user_version")" 6 &&
	v3_query "$SCRATCH/v3.db" store-v3.insights >"$SCRATCH/v3.insights" &&
	test_cmp "$DATA/store-v3.insights" "$SCRATCH/v3.insights" &&
	v3_query "$SCRATCH/v3.db" store-v3.actions >"$SCRATCH/v3.actions" &&
	test_cmp "$DATA/store-v3.actions" "$SCRATCH/v3.actions" &&
	for t in accounts campaigns adsets ads; do
		echo "$t $(sql "$SCRATCH/v3.db" "SELECT count(*) FROM $t")" || exit 1
	done >"$SCRATCH/v3.counts" &&
	test_cmp "$DATA/store-v3.counts" "$SCRATCH/v3.counts" &&
	equal "insight_actions is a view" "$(sql "$SCRATCH/v3.db" "SELECT type FROM sqlite_master WHERE name = ${Q}insight_actions$Q")" view &&
	equal "state" "$(sql "$SCRATCH/v3.db" "SELECT value FROM sync_state")" "$state" &&
	meta-load -q --db "$SCRATCH/v3.db" </dev/null &&
	v3_query "$SCRATCH/v3.db" store-v3.actions | test_cmp "$DATA/store-v3.actions" -
'

# v3_records DB: the insights rows of a version 3 file as the RECORDs meta-fetch wrote: their
# columns, breakdowns and the lists version 3 kept in extra, as Meta sent them.
v3_records () {
	python3 -c '
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.row_factory = sqlite3.Row
skip = {"level", "object_id", "breakdown_key", "breakdowns", "extra", "synced_at"}
for r in con.execute("SELECT * FROM insights ORDER BY rowid"):
    rec = {k: r[k] for k in r.keys() if k not in skip and r[k] is not None}
    rec.update(json.loads(r["breakdowns"] or "{}"))
    rec.update(json.loads(r["extra"] or "{}"))
    print(json.dumps({"type": "RECORD", "stream": "insights", "record": rec}, ensure_ascii=False))' "$1"
}

test_expect_success 'insight_actions after a fresh load of the same data: one row per entry of the nested lists' '
	sqlite3 -batch "$SCRATCH/v3raw.db" <"$DATA/store-v3.sql" &&
	v3_records "$SCRATCH/v3raw.db" >"$SCRATCH/v3.rec" &&
	test "$(wc -l <"$SCRATCH/v3.rec")" -eq $(($(wc -l <"$DATA/store-v3.insights") - 1)) &&
	meta-transform "$SCRATCH/v3.rec" >"$SCRATCH/v3.typed" &&
	meta-load -q --db "$SCRATCH/fresh.db" "$SCRATCH/v3.typed" >/dev/null &&
	v3_query "$SCRATCH/fresh.db" store-v3.actions >"$SCRATCH/fresh.actions" &&
	test_cmp "$DATA/store-v3.actions" "$SCRATCH/fresh.actions" &&
	action_rows "$SCRATCH/v3.typed" >"$SCRATCH/want.rows" &&
	test "$(wc -l <"$SCRATCH/want.rows")" -eq $(($(wc -l <"$DATA/store-v3.actions") - 1)) &&
	view_rows "$SCRATCH/fresh.db" >"$SCRATCH/got.rows" &&
	test_cmp "$SCRATCH/want.rows" "$SCRATCH/got.rows" &&
	action_rows "$SCRATCH/transform.out" >"$SCRATCH/want.rows" &&
	test "$(wc -l <"$SCRATCH/want.rows")" -gt 1000 &&
	view_rows "$SCRATCH/pipe.db" >"$SCRATCH/got.rows" &&
	test_cmp "$SCRATCH/want.rows" "$SCRATCH/got.rows"
'

test_done

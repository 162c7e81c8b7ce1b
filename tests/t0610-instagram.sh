#!/bin/bash
# Instagram profile insights end to end against the fake Graph server:
# meta-fetch ig-accounts lists the linked profiles; two profiles over 45
# days equal the fake's truth through the pipeline and through
# meta-backfill --ig-user (Pacific days from end_time, ranges cut at 30
# days, a request a day for total values, follows and unfollows apart,
# days and profiles without data absent, never 0); retired metrics are
# refused before anything is sent; an incremental rerun fetches only the
# look-back.
#
# "Yesterday" for meta-backfill is the real clock's, so the fake runs with
# --today = today (UTC); comparisons use the ranges a run reports, never a
# date written here.
. "$(dirname "$0")/lib.sh"

TOKEN=t0610-instagram-token-8d2e51c3a9
META_ACCESS_TOKEN=$TOKEN
export META_ACCESS_TOKEN
FAKE_TODAY=$(date -u +%F)

start_fake_graph --seed 7 --today "$FAKE_TODAY"
IG_USERS=$(fake GET /__truth/ig | json '" ".join(d["ig_users"])')
set -- $IG_USERS
P1=$1 P2=$2 SMALL=$3
equal "small profile" "$(fake GET "/__truth/ig?ig_user_id=$SMALL" | json 'd["small"]')" True

# 45 days ending the day before yesterday: whatever the clock, Meta has them all.
UNTIL=$(python3 -c 'import datetime as d,sys; print(d.date.fromisoformat(sys.argv[1]) - d.timedelta(days=2))' "$FAKE_TODAY")
SINCE=$(python3 -c 'import datetime as d,sys; print(d.date.fromisoformat(sys.argv[1]) - d.timedelta(days=44))' "$UNTIL")

# check_ig DB USER SINCE UNTIL: the rows of USER's days equal the truth's, metric by
# metric (follower_count, follows and unfollows apart); a day the truth has
# nothing for has no row at all.
check_ig () {
	fake GET "/__truth/ig?ig_user_id=$2&since=$3&until=$4" >"$SCRATCH/truth.$2" &&
	python3 - "$1" "$2" "$3" "$4" "$SCRATCH/truth.$2" <<-'EOF'
	import json, sqlite3, sys
	db, user, since, until, tf = sys.argv[1:]
	truth = json.load(open(tf))["days"]
	want = {(d, m, v) for d, ms in truth.items() for m, v in ms.items()}
	got = set(sqlite3.connect(db).execute(
	    "SELECT date, metric, value FROM ig_insights WHERE ig_user_id = ? AND date BETWEEN ? AND ? "
	    "AND metric != 'followers_count' AND breakdown_key = ''", (user, since, until)))
	if not want:
	    sys.exit(f"{user}: the truth has no day in {since}..{until}")
	for x in sorted(want - got)[:5]:
	    print("missing", x)
	for x in sorted(got - want)[:5]:
	    print("unexpected", x)
	sys.exit(1 if want != got else 0)
	EOF
}

# log_mark: how many requests the fake has logged so far.
log_mark () {
	fake GET /__requests | json 'len(d)'
}

test_expect_success 'ig-accounts lists the Instagram accounts of the token pages' '
	meta-fetch ig-accounts >"$SCRATCH/accounts" &&
	equal ids "$(python3 -c "
import json, sys
print(\" \".join(sorted(json.loads(l)[\"ig_user_id\"] for l in open(sys.argv[1]))))" "$SCRATCH/accounts")" "$IG_USERS" &&
	equal "small followers" "$(grep "\"$SMALL\"" "$SCRATCH/accounts" | json "d[\"followers_count\"]")" \
		"$(fake GET "/__truth/ig?ig_user_id=$SMALL" | json "d[\"followers_count\"]")"
'

test_expect_success 'ig-accounts --raw dumps /me/accounts as it came, and exits 0' '
	meta-fetch --raw ig-accounts >"$SCRATCH/accounts.raw" &&
	equal "raw lines" "$(wc -l <"$SCRATCH/accounts.raw")" 1 &&
	equal "raw ids" "$(json "\" \".join(sorted(p[\"instagram_business_account\"][\"id\"] for p in d[\"data\"] if \"instagram_business_account\" in p))" <"$SCRATCH/accounts.raw")" "$IG_USERS"
'

test_expect_success 'two profiles over 45 days through the pipeline equal the truth' '
	m=$(log_mark) &&
	meta-fetch ig-insights --ig-user "$P1" --ig-user "$P2" --since "$SINCE" --until "$UNTIL" \
		>"$SCRATCH/ig.ndjson" &&
	meta-transform "$SCRATCH/ig.ndjson" >"$SCRATCH/ig.typed" &&
	meta-load --db "$SCRATCH/pipe.db" "$SCRATCH/ig.typed" >/dev/null &&
	check_ig "$SCRATCH/pipe.db" "$P1" "$SINCE" "$UNTIL" &&
	check_ig "$SCRATCH/pipe.db" "$P2" "$SINCE" "$UNTIL" &&
	fake GET /__requests >"$SCRATCH/log.pipe" && echo "$m" >"$SCRATCH/mark.pipe"
'

test_expect_success 'ranges are cut at 30 days; total values take a request a day' '
	python3 - "$SCRATCH/log.pipe" "$(cat "$SCRATCH/mark.pipe")" "$P1" "$P2" <<-\EOF
	import json, sys
	log, mark, users = json.load(open(sys.argv[1])), int(sys.argv[2]), sys.argv[3:]
	ins = [r for r in log[mark:] if r["path"].endswith("/insights")]
	assert all(r["status"] == 200 for r in log[mark:]), "an error answer"
	for u in users:
	    mine = [r["query"] for r in ins if r["path"].split("/")[-2] == u]
	    ts = [q for q in mine if q["metric_type"] == "time_series"]
	    spans = sorted(int(q["until"]) - int(q["since"]) for q in ts)
	    assert spans == [15 * 86400, 30 * 86400], (u, spans)
	    tv = [q for q in mine if q["metric_type"] == "total_value"]
	    assert all(int(q["until"]) - int(q["since"]) == 86400 for q in tv), u
	    fu = [q for q in tv if q.get("breakdown") == "follow_type"]
	    assert len(fu) == 45 and len(tv) == 90, (u, len(fu), len(tv))
	    assert all(q["metric"] == "follows_and_unfollows" for q in fu)
	    # since is a Pacific-standard midnight: 08:00 UTC
	    assert all(int(q["since"]) % 86400 == 8 * 3600 for q in mine), u
	    asked = {m for q in mine for m in q["metric"].split(",")}
	    assert not asked & {"impressions", "profile_views", "website_clicks"}, asked
	# batched: most items came inside batches, each of at most 50
	assert sum(1 for r in ins if r.get("batch")) >= len(ins) - 2
	EOF
'

test_expect_success 'the day is the Pacific day that ends at end_time' '
	d=$(python3 -c "import datetime as d,sys; print(d.date.fromisoformat(sys.argv[1]) + d.timedelta(days=3))" "$SINCE") &&
	meta-fetch --raw ig-insights --ig-user "$P1" --since "$d" --until "$d" --metric reach >"$SCRATCH/raw" &&
	end=$(python3 -c "
import json, sys
for l in open(sys.argv[1]):
    b = json.loads(l)
    for e in (b if isinstance(b, list) else [b]):
        e = json.loads(e[\"body\"]) if \"body\" in e else e
        for m in e.get(\"data\", []):
            for v in m.get(\"values\", []):
                print(v[\"end_time\"])" "$SCRATCH/raw") &&
	next=$(python3 -c "import datetime as d,sys; print(d.date.fromisoformat(sys.argv[1]) + d.timedelta(days=1))" "$d") &&
	case $end in "${next}T07:00:00+0000"|"${next}T08:00:00+0000") ;; *) echo "end_time $end"; false;; esac &&
	equal "stored day" "$(sql "$SCRATCH/pipe.db" "SELECT value FROM ig_insights WHERE ig_user_id = $Q$P1$Q AND metric = ${Q}reach$Q AND date = $Q$d$Q")" \
		"$(fake GET "/__truth/ig?ig_user_id=$P1&since=$d&until=$d" | json "d[\"days\"][\"$d\"][\"reach\"]")"
'

test_expect_success 'follows and unfollows are separate rows, a zero unfollow day included' '
	for u in "$P1" "$P2"; do
		t=$(fake GET "/__truth/ig?ig_user_id=$u&since=$SINCE&until=$UNTIL") &&
		equal "$u follows" "$(sql "$SCRATCH/pipe.db" "SELECT count(*) FROM ig_insights WHERE ig_user_id = $Q$u$Q AND metric = ${Q}follows$Q")" \
			"$(echo "$t" | json "len(d[\"days\"])")" &&
		equal "$u unfollows" "$(sql "$SCRATCH/pipe.db" "SELECT count(*) FROM ig_insights WHERE ig_user_id = $Q$u$Q AND metric = ${Q}unfollows$Q")" \
			"$(echo "$t" | json "len(d[\"days\"])")" || return 1
	done &&
	equal "zero unfollow days" "$(sql "$SCRATCH/pipe.db" "SELECT count(*) > 0 FROM ig_insights WHERE metric = ${Q}unfollows$Q AND value = 0")" 1 &&
	equal "no follows_and_unfollows rows" "$(sql "$SCRATCH/pipe.db" "SELECT count(*) FROM ig_insights WHERE metric = ${Q}follows_and_unfollows$Q")" 0
'

test_expect_success 'an empty answer is stored as absent, never 0' '
	meta-fetch --raw ig-insights --ig-user "$SMALL" --since "$SINCE" --until "$UNTIL" >"$SCRATCH/small.raw" &&
	python3 -c "
import json, sys
n = 0
for l in open(sys.argv[1]):
    b = json.loads(l)
    for e in (b if isinstance(b, list) else [b]):
        e = json.loads(e[\"body\"]) if \"body\" in e else e
        if \"data\" in e and \"followers_count\" not in e:
            assert e[\"data\"] == [], e
            n += 1
assert n >= 90, n" "$SCRATCH/small.raw" &&
	meta-fetch ig-insights --ig-user "$SMALL" --since "$SINCE" --until "$UNTIL" |
		meta-transform | meta-load --db "$SCRATCH/pipe.db" >/dev/null &&
	equal "small rows" "$(sql "$SCRATCH/pipe.db" "SELECT group_concat(metric) FROM ig_insights WHERE ig_user_id = $Q$SMALL$Q")" followers_count &&
	gaps=$(fake GET "/__truth/ig?ig_user_id=$P1&since=$SINCE&until=$UNTIL" | json "45 - len(d[\"days\"])") &&
	test "$gaps" -gt 0 &&
	equal "days without data" "$(sql "$SCRATCH/pipe.db" "SELECT 45 - count(DISTINCT date) FROM ig_insights WHERE ig_user_id = $Q$P1$Q AND date BETWEEN $Q$SINCE$Q AND $Q$UNTIL$Q")" "$gaps"
'

test_expect_success 'the followers_count snapshot of the IG user node' '
	equal snapshot "$(sql "$SCRATCH/pipe.db" "SELECT value FROM ig_insights WHERE ig_user_id = $Q$P1$Q AND metric = ${Q}followers_count$Q")" \
		"$(fake GET "/__truth/ig?ig_user_id=$P1" | json "d[\"followers_count\"]")" &&
	equal "snapshot username" "$(sql "$SCRATCH/pipe.db" "SELECT json_extract(extra, ${Q}\$.username$Q) FROM ig_insights WHERE ig_user_id = $Q$P1$Q AND metric = ${Q}followers_count$Q")" \
		"$(fake GET "/__truth/ig?ig_user_id=$P1" | json "d[\"username\"]")"
'

test_expect_success 'retired metrics are refused before anything is sent' '
	m=$(log_mark) &&
	for metric in impressions profile_views website_clicks; do
		expect_status 64 meta-fetch ig-insights --ig-user "$P1" --metric "$metric" \
			>/dev/null 2>"$SCRATCH/err" &&
		grep -q "retired" "$SCRATCH/err" || return 1
	done &&
	expect_status 64 meta-fetch ig-insights --ig-user "$P1" --metric reach,bogus 2>"$SCRATCH/err" >/dev/null &&
	grep -q "not an Instagram profile metric" "$SCRATCH/err" &&
	equal "requests sent" "$(log_mark)" "$m"
'

test_expect_success 'the fake refuses what Meta refuses: over 30 days, a retired metric' '
	s=$(date +%s) &&
	curl -s -H "Authorization: Bearer $TOKEN" "$FAKE_URL/v25.0/$P1/insights?metric=reach&period=day&since=$((s - 31 * 86400))&until=$s" |
		json "d[\"error\"][\"code\"], d[\"error\"][\"message\"]" >"$SCRATCH/e31" &&
	grep -q "100.*30 days" "$SCRATCH/e31" &&
	curl -s -H "Authorization: Bearer $TOKEN" "$FAKE_URL/v25.0/$P1/insights?metric=impressions&period=day" |
		json "d[\"error\"][\"code\"]" >"$SCRATCH/eimp" &&
	equal "impressions error" "$(cat "$SCRATCH/eimp")" 100
'

test_expect_success 'usage errors' '
	expect_status 64 meta-fetch ig-insights 2>/dev/null &&
	expect_status 64 meta-fetch ig-insights --ig-user 12ab 2>/dev/null &&
	expect_status 64 meta-fetch ig-insights --ig-user "$P1" --since "$SINCE" 2>/dev/null &&
	expect_status 64 meta-fetch insights -a act_1 --ig-user "$P1" 2>/dev/null &&
	expect_status 64 meta-fetch ig-insights -a act_1 --ig-user "$P1" 2>/dev/null &&
	expect_status 64 meta-fetch ig-insights --level ad --ig-user "$P1" 2>/dev/null &&
	expect_status 64 meta-fetch ig-accounts --ig-user "$P1" 2>/dev/null &&
	printf "# clients\n%s\n\n%s\n" "$P1" "x1" >"$SCRATCH/bad-users" &&
	expect_status 64 meta-fetch ig-insights --ig-users-file "$SCRATCH/bad-users" 2>"$SCRATCH/err" &&
	grep -q "line 4" "$SCRATCH/err" &&
	expect_status 64 meta-backfill --db "$SCRATCH/x.db" --ig-user 12ab 2>/dev/null
'

test_expect_success 'meta-backfill --ig-user keeps two profiles in sync with the truth' '
	printf "%s\n%s\n" "$P1" "$P2" >"$SCRATCH/users" &&
	meta-backfill -q --db "$SCRATCH/bf.db" --ig-users-file "$SCRATCH/users" --days 45 \
		--report "$SCRATCH/r1.json" &&
	for u in "$P1" "$P2"; do
		s=$(json "[p for p in d[\"profiles\"] if p[\"ig_user_id\"] == \"$u\"][0][\"range\"][\"since\"]" <"$SCRATCH/r1.json") &&
		t=$(json "[p for p in d[\"profiles\"] if p[\"ig_user_id\"] == \"$u\"][0][\"range\"][\"until\"]" <"$SCRATCH/r1.json") &&
		equal "$u days" "$(json "[p for p in d[\"profiles\"] if p[\"ig_user_id\"] == \"$u\"][0][\"days_fetched\"]" <"$SCRATCH/r1.json")" 45 &&
		check_ig "$SCRATCH/bf.db" "$u" "$s" "$t" &&
		equal "$u marked" "$(sql "$SCRATCH/bf.db" "SELECT count(*) FROM backfill_days WHERE account_id = $Q$u$Q AND level = ${Q}ig$Q")" 45 || return 1
	done &&
	equal accounts "$(json "len(d[\"accounts\"])" <"$SCRATCH/r1.json")" 0
'

test_expect_success 'an incremental rerun fetches only the look-back' '
	sql "$SCRATCH/bf.db" "SELECT ig_user_id, date, metric, value FROM ig_insights WHERE metric != ${Q}followers_count$Q ORDER BY 1, 2, 3" >"$SCRATCH/before" &&
	m=$(log_mark) &&
	meta-backfill -q --db "$SCRATCH/bf.db" --ig-user "$P1" --ig-user "$P2" --days 45 --lookback 3 \
		--report "$SCRATCH/r2.json" &&
	fake GET /__requests >"$SCRATCH/log.rerun" &&
	python3 - "$SCRATCH/r1.json" "$SCRATCH/r2.json" "$SCRATCH/log.rerun" "$m" <<-\EOF &&
	import datetime as dt, json, sys
	r1, r2 = (json.load(open(f)) for f in sys.argv[1:3])
	log, mark = json.load(open(sys.argv[3])), int(sys.argv[4])
	for p2 in r2["profiles"]:
	    p1 = [p for p in r1["profiles"] if p["ig_user_id"] == p2["ig_user_id"]][0]
	    last = dt.date.fromisoformat(p1["range"]["until"])
	    until = dt.date.fromisoformat(p2["range"]["until"])
	    want = (until - (last - dt.timedelta(days=3))).days
	    assert p2["days_fetched"] == want, (p2["days_fetched"], want)
	    # the earliest day asked for is the first of the look-back (Pacific-standard midnight)
	    first = min(int(r["query"]["since"]) for r in log[mark:] if r["path"].endswith(
	        p2["ig_user_id"] + "/insights"))
	    day = dt.date(1970, 1, 1) + dt.timedelta(seconds=first + 8 * 3600)
	    assert day == last - dt.timedelta(days=2), (day, last)
	EOF
	sql "$SCRATCH/bf.db" "SELECT ig_user_id, date, metric, value FROM ig_insights WHERE metric != ${Q}followers_count$Q ORDER BY 1, 2, 3" >"$SCRATCH/after" &&
	test_cmp "$SCRATCH/before" "$SCRATCH/after"
'

test_expect_success 'a SIGKILLed profile run resumes with the days it had not written' '
	fake POST /__control "{\"latency_ms\":1500}" >/dev/null &&
	{ meta-backfill -q --db "$SCRATCH/kill.db" --ig-user "$P1" --days 45 2>/dev/null & pid=$!; } &&
	i=0 &&
	while [ "$(sql "$SCRATCH/kill.db" "SELECT count(*) FROM backfill_days" 2>/dev/null || echo 0)" -lt 30 ]; do
		i=$((i + 1)) && test "$i" -lt 200 && sleep 0.05 || break
	done &&
	kill -KILL "$pid" && { wait "$pid" || true; } &&
	fake POST /__control "{\"latency_ms\":0}" >/dev/null &&
	equal "marked when killed" "$(sql "$SCRATCH/kill.db" "SELECT count(*) FROM backfill_days")" 30 &&
	equal "rows of unmarked days" "$(sql "$SCRATCH/kill.db" "SELECT count(*) FROM ig_insights WHERE date NOT IN (SELECT date FROM backfill_days)")" 0 &&
	meta-backfill -q --db "$SCRATCH/kill.db" --ig-user "$P1" --days 45 --report "$SCRATCH/rk.json" &&
	equal "days fetched on resume" "$(json "d[\"profiles\"][0][\"days_fetched\"]" <"$SCRATCH/rk.json")" 15 &&
	check_ig "$SCRATCH/kill.db" "$P1" "$(json "d[\"profiles\"][0][\"range\"][\"since\"]" <"$SCRATCH/rk.json")" \
		"$(json "d[\"profiles\"][0][\"range\"][\"until\"]" <"$SCRATCH/rk.json")"
'

test_expect_success 'a profile is locked like an account' '
	exec 9>"$SCRATCH/bf.db.ig_$P1.lock" && flock -n 9 &&
	expect_status 75 meta-backfill -q --db "$SCRATCH/bf.db" --ig-user "$P1" --days 3 2>"$SCRATCH/err" &&
	grep -q "another meta-backfill" "$SCRATCH/err" &&
	exec 9>&-
'

test_done

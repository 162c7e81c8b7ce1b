#!/bin/bash
# meta-report on a database filled by meta-backfill from the fake Graph
# server: the totals per currency and their change against the previous
# period equal what SQL over the same views gives; the top lists, campaigns
# with spend and no conversions, active campaigns without delivery, the
# last syncs, Instagram followers and the ad/account reconciliation each
# equal their SQL; two currencies never mixed; exit 65 on an empty period,
# 64 on bad usage; a page is written whole or not at all.
#
# Every expected number is computed here with SQL (python3's sqlite3) over
# the database meta-report reads, never copied into this file.
. "$(dirname "$0")/lib.sh"

META_ACCESS_TOKEN=t0700-report-token-3b9f
export META_ACCESS_TOKEN
MAP=$TOP/scripts/maps/agency.json
DB=$SCRATCH/meta.db
# Two accounts: USD and EUR (the fake cycles currencies over accounts).
# One idle campaign each, left ACTIVE: on, approved, never delivered.
start_fake_graph --seed 7 --accounts 2 --campaigns 4 --adsets 2 --ads 2 --idle-campaigns 1 \
	--idle-status ACTIVE
ACCOUNTS=$(fake GET /__truth/accounts | json '" ".join(d["accounts"])')
A1=${ACCOUNTS%% *}
SINCE=2026-10-24
UNTIL=2026-11-22
PERIOD="--since $SINCE --until $UNTIL --today 2026-11-23"

# check WHAT [REPORT-JSON]: python3 checks of $SCRATCH/r.json against SQL over $DB.
check () {
	python3 - "$DB" "${2:-$SCRATCH/r.json}" "$1" <<'EOF'
import json, math, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
r = json.load(open(sys.argv[2]))
what = sys.argv[3]
since, until = r["period"]["since"], r["period"]["until"]
psince, puntil = r["previous"]["since"], r["previous"]["until"]
q = lambda sql, *a: db.execute(sql, a).fetchall()

def close(what, got, want):
    if got is None or want is None:
        assert got is None and want is None, f"{what}: got {got}, want {want}"
    else:
        assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9), f"{what}: got {got}, want {want}"

def currency_of(acc):
    return q("SELECT currency FROM accounts WHERE account_id = ?", acc)[0][0]

mapped = [n for n, k in q("SELECT name, kind FROM metric_defs ORDER BY position") if k == "sum"]
if what == "totals":
    cur = {c["currency"]: c for c in r["currencies"]}
    want_cur = {c for (c,) in q("SELECT DISTINCT a.currency FROM account_daily d JOIN accounts a "
                                "USING (account_id) WHERE d.date BETWEEN ? AND ?", since, until)}
    assert set(cur) == want_cur and len(want_cur) == 2, (set(cur), want_cur)
    for code, c in cur.items():
        accs = sorted(a for (a,) in q("SELECT account_id FROM accounts WHERE currency = ?", code))
        assert sorted(c["accounts"]) == accs, (c["accounts"], accs)
        t = {x["metric"]: x for x in c["totals"]}
        def sums(s, u):
            cols = ["spend", "impressions", "clicks"] + mapped
            row = q("SELECT " + ", ".join(f"SUM(d.{m})" for m in cols) + " FROM account_daily d JOIN "
                    "accounts a USING (account_id) WHERE a.currency = ? AND d.date BETWEEN ? AND ?",
                    code, s, u)[0]
            return dict(zip(cols, row))
        now, prev = sums(since, until), sums(psince, puntil)
        assert now["spend"] > 0 and prev["spend"] > 0
        for m in now:
            close(f"{code} {m}", t[m]["value"], now[m])
            close(f"{code} {m} previous", t[m]["previous"], prev[m])
            close(f"{code} {m} change", t[m]["change_pct"],
                  100 * (now[m] - prev[m]) / prev[m] if prev[m] else None)
        ratio = lambda d, a, b, k=1: k * d[a] / d[b] if d[b] else None
        for name, a, b, k in (("ctr", "clicks", "impressions", 100), ("cpc", "spend", "clicks", 1),
                              ("cpm", "spend", "impressions", 1000), ("roas", "revenue", "spend", 1)):
            close(f"{code} {name}", t[name]["value"], ratio(now, a, b, k))
            close(f"{code} {name} previous", t[name]["previous"], ratio(prev, a, b, k))
        days = {d["date"]: d for d in c["daily"]}
        assert len(days) == r["period"]["days"]
        for date, spend, rev in q("SELECT d.date, SUM(d.spend), SUM(d.revenue) FROM account_daily d "
                                  "JOIN accounts a USING (account_id) WHERE a.currency = ? AND "
                                  "d.date BETWEEN ? AND ? GROUP BY d.date", code, since, until):
            close(f"{code} {date} spend", days[date]["spend"], spend)
            close(f"{code} {date} revenue", days[date]["revenue"], rev)
elif what == "top":
    for c in r["currencies"]:
        rows = q("SELECT d.campaign_id, SUM(d.spend), SUM(d.revenue) FROM campaign_daily d JOIN accounts a "
                 "USING (account_id) WHERE a.currency = ? AND d.date BETWEEN ? AND ? GROUP BY "
                 "d.campaign_id HAVING SUM(d.spend) > 0", c["currency"], since, until)
        by_spend = [x[0] for x in sorted(rows, key=lambda x: (-x[1], x[0]))][:5]
        by_roas = [x[0] for x in sorted(rows, key=lambda x: (-x[2] / x[1], -x[1], x[0]))][:5]
        assert [k["campaign_id"] for k in c["top_by_spend"]] == by_spend, (c["top_by_spend"], by_spend)
        assert [k["campaign_id"] for k in c["top_by_roas"]] == by_roas, (c["top_by_roas"], by_roas)
        assert all(k["currency"] == c["currency"] for k in c["top_by_spend"])
elif what == "nodelivery":
    want = sorted(i for (i,) in q("SELECT d.campaign_id FROM campaign_daily d JOIN campaigns c ON "
                                  "c.id = d.campaign_id WHERE c.effective_status = 'ACTIVE' AND d.date "
                                  "BETWEEN ? AND ? GROUP BY d.campaign_id HAVING SUM(d.spend) = 0 AND "
                                  "SUM(d.impressions) = 0", since, until))
    idle = q("SELECT id FROM campaigns WHERE id NOT IN (SELECT campaign_id FROM insights "
            "WHERE campaign_id IS NOT NULL) AND effective_status = 'ACTIVE'")
    assert len(idle) == 2 and all((i,) in [(w,) for w in want] for (i,) in idle), (idle, want)
    got = sorted(k["campaign_id"] for k in r["no_delivery"])
    assert got == want, (got, want)
    assert all(k["spend"] == 0 and k["status"] == "ACTIVE" for k in r["no_delivery"])
elif what == "noconv":
    want = sorted(i for (i,) in q("SELECT campaign_id FROM campaign_daily WHERE date BETWEEN ? AND ? "
                                  "GROUP BY campaign_id HAVING SUM(spend) > 0 AND SUM(purchases) = 0",
                                  since, until))
    assert want, "the seed and period no longer give a campaign with spend and no purchases"
    assert sorted(k["campaign_id"] for k in r["no_conversions"]) == want, (r["no_conversions"], want)
    assert r["conversions"] == ["purchases"]
elif what == "one-account":
    acc = r["sync"][0]["account_id"]
    assert [s["account_id"] for s in r["sync"]] == [acc]
    assert [c["currency"] for c in r["currencies"]] == [currency_of(acc)]
    (spend,) = q("SELECT SUM(spend) FROM account_daily WHERE account_id = ? AND date BETWEEN ? AND ?",
                 acc, since, until)[0]
    close("spend", r["currencies"][0]["totals"][0]["value"], spend)
elif what.startswith("sync"):
    stale = what == "sync-stale"
    for s in r["sync"]:
        last, until_ = q("SELECT MAX(completed_at), MAX(until) FROM backfill_runs WHERE account_id = ?",
                         "act_" + s["account_id"])[0]
        (data,) = q("SELECT MAX(date_start) FROM insights WHERE account_id = ?", s["account_id"])[0]
        assert (s["last_sync"], s["synced_until"], s["data_until"]) == (last, until_, data), s
        assert s["stale"] is stale, s
    assert len(r["sync"]) == 2
elif what == "recon-none":
    assert r["reconciliation"] == [], r["reconciliation"]
elif what == "recon":
    want = q("SELECT a.account_id, a.date_start FROM insights a WHERE a.level = 'account' AND "
             "a.breakdown_key = '' AND a.date_start BETWEEN ? AND ? AND a.spend <> (SELECT "
             "ROUND(SUM(spend), 2) FROM insights s WHERE s.level = 'ad' AND s.breakdown_key = '' AND "
             "s.account_id = a.account_id AND s.date_start = a.date_start)", since, until)
    assert len(want) == 1, want
    got = [(x["account_id"], x["date"]) for x in r["reconciliation"]]
    assert got == [tuple(w) for w in want], (got, want)
elif what == "ig":
    ig = {p["ig_user_id"]: p for p in r["instagram"]}
    want = q("SELECT ig_user_id, SUM(CASE WHEN metric = 'follower_count' THEN value END), "
             "SUM(CASE WHEN metric = 'unfollows' THEN value END) FROM ig_insights WHERE date BETWEEN ? "
             "AND ? GROUP BY ig_user_id", since, until)
    assert len(want) == 2 and set(ig) == {w[0] for w in want}, (ig, want)
    for i, new, unf in want:
        close("new followers", ig[i]["new_followers"], new)
        close("unfollows", ig[i]["unfollows"], unf)
        (first,) = q("SELECT value FROM ig_insights WHERE ig_user_id = ? AND metric = 'followers_count' "
                     "AND date BETWEEN ? AND ? ORDER BY date LIMIT 1", i, since, until)[0]
        (last,) = q("SELECT value FROM ig_insights WHERE ig_user_id = ? AND metric = 'followers_count' "
                    "AND date BETWEEN ? AND ? ORDER BY date DESC LIMIT 1", i, since, until)[0]
        close("first", ig[i]["followers_first"], first)
        close("last", ig[i]["followers_last"], last)
        runs = q("SELECT MAX(completed_at), MAX(until) FROM backfill_runs WHERE level = 'ig' AND "
                 "account_id = ?", i)[0]
        assert (ig[i]["last_sync"], ig[i]["synced_until"]) == runs, (ig[i], runs)
    assert any(p["last_sync"] for p in ig.values())
    accs = {a for (a,) in q("SELECT account_id FROM accounts")}
    assert {s["account_id"] for s in r["sync"]} == accs, "a profile's run is not an ad account's sync"
else:
    sys.exit(f"unknown check {what}")
EOF
}

test_expect_success 'meta-backfill fills the database from the fake (ad and account levels)' '
	set -- &&
	for a in $ACCOUNTS; do set -- "$@" -a "$a"; done &&
	meta-backfill -q "$@" --db "$DB" --since 2026-09-01 --until $UNTIL --level ad,account \
		--map "$MAP" &&
	test "$(sqlite3 "$DB" "SELECT COUNT(DISTINCT currency) FROM accounts")" = 2
'

test_expect_success 'totals per currency and the change against the previous period equal SQL' '
	meta-report --db "$DB" $PERIOD --json >"$SCRATCH/r.json" &&
	check totals
'

test_expect_success 'top campaigns by spend and by roas, per currency, equal SQL' '
	check top
'

test_expect_success 'the idle active campaigns are listed as without delivery' '
	check nodelivery
'

test_expect_success 'campaigns with spend and no conversions (--conversions purchases) equal SQL' '
	meta-report --db "$DB" $PERIOD --conversions purchases --json >"$SCRATCH/conv.json" &&
	check noconv "$SCRATCH/conv.json"
'

test_expect_success '-a reports one account, in its own currency' '
	meta-report --db "$DB" $PERIOD -a "$A1" --json >"$SCRATCH/one.json" &&
	check one-account "$SCRATCH/one.json"
'

test_expect_success 'last sync per account; data up to yesterday is not stale, and is later' '
	check sync-fresh &&
	meta-report --db "$DB" --since $SINCE --until $UNTIL --today 2026-12-31 --json >"$SCRATCH/late.json" &&
	check sync-stale "$SCRATCH/late.json"
'

test_expect_success 'reconciliation: none when ad rows add up, the day of a lost ad row otherwise' '
	check recon-none &&
	cp "$DB" "$SCRATCH/lost.db" &&
	sqlite3 "$SCRATCH/lost.db" "DELETE FROM insights WHERE rowid = (SELECT rowid FROM insights
		WHERE level = ${Q}ad${Q} AND spend > 0 AND date_start = ${Q}2026-11-02${Q} LIMIT 1)" &&
	meta-report --db "$SCRATCH/lost.db" $PERIOD --json >"$SCRATCH/lost.json" &&
	DB=$SCRATCH/lost.db check recon "$SCRATCH/lost.json"
'

test_expect_success 'Instagram followers per profile equal SQL over ig_insights' '
	cp "$DB" "$SCRATCH/ig.db" &&
	python3 -c "
import sqlite3, sys, random
db = sqlite3.connect(sys.argv[1]); rnd = random.Random(7)
for p in (\"17841400000000001\", \"17841400000000002\"):
    n = 1000 + rnd.randrange(5000)
    for d in range(1, 30):
        date = \"2026-11-%02d\" % d
        new, unf = rnd.randrange(40), rnd.randrange(10)
        n += new - unf
        for m, v in ((\"follower_count\", new), (\"unfollows\", unf), (\"follows\", new), (\"followers_count\", n)):
            db.execute(\"INSERT INTO ig_insights (ig_user_id, date, metric, breakdown_key, value, period, synced_at)\"
                       \" VALUES (?, ?, ?, ?, ?, ?, ?)\", (p, date, m, \"\", v, \"day\", \"x\"))
db.execute(\"INSERT INTO backfill_runs VALUES (?, ?, ?, ?, ?)\",
           (\"17841400000000001\", \"ig\", \"\", \"2026-11-22\", \"2026-11-23T04:15:00Z\"))
db.commit()" "$SCRATCH/ig.db" &&
	meta-report --db "$SCRATCH/ig.db" $PERIOD --json >"$SCRATCH/ig.json" &&
	DB=$SCRATCH/ig.db check ig "$SCRATCH/ig.json" &&
	meta-report --db "$SCRATCH/ig.db" $PERIOD >"$SCRATCH/ig.txt" &&
	grep -q "^Instagram followers" "$SCRATCH/ig.txt" &&
	! grep -q "^Instagram followers" "$SCRATCH/r.txt" 2>/dev/null
'

test_expect_success 'the table: both currencies apart, no colour when not a terminal, COLUMNS width' '
	COLUMNS=100 meta-report --db "$DB" $PERIOD >"$SCRATCH/r.txt" &&
	grep -q "^Totals in USD" "$SCRATCH/r.txt" &&
	grep -q "^Totals in EUR" "$SCRATCH/r.txt" &&
	! grep -q "$(printf "\033")" "$SCRATCH/r.txt" &&
	! grep -q "^Instagram followers" "$SCRATCH/r.txt" &&
	python3 -c "
import sys
w = max(len(l.rstrip(\"\n\")) for l in open(sys.argv[1], encoding=\"utf-8\"))
assert w <= 100, w" "$SCRATCH/r.txt" &&
	spend=$(sqlite3 "$DB" "SELECT printf(${Q}%.2f${Q}, SUM(d.spend)) FROM account_daily d JOIN accounts a
		USING (account_id) WHERE a.currency = ${Q}USD${Q} AND d.date BETWEEN ${Q}$SINCE${Q} AND ${Q}$UNTIL${Q}") &&
	sed -n "/^Totals in USD/,/^Top/p" "$SCRATCH/r.txt" | grep "^  spend " | tr -d , | grep -q " $spend "
'

test_expect_success 'other levels: campaign rows only, account rows only: totals and tops equal SQL' '
	A2=${ACCOUNTS##* } &&
	DB=$SCRATCH/levels.db &&
	meta-backfill -q -a "$A1" --db "$DB" --since 2026-09-01 --until $UNTIL --level campaign --map "$MAP" &&
	meta-backfill -q -a "$A2" --db "$DB" --since 2026-09-01 --until $UNTIL --level account --map "$MAP" &&
	meta-report --db "$DB" $PERIOD --json >"$SCRATCH/levels.json" &&
	check totals "$SCRATCH/levels.json" &&
	check top "$SCRATCH/levels.json" &&
	python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
c = {x[\"currency\"]: x for x in r[\"currencies\"]}
assert c[\"USD\"][\"top_by_spend\"] and not c[\"EUR\"][\"top_by_spend\"], c" "$SCRATCH/levels.json"
'

test_expect_success 'on a terminal (script(1)): colour unless NO_COLOR, names cut to the window' '
	if ! command -v script >/dev/null; then
		echo "no script(1) here: the terminal case is not run"
	else
		script -qec "stty cols 70; meta-report --db \"$DB\" $PERIOD" /dev/null >"$SCRATCH/tty.out" &&
		grep -q "$(printf "\033")\[1m" "$SCRATCH/tty.out" &&
		NO_COLOR=1 script -qec "stty cols 70; meta-report --db \"$DB\" $PERIOD" /dev/null >"$SCRATCH/tty.plain" &&
		! grep -q "$(printf "\033")" "$SCRATCH/tty.plain" &&
		tr -d "\r" <"$SCRATCH/tty.plain" | grep "^  Campaign" >"$SCRATCH/rows" &&
		grep -q "…" "$SCRATCH/rows" &&
		python3 -c "
import sys
w = max(len(l.rstrip(\"\n\")) for l in open(sys.argv[1], encoding=\"utf-8\"))
assert w <= 70, w" "$SCRATCH/rows"
	fi
'

test_expect_success 'an empty period exits 65 and writes no page' '
	expect_status 65 meta-report --db "$DB" --since 2020-01-01 --until 2020-01-31 --html "$SCRATCH/none.html" &&
	test ! -e "$SCRATCH/none.html" &&
	expect_status 65 meta-report --db "$DB" $PERIOD -a act_999 --json >"$SCRATCH/out" &&
	test ! -s "$SCRATCH/out"
'

test_expect_success 'a page is replaced whole or not at all' '
	mkdir "$SCRATCH/www" &&
	meta-report --db "$DB" $PERIOD --html "$SCRATCH/www/index.html" >"$SCRATCH/out" &&
	test ! -s "$SCRATCH/out" &&
	tail -n 1 "$SCRATCH/www/index.html" | grep -q "^</html>$" &&
	cp "$SCRATCH/www/index.html" "$SCRATCH/good.html" &&
	expect_status 65 meta-report --db "$DB" --since 2020-01-01 --until 2020-01-31 \
		--html "$SCRATCH/www/index.html" &&
	test_cmp "$SCRATCH/good.html" "$SCRATCH/www/index.html" &&
	expect_status 1 meta-report --db "$DB" $PERIOD --html "$SCRATCH/nodir/index.html" &&
	test ! -e "$SCRATCH/nodir" &&
	test "$(ls -A "$SCRATCH/www")" = index.html
'

test_expect_success 'a write that fails (a full disk) leaves the old page and no temporary file' '
	if ! command -v unshare >/dev/null || ! unshare -m true 2>/dev/null; then
		echo "no mount namespace here: the full-disk case is not run"
	else
		unshare -m sh -c "mount -t tmpfs -o size=8k tmpfs \"$SCRATCH/www\" &&
			head -c 4096 \"$SCRATCH/good.html\" >\"$SCRATCH/www/index.html\"
			cp \"$SCRATCH/www/index.html\" \"$SCRATCH/before.html\"
			meta-report --db \"$DB\" $PERIOD --html \"$SCRATCH/www/index.html\"; echo \$? >\"$SCRATCH/rc\"
			cmp \"$SCRATCH/before.html\" \"$SCRATCH/www/index.html\" && ls -A \"$SCRATCH/www\" >\"$SCRATCH/ls\"" &&
		test "$(cat "$SCRATCH/rc")" = 1 &&
		test "$(cat "$SCRATCH/ls")" = index.html
	fi
'

test_expect_success 'bad usage exits 64; a missing database, a full standard output 1' '
	expect_status 64 meta-report $PERIOD &&
	expect_status 64 meta-report --db "$DB" --since $SINCE &&
	expect_status 64 meta-report --db "$DB" --since 2026-13-01 --until $UNTIL &&
	expect_status 64 meta-report --db "$DB" --since $UNTIL --until $SINCE &&
	expect_status 64 meta-report --db "$DB" --days 0 &&
	expect_status 64 meta-report --db "$DB" --days 7 --since $SINCE --until $UNTIL &&
	expect_status 64 meta-report --db "$DB" -a nope &&
	expect_status 64 meta-report --db "$DB" $PERIOD --conversions nosuchmetric &&
	expect_status 1 meta-report --db "$SCRATCH/missing.db" $PERIOD &&
	expect_status 1 meta-report --db "$DB" $PERIOD >/dev/full 2>"$SCRATCH/err" &&
	grep -q "cannot write output" "$SCRATCH/err" &&
	test ! -e "$SCRATCH/missing.db"
'

test_done

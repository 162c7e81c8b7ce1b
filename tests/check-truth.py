#!/usr/bin/env python3
"""check-truth.py URL DB SINCE UNTIL [entities] [marked] [LEVEL...] ACCOUNT...

The database DB equals the fake Graph server's truth (at URL): for every
account (act_...), the ids of its campaigns, ad sets and ads (archived
included) when "entities" is given, and at each LEVEL the insights' rows,
spend, impressions, clicks and link_click actions over SINCE..UNTIL; and no
insights key nor action key is there twice.  With "marked", only the days
of SINCE..UNTIL that meta-backfill marked fetched (table backfill_days, at
that LEVEL) are compared, run of days by run of days, and the days not
marked must hold no insights row at all (meta-backfill writes a chunk's
rows with its marks).  Prints each difference on stderr; exits 1 when
there is one.
"""
import datetime as dt, json, sqlite3, sys, urllib.request
url, db, since, until = sys.argv[1:5]
what = [w for w in sys.argv[5:] if not w.startswith("act_") and w != "marked"]
marked = "marked" in sys.argv[5:]
accounts = [a for a in sys.argv[5:] if a.startswith("act_")]
con = sqlite3.connect(db)
bad = 0

def truth(path):
    with urllib.request.urlopen(url + path) as r:
        return json.load(r)

def same(what, got, want):
    global bad
    if got != want:
        print(f"{what}: got {got!r}, want {want!r}", file=sys.stderr)
        bad += 1

for a in accounts:
    n = a[4:]
    for w in what:
        if w == "entities":
            for kind in ("campaigns", "adsets", "ads"):
                want = truth(f"/__truth/entities?account_id={a}&kind={kind}&include_archived=1")["ids"]
                got = [r[0] for r in con.execute(f"SELECT id FROM {kind} WHERE account_id = ?", (n,))]
                same(f"{a} {kind}", sorted(map(str, got)), sorted(want))
            continue
        if not marked:
            t = truth(f"/__truth/insights?account_id={a}&level={w}&since={since}&until={until}&time_increment=1")
            got = con.execute("SELECT count(*), printf('%.2f', sum(spend)), sum(impressions), sum(clicks), "
                              "(SELECT CAST(sum(value) AS INTEGER) FROM insight_actions WHERE level = ?1 "
                              "AND account_id = ?2 AND field = 'actions' AND action_type = 'link_click') "
                              "FROM insights WHERE level = ?1 AND account_id = ?2", (w, n)).fetchone()
            same(f"{a} {w} rows, spend, impressions, clicks, link_click", list(got),
                 [t["rows"], t["spend"], t["impressions"], t["clicks"], t["actions"].get("link_click", 0)])
            continue
        runs = []
        for (d,) in con.execute("SELECT date FROM backfill_days WHERE account_id = ? AND level = ? "
                                "AND date BETWEEN ? AND ? ORDER BY date", (a, w, since, until)):
            d = dt.date.fromisoformat(d)
            if runs and (d - runs[-1][1]).days == 1:
                runs[-1][1] = d
            else:
                runs.append([d, d])
        for s, u in runs:
            t = truth(f"/__truth/insights?account_id={a}&level={w}&since={s}&until={u}&time_increment=1")
            got = con.execute("SELECT count(*), printf('%.2f', coalesce(sum(spend), 0)), "
                              "coalesce(sum(impressions), 0), coalesce(sum(clicks), 0), "
                              "(SELECT CAST(coalesce(sum(value), 0) AS INTEGER) FROM insight_actions "
                              "WHERE level = ?1 AND account_id = ?2 AND field = 'actions' "
                              "AND action_type = 'link_click' AND date_start BETWEEN ?3 AND ?4) "
                              "FROM insights WHERE level = ?1 AND account_id = ?2 AND date_start BETWEEN ?3 AND ?4",
                              (w, n, str(s), str(u))).fetchone()
            same(f"{a} {w} marked days {s}..{u}: rows, spend, impressions, clicks, link_click", list(got),
                 [t["rows"], t["spend"], t["impressions"], t["clicks"], t["actions"].get("link_click", 0)])
        got = con.execute("SELECT count(*), group_concat(DISTINCT date_start) FROM insights i "
                          "WHERE level = ? AND account_id = ? AND NOT EXISTS (SELECT 1 FROM backfill_days b "
                          "WHERE b.account_id = ? AND b.level = i.level AND b.date = i.date_start)",
                          (w, n, a)).fetchone()
        same(f"{a} {w} insights rows on days not marked (days {got[1]})", got[0], 0)
same("duplicate insights keys", con.execute(
    "SELECT count(*) FROM (SELECT 1 FROM insights GROUP BY level, object_id, date_start, date_stop, "
    "breakdown_key HAVING count(*) > 1)").fetchone()[0], 0)
same("duplicate action keys", con.execute(
    "SELECT count(*) FROM (SELECT 1 FROM insight_actions GROUP BY level, object_id, date_start, date_stop, "
    "breakdown_key, field, action_type, action_key HAVING count(*) > 1)").fetchone()[0], 0)
sys.exit(1 if bad else 0)

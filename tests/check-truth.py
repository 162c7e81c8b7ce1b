#!/usr/bin/env python3
"""check-truth.py URL DB SINCE UNTIL [entities] [LEVEL...] ACCOUNT...

The database DB equals the fake Graph server's truth (at URL): for every
account (act_...), the ids of its campaigns, ad sets and ads (archived
included) when "entities" is given, and at each LEVEL the insights' rows,
spend, impressions, clicks and link_click actions over SINCE..UNTIL; and no
insights key nor action key is there twice.  Prints each difference on
stderr; exits 1 when there is one.
"""
import json, sqlite3, sys, urllib.request
url, db, since, until = sys.argv[1:5]
what = [w for w in sys.argv[5:] if not w.startswith("act_")]
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
        t = truth(f"/__truth/insights?account_id={a}&level={w}&since={since}&until={until}&time_increment=1")
        got = con.execute("SELECT count(*), printf('%.2f', sum(spend)), sum(impressions), sum(clicks), "
                          "(SELECT CAST(sum(value) AS INTEGER) FROM insight_actions WHERE level = ?1 "
                          "AND account_id = ?2 AND field = 'actions' AND action_type = 'link_click') "
                          "FROM insights WHERE level = ?1 AND account_id = ?2", (w, n)).fetchone()
        same(f"{a} {w} rows, spend, impressions, clicks, link_click", list(got),
             [t["rows"], t["spend"], t["impressions"], t["clicks"], t["actions"].get("link_click", 0)])
same("duplicate insights keys", con.execute(
    "SELECT count(*) FROM (SELECT 1 FROM insights GROUP BY level, object_id, date_start, date_stop, "
    "breakdown_key HAVING count(*) > 1)").fetchone()[0], 0)
same("duplicate action keys", con.execute(
    "SELECT count(*) FROM (SELECT 1 FROM insight_actions GROUP BY level, object_id, date_start, date_stop, "
    "breakdown_key, field, action_type, action_key HAVING count(*) > 1)").fetchone()[0], 0)
sys.exit(1 if bad else 0)

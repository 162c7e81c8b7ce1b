#!/usr/bin/env python3
"""check-truth.py URL DB SINCE UNTIL [entities] [marked] [agency] [daily=LEVELS]
                [reach=LEVELS] [LEVEL...] ACCOUNT...

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

"agency": every ad-day of the truth is an unbroken ad row whose metrics of
scripts/maps/agency.json (link_clicks, leads, purchases, revenue, roas,
instagram_follows) are what its rules give on the truth's fields and
actions, computed here, and the DB has no other ad-day; the run must
exercise every rule (an inline_link_clicks "0" and one missing with link
clicks, each lead type, purchases, follows), else pick another period.
"daily=LEVELS" (of adset, campaign, account): each of those views has,
per object and day, the truth's spend, impressions and clicks at that
level, 0 where the truth has no row.  "reach=LEVELS": the levels fetched
(of adset, campaign, account); in the views of those, reach is the truth's
at that level (NULL or 0 without delivery), frequency impressions / reach,
and never the sum of the ads' reach where two ads or more delivered; in
the views of the other levels reach and frequency are NULL.
"""
import collections, datetime as dt, json, sqlite3, sys, urllib.request
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

VIEWS = {"adset": ("adset_daily", "adset_id"), "campaign": ("campaign_daily", "campaign_id"),
         "account": ("account_daily", "account_id")}
LEAD_TYPES = ("lead", "onsite_conversion.lead_grouped", "offsite_conversion.fb_pixel_lead", "onsite_conversion.messaging_first_reply")


def rows_truth(a, level):
    return truth(f"/__truth/rows?account_id={a}&level={level}&since={since}&until={until}")["rows"]


def opt_sum(values):
    """A mapping's sum: of the terms present, null when none is."""
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def agency_metrics(r):
    """scripts/maps/agency.json's metrics of one truth row (money in cents)."""
    acts, vals = r["actions"], r["action_values"]
    link = r["inline_link_clicks"]
    if not link:  # null or 0: the else terms, when one is there
        link = acts.get("link_click", link)
    revenue = vals.get("omni_purchase")
    return {"link_clicks": link, "leads": opt_sum(acts.get(t) for t in LEAD_TYPES),
            "purchases": acts.get("omni_purchase"), "revenue": revenue,
            "roas": None if revenue is None or not r["spend_cents"] else revenue / r["spend_cents"],
            "instagram_follows": acts.get("onsite_conversion.post_save_follow")}


def check_agency(a, n):
    want = {(r["id"], r["date_start"]): r for r in rows_truth(a, "ad")}
    got = {(r[0], r[1]): r for r in con.execute(
        "SELECT object_id, date_start, spend, link_clicks, leads, purchases, revenue, roas, instagram_follows "
        "FROM insights WHERE level = 'ad' AND account_id = ? AND breakdown_key = '' AND date_start BETWEEN ? AND ?",
        (n, since, until))}
    same(f"{a} ad-days", sorted(got), sorted(want))
    cover = collections.Counter()
    for k, r in sorted(want.items()):
        if k not in got:
            continue
        m, g = agency_metrics(r), got[k]
        acts = r["actions"]
        cover["inline 0, link_click"] += r["inline_link_clicks"] == 0 and "link_click" in acts
        cover["inline missing, link_click"] += r["inline_link_clicks"] is None and "link_click" in acts
        for t in LEAD_TYPES[:3] + ("omni_purchase", "onsite_conversion.post_save_follow"):
            cover[t] += t in acts
        cover["post_engagement > link_click"] += acts.get("post_engagement", 0) > acts.get("link_click", 0)
        db = dict(zip(("link_clicks", "leads", "purchases", "revenue", "roas", "instagram_follows"), g[3:]))
        for name in ("link_clicks", "leads", "purchases", "instagram_follows"):
            same(f"{a} ad {k[0]} {k[1]} {name}", db[name], m[name])
        same(f"{a} ad {k[0]} {k[1]} revenue (cents)", None if db["revenue"] is None else round(db["revenue"] * 100),
             m["revenue"])
        if (db["roas"] is None) != (m["roas"] is None) or (m["roas"] is not None and
                                                            abs(db["roas"] - m["roas"]) > 1e-9 * m["roas"]):
            same(f"{a} ad {k[0]} {k[1]} roas", db["roas"], m["roas"])
    print(f"{a}: {len(want)} ad-days; rules exercised: {dict(sorted(cover.items()))}", file=sys.stderr)
    for rule in ("inline 0, link_click", "inline missing, link_click", "post_engagement > link_click") + \
            LEAD_TYPES[:3] + ("omni_purchase", "onsite_conversion.post_save_follow"):
        if not cover[rule]:
            same(f"{a} ad-days exercising '{rule}' (pick another period or seed)", 0, "at least 1")


def view_rows(level, n, cols):
    view, idcol = VIEWS[level]
    return {(str(r[0]), r[1]): r[2:] for r in con.execute(
        f"SELECT {idcol}, date, {cols} FROM {view} WHERE {idcol if level == 'account' else 'account_id'} = ? "
        "AND date BETWEEN ? AND ?", (n, since, until))}


def check_daily(a, n, levels):
    for level in levels:
        want = {(r["id"], r["date_start"]): r for r in rows_truth(a, level)}
        got = view_rows(level, n, "printf('%.2f', spend), impressions, clicks")
        same(f"{a} {VIEWS[level][0]}: truth rows missing", sorted(set(want) - set(got)), [])
        for k, g in sorted(got.items()):
            r = want.get(k)
            w = ("%d.%02d" % divmod(r["spend_cents"], 100), r["impressions"], r["clicks"]) if r else ("0.00", 0, 0)
            same(f"{a} {VIEWS[level][0]} {k[0]} {k[1]} spend, impressions, clicks", tuple(g), w)


def check_reach(a, n, fetched):
    ads = rows_truth(a, "ad")
    for level in ("adset", "campaign", "account"):
        got = view_rows(level, n, "reach, frequency, impressions")
        if level not in fetched:
            same(f"{a} {VIEWS[level][0]} rows with a reach or frequency ({level} not fetched)",
                 sum(1 for g in got.values() if g[0] is not None or g[1] is not None), 0)
            continue
        want = {(r["id"], r["date_start"]): r["reach"] for r in rows_truth(a, level)}
        parts = collections.defaultdict(list)
        for r in ads:
            parts[(r[level + "_id"] if level != "account" else r["account_id"], r["date_start"])].append(r["reach"])
        summed = 0
        for k, (reach, freq, imp) in sorted(got.items()):
            if k not in want:
                if reach not in (None, 0):
                    same(f"{a} {VIEWS[level][0]} {k[0]} {k[1]} reach without delivery", reach, "NULL or 0")
                continue
            same(f"{a} {VIEWS[level][0]} {k[0]} {k[1]} reach", reach, want[k])
            if freq is None or abs(freq - imp / want[k]) > 1e-6:
                same(f"{a} {VIEWS[level][0]} {k[0]} {k[1]} frequency", freq, imp / want[k])
            if len(parts[k]) >= 2:
                summed += 1
                if reach == sum(parts[k]):
                    same(f"{a} {VIEWS[level][0]} {k[0]} {k[1]} reach is the sum of {len(parts[k])} ads' reach",
                         reach, f"less than {sum(parts[k])}")
        same(f"{a} {VIEWS[level][0]}: truth rows missing", sorted(set(want) - set(got)), [])
        if not summed:
            same(f"{a} {VIEWS[level][0]}: object-days with two ads or more (pick another period)", 0, "at least 1")


for a in accounts:
    n = a[4:]
    for w in what:
        if w == "agency":
            check_agency(a, n)
            continue
        if w.startswith("daily="):
            check_daily(a, n, w[6:].split(","))
            continue
        if w.startswith("reach="):
            check_reach(a, n, w[6:].split(","))
            continue
        if w == "entities":
            for kind in ("campaigns", "adsets", "ads"):
                # Every listed one, archived included; besides, only deleted ones that
                # insights name (meta-backfill reads those by id, the pipeline cannot).
                col = kind[:-1] + "_id"
                listed = set(truth(f"/__truth/entities?account_id={a}&kind={kind}&include_archived=1")["ids"])
                named = {str(r[0]) for r in con.execute(f"SELECT DISTINCT {col} FROM insights WHERE account_id = ? "
                                                        f"AND {col} IS NOT NULL", (n,))}
                got = {str(r[0]) for r in con.execute(f"SELECT id FROM {kind} WHERE account_id = ?", (n,))}
                same(f"{a} {kind} listed but missing", sorted(listed - got), [])
                same(f"{a} {kind} neither listed nor named by insights", sorted(got - listed - named), [])
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

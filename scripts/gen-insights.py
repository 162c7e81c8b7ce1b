#!/usr/bin/env python3
"""gen-insights.py - deterministic Singer NDJSON as `meta-fetch insights` emits it,
as wide as Meta serves an ad-level daily insight.

usage: gen-insights.py RECORDS [DAYS] > FILE

Writes a SCHEMA line, RECORDS insights RECORD lines, a STATE line after
every 10,000 records and one at the end.  Keys are distinct: RECORDS / DAYS
ads times DAYS days (RECORDS must be a multiple of DAYS; default 30 days),
day by day.  Numbers are strings, as meta-fetch passes Graph's answer on.

Each record has 32 fields: account, campaign, ad set and ad ids and names,
date_start, date_stop, spend, impressions, clicks, reach, frequency, cpc,
cpm, cpp, ctr, inline_link_clicks, unique_clicks, the action lists actions,
action_values, cost_per_action_type, outbound_clicks, conversions and
conversion_values, attribution_setting, account_currency, objective,
optimization_goal and buying_type (cpc is left out of a row without
clicks, as Graph does).  Every action list but outbound_clicks
(which Graph answers with its one outbound_click entry) has entries of
action types Meta reports, chosen by the campaign's objective (actions and
cost_per_action_type 3 to 6, action_values 1 or 2, conversions and
conversion_values 1: about 1.6 kB a row, near the 1.3 kB a row of the
account the issue measured); the
entries of conversion types carry the attribution windows that the ad
set's attribution_setting names ("7d_click", "1d_view", "1d_click"), as
Graph adds them when they are asked for.

Values vary with a cheap integer hash of (ad, day), so the output is the
same on every run.  Prints "records=N action_entries=M bytes=B" on stderr
(M: entries of all the action lists; B: bytes written).  Standard library
only; lines are written with string formatting, about 10 s per 100,000
records.
"""
import datetime
import sys

ACCOUNT = "1000000000001"
ACCOUNT_NAME = "Acme Outdoor GmbH - EU"
STATE_EVERY = 10000
ADS_PER_ADSET = 5
ADSETS_PER_CAMPAIGN = 4

# objective -> optimization_goal (one per objective, as a campaign's ad sets often share it)
OBJECTIVES = (
    ("OUTCOME_SALES", "OFFSITE_CONVERSIONS"),
    ("OUTCOME_TRAFFIC", "LANDING_PAGE_VIEWS"),
    ("OUTCOME_LEADS", "LEAD_GENERATION"),
    ("OUTCOME_ENGAGEMENT", "POST_ENGAGEMENT"),
    ("OUTCOME_AWARENESS", "REACH"),
)
# attribution_setting -> the window keys a conversion entry carries.  Per ad
# set; the first one most often, as it is Meta's default.
ATTRIBUTION = (
    ("7d_click_1d_view", ("7d_click", "1d_view")),
    ("7d_click_1d_view", ("7d_click", "1d_view")),
    ("7d_click", ("7d_click",)),
    ("1d_click", ("1d_click",)),
    ("1d_click_1d_view", ("1d_click", "1d_view")),
)

# Sources of an entry's value: a row's impressions, clicks and conversions.
IMP, CLK, CONV = range(3)
# action type -> (source, rate in 1/1024 of it, conversion type: carries windows)
TYPES = {
    "link_click": (CLK, 900, False),
    "landing_page_view": (CLK, 700, False),
    "post_engagement": (IMP, 30, False),
    "page_engagement": (IMP, 31, False),
    "post_reaction": (IMP, 6, False),
    "video_view": (IMP, 120, False),
    "comment": (IMP, 1, False),
    "like": (IMP, 2, False),
    "post": (IMP, 1, False),
    "photo_view": (IMP, 9, False),
    "onsite_conversion.post_save": (IMP, 1, False),
    "onsite_conversion.post_save_follow": (IMP, 1, False),
    "omni_view_content": (CLK, 500, True),
    "view_content": (CLK, 480, True),
    "offsite_conversion.fb_pixel_view_content": (CLK, 470, True),
    "omni_add_to_cart": (CONV, 3000, True),
    "add_to_cart": (CONV, 2900, True),
    "offsite_conversion.fb_pixel_add_to_cart": (CONV, 2800, True),
    "onsite_web_add_to_cart": (CONV, 300, True),
    "omni_initiated_checkout": (CONV, 1800, True),
    "initiate_checkout": (CONV, 1700, True),
    "offsite_conversion.fb_pixel_initiate_checkout": (CONV, 1650, True),
    "onsite_web_initiate_checkout": (CONV, 200, True),
    "add_payment_info": (CONV, 1300, True),
    "offsite_conversion.fb_pixel_add_payment_info": (CONV, 1250, True),
    "omni_purchase": (CONV, 1024, True),
    "purchase": (CONV, 1000, True),
    "offsite_conversion.fb_pixel_purchase": (CONV, 990, True),
    "onsite_web_purchase": (CONV, 100, True),
    "onsite_web_app_purchase": (CONV, 60, True),
    "web_in_store_purchase": (CONV, 30, True),
    "lead": (CONV, 1024, True),
    "onsite_conversion.lead_grouped": (CONV, 600, True),
    "offsite_conversion.fb_pixel_lead": (CONV, 420, True),
    "leadgen_grouped": (CONV, 590, True),
    "complete_registration": (CONV, 300, True),
    "offsite_conversion.fb_pixel_complete_registration": (CONV, 290, True),
    "onsite_conversion.messaging_first_reply": (CONV, 150, True),
    "onsite_conversion.messaging_conversation_started_7d": (CONV, 180, True),
    "onsite_conversion.total_messaging_connection": (CONV, 200, True),
    "search": (CONV, 2000, True),
    "add_to_wishlist": (CONV, 400, True),
    "contact": (CONV, 80, True),
    "subscribe": (CONV, 50, True),
    "start_trial": (CONV, 40, True),
    "schedule": (CONV, 30, True),
    "submit_application": (CONV, 25, True),
    "find_location": (CONV, 20, True),
}

# actions (and cost_per_action_type): 15 types per objective, the commonest
# first; a row reports the first 5 to 15.
ACTIONS = {
    "OUTCOME_SALES": (
        "link_click", "post_engagement", "page_engagement", "omni_purchase", "purchase",
        "offsite_conversion.fb_pixel_purchase", "landing_page_view", "add_to_cart",
        "initiate_checkout", "post_reaction", "video_view", "omni_add_to_cart",
        "offsite_conversion.fb_pixel_add_to_cart", "omni_initiated_checkout",
        "offsite_conversion.fb_pixel_initiate_checkout"),
    "OUTCOME_TRAFFIC": (
        "link_click", "landing_page_view", "post_engagement", "page_engagement", "post_reaction",
        "video_view", "comment", "onsite_conversion.post_save", "omni_view_content", "view_content",
        "offsite_conversion.fb_pixel_view_content", "post", "like", "omni_add_to_cart",
        "add_to_cart"),
    "OUTCOME_LEADS": (
        "link_click", "post_engagement", "page_engagement", "lead", "onsite_conversion.lead_grouped",
        "offsite_conversion.fb_pixel_lead", "leadgen_grouped", "landing_page_view", "post_reaction",
        "video_view", "complete_registration", "offsite_conversion.fb_pixel_complete_registration",
        "onsite_conversion.messaging_first_reply", "onsite_conversion.messaging_conversation_started_7d",
        "onsite_conversion.total_messaging_connection"),
    "OUTCOME_ENGAGEMENT": (
        "post_engagement", "page_engagement", "post_reaction", "video_view", "link_click",
        "onsite_conversion.post_save", "onsite_conversion.post_save_follow", "comment", "post",
        "like", "onsite_conversion.messaging_first_reply",
        "onsite_conversion.messaging_conversation_started_7d",
        "onsite_conversion.total_messaging_connection", "landing_page_view", "photo_view"),
    "OUTCOME_AWARENESS": (
        "post_engagement", "page_engagement", "video_view", "post_reaction", "link_click", "comment",
        "like", "post", "photo_view", "onsite_conversion.post_save", "landing_page_view",
        "omni_view_content", "view_content", "offsite_conversion.fb_pixel_view_content",
        "onsite_conversion.messaging_conversation_started_7d"),
}
# action_values: the types that have a value, whatever the objective.
VALUES = (
    "omni_purchase", "purchase", "offsite_conversion.fb_pixel_purchase", "omni_add_to_cart",
    "add_to_cart", "offsite_conversion.fb_pixel_add_to_cart", "omni_initiated_checkout",
    "initiate_checkout", "offsite_conversion.fb_pixel_initiate_checkout", "onsite_web_purchase",
    "onsite_web_app_purchase", "web_in_store_purchase", "onsite_web_add_to_cart",
    "onsite_web_initiate_checkout", "add_payment_info")
# conversions and conversion_values: standard events.
CONVERSIONS = (
    "purchase", "add_to_cart", "initiate_checkout", "view_content", "add_payment_info", "lead",
    "complete_registration", "search", "add_to_wishlist", "contact", "subscribe", "start_trial",
    "schedule", "submit_application", "find_location")

SCHEMA = (
    '{"type":"SCHEMA","stream":"insights","schema":{"type":"object","properties":{'
    '"account_id":{"type":["null","string"]},"campaign_id":{"type":["null","string"]},'
    '"adset_id":{"type":["null","string"]},"ad_id":{"type":["null","string"]},'
    '"date_start":{"type":["null","string"]},"date_stop":{"type":["null","string"]},'
    '"spend":{"type":["null","string"]},"impressions":{"type":["null","string"]}},'
    '"additionalProperties":true},"key_properties":["ad_id","date_start"]}\n'
)


def state(day):
    return ('{"type":"STATE","value":{"bookmarks":{"insights":{"act_%s":{"last_date":"%s"}}}}}\n'
            % (ACCOUNT, day))


# A list's format string and value plan, per (list kind, pool, k, windows):
# kind "n" counts (%.0f), "m" money (%.2f), "c" cost per action (%.6f).
_lists = {}


def list_plan(name, kind, pool, k, windows):
    """The format string of a list of the first k types of pool, the (source,
    rate, jitter shift) of each entry's value, and the values the format takes
    as (entry, factor): the value, then its windows' shares of it."""
    key = (name, kind, pool, k, windows)
    p = _lists.get(key)
    if p is None:
        conv_fmt = {"n": "%.0f", "m": "%.2f", "c": "%.6f"}[kind]
        share = {1: (1.0,), 2: (0.8, 0.2)}
        parts, plan, expand = [], [], []
        for i, t in enumerate(pool[:k]):
            src, rate, conv = TYPES[t]
            w = windows if conv else ()
            e = '{"action_type":"%s","value":"%s"' % (t, conv_fmt)
            expand.append((i, 1.0))
            for wk, f in zip(w, share.get(len(w), ())):
                e += ',"%s":"%s"' % (wk, conv_fmt)
                expand.append((i, f))
            parts.append(e + "}")
            plan.append((src, rate, i))
        p = (',"%s":[%s]' % (name, ",".join(parts)), tuple(plan), tuple(expand))
        _lists[key] = p
    return p


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.split("\n\n")[1])
    try:
        records = int(sys.argv[1])
        days = int(sys.argv[2]) if len(sys.argv) == 3 else 30
    except ValueError:
        sys.exit("gen-insights: RECORDS and DAYS must be whole numbers")
    if records <= 0 or days <= 0 or records % days:
        sys.exit("gen-insights: RECORDS must be a positive multiple of DAYS")
    ads = records // days
    d0 = datetime.date(2026, 10, 1)
    dates = [(d0 + datetime.timedelta(days=d)).isoformat() for d in range(days)]

    # What does not change with the day, per ad: ids, names, settings.
    prefix, ad_obj, ad_attr = [], [], []
    for a in range(ads):
        adset = a // ADS_PER_ADSET
        camp = adset // ADSETS_PER_CAMPAIGN
        obj, goal = OBJECTIVES[camp % len(OBJECTIVES)]
        attr = ATTRIBUTION[(adset * 7 + 3) % len(ATTRIBUTION)]
        short = obj[8:].title()
        prefix.append(
            '{"type":"RECORD","stream":"insights","record":{"account_id":"%s",'
            '"account_name":"%s","campaign_id":"%d","campaign_name":"%s | %s | Campaign %d",'
            '"adset_id":"%d","adset_name":"%s | Broad 25-54 | Ad set %d","ad_id":"%d",'
            '"ad_name":"%s | Video 9x16 v%d | Ad %d",'
            % (ACCOUNT, ACCOUNT_NAME, 120210000000000001 + camp, short, "DE,AT,CH", camp + 1,
               120210000100000001 + adset, short, adset + 1, 120210000200000001 + a, short,
               a % 3 + 1, a + 1))
        ad_obj.append((obj, goal))
        ad_attr.append(attr)

    out = sys.stdout
    w = out.write
    w(SCHEMA)
    nbytes = len(SCHEMA)
    n = 0
    nentries = 0
    chunk = []
    for d in range(days):
        date = dates[d]
        for a in range(ads):
            # Knuth's multiplicative hash of (ad, day): cheap and deterministic.
            h = ((a * 2654435761) ^ (d * 40503 + 0x9E3779B9)) * 2246822519 & 0xFFFFFFFF
            h ^= h >> 15
            obj, goal = ad_obj[a]
            attr_name, windows = ad_attr[a]
            impressions = 40 + h % 40000
            reach = impressions - impressions * ((h >> 12) % 20) // 100
            if reach < 1:
                reach = 1
            clicks = impressions * ((h >> 5) % 40) // 1000
            link = clicks - (h >> 9) % 3 if clicks > 2 else clicks
            uniq = clicks - (h >> 13) % 2 if clicks > 1 else clicks
            cents = 50 + impressions * (3 + (h >> 3) % 12) // 10
            spend = cents / 100
            conv = clicks * (1 + (h >> 17) % 8) // 100
            src = (impressions, clicks, conv)
            ratios = '"frequency":"%.6f",' % (impressions / reach)
            if clicks:
                ratios += '"cpc":"%.6f",' % (spend / clicks)
            ratios += '"cpm":"%.6f","cpp":"%.6f","ctr":"%.6f",' % (
                1000 * spend / impressions, 1000 * spend / reach, 100 * clicks / impressions)
            parts = [
                prefix[a],
                '"date_start":"%s","date_stop":"%s","spend":"%.2f","impressions":"%d",'
                '"clicks":"%d","reach":"%d",%s"inline_link_clicks":"%d","unique_clicks":"%d"'
                % (date, date, spend, impressions, clicks, reach, ratios, link, uniq)]

            # The lists: how many entries each, from other bits of the hash.
            g = (h * 2654435761 + d) & 0xFFFFFFFF
            for name, kind, pool, k in (
                    ("actions", "n", ACTIONS[obj], 3 + g % 4),
                    ("action_values", "m", VALUES, 1 + (g >> 4) % 2),
                    ("cost_per_action_type", "c", ACTIONS[obj], 3 + (g >> 8) % 4),
                    ("conversions", "n", CONVERSIONS, 1),
                    ("conversion_values", "m", CONVERSIONS, 1)):
                fmt, plan, expand = list_plan(name, kind, pool, k, windows)
                vs = [(src[s] * rate >> 10) + (g >> i & 3) + 1 for s, rate, i in plan]
                if kind == "m":
                    vs = [v * 24.99 + (g >> i & 7) * 0.5 for v, (_, _, i) in zip(vs, plan)]
                elif kind == "c":
                    vs = [spend / v for v in vs]
                vals = [vs[i] * f for i, f in expand]
                parts.append(fmt % tuple(vals))
                nentries += k
            parts.append(
                ',"outbound_clicks":[{"action_type":"outbound_click","value":"%d"}],'
                '"attribution_setting":"%s","account_currency":"EUR","objective":"%s",'
                '"optimization_goal":"%s","buying_type":"AUCTION"},'
                '"time_extracted":"2026-11-23T10:00:00.000000Z"}\n'
                % (link - link // 10, attr_name, obj, goal))
            nentries += 1
            chunk.append("".join(parts))
            n += 1
            if n % STATE_EVERY == 0:
                chunk.append(state(date))
                s = "".join(chunk)
                nbytes += len(s)
                w(s)
                chunk = []
    if n % STATE_EVERY:
        chunk.append(state(dates[-1]))
    s = "".join(chunk)
    nbytes += len(s)
    w(s)
    out.flush()
    sys.stderr.write("records=%d action_entries=%d bytes=%d\n" % (n, nentries, nbytes))


if __name__ == "__main__":
    main()

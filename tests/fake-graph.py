#!/usr/bin/env python3
"""fake-graph.py - a fake Meta Graph / Marketing API server for metasync.

Used by the test suite and the demo in place of https://graph.facebook.com
(point META_GRAPH_URL at it).  Python 3.11 standard library only.

What it fakes (wire format per ../shared/GRAPH-API.md):
  * ad accounts (act_<n>), campaigns, ad sets, ads: nodes and the
    campaigns/adsets/ads edges, with field selection, effective_status
    filtering, cursor paging with absolute `next` URLs;
  * Ads Insights, synchronous (GET .../insights) and asynchronous (POST
    .../insights -> report run -> poll -> GET <run>/insights): levels,
    time_range/time_ranges/date_preset, time_increment, breakdowns (age,
    gender, country, publisher_platform, platform_position: a placement
    only with its own platform), filtering, action lists, numeric strings,
    37-month limit;
  * batch requests (POST / or /vX.Y/ with batch=[...]);
  * Instagram user insights (the v22+ metrics: time_series and total_value
    with the follow_type breakdown, Pacific days, the 30-day limit, empty
    answers for a profile under 100 followers and days without data), the
    IG user node, and /me/accounts (pages with their linked IG accounts);
  * auth (token, appsecret_proof), the real error envelope and codes, the
    rate-limit headers and the throttle errors they lead to;
  * fault injection (500s, HTML 503s, connection resets, truncated bodies,
    slow answers, failed async jobs, "reduce the amount of data", expiring
    tokens) driven through POST /__control.
  Test-only endpoints under /__ give the ground truth a sync must reproduce:
  /__truth/accounts, /__truth/entities (ids of a kind), /__truth/insights
  (sums of the rows of a query) and /__truth/rows (every row of a query,
  one day each unless time_increment says otherwise: ids, spend in cents,
  reach, inline_link_clicks, actions and action_values by type), and
  /__truth/ig (an IG user's insights per day).

Everything is a pure function of --seed and --today: the metrics of an
(ad, day) pair come from a hash of (seed, ad id, day), never from a shared
random stream, so any row can be computed alone, in any order, and the same
seed gives byte-identical bodies (timestamps in bodies come from --today).

Insights rows.  Every count is an integer sum over (ad, day) vectors (money
in cents), so a row at any level, over any days, equals the sum of its ads'
rows, and breakdown rows split each vector exactly: over the values of a
breakdown they add up to the unbroken row, for spend, impressions, clicks
and every action and action value.  Reach is the exception, as on Meta: a
row adding two vectors or more (ads, days) counts people once, so its reach
is a deterministic 70-95% of the sum (never below the largest part), and
frequency = impressions / reach at every level.  `actions` holds what Meta
serves on ad rows: link_click, landing_page_view, post_engagement (always
more than link_click), a purchase as omni_purchase, purchase and
offsite_conversion.fb_pixel_purchase with one count (action_values the
same three with one value), lead (Meta's total of the two next),
onsite_conversion.lead_grouped (form leads), offsite_conversion.fb_pixel_lead
(website leads), onsite_conversion.messaging_first_reply and
onsite_conversion.post_save_follow; zero counts are left out.  Some ads
report inline_link_clicks "0" and some none at all while they have link
clicks (see World._ad_kind).  --idle-campaigns N adds N paused campaigns per
account that never delivered (after all other objects: ids unchanged);
--idle-status ACTIVE leaves them active instead (approved, never delivered).

What it does not fake: writes (creating/updating objects), other breakdowns
and action_breakdowns (accepted, no effect), attribution-window arithmetic
(requested windows repeat the total), batch JSONPath dependencies, the
`summary` of insights, unique counts other than reach (unique_clicks is
summed), real quota formulas (calls are counted, see below).
Messages marked "invented" below are plausible, not recorded.

Rate limits.  Calls are counted in fixed windows of usage_window_s seconds
(default 60) on one clock for the app and every account: window k is
[t0 + k*W, t0 + (k+1)*W), t0 being the first metered call after the start
(or after /__control changed usage_window_s).  An account may make
usage_budget calls in a window, the app app_budget (default usage_budget
times the number of accounts); the call past either is throttled (and not
counted), the window's count starts again from 0 at its end.  Fixed
windows make every header truthful and enough to pace by:
x-ad-account-usage's acc_id_util_pct is the window's calls against the
budget (two decimals) and reset_time_duration, in whole seconds rounded
up, the time to the window's end, when the usage is 0 again (Meta's
"time it takes to reset the current rate limit to 0"); a client that
spreads the calls left over that time uses the whole budget, which a
sliding window would not tell it.  x-app-usage (whole percents, rounded
down, as Meta's) and x-business-use-case-usage (the account's, whole
percents) come with every metered answer, throttle errors included, and
x-fb-ads-insights-throttle with the insights ones; a window's throttle
says estimated_time_to_regain_access in whole minutes rounded down (0 for
a window ending within the minute: its reset_time_duration tells).  The
fault "throttle_window" answers as if the window's budget were spent, with
those headers; "throttle" the same error without any.  block_after N blocks
an account after N more calls for it: then every call for it answers
17/2446079 "User request limit reached" (80000/2446079 on insights) with
estimated_time_to_regain_access in its headers (minutes, rounded up), for
block_seconds or until /__control {"unblock": true}.  The request log
(/__requests) gives an error answer's code, and for a rate limit the reset
and regain it announced.
"""

import argparse
import base64
import collections
import datetime as dt
import functools
import gzip
import hashlib
import hmac
import itertools
import json
import math
import operator
import os
import re
import signal
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

DEFAULT_VERSION = "v25.0"
DAY = dt.timedelta(days=1)
EPOCH_ORD = dt.date(1970, 1, 1).toordinal()

# (timezone_name, standard offset, DST rule, timezone_id (made up but 1 = LA
# is real), currency).  Cycled over accounts: USD/LA first, EUR/Berlin next.
TIMEZONES = [
    ("America/Los_Angeles", -8.0, "us", 1, "USD"),
    ("Europe/Berlin", 1.0, "eu", 123, "EUR"),
    ("Asia/Kolkata", 5.5, None, 264, "INR"),
    ("Europe/London", 0.0, "eu", 79, "GBP"),
]

# Metric vector of an (ad, day) and of every aggregated row.  All integers:
# spend and revenue in cents, so sums over any grouping are exact.  LINK is
# the link_click action, INL inline_link_clicks (0 for some kinds of ad),
# INLN how many ad-days of the row report inline_link_clicks at all (a
# flag, not a metric: the field is absent from a row where it is 0), LGRP
# on-Facebook (form) leads, PLEAD website (pixel) leads, MSG first replies
# in a message thread, FOLLOW follows after seeing a post.  The action
# `lead` is Meta's total, PLEAD + LGRP, computed when a row is rendered.
IMP, CLK, SPEND, REACH, LINK, UNIQ, POST, LPV, PUR, REV, INL, INLN, LGRP, PLEAD, MSG, FOLLOW = range(16)
NMETRICS = 16

# Placements (platform_position) per publisher_platform, with their shares
# of the platform's impressions; the values are Meta's.
POSITIONS = {
    "facebook": (("feed", 58), ("facebook_stories", 14), ("marketplace", 8), ("video_feeds", 11),
                 ("right_hand_column", 6), ("search", 3)),
    "instagram": (("stream", 48), ("instagram_stories", 22), ("instagram_reels", 24), ("instagram_explore", 6)),
    "audience_network": (("classic", 65), ("rewarded_video", 35)),
    "messenger": (("messenger_inbox", 70), ("messenger_stories", 30)),
}
PLATFORMS = (("facebook", 55), ("instagram", 38), ("audience_network", 5), ("messenger", 2))
POSITION_PLATFORM = {pos: plat for plat, lst in POSITIONS.items() for pos, _ in lst}
BREAKDOWNS = {
    "age": (("18-24", 12), ("25-34", 28), ("35-44", 24), ("45-54", 16), ("55-64", 12), ("65+", 8)),
    "gender": (("female", 48), ("male", 47), ("unknown", 5)),
    "country": (("US", 40), ("DE", 20), ("GB", 14), ("FR", 10), ("CA", 9), ("IN", 7)),
    "publisher_platform": PLATFORMS,
    # Alone, a placement's weight is its platform's share times its own; with
    # publisher_platform, only its share within the platform (see combos()).
    "platform_position": tuple((pos, share * w) for plat, share in PLATFORMS for pos, w in POSITIONS[plat]),
}
GEO_BREAKDOWNS = ("country", "region", "dma", "comscore_market")
ACTION_BREAKDOWNS = {
    "action_device", "conversion_destination", "action_canvas_component_name", "action_carousel_card_id",
    "action_carousel_card_name", "action_destination", "action_reaction", "action_target_id", "action_type",
    "action_video_sound", "action_video_type", "standard_event_content_type", "signal_source_bucket",
}
LEVELS = ("account", "campaign", "adset", "ad")
ID_FIELDS = {
    "account_id": "account", "account_name": "account", "campaign_id": "campaign",
    "campaign_name": "campaign", "adset_id": "adset", "adset_name": "adset", "ad_id": "ad", "ad_name": "ad",
}
INSIGHT_FIELDS = set(ID_FIELDS) | {
    "spend", "impressions", "clicks", "reach", "frequency", "cpc", "cpm", "ctr", "cpp",
    "inline_link_clicks", "unique_clicks", "actions", "action_values", "conversions",
    "cost_per_action_type", "purchase_roas", "account_currency", "objective", "buying_type",
    "conversion_values",
    "optimization_goal", "cost_per_inline_link_click", "inline_link_click_ctr", "unique_ctr",
    "cost_per_unique_click", "date_start", "date_stop", "attribution_setting",
}
PRESETS = (
    "today", "yesterday", "this_month", "last_month", "this_quarter", "last_quarter", "this_year",
    "last_year", "maximum", "data_maximum", "lifetime", "last_3d", "last_7d", "last_14d", "last_28d",
    "last_30d", "last_90d", "last_week_mon_sun", "last_week_sun_sat", "this_week_mon_today",
    "this_week_sun_today",
)
EFFECTIVE_STATUSES = (
    "ACTIVE", "PAUSED", "DELETED", "ARCHIVED", "CAMPAIGN_PAUSED", "ADSET_PAUSED", "IN_PROCESS",
    "WITH_ISSUES", "DISAPPROVED", "PENDING_REVIEW", "PREAPPROVED", "PENDING_BILLING_INFO",
)
# What insights leave out unless a filter on effective_status names them.
HIDDEN = {"DELETED", "ARCHIVED"}
OBJECTIVES = ("OUTCOME_SALES", "OUTCOME_TRAFFIC", "OUTCOME_LEADS", "OUTCOME_AWARENESS", "OUTCOME_ENGAGEMENT")
GOALS = {"OUTCOME_SALES": "OFFSITE_CONVERSIONS", "OUTCOME_TRAFFIC": "LINK_CLICKS",
         "OUTCOME_LEADS": "LEAD_GENERATION", "OUTCOME_AWARENESS": "REACH",
         "OUTCOME_ENGAGEMENT": "POST_ENGAGEMENT"}

NODE_FIELDS = {
    "account": ("id", "account_id", "name", "currency", "timezone_name", "timezone_offset_hours_utc",
                "timezone_id", "account_status", "amount_spent", "balance", "spend_cap", "created_time",
                "disable_reason", "business_name", "business", "attribution_spec"),
    "campaign": ("id", "account_id", "name", "objective", "status", "configured_status", "effective_status",
                 "buying_type", "daily_budget", "lifetime_budget", "budget_remaining", "spend_cap",
                 "bid_strategy", "special_ad_categories", "created_time", "updated_time", "start_time",
                 "stop_time"),
    "adset": ("id", "account_id", "campaign_id", "campaign", "name", "status", "configured_status",
              "effective_status", "daily_budget", "lifetime_budget", "budget_remaining", "optimization_goal",
              "billing_event", "bid_strategy", "bid_amount", "targeting", "created_time", "updated_time",
              "start_time", "end_time"),
    "ad": ("id", "account_id", "campaign_id", "adset_id", "campaign", "adset", "name", "status",
           "configured_status", "effective_status", "creative", "created_time", "updated_time", "start_time"),
    "ig": ("id", "username", "name", "followers_count", "media_count"),
}
# What /me/permissions and /debug_token say the token was granted.
PERMISSIONS = (("ads_read", "granted"), ("ads_management", "declined"), ("business_management", "granted"),
               ("read_insights", "granted"), ("public_profile", "granted"))

NODE_TYPE = {"account": "AdAccount", "campaign": "Campaign", "adset": "AdSet", "ad": "Ad", "ig": "IGUser"}

IG_METRICS = {
    # The IG user metrics of v22 and later (impressions, profile_views, website_clicks and the
    # other contact clicks are gone: asking for one gets the "must be one of" error, as on Meta).
    # name: (title, description, metric types: "s" time_series, "t" total_value)
    "reach": ("Accounts reached", "The number of unique accounts that have seen your content, at least once, "
              "including in ads.", "st"),
    "follower_count": ("Follower count", "The number of new followers each day.", "s"),
    "follows_and_unfollows": ("Follows and unfollows", "The number of accounts that followed you and the "
                              "number of accounts that unfollowed you or left Instagram in the selected "
                              "time period.", "t"),
    "views": ("Views", "The number of times your content was played or displayed.", "t"),
    "accounts_engaged": ("Accounts engaged", "The number of accounts that have interacted with your "
                         "content.", "t"),
    "total_interactions": ("Content interactions", "The total number of interactions with your content.", "t"),
    "likes": ("Likes", "The number of likes on your posts, reels and videos.", "t"),
    "comments": ("Comments", "The number of comments on your posts, reels, videos and live videos.", "t"),
    "shares": ("Shares", "The number of shares of your posts, stories, reels, videos and live videos.", "t"),
    "saves": ("Saves", "The number of saves of your posts, reels and videos.", "t"),
    "replies": ("Replies", "The number of replies you received from your story.", "t"),
    "profile_links_taps": ("Profile links taps", "The number of taps on your business address, call button, "
                           "email button and text button.", "t"),
}
# The IG user insights a day holds (ig_day); follower_count is that day's follows.
IG_DAY_KEYS = ("follows", "unfollows", "reach", "views", "accounts_engaged", "total_interactions", "likes",
               "comments", "shares", "saves", "replies", "profile_links_taps")

# An attribution setting as insights rows name it, and as an account's attribution_spec.
ATTRIBUTION_SPECS = {
    "7d_click_1d_view": [{"event_type": "CLICK_THROUGH", "window_days": 7},
                         {"event_type": "VIEW_THROUGH", "window_days": 1}],
    "1d_click": [{"event_type": "CLICK_THROUGH", "window_days": 1}],
    "7d_click": [{"event_type": "CLICK_THROUGH", "window_days": 7}],
    "1d_click_1d_view": [{"event_type": "CLICK_THROUGH", "window_days": 1},
                         {"event_type": "VIEW_THROUGH", "window_days": 1}],
}
# Versions older than this are moved up to it, the answer saying so (X-Ad-Api-Version-Warning).
OLDEST_VERSION = "v24.0"

DEFAULT_SETTINGS = {
    "restate_days": 0,          # last N days before --today ...
    "restate_factor": 1.0,      # ... have their metrics multiplied by this
    "usage_budget": 10000,      # calls per account per window before throttling
    "usage_window_s": 60,       # seconds of a rate-limit window (fixed windows, one clock)
    "app_budget": None,         # calls per app per window; None: usage_budget x accounts
    "block_after": None,        # after this many more calls for an account, it is blocked ...
    "block_seconds": 3600,      # ... for this long (17/2446079, 80000/2446079 on insights)
    "async_polls": 2,           # report-run status polls until "Job Completed"
    "latency_ms": 0,            # sleep before every Graph response
    "fail_rate": 0.0,           # probability (per request sequence number) of a fault
    "fault_seed": 0,            # seeds that pseudo-random choice
    "faults": [],               # which faults may be chosen, see FAULTS
    "slow_ms": 5000,            # extra delay of the "slow" fault
    "row_cap": None,            # sync insights answering more rows -> HTTP 500 "reduce the amount of data"
    "expire_token_after": None,  # after this many Graph requests every token is expired (190/463)
    "raw_utf8": False,          # emit raw UTF-8 instead of the Graph's \\uXXXX and \\/ escapes
    "attribution_setting": "7d_click_1d_view",  # every ad set's, so insights rows' and accounts'
}
REQUEST_FAULTS = ("500", "html503", "reset", "truncate", "slow", "transient2", "throttle", "throttle_window")
ASYNC_FAULTS = ("async_fail", "async_skip")
FAULTS = REQUEST_FAULTS + ASYNC_FAULTS


# ---------------------------------------------------------------- helpers

class GraphError(Exception):
    """An error answered with the Graph error envelope."""

    def __init__(self, code, message, status=400, etype="OAuthException", subcode=None,
                 transient=None, user_title=None, user_msg=None, headers=None):
        super().__init__(message)
        self.code, self.message, self.status, self.etype = code, message, status, etype
        self.subcode, self.transient = subcode, transient
        self.user_title, self.user_msg = user_title, user_msg
        self.headers = list(headers or [])

    def envelope(self, trace):
        e = {"message": self.message, "type": self.etype, "code": self.code}
        if self.subcode is not None:
            e["error_subcode"] = self.subcode
        if self.transient is not None:
            e["is_transient"] = self.transient
        if self.user_title:
            e["error_user_title"] = self.user_title
        if self.user_msg:
            e["error_user_msg"] = self.user_msg
        e["fbtrace_id"] = trace
        return {"error": e}


def unsupported(obj_id, method="get"):
    return GraphError(100, f"Unsupported {method} request. Object with ID '{obj_id}' does not exist, cannot be "
                      "loaded due to missing permissions, or does not support this operation. Please read the "
                      "Graph API documentation at https://developers.facebook.com/docs/graph-api",
                      etype="GraphMethodException", subcode=33)


def bad(msg, code=100, **kw):
    return GraphError(code, msg, **kw)


def version_headers(version):
    """facebook-api-version says which version answered: an old one is moved
    up to OLDEST_VERSION, with X-Ad-Api-Version-Warning (invented wording)."""
    def num(v):
        major, minor = v[1:].split(".")
        return int(major), int(minor)
    if num(version) < num(OLDEST_VERSION):
        return [("facebook-api-version", OLDEST_VERSION),
                ("X-Ad-Api-Version-Warning", f"The call has been auto-upgraded to {OLDEST_VERSION} as "
                 f"{version} will be deprecated. Please update your calls to {OLDEST_VERSION} or later.")]
    return [("facebook-api-version", version)]


def h64(*parts):
    """Stable 64-bit hash of the parts (Python's hash() is salted per run)."""
    return int.from_bytes(hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest(), "little")


def fmt_dec(num, den, places=6):
    """num/den rounded half-up, trailing zeros trimmed, as the Graph API prints
    ratios ("1.594444", "1.435") and money ("5339.5", "14.35", "0")."""
    scale = 10 ** places
    q = (2 * num * scale + den) // (2 * den)
    ip, fp = divmod(q, scale)
    if fp == 0:
        return str(ip)
    return ("%d.%0*d" % (ip, places, fp)).rstrip("0")


def money(cents):
    return fmt_dec(cents, 100, 2)


def money2(cents):
    return f"{cents // 100}.{cents % 100:02d}"


def split(total, weights):
    """Split an integer exactly along weights: part i = floor(total*W_i/W) -
    floor(total*W_{i-1}/W) with cumulative weights.  When the weights are the
    parts of a bigger total (e.g. clicks split along impression parts), each
    part stays <= the weight it was split along, since clicks <= impressions."""
    wsum = sum(weights)
    if total == 0 or wsum == 0:
        return [0] * len(weights)
    out, acc, prev = [], 0, 0
    for w in weights:
        acc += w
        cur = total * acc // wsum
        out.append(cur - prev)
        prev = cur
    return out


@functools.lru_cache(maxsize=None)
def combos(dims):
    """The breakdown rows of dims (a tuple of breakdown names): the valid
    combinations of their values, as tuples of value indexes, in product
    order.  A placement goes with its own platform only, as on Meta."""
    out = []
    for idx in itertools.product(*[range(len(BREAKDOWNS[d])) for d in dims]):
        vals = {d: BREAKDOWNS[d][i][0] for d, i in zip(dims, idx)}
        pos, plat = vals.get("platform_position"), vals.get("publisher_platform")
        if pos is not None and plat is not None and POSITION_PLATFORM[pos] != plat:
            continue
        out.append(idx)
    return tuple(out)


def combo_values(dims, idx):
    return tuple(BREAKDOWNS[d][i][0] for d, i in zip(dims, idx))


def nth_sunday(year, month, n):
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))


def last_sunday(year, month):
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1) - DAY
    return nxt - dt.timedelta(days=(nxt.weekday() - 6) % 7)


def utc_offset(tz, d):
    """Hours east of UTC on date d (DST switch days approximated to the day)."""
    _, base, rule, _, _ = tz
    if rule == "us":
        dst = nth_sunday(d.year, 3, 2) <= d < nth_sunday(d.year, 11, 1)
    elif rule == "eu":
        dst = last_sunday(d.year, 3) <= d < last_sunday(d.year, 10)
    else:
        dst = False
    return base + (1 if dst else 0)


def fmt_offset(hours):
    sign = "-" if hours < 0 else "+"
    mins = int(round(abs(hours) * 60))
    return f"{sign}{mins // 60:02d}{mins % 60:02d}"


def add_months(d, k):
    m = d.month - 1 + k
    y, m = d.year + m // 12, m % 12 + 1
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - DAY).day
    return dt.date(y, m, min(d.day, last))


def enc_cursor(i):
    """Insights cursors: base64 of the row index, '=' spelled 'ZD' (MAZDZD = 0)."""
    return base64.b64encode(str(i).encode()).decode().replace("=", "ZD")


def dec_cursor(c):
    try:
        s = c.replace("ZD", "=")
        v = base64.b64decode(s + "=" * (-len(s) % 4), validate=True).decode()
        if not v.isdigit():
            raise ValueError
        return int(v)
    except (ValueError, UnicodeDecodeError):
        raise bad("(#100) Invalid cursor")  # invented wording


def relaxed_json(s):
    """JSON, or the docs' relaxed spelling ([{field:"x",...}], single quotes)."""
    try:
        return json.loads(s)
    except ValueError:
        t = s.replace("'", '"')
        t = re.sub(r'([{,]\s*)([A-Za-z_][A-Za-z0-9_.]*)\s*:', r'\1"\2":', t)
        return json.loads(t)


def parse_list(s):
    """A list parameter: JSON list, or a comma list (both are seen on the wire)."""
    s = s.strip()
    if s.startswith("["):
        try:
            v = relaxed_json(s)
            if isinstance(v, list):
                return [str(x) for x in v]
        except ValueError:
            pass
        s = s.strip("[]")
    return [x.strip().strip("\"'") for x in s.split(",") if x.strip().strip("\"'")]


def parse_fields(s):
    """fields=a,b,c{d,e} -> [a, b, c]; sub-selections are ignored."""
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        elif depth == 0:
            cur += ch
    out.append(cur)
    return [re.sub(r"\..*$", "", f.strip()) for f in out if f.strip()]


def parse_date(s, what):
    try:
        return dt.date.fromisoformat(str(s))
    except ValueError:
        raise bad(f"(#100) {what} must be a date in the format YYYY-MM-DD, got '{s}'")  # invented wording


def parse_multipart(ctype, body):
    m = re.search(r'boundary="?([^";]+)"?', ctype)
    if not m:
        return {}
    out = {}
    for part in body.split(b"--" + m.group(1).encode())[1:]:
        if part.startswith(b"--"):
            break
        head, _, val = part.lstrip(b"\r\n").partition(b"\r\n\r\n")
        nm = re.search(rb'name="([^"]*)"', head)
        if nm:
            out[nm.group(1).decode()] = val[:-2].decode("utf-8", "replace") if val.endswith(b"\r\n") \
                else val.decode("utf-8", "replace")
    return out


# ------------------------------------------------------------ the world

class Obj:
    """An ad account, campaign, ad set or ad.  Attributes depend on kind."""

    def __init__(self, kind, oid, name):
        self.kind, self.id, self.name = kind, oid, name
        self.children = []
        self.stop_ord = None


class World:
    """The deterministic ad accounts and their metrics."""

    def __init__(self, a):
        self.seed, self.today, self.H = a.seed, a.today, a.history_days
        self.T = a.today.toordinal()
        self.accounts, self.index, self.acc_by_id, self.ig_by_id = [], {}, {}, {}
        self._n = 0
        for ai in range(a.accounts):
            self._build_account(ai, a)
        # An Instagram account under 100 followers (its page linked, no ad account): Meta has no
        # insights for it, every answer is an empty data set.
        self.ig_small = self._ig_user(f"1784140{self.seed % 1000:03d}9000001", 9000001, "Petit Atelier", 57)
        self.ig_by_id[self.ig_small.ig_id] = self.ig_small
        # After every other object, so that their ids stay what they were without.
        for acc in self.accounts:
            for k in range(getattr(a, "idle_campaigns", 0)):
                self._build_idle(acc, k, a)
        # Meta keeps an account's amount_spent as a running total and answers it at once; the
        # fake adds up its ad-days here, before it listens, so that no client waits on the sum
        # (2,000 ads over their lives: seconds of CPU) and none pays it in the middle of a run.
        for acc in self.accounts:
            acc.spent = sum(self.ad_spend(ad, o) for ad in acc.ads for o in range(ad.first, ad.last + 1))

    def _ig_user(self, ig_id, num, name, followers):
        u = Obj("ig", ig_id, name)
        u.ig_id, u.num, u.followers = ig_id, num, followers
        u.username = f"boutique_demo_{num % 100}" if followers >= 100 else "petit_atelier"
        u.page_id = f"10{self.seed % 1000:03d}{num % 10 ** 9:011d}"
        return u

    def hh(self, *parts):
        return h64(self.seed, *parts)

    def new_id(self):
        self._n += 1
        return f"2385{self.seed % 1000:03d}{self._n * 7919 % 10 ** 10:010d}"

    def _status(self, kind, oid, parent, forced):
        # Children of archived/deleted parents share the parent's fate, as
        # archiving or deleting a campaign does to its ad sets and ads.
        if parent is not None and parent.status in ("ARCHIVED", "DELETED"):
            return parent.status
        if forced:
            return forced
        r = self.hh("status", oid) % 100
        limits = {"campaign": ((4, "DELETED"), (12, "ARCHIVED"), (22, "PAUSED")),
                  "adset": ((8, "ARCHIVED"), (18, "PAUSED")),
                  "ad": ((6, "DELETED"), (12, "ARCHIVED"), (22, "PAUSED"))}[kind]
        for lim, st in limits:
            if r < lim:
                return st
        return "ACTIVE"

    def _dates(self, o, parent_start, spread):
        """created/updated/start/stop of an object, as (ordinal, second of day)."""
        T, oid = self.T, o.id
        start = min(T - 1, parent_start + self.hh("start", oid) % spread)
        if o.kind == "ad" and self.hh("recent", oid) % 12 == 0:
            start = T - 1 - self.hh("recentd", oid) % 20  # a few ads are new: exercise late arrivals
        o.start = (start, self.hh("sts", oid) % 86400)
        o.created = (start - self.hh("cr", oid) % 3, self.hh("crs", oid) % 86400)
        if o.status != "ACTIVE" and o.stop_ord is None:
            o.stop_ord = start + self.hh("stop", oid) % max(1, T - start)
        if o.stop_ord is not None:
            o.updated = (max(o.stop_ord, o.created[0]), self.hh("ups", oid) % 86400)
        else:
            o.updated = (min(T - 1, o.created[0] + self.hh("up", oid) % 60), self.hh("ups", oid) % 86400)

    def _build_account(self, ai, a):
        T, H = self.T, self.H
        num = 1000000000000 + ai + 1
        tz = TIMEZONES[ai % len(TIMEZONES)]
        acc = Obj("account", f"act_{num}", f"Boutique Démo {ai + 1}")
        acc.num, acc.tz, acc.currency = num, tz, tz[4]
        acc.account, acc.campaign, acc.adset = acc, None, None
        acc.status = "ACTIVE"
        acc.created = (T - H - 30 - self.hh("acc", num) % 200, self.hh("accs", num) % 86400)
        acc.ig_id = f"1784140{self.seed % 1000:03d}{ai + 1:07d}"
        acc.ig = self._ig_user(acc.ig_id, acc.num, acc.name, 1000 + h64(self.seed, "igf", num) % 50000)
        acc.campaigns, acc.adsets, acc.ads = [], [], []
        self.accounts.append(acc)
        self.acc_by_id[acc.id] = acc
        self.ig_by_id[acc.ig_id] = acc.ig
        for ci in range(a.campaigns):
            cid = self.new_id()
            forced = "ACTIVE" if ci == 0 else "PAUSED" if (a.campaigns >= 3 and ci == a.campaigns - 1) \
                else "ARCHIVED" if (a.campaigns >= 4 and ci == a.campaigns - 2) else None
            c = Obj("campaign", cid, f"Campaign {ci + 1} · {acc.id}")
            c.account, c.campaign, c.adset = acc, c, None
            c.status = self._status("campaign", cid, None, forced)
            c.objective = OBJECTIVES[self.hh("obj", cid) % len(OBJECTIVES)]
            c.daily_budget = (20 + self.hh("bud", cid) % 200) * 100 if ci % 2 == 0 else None
            self._dates(c, T - H, max(1, H // 3))
            c.ads = []
            acc.campaigns.append(c)
            self.index[cid] = c
            for si in range(a.adsets):
                sid = self.new_id()
                s = Obj("adset", sid, f"Ad set {ci + 1}.{si + 1} – Zielgruppe Süd")
                s.account, s.campaign, s.adset = acc, c, s
                s.status = self._status("adset", sid, c, "ACTIVE" if (ci == 0 and si == 0)
                                        else "PAUSED" if (ci == 0 and si == 1) else None)
                if c.status in ("ARCHIVED", "DELETED"):
                    s.stop_ord = c.stop_ord
                s.daily_budget = None if c.daily_budget else (10 + self.hh("bud", sid) % 100) * 100
                self._dates(s, c.start[0], 15)
                c.children.append(s)
                acc.adsets.append(s)
                self.index[sid] = s
                for di in range(a.ads):
                    adid = self.new_id()
                    forced = None
                    if ci == 0 and si == 0:
                        # Guarantee variety in every account: an active first ad,
                        # an archived one and a deleted one.
                        forced = "ACTIVE" if di == 0 else "DELETED" if (di == a.ads - 1 and a.ads >= 2) \
                            else "ARCHIVED" if di == 1 else None
                    name = f"Ad {ci + 1}.{si + 1}.{di + 1}" + (" 🚀 Launch" if di == 0 else "")
                    ad = Obj("ad", adid, name)
                    ad.account, ad.campaign, ad.adset = acc, c, s
                    ad.status = self._status("ad", adid, s, forced)
                    if s.status in ("ARCHIVED", "DELETED"):
                        ad.stop_ord = s.stop_ord
                    ad.creative_id = self.new_id()
                    self._dates(ad, s.start[0], 10)
                    # Delivery window: inside every ancestor's, ending when any stopped.
                    ad.first = max(c.start[0], s.start[0], ad.start[0], T - H)
                    ad.last = min([T - 1] + [x.stop_ord for x in (c, s, ad) if x.stop_ord is not None])
                    ad.num = int(adid)
                    ad.base = 200 + self.hh("base", adid) % 5000
                    ad.cpm = 250 + self.hh("cpm", adid) % 1500
                    ad.conv = 10 + self.hh("conv", adid) % 50
                    ad.aov = 1500 + self.hh("aov", adid) % 12000
                    self._ad_kind(ad, c)
                    s.children.append(ad)
                    c.ads.append(ad)
                    acc.ads.append(ad)
                    self.index[adid] = ad
        for o in acc.campaigns + acc.adsets + acc.ads:
            o.eff = self._effective(o)

    def _ad_kind(self, ad, c):
        """What an ad reports besides the common metrics.  inline: "link"
        (inline_link_clicks = the link_click action), "zero" (inline_link_clicks
        "0": clicks that open an instant form, a chat or a profile are link_click
        actions but not inline link clicks) or "none" (no inline_link_clicks at
        all, as for some placements and creatives).  leadish: how many form
        leads it draws (lead-generation campaigns more)."""
        k = self.hh("inline", ad.id) % 10
        ad.inline = "zero" if k < 2 else "none" if k == 2 else "link"
        ad.leadish = 14 if c.objective == "OUTCOME_LEADS" else 4

    def _build_idle(self, acc, k, a):
        """A campaign that never delivered: created and paused before it ran,
        with one ad set and one ad, in insights never, in the entity edges
        always (PAUSED, CAMPAIGN_PAUSED)."""
        T = self.T
        cid = self.new_id()
        c = Obj("campaign", cid, f"Campaign {a.campaigns + k + 1} · {acc.id}")
        c.account, c.campaign, c.adset = acc, c, None
        c.status = "ACTIVE"  # for _dates: no stop time, it never started
        c.objective = OBJECTIVES[self.hh("obj", cid) % len(OBJECTIVES)]
        c.daily_budget = (20 + self.hh("bud", cid) % 200) * 100
        self._dates(c, T - 40, 30)
        c.ads = []
        acc.campaigns.append(c)
        self.index[cid] = c
        sid = self.new_id()
        s = Obj("adset", sid, f"Ad set {a.campaigns + k + 1}.1 – Zielgruppe Süd")
        s.account, s.campaign, s.adset, s.status, s.daily_budget = acc, c, s, "ACTIVE", None
        self._dates(s, c.start[0], 3)
        c.children.append(s)
        acc.adsets.append(s)
        self.index[sid] = s
        adid = self.new_id()
        ad = Obj("ad", adid, f"Ad {a.campaigns + k + 1}.1.1")
        ad.account, ad.campaign, ad.adset, ad.status = acc, c, s, "ACTIVE"
        ad.creative_id = self.new_id()
        self._dates(ad, s.start[0], 3)
        ad.first, ad.last = T, T - 1  # an empty delivery window
        ad.num = int(adid)
        ad.base, ad.cpm, ad.conv, ad.aov = 200, 500, 10, 1500
        self._ad_kind(ad, c)
        s.children.append(ad)
        c.ads.append(ad)
        acc.ads.append(ad)
        self.index[adid] = ad
        c.status = getattr(a, "idle_status", "PAUSED")
        for o in (c, s, ad):
            o.eff = self._effective(o)

    @staticmethod
    def _effective(o):
        if o.status != "ACTIVE" or o.kind == "campaign":
            return o.status
        if o.campaign.status == "PAUSED":
            return "CAMPAIGN_PAUSED"
        if o.kind == "ad" and o.adset.status == "PAUSED":
            return "ADSET_PAUSED"
        return "ACTIVE"

    def wire_time(self, acc, when):
        """Graph datetime: "2026-03-12T15:02:47-0700" in the account's zone."""
        ordinal, secs = when
        d = dt.date.fromordinal(ordinal)
        return f"{d.isoformat()}T{secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}" \
               f"{fmt_offset(utc_offset(acc.tz, d))}"

    def epoch(self, acc, when):
        ordinal, secs = when
        return (ordinal - EPOCH_ORD) * 86400 + secs - int(utc_offset(acc.tz, dt.date.fromordinal(ordinal)) * 3600)

    def ad_day(self, ad, o, restate):
        """Metric vector of one ad on one day (ordinal), or None without delivery."""
        if o < ad.first or o > ad.last:
            return None
        h = int.from_bytes(hashlib.blake2b(b"%d|%d|%d" % (self.seed, ad.num, o), digest_size=32).digest(),
                           "little")
        if h & 63 < 2:
            return None  # a rare dark day: no impressions, hence no row
        r = [(h >> (6 + 16 * k)) & 0xFFFF for k in range(15)]
        weekend = (o - 1) % 7 >= 5
        imp = ad.base * (50 + r[0] % 100) // 100 * (115 if weekend else 100) // 100 + r[1] % 40 + 1
        clk = imp * (5 + r[2] % 30) // 1000
        link = clk * (55 + r[3] % 40) // 100
        uniq = clk * (80 + r[4] % 20) // 100
        reach = max(1, imp * (55 + r[5] % 40) // 100)
        spend = imp * ad.cpm * (90 + r[6] % 20) // 100000
        # Post engagement counts link clicks and reactions, comments, shares: always more.
        post = link + 1 + clk * (r[7] % 30) // 100
        lpv = link * (40 + r[8] % 50) // 100
        pur = (1 + lpv * (r[10] % 8) // 100) if (lpv and r[9] % 100 < ad.conv) else 0
        rev = pur * (ad.aov * (70 + r[11] % 60) // 100)
        inl = 0 if ad.inline != "link" else link
        # Leads, replies and follows from bits the metrics above do not use.
        plead = lpv * (r[12] % 16) // 100
        lgrp = clk * ((r[12] >> 4) % ad.leadish) // 100
        msg = clk * ((r[12] >> 8) % 12) // 100
        follow = imp * ((r[13] % 8) * (1 + (r[13] >> 3) % 3)) // 1000 if r[14] % 4 else 0
        m = [imp, clk, spend, reach, link, uniq, post, lpv, pur, rev, inl, int(ad.inline != "none"),
             lgrp, plead, msg, follow]
        if restate and o >= restate[0]:
            # floor(x*f) keeps every "a <= b" between metrics intact
            m = [int(x * restate[1]) if k != INLN else x for k, x in enumerate(m)]
            if m[IMP] == 0:
                return None
            if m[PUR] == 0:
                m[REV] = 0
        return m

    def ad_spend(self, ad, o):
        """ad_day(ad, o, None)[SPEND], or 0 without delivery: the same hash bits, only the
        ones spend depends on (for the accounts' amount_spent, built at start)."""
        h = int.from_bytes(hashlib.blake2b(b"%d|%d|%d" % (self.seed, ad.num, o), digest_size=32).digest(),
                           "little")
        if h & 63 < 2:
            return 0
        r0, r1, r6 = (h >> 6) & 0xFFFF, (h >> 22) & 0xFFFF, (h >> 102) & 0xFFFF
        imp = ad.base * (50 + r0 % 100) // 100 * (115 if (o - 1) % 7 >= 5 else 100) // 100 + r1 % 40 + 1
        return imp * ad.cpm * (90 + r6 % 20) // 100000

    def ad_day_parts(self, ad, o, m, dims):
        """Split one (ad, day) vector over the breakdown combinations of dims.
        Impressions split along (slightly perturbed) demographic weights, every
        other count along the parts of the count it is bounded by, so parts sum
        exactly to the whole and clicks <= impressions etc. hold per part."""
        ws = []
        for dim in dims:
            hd = int.from_bytes(hashlib.blake2b(b"%d|%d|%d|%s" % (self.seed, ad.num, o, dim.encode()),
                                                digest_size=16).digest(), "little")
            base = BREAKDOWNS[dim]
            if dim == "platform_position" and "publisher_platform" in dims:
                base = [(pos, w) for plat, _ in PLATFORMS for pos, w in POSITIONS[plat]]
            ws.append([b * (75 + ((hd >> (8 * i)) & 0xFF) % 50) for i, (_, b) in enumerate(base)])
        wvec = []
        for idx in combos(tuple(dims)):
            w = 1
            for wd, i in zip(ws, idx):
                w *= wd[i]
            wvec.append(w)
        imp = split(m[IMP], wvec)
        clk = split(m[CLK], imp)
        link = split(m[LINK], clk)
        lpv = split(m[LPV], link)
        pur = split(m[PUR], lpv if m[LPV] else imp)
        extra = split(m[POST] - m[LINK], imp)
        return list(zip(imp, clk, split(m[SPEND], imp), split(m[REACH], imp), link, split(m[UNIQ], clk),
                        [a + b for a, b in zip(link, extra)], lpv, pur, split(m[REV], pur if m[PUR] else imp),
                        split(m[INL], link), [m[INLN]] * len(imp), split(m[LGRP], clk if m[CLK] else imp),
                        split(m[PLEAD], lpv if m[LPV] else imp), split(m[MSG], clk if m[CLK] else imp),
                        split(m[FOLLOW], imp)))

    def reach(self, g, s, e, combo, total, n, top):
        """Reach of a row adding n (ad, day) vectors whose reach sums to total,
        the largest being top: people reached twice (by two ads, on two days)
        count once, so above one vector it is a deterministic 70-95% of the
        sum, never below the largest part, always below the sum."""
        if n <= 1:
            return total
        f = 700 + self.hh("reach", g.id, s, e, "|".join(combo)) % 251
        return max(top, total * f // 1000)

    def ig_day(self, ig, o):
        """An IG user's insights of one (Pacific) day, or None when Meta has nothing for it: a
        profile under 100 followers, a day outside the history, and now and then a day of its own."""
        if ig.followers < 100 or o < self.T - self.H or o > self.T - 1:
            return None
        if o % 19 == ig.num % 19:  # one day in 19: any 45 days have some without data
            return None
        h = h64(self.seed, "ig", ig.num, o)
        quiet = h % 17 == 0
        reach = 150 + (h >> 24) % 4000
        engaged = reach * (5 + (h >> 48) % 20) // 100
        likes, comments = engaged * (40 + (h >> 5) % 30) // 100, (h >> 11) % 40
        shares, saves, replies = (h >> 19) % 30, (h >> 27) % 25, (h >> 33) % 15
        return {"follows": 0 if quiet else 1 + (h >> 8) % 40,
                # now and then nobody unfollowed: Meta then leaves NON_FOLLOWER out
                "unfollows": 0 if quiet or h % 5 == 0 else (h >> 16) % 12 + 1,
                "reach": reach, "views": reach * (2 + (h >> 40) % 4) + (h >> 44) % 100,
                "accounts_engaged": engaged, "likes": likes, "comments": comments, "shares": shares,
                "saves": saves, "replies": replies,
                "total_interactions": likes + comments + shares + saves + replies,
                "profile_links_taps": (h >> 52) % 20}

    @staticmethod
    def pacific_midnight(o):
        """Seconds since the epoch of the Pacific midnight that starts day o (ordinal)."""
        return (o - EPOCH_ORD) * 86400 - int(utc_offset(TIMEZONES[0], dt.date.fromordinal(o)) * 3600)

    @staticmethod
    def pacific_day(ts):
        """The day (ordinal) whose Pacific midnight is nearest to ts: Meta counts IG insights in whole
        Pacific days, so a since/until off by the summer hour means the same days (assumed)."""
        return EPOCH_ORD + math.floor((ts - 8 * 3600) / 86400 + 0.5)


# ------------------------------------------------------- insights engine

class Query:
    """A validated insights request (the part that decides the rows)."""
    pass


class RowSource:
    """Rows of one query, produced lazily by a generator and kept: a page only
    computes the rows up to its end (plus one, to know whether `next` exists)."""

    def __init__(self, gen):
        self.gen, self.rows, self.done = gen, [], False
        self.lock = threading.Lock()

    def upto(self, n):
        with self.lock:
            while not self.done and len(self.rows) < n:
                try:
                    self.rows.append(next(self.gen))
                except StopIteration:
                    self.done = True
            return len(self.rows)

    def total(self):
        return self.upto(float("inf"))


def level_obj(obj, level):
    return {"account": obj.account, "campaign": obj.campaign, "adset": obj.adset, "ad": obj}[level]


def obj_attr(obj, scope, attr):
    o = level_obj(obj, scope)
    return {"id": o.id, "effective_status": o.eff, "name": o.name}[attr] if o is not None else None


class Engine:
    def __init__(self, world, cfg):
        self.w, self.cfg = world, cfg
        self.attribution = [DEFAULT_SETTINGS["attribution_setting"]]  # App.control changes it
        self.cache = collections.OrderedDict()
        self.cache_lock = threading.Lock()

    # ---- request parsing
    def parse(self, node, params):
        T = self.w.today
        q = Query()
        q.node, q.account = node, node.account
        q.level = params.get("level") or node.kind
        if q.level not in LEVELS:
            raise bad("(#100) level must be one of the following values: ad, adset, campaign, account")
        fields = parse_fields(params["fields"]) if params.get("fields") else ["impressions", "spend"]
        for f in fields:
            if f not in INSIGHT_FIELDS:
                raise bad(f"(#100) {f} is not valid for fields param. please check "
                          "https://developers.facebook.com/docs/marketing-api/reference/ads-insights/ "
                          "for all valid values")
        q.fields = [f for f in dict.fromkeys(fields) if f not in ("date_start", "date_stop")]
        q.breakdowns = tuple(parse_list(params.get("breakdowns", "")))
        for i, b in enumerate(q.breakdowns):
            if b == "dma":  # retired 2026-06-22, comscore_market replaces it
                raise bad(f"(#100) breakdowns[{i}] 'dma' is invalid: the dma breakdown is no longer "
                          "supported, use comscore_market instead")  # invented wording
            if b not in BREAKDOWNS:
                raise bad(f"(#100) breakdowns[{i}] must be one of the following values: "
                          + ", ".join(sorted(BREAKDOWNS)) + " (fake-graph supports these only)")
        if len(set(q.breakdowns)) != len(q.breakdowns):
            raise bad("(#100) Duplicate breakdowns are not allowed")  # invented wording
        for i, b in enumerate(parse_list(params.get("action_breakdowns", ""))):
            if b not in ACTION_BREAKDOWNS:
                raise bad(f"(#100) action_breakdowns[{i}] must be one of the following values: "
                          + ", ".join(sorted(ACTION_BREAKDOWNS)))
        q.windows = parse_list(params.get("action_attribution_windows", ""))
        geo = [b for b in q.breakdowns if b in GEO_BREAKDOWNS]
        if "incrementality" in q.windows and geo:
            # Can never succeed, whatever the range (Changes 2025-2026); invented wording.
            raise GraphError(100, f"(#100) Invalid breakdowns: the incrementality attribution window cannot be "
                             f"used with the {geo[0]} breakdown", user_title="Invalid breakdowns",
                             user_msg="The incrementality attribution window does not support geographic "
                                      "breakdowns.")
        # Dates: time_ranges > time_range > date_preset > last_30d.
        ranges = None
        if params.get("time_ranges"):
            try:
                v = relaxed_json(params["time_ranges"])
            except ValueError:
                raise bad("(#100) param time_ranges must be a JSON array of {since, until} objects")
            if not isinstance(v, list) or not v:
                raise bad("(#100) param time_ranges must be non-empty.")
            ranges = [self._range_obj(x, "time_ranges") for x in v]
        elif params.get("time_range") is not None:
            ranges = [self._range_obj(params["time_range"], "time_range")]
        else:
            preset = params.get("date_preset") or "last_30d"
            if preset not in PRESETS:
                raise bad("(#100) date_preset must be one of the following values: " + ", ".join(PRESETS))
            ranges = [self.preset(preset)]
        limit37 = add_months(T, -37)
        for s, u in ranges:
            if s > u:
                raise bad(f"(#100) time_range's since ({s}) must be on or before its until ({u})")  # invented
            if s < limit37:
                # real: code 3018 (seen in a recorded WWW-Authenticate header)
                raise bad("(#3018) The start date of the time range cannot be beyond 37 months from the "
                          "current date", code=3018)
        if params.get("time_ranges"):
            q.slices = [(s.toordinal(), u.toordinal()) for s, u in ranges]
        else:
            q.slices = self.slices(ranges[0], params.get("time_increment", "all_days"))
        q.since, q.until = min(s for s, _ in q.slices), max(u for _, u in q.slices)
        self._parse_filtering(q, params.get("filtering"))
        return q

    def _range_obj(self, v, what):
        if isinstance(v, str):
            if not v.strip():
                raise bad(f"(#100) param {what} must be non-empty.")
            try:
                v = relaxed_json(v)
            except ValueError:
                raise bad(f"(#100) param {what} must be a JSON object with since and until")  # invented
        if not isinstance(v, dict) or "since" not in v or "until" not in v:
            raise bad(f"(#100) param {what} must be non-empty.")
        return parse_date(v["since"], f"{what}[since]"), parse_date(v["until"], f"{what}[until]")

    def preset(self, p):
        T = self.w.today
        y = T - DAY
        m = re.fullmatch(r"last_(\d+)d", p)
        if p == "today":
            return T, T
        if p == "yesterday":
            return y, y
        if m:
            return T - dt.timedelta(days=int(m.group(1))), y
        if p == "this_month":
            return T.replace(day=1), T
        if p == "last_month":
            end = T.replace(day=1) - DAY
            return end.replace(day=1), end
        if p in ("this_quarter", "last_quarter"):
            qs = dt.date(T.year, 3 * ((T.month - 1) // 3) + 1, 1)
            if p == "this_quarter":
                return qs, T
            return add_months(qs, -3), qs - DAY
        if p == "this_year":
            return dt.date(T.year, 1, 1), T
        if p == "last_year":
            return dt.date(T.year - 1, 1, 1), dt.date(T.year - 1, 12, 31)
        if p == "this_week_mon_today":
            return T - dt.timedelta(days=T.weekday()), T
        if p == "this_week_sun_today":
            return T - dt.timedelta(days=(T.weekday() + 1) % 7), T
        if p == "last_week_mon_sun":
            mon = T - dt.timedelta(days=T.weekday() + 7)
            return mon, mon + dt.timedelta(days=6)
        if p == "last_week_sun_sat":
            sun = T - dt.timedelta(days=(T.weekday() + 1) % 7 + 7)
            return sun, sun + dt.timedelta(days=6)
        return add_months(T, -37), T  # maximum, data_maximum, lifetime

    @staticmethod
    def slices(rng, inc):
        s, u = rng[0].toordinal(), rng[1].toordinal()
        inc = str(inc).strip()
        if inc == "all_days":
            return [(s, u)]
        out = []
        if inc == "monthly":
            while s <= u:
                d = dt.date.fromordinal(s)
                e = min(u, (add_months(d.replace(day=1), 1) - DAY).toordinal())
                out.append((s, e))
                s = e + 1
            return out
        if not inc.isdigit() or not 1 <= int(inc) <= 90:
            raise bad("(#100) time_increment must be one of the following values: monthly, all_days, "
                      "or an integer from 1 to 90")  # invented wording
        n = int(inc)
        while s <= u:
            out.append((s, min(u, s + n - 1)))
            s += n
        return out

    def _parse_filtering(self, q, raw):
        q.obj_filters, q.row_filters, q.action_types = [], [], None
        if not raw:
            return
        try:
            flt = relaxed_json(raw)
        except ValueError:
            raise bad("(#100) param filtering must be an array.")
        if not isinstance(flt, list):
            raise bad("(#100) param filtering must be an array.")
        for i, f in enumerate(flt):
            if not isinstance(f, dict) or not {"field", "operator"} <= set(f):
                raise bad(f"(#100) filtering[{i}] must be an object with field, operator and value")
            field, op, val = str(f["field"]), str(f["operator"]).upper(), f.get("value")
            scope, _, attr = field.rpartition(".")
            if attr in ("id", "effective_status", "name") and scope in ("campaign", "adset", "ad"):
                if op in ("IN", "NOT_IN") and isinstance(val, list):
                    q.obj_filters.append((scope, attr, op, tuple(map(str, val))))
                    continue
                if op in ("EQUAL", "NOT_EQUAL", "CONTAIN", "NOT_CONTAIN"):
                    q.obj_filters.append((scope, attr, op, str(val)))
                    continue
            elif attr in ("impressions", "clicks", "spend", "reach") and scope in ("", "campaign", "adset", "ad"):
                if op in ("GREATER_THAN", "GREATER_THAN_OR_EQUAL", "LESS_THAN", "LESS_THAN_OR_EQUAL",
                          "EQUAL", "NOT_EQUAL", "IN_RANGE", "NOT_IN_RANGE"):
                    q.row_filters.append((attr, op, json.dumps(val)))
                    continue
            elif field == "action_type" and op == "IN" and isinstance(val, list):
                q.action_types = set(map(str, val))
                continue
            raise bad(f"(#100) Filtering field '{field}' with operation '{op.lower()}' is not supported")  # invented

    # ---- row production
    def source(self, q, restate):
        key = (q.node.id, q.level, tuple(q.slices), q.breakdowns, repr(q.obj_filters), repr(q.row_filters), restate)
        with self.cache_lock:
            src = self.cache.get(key)
            if src is None:
                src = self.cache[key] = RowSource(self._gen(q, restate))
                while len(self.cache) > 256:
                    self.cache.popitem(last=False)
            else:
                self.cache.move_to_end(key)
            return src

    def clear(self):
        with self.cache_lock:
            self.cache.clear()

    def scope_ads(self, q):
        """Ads under the node that pass the object filters.  As on Meta,
        without a filter on an effective_status the rows of deleted and
        archived objects (the ad, its ad set or campaign) are left out: only
        a filter naming those statuses brings them in, and then the filters
        alone decide."""
        node = q.node
        ads = node.account.ads if node.kind == "account" else node.ads if node.kind == "campaign" \
            else node.children if node.kind == "adset" else [node]
        by_status = any(attr == "effective_status" for _, attr, _, _ in q.obj_filters)
        out = []
        for ad in ads:
            if not by_status and HIDDEN & {ad.status, ad.adset.status, ad.campaign.status}:
                continue
            ok = True
            for scope, attr, op, val in q.obj_filters:
                v = obj_attr(ad, scope, attr)
                if op == "IN":
                    ok = v in val
                elif op == "NOT_IN":
                    ok = v not in val
                elif op == "EQUAL":
                    ok = v == val
                elif op == "NOT_EQUAL":
                    ok = v != val
                elif op == "CONTAIN":
                    ok = val.lower() in v.lower()
                else:
                    ok = val.lower() not in v.lower()
                if not ok:
                    break
            if ok:
                out.append(ad)
        return out

    @staticmethod
    def _row_ok(q, m):
        for attr, op, raw in q.row_filters:
            val = json.loads(raw)
            x = {"impressions": m[IMP], "clicks": m[CLK], "reach": m[REACH], "spend": m[SPEND] / 100}[attr]
            try:
                if op in ("IN_RANGE", "NOT_IN_RANGE"):
                    inside = float(val[0]) <= x <= float(val[1])
                    ok = inside if op == "IN_RANGE" else not inside
                else:
                    v = float(val)
                    ok = {"GREATER_THAN": x > v, "GREATER_THAN_OR_EQUAL": x >= v, "LESS_THAN": x < v,
                          "LESS_THAN_OR_EQUAL": x <= v, "EQUAL": x == v, "NOT_EQUAL": x != v}[op]
            except (TypeError, ValueError, IndexError):
                ok = False
            if not ok:
                return False
        return True

    def _gen(self, q, restate):
        """Rows ordered by time slice, then object id, then breakdown values."""
        w = self.w
        groups = collections.OrderedDict()
        for ad in self.scope_ads(q):
            groups.setdefault(level_obj(ad, q.level).id, (level_obj(ad, q.level), []))[1].append(ad)
        groups = [groups[k] for k in sorted(groups)]
        cvals = [combo_values(q.breakdowns, idx) for idx in combos(q.breakdowns)]
        for si, (s, e) in enumerate(q.slices):
            for g, ads in groups:
                # Per breakdown value (one, () without breakdowns): the summed
                # vector, how many (ad, day) vectors were added, the largest reach.
                accs = {}
                for ad in ads:
                    for o in range(max(s, ad.first), min(e, ad.last) + 1):
                        m = w.ad_day(ad, o, restate)
                        if m is None:
                            continue
                        parts = zip(cvals, w.ad_day_parts(ad, o, m, q.breakdowns)) if q.breakdowns \
                            else (((), m),)
                        for combo, part in parts:
                            if part[IMP]:
                                a = accs.get(combo)
                                if a is None:
                                    accs[combo] = [list(part), 1, part[REACH]]
                                else:
                                    a[0] = [x + y for x, y in zip(a[0], part)]
                                    a[1] += 1
                                    a[2] = max(a[2], part[REACH])
                for combo in (cvals if q.breakdowns else [()]):
                    a = accs.get(combo)
                    if a is None:
                        continue
                    m = a[0]
                    m[REACH] = w.reach(g, s, e, combo, m[REACH], a[1], a[2])
                    if m[IMP] > 0 and self._row_ok(q, m):
                        yield (si, g, combo, tuple(m))

    # ---- rendering
    def render(self, q, row):
        return self.renderer(q)(row)

    def renderer(self, q):
        """The function that renders one row of q as a dict.  The fields are looked at once per
        query, not once per row: a page of 500 wide rows is what the fake spends most on."""
        if getattr(q, "render", None) is not None:
            return q.render
        level, attribution = q.level, self.attribution
        lv = LEVELS.index(level)
        plan = []  # (field, f(g, m) -> value, or None to leave the field out)
        for f in q.fields:
            if f in ID_FIELDS:
                scope = ID_FIELDS[f]
                if LEVELS.index(scope) > lv:
                    continue
                if f == "account_id":
                    fn = (lambda g, m: g.account.id[4:])
                else:
                    get = (lambda g: g) if scope == "ad" else operator.attrgetter(scope)
                    fn = (lambda g, m, get=get: get(g).id) if f.endswith("_id") \
                        else (lambda g, m, get=get: get(g).name)
            elif f == "account_currency":
                fn = (lambda g, m: g.account.currency)
            elif f == "attribution_setting":
                fn = (lambda g, m: attribution[0])  # read per row: App.control may change it
            elif f in ("objective", "buying_type"):
                if level == "account":
                    continue
                fn = (lambda g, m: g.campaign.objective) if f == "objective" else (lambda g, m: "AUCTION")
            elif f == "optimization_goal":
                if level not in ("adset", "ad"):
                    continue
                fn = (lambda g, m: GOALS[g.campaign.objective])
            elif f == "spend":
                fn = (lambda g, m: money(m[SPEND]))
            elif f == "inline_link_clicks":
                fn = (lambda g, m: str(m[INL]) if m[INLN] else None)
            elif f in ("impressions", "clicks", "reach", "unique_clicks"):
                k = {"impressions": IMP, "clicks": CLK, "reach": REACH, "unique_clicks": UNIQ}[f]
                fn = (lambda g, m, k=k: str(m[k]))
            elif f == "frequency":
                fn = (lambda g, m: fmt_dec(m[IMP], m[REACH]) if m[REACH] else None)
            elif f == "ctr":
                fn = (lambda g, m: fmt_dec(m[CLK] * 100, m[IMP]))
            elif f == "unique_ctr":
                fn = (lambda g, m: fmt_dec(m[UNIQ] * 100, m[REACH]) if m[REACH] else None)
            elif f == "inline_link_click_ctr":
                fn = (lambda g, m: fmt_dec(m[INL] * 100, m[IMP]) if m[INLN] else None)
            elif f == "cpm":
                fn = (lambda g, m: fmt_dec(m[SPEND] * 10, m[IMP]))
            elif f == "cpp":
                fn = (lambda g, m: fmt_dec(m[SPEND] * 10, m[REACH]) if m[REACH] else None)
            elif f in ("cpc", "cost_per_inline_link_click", "cost_per_unique_click"):
                k = {"cpc": CLK, "cost_per_inline_link_click": INL, "cost_per_unique_click": UNIQ}[f]
                fn = (lambda g, m, k=k: fmt_dec(m[SPEND], 100 * m[k]) if m[k] else None)
            elif f in ("actions", "action_values", "conversions", "conversion_values",
                       "cost_per_action_type", "purchase_roas"):
                if f in ("actions", "action_values") and not q.windows and q.action_types is None:
                    # The usual request (no attribution windows, no action_type filter), directly.
                    pairs, fmt = (self.actions, str) if f == "actions" else (self.action_values, money)
                    fn = (lambda g, m, pairs=pairs, fmt=fmt:
                          [{"action_type": t, "value": fmt(v)} for t, v in pairs(m) if v] or None)
                elif f in ("conversions", "conversion_values") and not q.windows and q.action_types is None:
                    k, fmt = (PUR, str) if f == "conversions" else (REV, money)
                    fn = (lambda g, m, k=k, fmt=fmt: [{"action_type": "offsite_conversion.fb_pixel_purchase",
                                                        "value": fmt(m[k])}] if m[k] else None)
                else:
                    fn = (lambda g, m, f=f: self._action_list(q, f, m) or None)
            else:
                continue
            plan.append((f, fn))
        dates = [(dt.date.fromordinal(s).isoformat(), dt.date.fromordinal(e).isoformat()) for s, e in q.slices]
        dims = q.breakdowns

        def render(row):
            si, g, combo, m = row
            out = {}
            for f, fn in plan:
                v = fn(g, m)
                if v is not None:
                    out[f] = v
            out["date_start"], out["date_stop"] = dates[si]
            for dim, val in zip(dims, combo):
                out[dim] = val
            return out
        q.render = render
        return render

    @staticmethod
    def actions(m):
        """(action_type, count) of a row's `actions`.  Meta serves a purchase
        under three types with the same count (omni_purchase, its canonical
        one, purchase and the pixel's), and `lead` as the total of the form
        leads (onsite_conversion.lead_grouped) and the website ones
        (offsite_conversion.fb_pixel_lead)."""
        return [("landing_page_view", m[LPV]), ("lead", m[PLEAD] + m[LGRP]), ("link_click", m[LINK]),
                ("offsite_conversion.fb_pixel_lead", m[PLEAD]), ("offsite_conversion.fb_pixel_purchase", m[PUR]),
                ("omni_purchase", m[PUR]), ("onsite_conversion.lead_grouped", m[LGRP]),
                ("onsite_conversion.messaging_first_reply", m[MSG]),
                ("onsite_conversion.post_save_follow", m[FOLLOW]), ("post_engagement", m[POST]),
                ("purchase", m[PUR])]

    @staticmethod
    def action_values(m):
        """(action_type, cents) of a row's `action_values`: the purchase value under its three types."""
        return [("offsite_conversion.fb_pixel_purchase", m[REV]), ("omni_purchase", m[REV]), ("purchase", m[REV])]

    def _action_list(self, q, f, m):
        def entry(t, v):
            e = {"action_type": t, "value": v}
            for win in q.windows:
                e[win] = v
            return e
        keep = (lambda t: t in q.action_types) if q.action_types is not None else (lambda t: True)
        if f == "actions":
            return [entry(t, str(v)) for t, v in self.actions(m) if v and keep(t)]
        if f == "action_values":
            return [entry(t, money(v)) for t, v in self.action_values(m) if v and keep(t)]
        if f == "conversions":
            t = "offsite_conversion.fb_pixel_purchase"
            return [entry(t, str(m[PUR]))] if m[PUR] and keep(t) else []
        if f == "conversion_values":
            t = "offsite_conversion.fb_pixel_purchase"
            return [entry(t, money(m[REV]))] if m[REV] and keep(t) else []
        if f == "cost_per_action_type":
            return [entry(t, fmt_dec(m[SPEND], 100 * v)) for t, v in self.actions(m) if v and keep(t)]
        if m[PUR] and m[SPEND] and keep("omni_purchase"):
            return [entry("omni_purchase", fmt_dec(m[REV], m[SPEND]))]
        return []


# ------------------------------------------------------------ the app

class Resp:
    def __init__(self, status, body, headers=(), ctype="application/json; charset=UTF-8", code=None):
        self.status, self.body, self.ctype = status, body, ctype
        self.headers = list(headers)
        self.code = code  # the Graph error code of an error answer, for the request log


class Ctx:
    """One Graph request, top-level or a batch item."""

    def __init__(self, method, path, version, params, host, token, auth):
        self.method, self.path, self.version, self.params = method, path, version, params
        self.host, self.token, self.auth = host, token, auth


class Run:
    pass


class App:
    def __init__(self, args):
        self.args = args
        self.world = World(args)
        self.engine = Engine(self.world, args)
        self.lock = threading.Lock()
        self.settings = json.loads(json.dumps(DEFAULT_SETTINGS))
        self.settings["latency_ms"] = args.latency_ms
        self.log, self.seq, self.expire_base = [], 0, 0
        # Rate windows: t0 of window 0, [window, count] per account number and for the app.
        self.clock0, self.acc_use, self.app_use = None, {}, [0, 0]
        self.block_calls, self.blocked = {}, {}  # calls since block_after was set; account -> until
        self.runs, self.run_no = {}, 0
        self.spent_cache = {}
        self.logf = open(args.log, "a", encoding="utf-8") if args.log else None

    def snapshot(self):
        with self.lock:
            return json.loads(json.dumps(self.settings))

    def restate(self, st):
        if st["restate_days"] > 0 and st["restate_factor"] != 1.0:
            return (self.world.T - st["restate_days"], float(st["restate_factor"]))
        return None

    # ---- JSON
    def jbody(self, obj, raw=None):
        if raw is None:
            raw = self.settings.get("raw_utf8")
        if raw:
            return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
        # The Graph escapes non-ASCII as \uXXXX and '/' as '\/'.
        return json.dumps(obj, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/").encode()

    def trace(self, ctx_method, path, params):
        p = sorted((k, v) for k, v in params.items() if k not in ("access_token", "appsecret_proof"))
        h = hashlib.sha256(f"{self.args.seed}|{ctx_method}|{path}|{p}".encode()).digest()
        return "A" + base64.b64encode(h).decode().translate(str.maketrans("+/=", "xyz"))[:22]

    def error_resp(self, e, version, method, path, params):
        hdrs = self.with_app_usage(version_headers(version) + e.headers)
        if e.etype == "OAuthException":
            kind = "invalid_token" if e.code == 190 else "invalid_request"
            msg = e.message.encode("ascii", "replace").decode().replace('"', "'")
            hdrs.append(("WWW-Authenticate", f'OAuth "Facebook Platform" "{kind}" "{msg}"'))
        return Resp(e.status, self.jbody(e.envelope(self.trace(method, path, params))), hdrs, code=e.code)

    # ---- auth
    def now_text(self):
        """The fake 'current time' shown in the expired-token message, from --today."""
        d = self.world.today
        return f"{d.strftime('%A')}, {d.strftime('%d-%b-%y')} 02:00:00 " + \
               ("PDT" if utc_offset(TIMEZONES[0], d) == -7 else "PST")

    def expired(self):
        d = self.world.today - dt.timedelta(days=97)
        zone = "PDT" if utc_offset(TIMEZONES[0], d) == -7 else "PST"
        return GraphError(190, f"Error validating access token: Session has expired on {d.strftime('%A')}, "
                          f"{d.strftime('%d-%b-%y')} 10:00:00 {zone}. The current time is {self.now_text()}.",
                          subcode=463)

    def app_token(self):
        return f"{self.args.app_id}|{self.args.app_secret}" if self.args.app_secret else None

    def check_auth(self, ctx, seq, proof_needed):
        if not ctx.token:
            raise GraphError(190, "An active access token must be used to query information about the current user.")
        if self.app_token() and hmac.compare_digest(ctx.token.encode(), self.app_token().encode()):
            if not re.match(r"^/v\d+\.\d+/debug_token/?$", ctx.path):
                # invented wording; Meta refuses an app token on user data similarly
                raise GraphError(200, "(#200) An app access token cannot be used for this request")
            return
        if self.args.token is not None and not hmac.compare_digest(ctx.token.encode(), self.args.token.encode()):
            raise self.expired()
        with self.lock:
            exp, base = self.settings["expire_token_after"], self.expire_base
        if exp is not None and seq is not None and seq - base >= exp:
            raise self.expired()
        if self.args.app_secret and proof_needed:
            proof = ctx.params.get("appsecret_proof")
            if not proof:
                raise GraphError(100, "API calls from the server require an appsecret_proof argument",
                                 etype="GraphMethodException")
            want = hmac.new(self.args.app_secret.encode(), ctx.token.encode(), hashlib.sha256).hexdigest()
            if not hmac.compare_digest(proof.lower().encode(), want.encode()):
                raise GraphError(100, "Invalid appsecret_proof provided in the API argument",
                                 etype="GraphMethodException")

    # ---- rate limits
    def window(self, now):
        """(index, end) of the rate window at now; under self.lock."""
        w = float(self.settings["usage_window_s"])
        if self.clock0 is None:
            self.clock0 = now
        k = int((now - self.clock0) // w)
        return k, self.clock0 + (k + 1) * w

    def budgets(self):
        """(per account, per app) calls per window; under self.lock."""
        budget = max(1, int(self.settings["usage_budget"]))
        app = self.settings["app_budget"]
        return budget, max(1, int(app)) if app is not None else budget * max(1, len(self.world.accounts))

    def meter(self, acc, kind):
        """Count one call against the account and the app; return the usage
        headers or raise the throttle error (with them).  kind: insights |
        management | account."""
        now = time.monotonic()
        with self.lock:
            k, end = self.window(now)
            budget, app_budget = self.budgets()
            until = self.blocked.get(acc.num)
            if until is not None and now >= until:
                del self.blocked[acc.num]
                until = None
            after = self.settings["block_after"]
            if until is None and after is not None:
                n = self.block_calls.get(acc.num, 0)
                if n >= after:
                    until = self.blocked[acc.num] = now + float(self.settings["block_seconds"])
                else:
                    self.block_calls[acc.num] = n + 1
            use = self.acc_use.get(acc.num)
            if use is None or use[0] != k:
                use = self.acc_use[acc.num] = [k, 0]
            if self.app_use[0] != k:
                self.app_use = [k, 0]
            app = self.app_use
            throttled = until is None and (use[1] >= budget or app[1] >= app_budget)
            if until is None and not throttled:
                use[1] += 1
                app[1] += 1
            count, napp = use[1], app[1]
        if until is not None:
            left = until - now
            hdrs = self.usage_headers(acc, kind, 100.0, math.ceil(left), math.ceil(left / 60),
                                      napp * 100 // app_budget)
            raise self.blocked_error(kind, hdrs)
        # Whole minutes, rounded down: the window's reset is in x-ad-account-usage.
        regain = int((end - now) // 60) if throttled else 0
        hdrs = self.usage_headers(acc, kind, count * 100 / budget, math.ceil(end - now) if count else 0,
                                  regain, min(100, napp * 100 // app_budget))
        if throttled:
            if use[1] < budget:  # the app's budget is spent, not the account's
                raise self.app_throttle_error(kind, hdrs)
            raise self.throttle_error(kind, hdrs)
        return hdrs

    @staticmethod
    def usage_headers(acc, kind, pct, reset, regain_min, app_pct):
        """The usage headers of a metered answer, as Meta sends them."""
        whole = min(100, int(pct))
        btype = "ads_insights" if kind == "insights" else "ads_management"
        hdrs = [
            ("x-app-usage", json.dumps({"call_count": app_pct, "total_cputime": app_pct // 2,
                                        "total_time": app_pct // 2}, separators=(",", ":"))),
            ("x-ad-account-usage", json.dumps({"acc_id_util_pct": round(pct, 2), "reset_time_duration": reset,
                                               "ads_api_access_tier": "standard_access"}, separators=(",", ":"))),
            ("x-business-use-case-usage", json.dumps({str(acc.num): [{
                "type": btype, "call_count": whole, "total_cputime": whole // 2, "total_time": whole // 2,
                "estimated_time_to_regain_access": regain_min,
                "ads_api_access_tier": "standard_access"}]}, separators=(",", ":"))),
        ]
        if kind == "insights":
            hdrs.append(("x-fb-ads-insights-throttle", json.dumps(
                {"app_id_util_pct": app_pct, "acc_id_util_pct": whole,
                 "ads_api_access_tier": "standard_access"}, separators=(",", ":"))))
        return hdrs

    def with_app_usage(self, hdrs):
        """Every Graph answer carries x-app-usage; calls that meter() did not
        count (no ad account in scope) are counted here, never throttled."""
        if any(k == "x-app-usage" for k, _ in hdrs):
            return hdrs
        now = time.monotonic()
        with self.lock:
            k, _ = self.window(now)
            _, app_budget = self.budgets()
            if self.app_use[0] != k:
                self.app_use = [k, 0]
            self.app_use[1] += 1
            pct = min(100, self.app_use[1] * 100 // app_budget)
        return hdrs + [("x-app-usage", json.dumps({"call_count": pct, "total_cputime": pct // 2,
                                                   "total_time": pct // 2}, separators=(",", ":")))]

    @staticmethod
    def throttle_error(kind, hdrs):
        rl = " Wait a bit and try again. For more info, please refer to " \
             "https://developers.facebook.com/docs/graph-api/overview/rate-limiting."
        if kind == "insights":
            return GraphError(80000, "(#80000) There have been too many calls from this ad-account." + rl,
                              subcode=2446079, headers=hdrs)
        if kind == "management":
            return GraphError(80004, "(#80004) There have been too many calls from this ad-account." + rl,
                              subcode=2446079, headers=hdrs)
        return GraphError(17, "(#17) User request limit reached", subcode=2446079, transient=True, headers=hdrs)

    @staticmethod
    def app_throttle_error(kind, hdrs):
        if kind == "insights":
            return GraphError(4, "(#4) There have been too many calls from this app. Wait a bit and try again.",
                              subcode=1504039, transient=True, headers=hdrs)
        return GraphError(4, "(#4) Application request limit reached", transient=True, headers=hdrs)

    @staticmethod
    def blocked_error(kind, hdrs):
        """An account blocked for long (block_after): Meta's 'Ad Account Has Too Many API Calls'."""
        if kind == "insights":
            return GraphError(80000, "(#80000) There have been too many calls from this ad-account. Wait a bit "
                              "and try again. For more info, please refer to "
                              "https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
                              subcode=2446079, transient=False, headers=hdrs)
        return GraphError(17, "(#17) User request limit reached", subcode=2446079, transient=False, headers=hdrs)

    # ---- faults
    def pick(self, st, seq, tag, allowed):
        kinds = [f for f in st["faults"] if f in allowed]
        if not kinds or st["fail_rate"] <= 0:
            return None
        h = h64(st["fault_seed"], tag, seq)
        if (h % 1000000) / 1000000.0 >= st["fail_rate"]:
            return None
        return kinds[(h >> 24) % len(kinds)]

    def fault_resp(self, fault, path, version):
        if fault == "html503":
            body = (b"<!DOCTYPE html><html lang=\"en\"><head><title>Service Unavailable</title></head><body>"
                    b"<h1>Sorry, something went wrong.</h1><p>We're working on it and we'll get it fixed as "
                    b"soon as we can.</p></body></html>")
            return Resp(503, body, [], "text/html; charset=utf-8")
        if fault == "500":
            e = GraphError(1, "An unknown error occurred", status=500, subcode=99)
        elif fault == "transient2":
            e = GraphError(2, "(#2) Service temporarily unavailable", transient=True)
        else:  # throttle, as if the budget were spent; throttle_window: with the usage headers saying so
            kind = "insights" if "/insights" in path else \
                "management" if re.search(r"/(campaigns|adsets|ads)$", path) else "account"
            m = re.search(r"/act_(\d+)(?:/|$)", path)
            acc = self.world.acc_by_id.get(f"act_{m.group(1)}") if m else None
            hdrs = []
            if fault == "throttle_window" and acc is not None:
                now = time.monotonic()
                with self.lock:
                    _, end = self.window(now)
                    _, app_budget = self.budgets()
                    app_pct = min(100, self.app_use[1] * 100 // app_budget)
                hdrs = self.usage_headers(acc, kind, 100.0, math.ceil(end - now), 0, app_pct)
            e = self.throttle_error(kind, hdrs)
        return self.error_resp(e, version, "GET", path, {})

    # ---- HTTP entry
    def handle(self, req):
        t0 = time.time()
        method = req.command
        sp = urlsplit(req.path)
        path = unquote(sp.path) or "/"
        query = dict(parse_qsl(sp.query, keep_blank_values=True))
        body = self.read_body(req)
        if path.startswith("/__"):
            return self.send(req, self.test_endpoint(method, path, query, body), None)
        form = {}
        ctype = req.headers.get("Content-Type", "")
        if body and "multipart/form-data" in ctype:
            form = parse_multipart(ctype, body)
        elif body and "json" in ctype:
            try:
                v = json.loads(body)
                form = {k: (x if isinstance(x, str) else json.dumps(x)) for k, x in v.items()} \
                    if isinstance(v, dict) else {}
            except ValueError:
                pass
        elif body:
            form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        params = {**query, **form}
        token, auth = None, "none"
        m = re.match(r"(?i)\s*(?:bearer|oauth)\s+(\S+)", req.headers.get("Authorization", ""))
        if m:
            token, auth = m.group(1), "header"
        elif params.get("access_token"):
            token, auth = params["access_token"], "param"
        host = req.headers.get("Host") or f"{self.args.host}:{req.server.server_address[1]}"
        with self.lock:
            seq = self.seq
            self.seq += 1
        st = self.snapshot()
        fault = self.pick(st, seq, "req", REQUEST_FAULTS)
        vm = re.match(r"^/(v\d+\.\d+)(?:/|$)", path)
        version = vm.group(1) if vm else DEFAULT_VERSION
        if fault in ("500", "html503", "transient2", "throttle", "throttle_window"):
            resp = self.fault_resp(fault, path, version)
        elif fault == "reset":
            resp = None
        else:
            if fault == "slow":
                time.sleep(st["slow_ms"] / 1000.0)
            ctx = Ctx(method, path, version, params, host, token, auth)
            resp = self.graph_top(ctx, seq)
        if st["latency_ms"]:
            time.sleep(st["latency_ms"] / 1000.0)
        n = self.send(req, resp, fault)
        entry = {"t": round(t0, 6), "method": method, "path": path, "query": self.redact(query),
                 "status": resp.status if resp else 0, "auth": auth, "bytes": n}
        if form:
            entry["form"] = self.redact(form)
        if resp is not None:
            self.log_error(entry, resp)
        if fault:
            entry["fault"] = fault
        self.record(entry)

    @staticmethod
    def log_error(entry, resp):
        """An error answer's code in the log, and for a rate limit what it announced:
        reset (reset_time_duration, s) and regain (estimated_time_to_regain_access, min)."""
        if resp.code is None:
            return
        entry["code"] = resp.code
        for k, v in resp.headers:
            if k == "x-ad-account-usage":
                entry["reset"] = json.loads(v).get("reset_time_duration")
            elif k == "x-business-use-case-usage":
                entry["regain"] = max(x.get("estimated_time_to_regain_access", 0)
                                      for lst in json.loads(v).values() for x in lst)

    @staticmethod
    def redact(d):
        return {k: ("REDACTED" if k == "access_token" else v) for k, v in d.items()}

    def record(self, entry):
        with self.lock:
            self.log.append(entry)
            if self.logf:
                self.logf.write(json.dumps(entry, ensure_ascii=False) + "\n")
                self.logf.flush()

    @staticmethod
    def read_body(req):
        if "chunked" in req.headers.get("Transfer-Encoding", "").lower():
            out = b""
            while True:
                size = int(req.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while req.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return out
                out += req.rfile.read(size)
                req.rfile.readline()
        n = int(req.headers.get("Content-Length") or 0)
        return req.rfile.read(n) if n > 0 else b""

    def send(self, req, resp, fault):
        if resp is None:  # "reset": abort the connection with a TCP RST
            req.close_connection = True
            try:
                req.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                req.connection.close()
            except OSError:
                pass
            return 0
        body, n = resp.body, len(resp.body)
        ae = req.headers.get("Accept-Encoding", "")
        gz = body and any(t.split(";")[0].strip() == "gzip" and "q=0" not in t.replace(" ", "")
                          for t in ae.split(","))
        if gz:
            # zlib's default level (6), as servers commonly use, not gzip.compress's 9: the same
            # body once inflated, ~9% more bytes on the wire, a third of the CPU, which under one
            # GIL would otherwise slow every other answer of a concurrent client.
            body = gzip.compress(body, compresslevel=6, mtime=0)
        try:
            req.send_response(resp.status)
            req.send_header("Content-Type", resp.ctype)
            for k, v in resp.headers:
                req.send_header(k, v)
            if gz:
                req.send_header("Content-Encoding", "gzip")
            req.send_header("Content-Length", str(len(body)))
            req.end_headers()
            if fault == "truncate":
                req.wfile.write(body[:len(body) // 2])
                req.close_connection = True
            else:
                req.wfile.write(body)
        except OSError:
            req.close_connection = True
        return n

    # ---- Graph dispatch
    def graph_top(self, ctx, seq):
        """A top-level Graph request: version check, auth, batch or route."""
        m = re.match(r"^/(v\d+\.\d+)(/.*)?$", ctx.path)
        batch = ctx.method == "POST" and "batch" in ctx.params and (ctx.path == "/" or (m and (m.group(2) or "/") == "/"))
        try:
            if not m and not batch:
                raise bad(f"Unknown path components: {ctx.path}")
            self.check_auth(ctx, seq, True)
            if batch:
                return self.batch(ctx)
            return self.dispatch(ctx, m.group(2) or "/")
        except GraphError as e:
            return self.error_resp(e, ctx.version, ctx.method, ctx.path, ctx.params)

    def dispatch(self, ctx, rest):
        try:
            obj, hdrs = self.route(ctx, rest)
            return Resp(200, self.jbody(obj), self.with_app_usage(version_headers(ctx.version) + hdrs))
        except GraphError as e:
            return self.error_resp(e, ctx.version, ctx.method, ctx.path, ctx.params)

    def resolve(self, nid):
        w = self.world
        if nid == "me":
            return "me", None
        if nid in w.acc_by_id:
            return "account", w.acc_by_id[nid]
        if nid in w.index:
            o = w.index[nid]
            return o.kind, o
        if nid in w.ig_by_id:
            return "ig", w.ig_by_id[nid]
        with self.lock:
            run = self.runs.get(nid)
        if run is not None:
            return "run", run
        raise unsupported(nid)

    def route(self, ctx, rest):
        segs = [s for s in rest.split("/") if s]
        if not segs:
            raise bad(f"Unknown path components: {ctx.path}")
        if len(segs) > 2:
            raise bad("Unknown path components: /" + "/".join(segs[2:]))
        nid, edge = segs[0], (segs[1] if len(segs) == 2 else None)
        if ctx.method not in ("GET", "POST"):
            raise unsupported(nid, ctx.method.lower())
        if nid == "debug_token" and edge is None and ctx.method == "GET":
            return self.debug_token(ctx), []
        if nid == "me" and edge == "permissions" and ctx.method == "GET":
            return {"data": [{"permission": p, "status": st} for p, st in PERMISSIONS]}, []
        kind, obj = self.resolve(nid)
        if ctx.method == "POST":
            if edge == "insights" and kind in LEVELS:
                return self.create_run(ctx, obj)
            raise unsupported(nid, "post")
        if edge is None:
            return self.node(ctx, kind, obj)
        if edge == "insights" and kind in LEVELS:
            return self.insights(ctx, obj)
        if edge == "insights" and kind == "run":
            return self.run_results(ctx, obj)
        if edge == "insights" and kind == "ig":
            return self.ig_insights(ctx, obj), []
        if edge in ("campaigns", "adsets", "ads") and kind in ("account", "campaign", "adset"):
            if (kind, edge) not in (("campaign", "campaigns"), ("adset", "campaigns"), ("adset", "adsets")):
                return self.entities(ctx, obj, edge)
        if kind == "account" and edge == "instagram_accounts":
            hdrs = self.meter(obj, "management")
            ig = self.node_dict("ig", obj.ig, parse_fields(ctx.params.get("fields", "")) or ["id"])
            return self.page_list(ctx, [ig], lambda x: x, lambda x: x["id"]), hdrs
        if kind == "me" and edge == "accounts":
            return self.me_accounts(ctx), []
        if kind == "me" and edge == "adaccounts":
            fields = parse_fields(ctx.params.get("fields", "")) or ["account_id", "id"]
            items = [self.node_dict("account", a, fields) for a in self.world.accounts]
            return self.page_list(ctx, items, lambda x: x, lambda x: x["id"]), []
        raise unsupported(nid)

    def debug_token(self, ctx):
        """The token under inspection (input_token), asked with the app token."""
        if not self.app_token() or not hmac.compare_digest(ctx.token.encode(), self.app_token().encode()):
            raise GraphError(100, "(#100) You must provide an app access token, or a user access token "
                             "that is an owner or developer of the app", etype="GraphMethodException")
        tok = ctx.params.get("input_token", "")
        if not tok:
            raise bad("(#100) The parameter input_token is required")
        today = dt.datetime.combine(self.world.today, dt.time(), dt.timezone.utc)
        if self.args.token is not None and not hmac.compare_digest(tok.encode(), self.args.token.encode()):
            return {"data": {"app_id": self.args.app_id, "type": "USER", "application": "metasync test app",
                             "is_valid": False, "scopes": [], "error": {"code": 190, "message":
                             "Error validating access token: The session is invalid.", "subcode": 460}}}
        return {"data": {"app_id": self.args.app_id, "type": "SYSTEM_USER", "application": "metasync test app",
                         "data_access_expires_at": int((today + dt.timedelta(days=90)).timestamp()),
                         "expires_at": 0, "is_valid": True,
                         "scopes": [p for p, st in PERMISSIONS if st == "granted"],
                         "user_id": "100000000000001"}}

    # ---- nodes and entity edges
    def node(self, ctx, kind, obj):
        if kind == "me":
            return {"id": "100000000000001", "name": "Fake Graph User"}, []
        if kind == "run":
            return self.run_status(obj), self.meter(obj.account, "insights")
        if kind == "ig":
            return self.node_dict("ig", obj, parse_fields(ctx.params.get("fields", "")) or ["id"]), []
        hdrs = self.meter(obj.account, "account" if kind == "account" else "management")
        default = ["id", "name"] if kind == "account" else ["id"]
        return self.node_dict(kind, obj, parse_fields(ctx.params.get("fields", "")) or default), hdrs

    def node_dict(self, kind, o, fields):
        """Requested fields in order, unset ones absent, then id (as the Graph does)."""
        w = self.world
        for f in fields:
            if f not in NODE_FIELDS[kind]:
                raise bad(f"(#100) Tried accessing nonexisting field ({f}) on node type ({NODE_TYPE[kind]})")
        out = {}
        for f in fields:
            if kind == "ig":
                v = {"id": o.ig_id, "username": o.username, "name": o.name, "followers_count": o.followers,
                     "media_count": 20 + h64(w.seed, "igm", o.num) % 500}[f]
            elif kind == "account":
                v = self.account_field(o, f)
            else:
                v = self.object_field(o, f)
            if v is not None:
                out[f] = v
        out.pop("id", None)
        out["id"] = o.ig_id if kind == "ig" else o.id
        if "id" in fields:  # keep the requested position when asked for
            out = {f: out[f] for f in fields if f in out} | out
        return out

    def account_field(self, a, f):
        w = self.world
        if f == "amount_spent":
            return str(self.amount_spent(a))
        return {
            "id": a.id, "account_id": str(a.num), "name": a.name, "currency": a.currency,
            "timezone_name": a.tz[0], "timezone_offset_hours_utc": utc_offset(a.tz, w.today),
            "timezone_id": a.tz[3], "account_status": 1, "balance": "0", "spend_cap": "0",
            "created_time": w.wire_time(a, a.created), "disable_reason": 0, "business_name": "Démo GmbH",
            "business": {"id": "100200300400500", "name": "Démo GmbH"},
            "attribution_spec": ATTRIBUTION_SPECS[self.settings["attribution_setting"]],
        }[f]

    def amount_spent(self, a):
        rs = self.restate(self.snapshot())
        if rs is None:
            return a.spent  # summed when the world was built
        key = (a.id, rs)
        if key not in self.spent_cache:
            self.spent_cache[key] = sum(m[SPEND] for ad in a.ads for o in range(ad.first, ad.last + 1)
                                        for m in [self.world.ad_day(ad, o, rs)] if m)
        return self.spent_cache[key]

    def object_field(self, o, f):
        w, acc = self.world, o.account
        if f in ("status", "configured_status"):
            return o.status
        if f == "created_time":
            return w.wire_time(acc, o.created)
        if f == "updated_time":
            return w.wire_time(acc, o.updated)
        if f == "start_time":
            return w.wire_time(acc, o.start)
        if f in ("stop_time", "end_time"):
            return w.wire_time(acc, (o.stop_ord + 1, 0)) if o.stop_ord is not None else None
        if f in ("lifetime_budget", "spend_cap", "bid_amount"):
            return None  # the generated objects run on daily budgets without caps or bids
        if f in ("daily_budget", "budget_remaining"):
            b = getattr(o, "daily_budget", None)
            return None if b is None else str(b if f == "daily_budget" else b * (h64(o.id, "rem") % 100) // 100)
        return {
            "id": o.id, "account_id": str(acc.num), "name": o.name, "effective_status": o.eff,
            "objective": getattr(o, "objective", None), "buying_type": "AUCTION",
            "bid_strategy": "LOWEST_COST_WITHOUT_CAP", "special_ad_categories": [],
            "campaign_id": o.campaign.id, "adset_id": o.adset.id if o.adset else None,
            "campaign": {"id": o.campaign.id}, "adset": {"id": o.adset.id} if o.adset else None,
            "optimization_goal": GOALS[o.campaign.objective], "billing_event": "IMPRESSIONS",
            "targeting": {"age_max": 65, "age_min": 18, "geo_locations": {"countries": ["US", "DE"]}},
            "creative": {"id": getattr(o, "creative_id", "")},
        }[f]

    def entities(self, ctx, node, edge):
        hdrs = self.meter(node.account, "management")
        p = ctx.params
        fields = parse_fields(p.get("fields", "")) or ["id"]
        kind = edge[:-1]
        for f in fields:
            if f not in NODE_FIELDS[kind]:
                raise bad(f"(#100) Tried accessing nonexisting field ({f}) on node type ({NODE_TYPE[kind]})")
        items = self.entity_list(node, edge, p)
        out = self.page_list(ctx, items, lambda o: self.node_dict(kind, o, fields), lambda o: o.id)
        if p.get("summary") in ("true", "1", "total_count"):
            out["summary"] = {"total_count": len(items)}
        return out, hdrs

    def entity_list(self, node, edge, p):
        pool = {"campaigns": node.account.campaigns, "adsets": node.account.adsets, "ads": node.account.ads}[edge]
        if node.kind != "account":
            pool = [o for o in pool if level_obj(o, node.kind) is node]
        # Unset, the edge hides ARCHIVED and DELETED; DELETED is never returned.
        allowed = {"ACTIVE", "PAUSED", "CAMPAIGN_PAUSED", "ADSET_PAUSED", "IN_PROCESS", "WITH_ISSUES"}
        if p.get("effective_status"):
            allowed = set(parse_list(p["effective_status"]))
            for i, s in enumerate(sorted(allowed)):
                if s not in EFFECTIVE_STATUSES:
                    raise bad(f"(#100) Param effective_status[{i}] must be one of {{"
                              + ", ".join(EFFECTIVE_STATUSES) + "}")
        preds = []
        if p.get("filtering"):
            try:
                flt = relaxed_json(p["filtering"])
                assert isinstance(flt, list) and all(isinstance(f, dict) for f in flt)
            except (ValueError, AssertionError):
                raise bad("(#100) param filtering must be an array.")
            for f in flt:
                field, op, val = str(f.get("field", "")), str(f.get("operator", "")).upper(), f.get("value")
                attr = field.rpartition(".")[2]
                if attr == "effective_status" and op == "IN" and isinstance(val, list):
                    allowed = set(map(str, val))  # as Airbyte asks for archived objects
                elif attr == "id" and op in ("IN", "NOT_IN") and isinstance(val, list):
                    vals, want = set(map(str, val)), op == "IN"
                    preds.append(lambda o, vals=vals, want=want: (o.id in vals) == want)
                elif attr == "updated_time" and op in ("GREATER_THAN", "LESS_THAN"):
                    t, gt = float(val), op == "GREATER_THAN"
                    preds.append(lambda o, t=t, gt=gt: (self.world.epoch(o.account, o.updated) > t) == gt)
                else:
                    raise bad(f"(#100) Filtering field '{field}' with operation '{op.lower()}' is not supported")
        if p.get("updated_since", "").isdigit():
            t = int(p["updated_since"])
            preds.append(lambda o: self.world.epoch(o.account, o.updated) > t)
        return [o for o in pool if o.eff in allowed and o.eff != "DELETED" and all(f(o) for f in preds)]

    # ---- paging
    def limit(self, p):
        v = p.get("limit", "")
        if v == "":
            return min(25, self.args.max_limit)
        if not v.isdigit():
            raise bad("(#100) Param limit must be a positive integer")  # invented wording
        return max(1, min(int(v), self.args.max_limit))

    def url(self, ctx, **extra):
        q = [(k, v) for k, v in ctx.params.items()
             if k not in ("access_token", "appsecret_proof", "after", "before", "batch") and k not in extra]
        q += list(extra.items())
        return f"http://{ctx.host}{ctx.path}?{urlencode(q)}"

    def paging(self, ctx, start, n, more, cur):
        """cur(i) is the cursor of item i."""
        if n == 0:
            return None
        pg = {"cursors": {"before": cur(start), "after": cur(start + n - 1)}}
        if start > 0:
            pg["previous"] = self.url(ctx, before=cur(start))
        if more:
            pg["next"] = self.url(ctx, after=cur(start + n - 1))
        return pg

    def page_list(self, ctx, items, render, key):
        """Entity edges: opaque cursors (base64 of the object id)."""
        lim, p = self.limit(ctx.params), ctx.params
        pos = {key(x): i for i, x in enumerate(items)}

        def find(c):
            try:
                return pos[base64.urlsafe_b64decode(c + "=" * (-len(c) % 4)).decode()]
            except (ValueError, KeyError, UnicodeDecodeError):
                raise bad("(#100) The After Cursor specified exceeds the max limit supported by this endpoint")
        start, end = 0, None
        if p.get("after"):
            start = find(p["after"]) + 1
        elif p.get("before"):
            end = find(p["before"])
            start = max(0, end - lim)
        stop = min(end if end is not None else len(items), start + lim)
        page = items[start:stop]
        out = {"data": [render(x) for x in page]}
        pg = self.paging(ctx, start, len(page), stop < len(items),
                         lambda i: base64.urlsafe_b64encode(key(items[i]).encode()).decode().rstrip("="))
        if pg:
            out["paging"] = pg
        return out

    def page_rows(self, ctx, src, q):
        """Insights: index cursors (MAZDZD...), rows computed only as far as needed."""
        lim, p = self.limit(ctx.params), ctx.params
        start, end = 0, None
        for name in ("after", "before"):
            if p.get(name):
                i = dec_cursor(p[name])
                if src.upto(i + 1) <= i:
                    raise bad("(#100) The After Cursor specified exceeds the max limit supported by this endpoint")
                start, end = (i + 1, None) if name == "after" else (max(0, i - lim), i)
                break
        stop = start + lim if end is None else end
        have = src.upto(stop + 1)
        rows = src.rows[start:min(stop, have)]
        render = self.engine.renderer(q)
        out = {"data": [render(r) for r in rows]}
        pg = self.paging(ctx, start, len(rows), have > stop, enc_cursor)
        if pg:
            out["paging"] = pg
        return out

    # ---- insights
    def insights(self, ctx, node):
        hdrs = self.meter(node.account, "insights")
        try:
            q = self.engine.parse(node, ctx.params)
            st = self.snapshot()
            src = self.engine.source(q, self.restate(st))
            cap = st["row_cap"]
            if cap is not None and src.upto(cap + 1) > cap:
                raise GraphError(1, "Please reduce the amount of data you're asking for, then retry your request",
                                 status=500, subcode=99)
            return self.page_rows(ctx, src, q), hdrs
        except GraphError as e:
            e.headers = hdrs + e.headers
            raise

    def create_run(self, ctx, node):
        hdrs = self.meter(node.account, "insights")
        try:
            q = self.engine.parse(node, ctx.params)
        except GraphError as e:
            e.headers = hdrs + e.headers
            raise
        st = self.snapshot()
        with self.lock:
            self.run_no += 1
            n = self.run_no
        run = Run()
        run.id = f"60447{self.args.seed % 1000:03d}{n:07d}"
        run.account, run.q, run.polls, run.need = node.account, q, 0, max(0, int(st["async_polls"]))
        run.fate = self.pick(st, n, "run", ASYNC_FAULTS)
        run.time_ref = (self.world.T - EPOCH_ORD) * 86400 + 36000 + n * 7
        # A run is a snapshot: its rows use the settings at submission.
        run.src = RowSource(self.engine._gen(q, self.restate(st)))
        with self.lock:
            self.runs[run.id] = run
        return {"report_run_id": run.id}, hdrs

    def run_state(self, run):
        """(status, percent, done) after run.polls polls."""
        k, n = run.polls, run.need
        if k >= n:
            if run.fate == "async_fail":
                return "Job Failed", max(0, 100 * (n - 1) // max(n, 1)), False
            if run.fate == "async_skip":
                return "Job Skipped", 0, False
            return "Job Completed", 100, True
        if k == 0:
            return "Job Not Started", 0, False
        if k == 1 and n >= 4:
            return "Job Not Started", 0, False
        if k == 2 and n >= 5:
            return "Job Started", 0, False
        return "Job Running", 100 * k // n, False

    def run_status(self, run):
        with self.lock:
            run.polls += 1
        status, pct, done = self.run_state(run)
        out = {"id": run.id, "account_id": str(run.account.num), "time_ref": run.time_ref}
        if done:
            out["time_completed"] = run.time_ref + 3 * max(1, run.need)
        out["async_status"] = status
        out["async_percent_completion"] = pct
        out["date_start"] = dt.date.fromordinal(run.q.since).isoformat()
        out["date_stop"] = dt.date.fromordinal(run.q.until).isoformat()
        if status == "Job Failed":
            out.update({"error_code": -2, "error_message": "Generating the report failed. Try again later.",
                        "error_subcode": 2490547, "error_user_title": "Report Failed",
                        "error_user_msg": "Generating the report failed. Try again later."})
        return out

    def run_results(self, ctx, run):
        hdrs = self.meter(run.account, "insights")
        if not self.run_state(run)[2]:
            raise GraphError(2601, "Error accessing adreport job.", subcode=1815107, transient=True,
                             user_title="Loading Async Ads Report Failed",
                             user_msg="Sorry, the report cannot be loaded successfully. Please check if your job "
                                      "status is completed instead of failed or running before fetching the data.",
                             headers=hdrs)
        try:
            return self.page_rows(ctx, run.src, run.q), hdrs
        except GraphError as e:
            e.headers = hdrs + e.headers
            raise

    # ---- Instagram
    def ig_insights(self, ctx, ig):
        """GET /{ig-user-id}/insights as Meta serves it from v22 on: metric (a comma list), period=day,
        metric_type time_series (the default) or total_value, breakdown (total_value only), since and
        until as unix timestamps (dates parse too), at most 30 days apart.  Days are Pacific days: a
        time series' value for day D has the end_time of the Pacific midnight ending D; a total sums
        the window's days.  Nothing for a day is no value; a window with nothing is an empty data
        set (never 0), as for a profile under 100 followers."""
        p, w = ctx.params, self.world
        metrics = parse_list(p.get("metric", ""))
        if not metrics:
            raise bad("(#100) The value must be a valid insights metric")
        for i, mt in enumerate(metrics):
            if mt not in IG_METRICS:
                raise bad(f"(#100) metric[{i}] must be one of the following values: " + ", ".join(IG_METRICS))
        if p.get("period") != "day":
            raise bad("(#100) period must be one of the following values: day")  # the fake supports day only
        mtype = p.get("metric_type") or "time_series"
        if mtype not in ("time_series", "total_value"):
            raise bad("(#100) metric_type must be one of the following values: time_series, total_value")
        want = "s" if mtype == "time_series" else "t"
        bad_m = [mt for mt in metrics if want not in IG_METRICS[mt][2]]
        if bad_m:
            other = "total_value" if mtype == "time_series" else "time_series"
            raise bad(f"(#100) The following metrics ({', '.join(bad_m)}) should be specified with parameter "
                      f"metric_type={other}")
        breakdown = p.get("breakdown", "")
        dims = {"media_product_type": (("CAROUSEL_CONTAINER", 15), ("POST", 35), ("REEL", 40), ("STORY", 10)),
                "follow_type": (("FOLLOWER", 30), ("NON_FOLLOWER", 70))}
        if breakdown and (mtype != "total_value" or any(
                not (mt == "follows_and_unfollows" and breakdown == "follow_type") and
                not (mt == "reach" and breakdown in dims) for mt in metrics)):
            raise GraphError(1, "An unknown error has occurred.", status=500, transient=False)

        def ts(v):
            if re.fullmatch(r"\d+", v):
                return int(v)
            try:
                return (dt.date.fromisoformat(v).toordinal() - EPOCH_ORD) * 86400
            except ValueError:
                raise bad("(#100) Must be a unixtime or a date/time representation parseable by strtotime()")
        until = ts(p["until"]) if p.get("until") else w.pacific_midnight(w.T)
        since = ts(p["since"]) if p.get("since") else until - 86400
        if until <= since:
            raise bad("(#100) The since timestamp must be before the until timestamp")  # invented wording
        if until - since > 30 * 86400:
            raise bad("(#100) There cannot be more than 30 days (2592000 s) between since and until")
        d0, d1 = w.pacific_day(since), w.pacific_day(until)
        days = [(o, w.ig_day(ig, o)) for o in range(d0, d1)]
        days = [(o, v) for o, v in days if v]
        data = []
        for mt in metrics:
            if not days:
                continue
            title, desc, _ = IG_METRICS[mt]
            e = {"name": mt, "period": "day", "title": title, "description": desc}
            key = {"follower_count": "follows"}.get(mt, mt)
            if mtype == "time_series":
                e["values"] = [{"value": v[key], "end_time": dt.datetime.fromtimestamp(
                    w.pacific_midnight(o + 1), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+0000")}
                               for o, v in days]
            elif mt == "follows_and_unfollows":
                f, u = sum(v["follows"] for _, v in days), sum(v["unfollows"] for _, v in days)
                res = [{"dimension_values": [k], "value": n} for k, n in (("FOLLOWER", f), ("NON_FOLLOWER", u)) if n]
                e["total_value"] = {"breakdowns": [{"dimension_keys": ["follow_type"], "results": res}]} \
                    if res else {"value": 0}
            else:
                total = sum(v[key] for _, v in days)
                e["total_value"] = {"value": total}
                if mt == "reach" and breakdown in dims:
                    parts = split(total, [x for _, x in dims[breakdown]])
                    e["total_value"]["breakdowns"] = [{"dimension_keys": [breakdown], "results": [
                        {"dimension_values": [name], "value": v} for (name, _), v in zip(dims[breakdown], parts)]}]
            e["id"] = f"{ig.ig_id}/insights/{mt}/day"
            data.append(e)
        span = until - since
        paging = {"previous": self.url(ctx, since=str(since - span), until=str(until - span))}
        if since + span < w.pacific_midnight(w.T + 1):  # no "next" into the future, so followers stop
            paging["next"] = self.url(ctx, since=str(since + span), until=str(until + span))
        return {"data": data, "paging": paging}

    def me_accounts(self, ctx):
        """GET /me/accounts: the token's Facebook pages, a page per ad account with its Instagram
        account linked, the small profile's page, and a page without one."""
        w, p = self.world, ctx.params
        m = re.search(r"instagram_business_account\{([^}]*)\}", p.get("fields", ""))
        sub = [f.strip() for f in m.group(1).split(",") if f.strip()] if m else ["id"]
        fields = parse_fields(p.get("fields", "")) or ["id", "name"]
        pages = [(ig.page_id, f"{ig.name} Page", ig) for ig in [a.ig for a in w.accounts] + [w.ig_small]]
        pages.append((f"10{w.seed % 1000:03d}{8000001:011d}", "Blog ohne Instagram", None))

        def render(pg):
            out = {}
            if "name" in fields:
                out["name"] = pg[1]
            if "instagram_business_account" in fields and pg[2] is not None:
                out["instagram_business_account"] = self.node_dict("ig", pg[2], sub)
            out["id"] = pg[0]
            return out
        return self.page_list(ctx, pages, render, lambda x: x[0])

    # ---- batch
    def batch(self, ctx):
        try:
            items = json.loads(ctx.params["batch"])
        except ValueError:
            raise bad("(#100) The parameter batch must be a JSON-encoded array")  # invented wording
        if not isinstance(items, list):
            raise bad("(#100) The parameter batch must be a JSON-encoded array")
        if len(items) > 50:
            raise bad("(#100) Too many requests in batch message. Maximum batch size is 50")
        include_headers = ctx.params.get("include_headers", "true") != "false"
        out = []
        for it in items:
            t0 = time.time()
            if not isinstance(it, dict) or not it.get("relative_url"):
                r = self.error_resp(bad("(#100) Missing relative_url in batch request"), ctx.version, "POST", "/", {})
                path, query, method, auth = "", {}, "GET", ctx.auth
            else:
                method = str(it.get("method", "GET")).upper()
                sp = urlsplit("/" + str(it["relative_url"]).lstrip("/"))
                path = unquote(sp.path)
                query = dict(parse_qsl(sp.query, keep_blank_values=True))
                params = {**query, **dict(parse_qsl(str(it.get("body", "")), keep_blank_values=True))}
                vm = re.match(r"^/(v\d+\.\d+)(/.*)?$", path)
                version = vm.group(1) if vm else ctx.version
                rest = (vm.group(2) or "/") if vm else path
                path = f"/{version}{rest}" if not vm else path
                token, auth = (params["access_token"], "param") if params.get("access_token") else (ctx.token, ctx.auth)
                sub = Ctx(method, path, version, params, ctx.host, token, auth)
                try:
                    self.check_auth(sub, None, False)
                    r = self.dispatch(sub, rest)
                except GraphError as e:
                    r = self.error_resp(e, version, method, path, params)
            item = {"code": r.status}
            if include_headers:
                item["headers"] = [{"name": "Content-Type", "value": "text/javascript; charset=UTF-8"}] + \
                                  [{"name": k, "value": v} for k, v in r.headers]
            item["body"] = r.body.decode()
            out.append(item)
            entry = {"t": round(t0, 6), "method": method, "path": path, "query": self.redact(query),
                     "status": r.status, "auth": auth, "bytes": len(r.body), "batch": True}
            self.log_error(entry, r)
            self.record(entry)
        return Resp(200, self.jbody(out), self.with_app_usage(version_headers(ctx.version)))

    # ---- test-only endpoints
    def test_endpoint(self, method, path, query, body):
        def ok(obj, status=200):
            return Resp(status, self.jbody(obj, raw=True) + b"\n")
        try:
            if path == "/__control":
                if method == "POST":
                    return ok(self.control(body))
                return ok(self.snapshot())
            if path == "/__requests" and method == "GET":
                with self.lock:
                    return ok(list(self.log))
            if path == "/__requests/reset" and method == "POST":
                with self.lock:
                    self.log.clear()
                return ok({"ok": True})
            if path == "/__truth/accounts":
                return ok({"accounts": [a.id for a in self.world.accounts],
                           "currency": {a.id: a.currency for a in self.world.accounts}})
            if path == "/__truth/entities":
                return ok(self.truth_entities(query))
            if path == "/__truth/insights":
                return ok(self.truth_insights(query))
            if path == "/__truth/rows":
                return ok(self.truth_rows(query))
            if path == "/__truth/ig":
                return ok(self.truth_ig(query))
            if path == "/__health":
                return ok({"ok": True})
            return ok({"error": f"no test endpoint {path}"}, 404)
        except GraphError as e:
            return ok({"error": e.message}, 400)
        except (ValueError, KeyError, TypeError) as e:
            return ok({"error": f"bad request: {e}"}, 400)

    def control(self, body):
        upd = json.loads(body or b"{}")
        if not isinstance(upd, dict):
            raise ValueError("body must be a JSON object")
        kinds = {"restate_days": int, "restate_factor": (int, float), "usage_budget": int, "async_polls": int,
                 "latency_ms": (int, float), "fail_rate": (int, float), "fault_seed": int, "faults": list,
                 "slow_ms": (int, float), "row_cap": (int, type(None)), "expire_token_after": (int, type(None)),
                 "raw_utf8": bool, "usage_window_s": (int, float), "app_budget": (int, type(None)),
                 "block_after": (int, type(None)), "block_seconds": (int, float), "unblock": bool,
                 "attribution_setting": str}
        for k, v in upd.items():
            if k not in kinds:
                raise ValueError(f"unknown key {k!r}")
            if not isinstance(v, kinds[k]) or (isinstance(v, bool) and k not in ("raw_utf8", "unblock")):
                raise ValueError(f"bad value for {k!r}")
            if k == "faults" and not all(f in FAULTS for f in v):
                raise ValueError(f"faults must be among {', '.join(FAULTS)}")
            if k == "attribution_setting" and v not in ATTRIBUTION_SPECS:
                raise ValueError(f"attribution_setting must be among {', '.join(ATTRIBUTION_SPECS)}")
            if k == "usage_window_s" and v <= 0:
                raise ValueError("usage_window_s must be positive")
        unblock = upd.pop("unblock", False)
        with self.lock:
            self.settings.update(upd)
            self.engine.attribution[0] = self.settings["attribution_setting"]
            if "usage_window_s" in upd:
                self.clock0, self.acc_use, self.app_use = None, {}, [0, 0]
            if "block_after" in upd:
                self.block_calls = {}
            if unblock:
                self.blocked, self.block_calls = {}, {}
                self.settings["block_after"] = None
            if "expire_token_after" in upd:
                self.expire_base = self.seq
            if {"restate_days", "restate_factor"} & set(upd):
                self.spent_cache.clear()
            cur = json.loads(json.dumps(self.settings))
        if {"restate_days", "restate_factor"} & set(upd):
            self.engine.clear()
        return cur

    def truth_ig(self, query):
        """Per Pacific day of since..until (dates), what an IG user's insights hold: {date: {metric:
        value}} with follower_count and follows/unfollows split, days Meta has nothing for left out;
        its ig_user_id, username and followers_count; and the ids of every IG user of the fake."""
        w = self.world
        users = {u.ig_id: u for u in w.ig_by_id.values()}
        out = {"ig_users": sorted(users)}
        ig = users.get(query.get("ig_user_id", ""))
        if ig is None:
            return out
        out.update({"ig_user_id": ig.ig_id, "username": ig.username, "followers_count": ig.followers,
                    "small": ig.followers < 100, "days": {}})
        if query.get("since") and query.get("until"):
            d0 = parse_date(query["since"], "since").toordinal()
            d1 = parse_date(query["until"], "until").toordinal()
            for o in range(d0, d1 + 1):
                v = w.ig_day(ig, o)
                if v:
                    out["days"][dt.date.fromordinal(o).isoformat()] = {
                        **{k: v[k] for k in IG_DAY_KEYS}, "follower_count": v["follows"]}
        return out

    def truth_node(self, query):
        nid = query.get("account_id") or query.get("node") or ""
        kind, obj = self.resolve(nid)
        if kind not in LEVELS:
            raise bad(f"not an ad object: {nid}")
        return obj

    def truth_entities(self, query):
        node = self.truth_node(query)
        kind = query.get("kind", "")
        if kind not in ("campaigns", "adsets", "ads"):
            raise bad("kind must be campaigns, adsets or ads")
        p = {}
        if query.get("include_archived") in ("1", "true"):
            p["effective_status"] = json.dumps(list(EFFECTIVE_STATUSES))
        ids = sorted(o.id for o in self.entity_list(node, kind, p))
        return {"count": len(ids), "ids": ids}

    @staticmethod
    def truth_statuses(query, p):
        """The truth counts what Ads Manager counts: every object, deleted and
        archived ones included, unless the query has its own filtering or
        asks for Meta's visible set (visible=1: what insights serve without
        a filter on effective_status)."""
        if "filtering" not in p and query.get("visible") not in ("1", "true"):
            p["filtering"] = json.dumps([{"field": "ad.effective_status", "operator": "IN",
                                          "value": list(EFFECTIVE_STATUSES)}])

    def truth_rows(self, query):
        """Every row the insights edge serves for the query (level, since,
        until, breakdowns, time_increment: 1 by default), in integers:
        spend and action values in cents, inline_link_clicks null where the
        row has none, actions and action_values by type (zeros left out, as
        Meta leaves them out)."""
        node = self.truth_node(query)
        p = {k: v for k, v in query.items() if k in ("level", "breakdowns", "filtering", "time_increment")}
        p.setdefault("time_increment", "1")
        p["time_range"] = json.dumps({"since": query.get("since"), "until": query.get("until")})
        self.truth_statuses(query, p)
        q = self.engine.parse(node, p)
        src = self.engine.source(q, self.restate(self.snapshot()))
        src.total()
        out = []
        for si, g, combo, m in src.rows:
            out.append({
                "level": q.level, "id": g.id if q.level != "account" else g.id[4:], "account_id": g.account.id[4:],
                "campaign_id": g.campaign.id if g.campaign else None, "adset_id": g.adset.id if g.adset else None,
                "date_start": dt.date.fromordinal(q.slices[si][0]).isoformat(),
                "date_stop": dt.date.fromordinal(q.slices[si][1]).isoformat(),
                "breakdowns": dict(zip(q.breakdowns, combo)),
                "spend_cents": m[SPEND], "impressions": m[IMP], "clicks": m[CLK], "reach": m[REACH],
                "inline_link_clicks": m[INL] if m[INLN] else None, "unique_clicks": m[UNIQ],
                "actions": {t: v for t, v in Engine.actions(m) if v},
                "action_values": {t: v for t, v in Engine.action_values(m) if v}})
        return {"level": q.level, "since": dt.date.fromordinal(q.since).isoformat(),
                "until": dt.date.fromordinal(q.until).isoformat(), "rows": out}

    def truth_insights(self, query):
        node = self.truth_node(query)
        p = {k: v for k, v in query.items() if k in ("level", "time_increment", "breakdowns", "filtering",
                                                      "date_preset", "time_range")}
        if query.get("since") or query.get("until"):
            p["time_range"] = json.dumps({"since": query.get("since"), "until": query.get("until")})
        self.truth_statuses(query, p)
        q = self.engine.parse(node, p)
        src = self.engine.source(q, self.restate(self.snapshot()))
        src.total()
        tot = [0] * NMETRICS
        acts, vals = collections.Counter(), collections.Counter()
        for r in src.rows:
            m = r[3]
            tot = [a + b for a, b in zip(tot, m)]
            for t, v in Engine.actions(m):
                acts[t] += v
            for t, v in Engine.action_values(m):
                vals[t] += v
        return {"rows": len(src.rows), "spend": money2(tot[SPEND]), "spend_cents": tot[SPEND],
                "impressions": tot[IMP], "clicks": tot[CLK], "reach": tot[REACH],
                "inline_link_clicks": tot[INL], "unique_clicks": tot[UNIQ],
                "actions": {t: v for t, v in sorted(acts.items()) if v},
                "action_values": {t: money2(v) for t, v in sorted(vals.items()) if v},
                "since": dt.date.fromordinal(q.since).isoformat(), "until": dt.date.fromordinal(q.until).isoformat()}


# ------------------------------------------------------------ server

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; every answer carries Content-Length
    server_version = "fake-graph/1.0"
    sys_version = ""
    timeout = 120
    app = None

    def log_message(self, fmt, *args):
        pass  # requests go to --log and /__requests instead

    def do_GET(self):
        self.app.handle(self)

    do_POST = do_DELETE = do_PUT = do_GET


def main():
    ap = argparse.ArgumentParser(description="Fake Meta Graph / Marketing API server for tests.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--token")
    ap.add_argument("--app-secret")
    ap.add_argument("--app-id", default="100000000000077", help="the app of the app token id|secret")
    ap.add_argument("--accounts", type=int, default=2)
    ap.add_argument("--campaigns", type=int, default=3)
    ap.add_argument("--adsets", type=int, default=2)
    ap.add_argument("--ads", type=int, default=3)
    ap.add_argument("--idle-campaigns", type=int, default=0,
                    help="campaigns per account, besides --campaigns, that never delivered")
    ap.add_argument("--idle-status", choices=("PAUSED", "ACTIVE"), default="PAUSED",
                    help="status of the --idle-campaigns")
    ap.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 23))
    ap.add_argument("--history-days", type=int, default=400)
    ap.add_argument("--max-limit", type=int, default=500)
    ap.add_argument("--log")
    ap.add_argument("--latency-ms", type=int, default=0)
    args = ap.parse_args()
    if min(args.accounts, args.campaigns, args.adsets, args.ads, args.history_days, args.max_limit) < 1:
        ap.error("counts, --history-days and --max-limit must be >= 1")
    if args.idle_campaigns < 0:
        ap.error("--idle-campaigns must be >= 0")

    Handler.app = App(args)
    # Clients open 8 connections at once; the default listen queue of 5
    # would refuse some, and they would come back a second later.
    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    if args.port_file:
        tmp = f"{args.port_file}.tmp.{os.getpid()}"
        with open(tmp, "w") as f:
            f.write(f"{port}\n")
        os.replace(tmp, args.port_file)  # readers never see a partial file
    print(f"listening on {args.host}:{port}", file=sys.stderr, flush=True)

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    t = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    t.start()
    while not stop.wait(0.2):
        pass
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

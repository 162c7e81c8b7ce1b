#!/usr/bin/env python3
"""gen-insights.py - deterministic Singer NDJSON as `meta-fetch insights` emits it.

usage: gen-insights.py RECORDS [DAYS] > FILE

Writes a SCHEMA line, RECORDS insights RECORD lines (ad level, numbers as
strings, with actions and action_values lists), a STATE line after every
10,000 records and one at the end.  Keys are distinct: RECORDS / DAYS ads
times DAYS days (RECORDS must be a multiple of DAYS), day by day.  Values
vary with a cheap integer hash of (ad, day), so the output is the same on
every run.  Prints "records=N actions=M" on stderr, M being the number of
action entries (actions + action_values), i.e. the insight_actions rows a
load should produce.

Standard library only; about a second per 100,000 records.
"""
import datetime
import sys

ACCOUNT = "1000000000001"
STATE_EVERY = 10000
ADS_PER_ADSET = 5
ADSETS_PER_CAMPAIGN = 4
OBJECTIVES = ("OUTCOME_SALES", "OUTCOME_TRAFFIC", "OUTCOME_LEADS", "OUTCOME_ENGAGEMENT")

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


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.split("\n\n")[1])
    records = int(sys.argv[1])
    days = int(sys.argv[2]) if len(sys.argv) == 3 else 30
    if records <= 0 or days <= 0 or records % days:
        sys.exit("gen-insights: RECORDS must be a positive multiple of DAYS")
    ads = records // days
    d0 = datetime.date(2026, 10, 1)
    dates = [(d0 + datetime.timedelta(days=d)).isoformat() for d in range(days)]

    # What does not change with the day, per ad: ids and names.
    prefix = []
    for a in range(ads):
        adset = a // ADS_PER_ADSET
        camp = adset // ADSETS_PER_CAMPAIGN
        prefix.append(
            '{"type":"RECORD","stream":"insights","record":{"account_id":"%s",'
            '"account_name":"Acme","campaign_id":"%d","campaign_name":"Campaign %d",'
            '"adset_id":"%d","adset_name":"Ad set %d","ad_id":"%d","ad_name":"Ad %d",'
            % (ACCOUNT, 120000000000001 + camp, camp + 1, 121000000000001 + adset,
               adset + 1, 122000000000001 + a, a + 1))
    objective = [OBJECTIVES[(a // (ADS_PER_ADSET * ADSETS_PER_CAMPAIGN)) % len(OBJECTIVES)]
                 for a in range(ads)]

    out = sys.stdout
    w = out.write
    w(SCHEMA)
    n = 0
    nactions = 0
    chunk = []
    for d in range(days):
        date = dates[d]
        for a in range(ads):
            # Knuth's multiplicative hash of (ad, day): cheap and deterministic.
            h = ((a * 2654435761) ^ (d * 40503 + 0x9E3779B9)) * 2246822519 & 0xFFFFFFFF
            h ^= h >> 15
            impressions = 40 + h % 4000
            reach = impressions - impressions * ((h >> 12) % 20) // 100
            if reach < 1:
                reach = 1
            clicks = impressions * ((h >> 5) % 60) // 1000
            link = clicks - (h >> 9) % 3 if clicks > 2 else clicks
            uniq = clicks - (h >> 13) % 2 if clicks > 1 else clicks
            cents = 50 + (h >> 3) % 6000
            spend = cents / 100
            engagement = clicks + (h >> 17) % 25
            purchases = (h >> 21) % 4
            freq = impressions / reach
            cpm = 1000 * spend / impressions
            ctr = 100 * clicks / impressions
            if clicks:
                cpc_field = '"cpc":"%.6f",' % (spend / clicks)
            else:
                cpc_field = ""  # Graph leaves out a ratio whose denominator is 0
            acts = ['{"action_type":"link_click","value":"%d"}' % link,
                    '{"action_type":"post_engagement","value":"%d"}' % engagement,
                    '{"action_type":"page_engagement","value":"%d"}' % (engagement + 1)]
            if h & 1:
                acts.append('{"action_type":"landing_page_view","value":"%d"}' % (link * 3 // 4))
            vals = ""
            if purchases:
                acts.append('{"action_type":"purchase","value":"%d","1d_click":"%d",'
                            '"7d_click":"%d"}' % (purchases, purchases - 1, purchases))
                value = purchases * (1999 + (h >> 7) % 8000)
                vals = (',"action_values":[{"action_type":"purchase","value":"%d.%02d"}]'
                        % (value // 100, value % 100))
                nactions += 1
            nactions += len(acts)
            chunk.append(
                '%s"date_start":"%s","date_stop":"%s","spend":"%d.%02d","impressions":"%d",'
                '"clicks":"%d","reach":"%d","frequency":"%.6f",%s"cpm":"%.6f","ctr":"%.6f",'
                '"inline_link_clicks":"%d","unique_clicks":"%d","account_currency":"USD",'
                '"objective":"%s","actions":[%s]%s},"time_extracted":"2026-11-23T10:00:00Z"}\n'
                % (prefix[a], date, date, cents // 100, cents % 100, impressions, clicks,
                   reach, freq, cpc_field, cpm, ctr, link, uniq, objective[a],
                   ",".join(acts), vals))
            n += 1
            if n % STATE_EVERY == 0:
                chunk.append(state(date))
                w("".join(chunk))
                chunk = []
    if n % STATE_EVERY:
        chunk.append(state(dates[-1]))
    w("".join(chunk))
    out.flush()
    sys.stderr.write("records=%d actions=%d\n" % (n, nactions))


if __name__ == "__main__":
    main()

#!/bin/sh
# make demo: the main job against the bundled fake Graph server, into a
# SQLite file, then what landed.  Run from the top of the tree.
set -eu

DEMO=demo
DB=$DEMO/meta.db
mkdir -p "$DEMO"
rm -f "$DB" "$DB-wal" "$DB-shm" "$DEMO/port"

python3 tests/fake-graph.py --port 0 --port-file "$DEMO/port" --seed 42 \
	--accounts 2 --campaigns 5 --adsets 3 --ads 4 --idle-campaigns 1 --idle-status ACTIVE \
	--token demo-token \
	--log "$DEMO/graph.log" 2>"$DEMO/graph.err" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT INT TERM
i=0
until [ -s "$DEMO/port" ]; do
	i=$((i + 1))
	[ $i -le 200 ] || { cat "$DEMO/graph.err" >&2; exit 1; }
	sleep 0.05
done

META_GRAPH_URL=http://127.0.0.1:$(cat "$DEMO/port")
META_ACCESS_TOKEN=demo-token
export META_GRAPH_URL META_ACCESS_TOKEN
PATH=$PWD/bin:$PATH
accounts=$(curl -sf "$META_GRAPH_URL/__truth/accounts" |
	python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["accounts"]))')

since=2026-09-23
until=2026-11-22
echo "demo: fake Graph API at $META_GRAPH_URL; syncing $since..$until for $accounts"
set --
for a in $accounts; do set -- "$@" -a "$a"; done
echo "+ meta-backfill $* --db $DB --since $since --until $until --level ad,campaign,account --map scripts/maps/agency.json"
meta-backfill "$@" --db "$DB" --since $since --until $until --level ad,campaign,account \
	--map scripts/maps/agency.json --include-archived
a=${accounts%% *}
echo "+ meta-fetch -a $a --since $until --until $until insights | meta-transform --map scripts/maps/agency.json | meta-load --db $DB"
meta-fetch -a "$a" --since $until --until $until insights |
	meta-transform --map scripts/maps/agency.json | meta-load -q --db "$DB" >/dev/null

echo
echo "demo: rows in $DB"
sqlite3 -column -header "$DB" "
SELECT 'campaigns' AS tbl, count(*) AS n FROM campaigns UNION ALL
SELECT 'adsets', count(*) FROM adsets UNION ALL
SELECT 'ads', count(*) FROM ads UNION ALL
SELECT 'insights', count(*) FROM insights UNION ALL
SELECT 'insight_actions', count(*) FROM insight_actions;"
echo
echo "demo: campaign totals $since..$until (from the campaign_daily view; leads and purchases from the agency mapping)"
sqlite3 -column -header "$DB" "
SELECT substr(name, 1, 32) AS campaign, printf('%.2f', sum(spend)) AS spend,
       sum(impressions) AS impressions, sum(clicks) AS clicks, sum(link_clicks) AS link_clicks,
       sum(leads) AS leads, sum(purchases) AS purchases,
       CASE WHEN sum(impressions) > 0 THEN printf('%.2f', 100.0 * sum(clicks) / sum(impressions)) ELSE '-' END AS ctr,
       CASE WHEN sum(spend) > 0 THEN printf('%.2f', sum(revenue) / sum(spend)) ELSE '-' END AS roas
FROM campaign_daily GROUP BY campaign_id ORDER BY sum(spend) DESC;"
echo
echo "demo: one day by account, reach as Meta counts it (fetched at account level, never a sum)"
sqlite3 -column -header "$DB" "
SELECT account_id, date, printf('%.2f', spend) AS spend, reach, printf('%.2f', frequency) AS frequency
FROM account_daily WHERE date = '$until';"
echo
echo "demo: explore it with: sqlite3 $DB 'SELECT * FROM campaign_daily LIMIT 5'"
# The fake's today is the day after $until: the report's last 30 complete days end there.
echo
echo "+ meta-report --db $DB --today 2026-11-23 --html $DEMO/report.html"
meta-report --db "$DB" --today 2026-11-23 --html "$DEMO/report.html"
echo "+ meta-report --db $DB --today 2026-11-23"
meta-report --db "$DB" --today 2026-11-23
echo
echo "demo: the same report as a page with charts: $PWD/$DEMO/report.html"

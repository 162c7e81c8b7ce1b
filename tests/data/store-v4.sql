PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE accounts (
  account_id TEXT NOT NULL,
  id TEXT,
  name TEXT,
  currency TEXT,
  timezone_name TEXT,
  timezone_offset_hours_utc REAL,
  account_status INTEGER,
  amount_spent INTEGER,
  spend_cap INTEGER,
  business_name TEXT,
  created_time TEXT,
  extra TEXT,
  synced_at TEXT NOT NULL,
  PRIMARY KEY (account_id));
INSERT INTO accounts VALUES('1000000000001','act_1000000000001','Boutique Démo 1','USD','America/Los_Angeles',-8.0,1,778361,0,'Démo GmbH','2025-04-22T21:36:14-0700',NULL,'2026-12-07T21:16:59Z');
CREATE TABLE campaigns (
  id TEXT NOT NULL,
  account_id TEXT,
  name TEXT,
  objective TEXT,
  status TEXT,
  configured_status TEXT,
  effective_status TEXT,
  buying_type TEXT,
  bid_strategy TEXT,
  daily_budget INTEGER,
  lifetime_budget INTEGER,
  budget_remaining INTEGER,
  spend_cap INTEGER,
  created_time TEXT,
  updated_time TEXT,
  start_time TEXT,
  stop_time TEXT,
  extra TEXT,
  synced_at TEXT NOT NULL,
  PRIMARY KEY (id));
INSERT INTO campaigns VALUES('23850050000007919','1000000000001','Campaign 1 · act_1000000000001','OUTCOME_SALES','ACTIVE','ACTIVE','ACTIVE','AUCTION','LOWEST_COST_WITHOUT_CAP',10000,NULL,9900,NULL,'2025-11-27T14:41:25-0800','2026-01-06T20:24:03-0800','2025-11-28T05:34:13-0800',NULL,'{"special_ad_categories":[]}','2026-12-07T21:16:59Z');
INSERT INTO campaigns VALUES('23850050000055433','1000000000001','Campaign 2 · act_1000000000001','OUTCOME_LEADS','ACTIVE','ACTIVE','ACTIVE','AUCTION','LOWEST_COST_WITHOUT_CAP',NULL,NULL,NULL,NULL,'2025-11-03T07:40:32-0800','2025-12-07T04:18:56-0800','2025-11-05T15:30:35-0800',NULL,'{"special_ad_categories":[]}','2026-12-07T21:16:59Z');
CREATE TABLE adsets (
  id TEXT NOT NULL,
  campaign_id TEXT,
  account_id TEXT,
  name TEXT,
  status TEXT,
  configured_status TEXT,
  effective_status TEXT,
  optimization_goal TEXT,
  billing_event TEXT,
  bid_strategy TEXT,
  bid_amount INTEGER,
  daily_budget INTEGER,
  lifetime_budget INTEGER,
  budget_remaining INTEGER,
  created_time TEXT,
  updated_time TEXT,
  start_time TEXT,
  end_time TEXT,
  extra TEXT,
  synced_at TEXT NOT NULL,
  PRIMARY KEY (id));
INSERT INTO adsets VALUES('23850050000015838','23850050000007919','1000000000001','Ad set 1.1 – Zielgruppe Süd','ACTIVE','ACTIVE','ACTIVE','OFFSITE_CONVERSIONS','IMPRESSIONS','LOWEST_COST_WITHOUT_CAP',NULL,NULL,NULL,NULL,'2025-12-06T17:10:18-0800','2025-12-19T06:33:12-0800','2025-12-06T05:35:31-0800',NULL,NULL,'2026-12-07T21:16:59Z');
INSERT INTO adsets VALUES('23850050000063352','23850050000055433','1000000000001','Ad set 2.1 – Zielgruppe Süd','ACTIVE','ACTIVE','ACTIVE','LEAD_GENERATION','IMPRESSIONS','LOWEST_COST_WITHOUT_CAP',NULL,8100,NULL,4050,'2025-11-05T22:59:31-0800','2025-12-01T07:00:01-0800','2025-11-05T11:39:07-0800',NULL,NULL,'2026-12-07T21:16:59Z');
CREATE TABLE ads (
  id TEXT NOT NULL,
  adset_id TEXT,
  campaign_id TEXT,
  account_id TEXT,
  name TEXT,
  status TEXT,
  configured_status TEXT,
  effective_status TEXT,
  creative_id TEXT,
  created_time TEXT,
  updated_time TEXT,
  extra TEXT,
  synced_at TEXT NOT NULL,
  PRIMARY KEY (id));
INSERT INTO ads VALUES('23850050000023757','23850050000015838','23850050000007919','1000000000001','Ad 1.1.1 🚀 Launch','ACTIVE','ACTIVE','ACTIVE','23850050000031676','2025-12-07T17:51:35-0800','2026-01-16T15:10:04-0800','{"creative":{"id":"23850050000031676"}}','2026-12-07T21:16:59Z');
INSERT INTO ads VALUES('23850050000071271','23850050000063352','23850050000055433','1000000000001','Ad 2.1.1 🚀 Launch','ACTIVE','ACTIVE','ACTIVE','23850050000079190','2026-11-05T03:32:29-0800','2026-11-22T04:05:52-0800','{"creative":{"id":"23850050000079190"}}','2026-12-07T21:16:59Z');
INSERT INTO ads VALUES('23850050000087109','23850050000063352','23850050000055433','1000000000001','Ad 2.1.2','ACTIVE','ACTIVE','ACTIVE','23850050000095028','2026-11-15T01:48:05-0800','2026-11-22T05:42:23-0800','{"creative":{"id":"23850050000095028"}}','2026-12-07T21:16:59Z');
CREATE TABLE insights (
  level TEXT NOT NULL,
  object_id TEXT NOT NULL,
  account_id TEXT,
  campaign_id TEXT,
  adset_id TEXT,
  ad_id TEXT,
  date_start TEXT NOT NULL,
  date_stop TEXT NOT NULL,
  breakdown_key TEXT NOT NULL,
  breakdowns TEXT,
  account_name TEXT,
  campaign_name TEXT,
  adset_name TEXT,
  ad_name TEXT,
  account_currency TEXT,
  objective TEXT,
  spend REAL,
  impressions INTEGER,
  clicks INTEGER,
  reach INTEGER,
  frequency REAL,
  cpc REAL,
  cpm REAL,
  cpp REAL,
  ctr REAL,
  inline_link_clicks INTEGER,
  unique_clicks INTEGER,
  attribution_setting TEXT,
  optimization_goal TEXT,
  buying_type TEXT,
  actions TEXT,
  action_values TEXT,
  conversions TEXT,
  conversion_values TEXT,
  cost_per_action_type TEXT,
  cost_per_conversion TEXT,
  cost_per_unique_action_type TEXT,
  unique_actions TEXT,
  outbound_clicks TEXT,
  unique_outbound_clicks TEXT,
  outbound_clicks_ctr TEXT,
  cost_per_outbound_click TEXT,
  purchase_roas TEXT,
  website_purchase_roas TEXT,
  mobile_app_purchase_roas TEXT,
  video_play_actions TEXT,
  video_thruplay_watched_actions TEXT,
  video_30_sec_watched_actions TEXT,
  video_p25_watched_actions TEXT,
  video_p50_watched_actions TEXT,
  video_p75_watched_actions TEXT,
  video_p95_watched_actions TEXT,
  video_p100_watched_actions TEXT,
  video_avg_time_watched_actions TEXT,
  extra TEXT,
  synced_at TEXT NOT NULL, link_clicks REAL, purchases REAL, revenue REAL, roas REAL,
  PRIMARY KEY (level, date_start, object_id, date_stop, breakdown_key));
INSERT INTO insights VALUES('ad','23850050000023757','1000000000001','23850050000007919','23850050000015838','23850050000023757','2026-10-01','2026-10-01','',NULL,'Boutique Démo 1','Campaign 1 · act_1000000000001','Ad set 1.1 – Zielgruppe Süd','Ad 1.1.1 🚀 Launch','USD','OUTCOME_SALES',11.25,777,20,442,1.7579190000000000093,0.5625,14.478763999999999967,NULL,2.5740029999999998189,15,18,NULL,NULL,NULL,'[{"action_type":"landing_page_view","value":12},{"action_type":"lead","value":1},{"action_type":"link_click","value":15},{"action_type":"offsite_conversion.fb_pixel_lead","value":1},{"action_type":"offsite_conversion.fb_pixel_purchase","value":1},{"action_type":"omni_purchase","value":1},{"action_type":"post_engagement","value":17},{"action_type":"purchase","value":1}]','[{"action_type":"offsite_conversion.fb_pixel_purchase","value":55.29},{"action_type":"omni_purchase","value":55.29},{"action_type":"purchase","value":55.29}]','[{"action_type":"offsite_conversion.fb_pixel_purchase","value":1}]','[{"action_type":"offsite_conversion.fb_pixel_purchase","value":55.29}]',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2026-12-07T21:16:59Z',15.0,1.0,55.289999999999999147,4.9146666666666698475);
INSERT INTO insights VALUES('ad','23850050000023757','1000000000001','23850050000007919','23850050000015838','23850050000023757','2026-10-02','2026-10-02','',NULL,'Boutique Démo 1','Campaign 1 · act_1000000000001','Ad set 1.1 – Zielgruppe Süd','Ad 1.1.1 🚀 Launch','USD','OUTCOME_SALES',14.320000000000000284,989,33,909,1.0880090000000000038,0.43393900000000001915,14.47927199999999992,NULL,3.3367040000000001143,22,32,NULL,NULL,NULL,'[{"action_type":"landing_page_view","value":19},{"action_type":"link_click","value":22},{"action_type":"onsite_conversion.messaging_first_reply","value":2},{"action_type":"onsite_conversion.post_save_follow","value":3},{"action_type":"post_engagement","value":24}]',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2026-12-07T21:16:59Z',22.0,NULL,NULL,NULL);
INSERT INTO insights VALUES('ad','23850050000023757','1000000000001','23850050000007919','23850050000015838','23850050000023757','2026-10-03','2026-10-03','',NULL,'Boutique Démo 1','Campaign 1 · act_1000000000001','Ad set 1.1 – Zielgruppe Süd','Ad 1.1.1 🚀 Launch','USD','OUTCOME_SALES',15.259999999999999786,1054,20,727,1.4497940000000000271,0.76300000000000001154,14.47817799999999977,NULL,1.8975329999999999142,15,18,NULL,NULL,NULL,'[{"action_type":"landing_page_view","value":8},{"action_type":"link_click","value":15},{"action_type":"onsite_conversion.messaging_first_reply","value":2},{"action_type":"onsite_conversion.post_save_follow","value":12},{"action_type":"post_engagement","value":17}]',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2026-12-07T21:16:59Z',15.0,NULL,NULL,NULL);
INSERT INTO insights VALUES('ad','23850050000023757','1000000000001','23850050000007919','23850050000015838','23850050000023757','2026-10-04','2026-10-04','',NULL,'Boutique Démo 1','Campaign 1 · act_1000000000001','Ad set 1.1 – Zielgruppe Süd','Ad 1.1.1 🚀 Launch','USD','OUTCOME_SALES',18.149999999999998578,1488,40,1235,1.2048579999999999845,0.45374999999999998667,12.197580999999999562,NULL,2.6881719999999997838,22,36,NULL,NULL,NULL,'[{"action_type":"landing_page_view","value":16},{"action_type":"lead","value":1},{"action_type":"link_click","value":22},{"action_type":"offsite_conversion.fb_pixel_lead","value":1},{"action_type":"onsite_conversion.messaging_first_reply","value":3},{"action_type":"onsite_conversion.post_save_follow","value":8},{"action_type":"post_engagement","value":23}]',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2026-12-07T21:16:59Z',22.0,NULL,NULL,NULL);
INSERT INTO insights VALUES('campaign','23850050000007919','1000000000001','23850050000007919',NULL,NULL,'2026-10-01','2026-10-01','',NULL,'Boutique Démo 1','Campaign 1 · act_1000000000001',NULL,NULL,'USD','OUTCOME_SALES',11.25,777,20,442,1.7579190000000000093,0.5625,14.478763999999999967,NULL,2.5740029999999998189,15,18,NULL,NULL,NULL,'[{"action_type":"landing_page_view","value":12},{"action_type":"lead","value":1},{"action_type":"link_click","value":15},{"action_type":"offsite_conversion.fb_pixel_lead","value":1},{"action_type":"offsite_conversion.fb_pixel_purchase","value":1},{"action_type":"omni_purchase","value":1},{"action_type":"post_engagement","value":17},{"action_type":"purchase","value":1}]','[{"action_type":"offsite_conversion.fb_pixel_purchase","value":55.29},{"action_type":"omni_purchase","value":55.29},{"action_type":"purchase","value":55.29}]','[{"action_type":"offsite_conversion.fb_pixel_purchase","value":1}]','[{"action_type":"offsite_conversion.fb_pixel_purchase","value":55.29}]',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2026-12-07T21:16:59Z',15.0,1.0,55.289999999999999147,4.9146666666666698475);
INSERT INTO insights VALUES('campaign','23850050000007919','1000000000001','23850050000007919',NULL,NULL,'2026-10-02','2026-10-02','',NULL,'Boutique Démo 1','Campaign 1 · act_1000000000001',NULL,NULL,'USD','OUTCOME_SALES',14.320000000000000284,989,33,909,1.0880090000000000038,0.43393900000000001915,14.47927199999999992,NULL,3.3367040000000001143,22,32,NULL,NULL,NULL,'[{"action_type":"landing_page_view","value":19},{"action_type":"link_click","value":22},{"action_type":"onsite_conversion.messaging_first_reply","value":2},{"action_type":"onsite_conversion.post_save_follow","value":3},{"action_type":"post_engagement","value":24}]',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2026-12-07T21:16:59Z',22.0,NULL,NULL,NULL);
INSERT INTO insights VALUES('campaign','23850050000007919','1000000000001','23850050000007919',NULL,NULL,'2026-10-03','2026-10-03','',NULL,'Boutique Démo 1','Campaign 1 · act_1000000000001',NULL,NULL,'USD','OUTCOME_SALES',15.259999999999999786,1054,20,727,1.4497940000000000271,0.76300000000000001154,14.47817799999999977,NULL,1.8975329999999999142,15,18,NULL,NULL,NULL,'[{"action_type":"landing_page_view","value":8},{"action_type":"link_click","value":15},{"action_type":"onsite_conversion.messaging_first_reply","value":2},{"action_type":"onsite_conversion.post_save_follow","value":12},{"action_type":"post_engagement","value":17}]',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2026-12-07T21:16:59Z',15.0,NULL,NULL,NULL);
INSERT INTO insights VALUES('campaign','23850050000007919','1000000000001','23850050000007919',NULL,NULL,'2026-10-04','2026-10-04','',NULL,'Boutique Démo 1','Campaign 1 · act_1000000000001',NULL,NULL,'USD','OUTCOME_SALES',18.149999999999998578,1488,40,1235,1.2048579999999999845,0.45374999999999998667,12.197580999999999562,NULL,2.6881719999999997838,22,36,NULL,NULL,NULL,'[{"action_type":"landing_page_view","value":16},{"action_type":"lead","value":1},{"action_type":"link_click","value":22},{"action_type":"offsite_conversion.fb_pixel_lead","value":1},{"action_type":"onsite_conversion.messaging_first_reply","value":3},{"action_type":"onsite_conversion.post_save_follow","value":8},{"action_type":"post_engagement","value":23}]',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2026-12-07T21:16:59Z',22.0,NULL,NULL,NULL);
CREATE TABLE ig_insights (
  ig_user_id TEXT NOT NULL,
  date TEXT NOT NULL,
  metric TEXT NOT NULL,
  breakdown_key TEXT NOT NULL,
  value INTEGER,
  period TEXT,
  extra TEXT,
  synced_at TEXT NOT NULL,
  PRIMARY KEY (ig_user_id, date, metric, breakdown_key));
CREATE TABLE sync_state (name TEXT PRIMARY KEY, value TEXT NOT NULL,
  updated_at TEXT NOT NULL);
CREATE TABLE backfill_days (account_id TEXT NOT NULL, level TEXT NOT NULL,
  breakdowns TEXT NOT NULL DEFAULT '', date TEXT NOT NULL, fetched_at TEXT NOT NULL,
  PRIMARY KEY (account_id, level, breakdowns, date));
INSERT INTO backfill_days VALUES('act_1000000000001','ad','','2026-10-01','2026-12-07T21:16:59Z');
INSERT INTO backfill_days VALUES('act_1000000000001','ad','','2026-10-02','2026-12-07T21:16:59Z');
INSERT INTO backfill_days VALUES('act_1000000000001','ad','','2026-10-03','2026-12-07T21:16:59Z');
INSERT INTO backfill_days VALUES('act_1000000000001','ad','','2026-10-04','2026-12-07T21:16:59Z');
INSERT INTO backfill_days VALUES('act_1000000000001','campaign','','2026-10-01','2026-12-07T21:16:59Z');
INSERT INTO backfill_days VALUES('act_1000000000001','campaign','','2026-10-02','2026-12-07T21:16:59Z');
INSERT INTO backfill_days VALUES('act_1000000000001','campaign','','2026-10-03','2026-12-07T21:16:59Z');
INSERT INTO backfill_days VALUES('act_1000000000001','campaign','','2026-10-04','2026-12-07T21:16:59Z');
CREATE TABLE backfill_runs (account_id TEXT NOT NULL, level TEXT NOT NULL,
  breakdowns TEXT NOT NULL DEFAULT '', until TEXT NOT NULL, completed_at TEXT NOT NULL,
  PRIMARY KEY (account_id, level, breakdowns));
INSERT INTO backfill_runs VALUES('act_1000000000001','ad','','2026-10-04','2026-12-07T21:16:59Z');
INSERT INTO backfill_runs VALUES('act_1000000000001','campaign','','2026-10-04','2026-12-07T21:16:59Z');
CREATE TABLE rate_blocks (account_id TEXT PRIMARY KEY,
  until_epoch REAL NOT NULL, until TEXT NOT NULL, recorded_at TEXT NOT NULL);
CREATE TABLE metric_defs (name TEXT PRIMARY KEY, kind TEXT NOT NULL,
  num TEXT, den TEXT, position INTEGER NOT NULL);
INSERT INTO metric_defs VALUES('link_clicks','sum',NULL,NULL,0);
INSERT INTO metric_defs VALUES('purchases','sum',NULL,NULL,1);
INSERT INTO metric_defs VALUES('revenue','sum',NULL,NULL,2);
INSERT INTO metric_defs VALUES('roas','ratio','revenue','spend',3);
CREATE INDEX insights_by_date ON insights (account_id, date_start);
CREATE VIEW insight_actions AS
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'actions' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.actions) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'action_values' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.action_values) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'conversions' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.conversions) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'conversion_values' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.conversion_values) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'cost_per_action_type' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.cost_per_action_type) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'cost_per_conversion' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.cost_per_conversion) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'cost_per_unique_action_type' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.cost_per_unique_action_type) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'unique_actions' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.unique_actions) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'outbound_clicks' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.outbound_clicks) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'unique_outbound_clicks' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.unique_outbound_clicks) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'outbound_clicks_ctr' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.outbound_clicks_ctr) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'cost_per_outbound_click' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.cost_per_outbound_click) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'purchase_roas' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.purchase_roas) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'website_purchase_roas' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.website_purchase_roas) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'mobile_app_purchase_roas' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.mobile_app_purchase_roas) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'video_play_actions' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.video_play_actions) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'video_thruplay_watched_actions' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.video_thruplay_watched_actions) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'video_30_sec_watched_actions' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.video_30_sec_watched_actions) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'video_p25_watched_actions' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.video_p25_watched_actions) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'video_p50_watched_actions' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.video_p50_watched_actions) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'video_p75_watched_actions' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.video_p75_watched_actions) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'video_p95_watched_actions' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.video_p95_watched_actions) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'video_p100_watched_actions' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.video_p100_watched_actions) e
UNION ALL
SELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, i.ad_id, i.date_start, i.date_stop, i.breakdown_key, 'video_avg_time_watched_actions' AS field,
  json_extract(e.value, '$.action_type') AS action_type,
  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '') AS action_key,
  CAST(json_extract(e.value, '$.value') AS REAL) AS value,
  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM json_each(e.value) WHERE (key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*') ORDER BY key)), '{}') AS windows
FROM insights i, json_each(i.video_avg_time_watched_actions) e;
CREATE VIEW adset_daily AS
WITH base AS (SELECT * FROM insights WHERE breakdown_key = '' AND date_start = date_stop),
src AS (SELECT account_id, date_start AS date, CASE WHEN max(level = 'ad') THEN 'ad' ELSE 'adset' END AS level
  FROM base WHERE level IN ('ad', 'adset') GROUP BY account_id, date_start),
m AS (SELECT b.adset_id AS id, b.account_id, b.date_start AS date, SUM(b.spend) AS spend, SUM(b.impressions) AS impressions, SUM(b.clicks) AS clicks, SUM(b.inline_link_clicks) AS inline_link_clicks, SUM(b.unique_clicks) AS unique_clicks, SUM(b.link_clicks) AS link_clicks, SUM(b.purchases) AS purchases, SUM(b.revenue) AS revenue
  FROM base b JOIN src ON src.account_id = b.account_id AND src.date = b.date_start AND src.level = b.level
  GROUP BY b.adset_id, b.account_id, b.date_start),
own AS (SELECT object_id AS id, date_start AS date, reach, frequency FROM base WHERE level = 'adset'),
days AS (SELECT DISTINCT account_id, date FROM src),
ids AS (SELECT id AS id, account_id FROM adsets UNION SELECT id, account_id FROM m)
SELECT ids.id AS adset_id, ids.account_id, adsets.name AS name, days.date, COALESCE(m.spend, 0) AS spend, COALESCE(m.impressions, 0) AS impressions, COALESCE(m.clicks, 0) AS clicks, COALESCE(m.inline_link_clicks, 0) AS inline_link_clicks, COALESCE(m.unique_clicks, 0) AS unique_clicks,
  own.reach, own.frequency, COALESCE(m.link_clicks, 0) AS link_clicks, COALESCE(m.purchases, 0) AS purchases, COALESCE(m.revenue, 0) AS revenue,
  CASE WHEN m.spend > 0 THEN 1.0 * COALESCE(m.revenue, 0) / m.spend END AS roas,
  CASE WHEN m.impressions > 0 THEN 100.0 * m.clicks / m.impressions END AS ctr,
  CASE WHEN m.clicks > 0 THEN m.spend / m.clicks END AS cpc,
  CASE WHEN m.impressions > 0 THEN 1000.0 * m.spend / m.impressions END AS cpm
FROM ids JOIN days ON days.account_id = ids.account_id
LEFT JOIN adsets ON adsets.id = ids.id
LEFT JOIN m ON m.id = ids.id AND m.date = days.date
LEFT JOIN own ON own.id = ids.id AND own.date = days.date
WHERE ids.id IS NOT NULL;
CREATE VIEW adset_daily_by_breakdown AS
WITH base AS (SELECT *, (SELECT group_concat(key) FROM json_each(breakdowns)) AS bset
  FROM insights WHERE breakdown_key != '' AND date_start = date_stop),
src AS (SELECT account_id, date_start AS date, bset, CASE WHEN max(level = 'ad') THEN 'ad' ELSE 'adset' END AS level
  FROM base WHERE level IN ('ad', 'adset') GROUP BY account_id, date_start, bset),
m AS (SELECT b.adset_id AS id, b.account_id, b.date_start AS date, b.bset, b.breakdown_key, b.breakdowns, SUM(b.spend) AS spend, SUM(b.impressions) AS impressions, SUM(b.clicks) AS clicks, SUM(b.inline_link_clicks) AS inline_link_clicks, SUM(b.unique_clicks) AS unique_clicks, SUM(b.link_clicks) AS link_clicks, SUM(b.purchases) AS purchases, SUM(b.revenue) AS revenue
  FROM base b JOIN src ON src.account_id = b.account_id AND src.date = b.date_start AND src.bset = b.bset AND src.level = b.level
  GROUP BY b.adset_id, b.account_id, b.date_start, b.breakdown_key)
SELECT m.id AS adset_id, m.account_id, adsets.name AS name, m.date, m.bset AS breakdowns, m.breakdown_key, json_extract(m.breakdowns, '$.publisher_platform') AS publisher_platform, json_extract(m.breakdowns, '$.platform_position') AS platform_position, json_extract(m.breakdowns, '$.impression_device') AS impression_device, json_extract(m.breakdowns, '$.device_platform') AS device_platform, json_extract(m.breakdowns, '$.age') AS age, json_extract(m.breakdowns, '$.gender') AS gender, json_extract(m.breakdowns, '$.country') AS country, json_extract(m.breakdowns, '$.region') AS region, COALESCE(m.spend, 0) AS spend, COALESCE(m.impressions, 0) AS impressions, COALESCE(m.clicks, 0) AS clicks, COALESCE(m.inline_link_clicks, 0) AS inline_link_clicks, COALESCE(m.unique_clicks, 0) AS unique_clicks, COALESCE(m.link_clicks, 0) AS link_clicks, COALESCE(m.purchases, 0) AS purchases, COALESCE(m.revenue, 0) AS revenue,
  CASE WHEN m.spend > 0 THEN 1.0 * COALESCE(m.revenue, 0) / m.spend END AS roas,
  CASE WHEN m.impressions > 0 THEN 100.0 * m.clicks / m.impressions END AS ctr,
  CASE WHEN m.clicks > 0 THEN m.spend / m.clicks END AS cpc,
  CASE WHEN m.impressions > 0 THEN 1000.0 * m.spend / m.impressions END AS cpm
FROM m LEFT JOIN adsets ON adsets.id = m.id;
CREATE VIEW campaign_daily AS
WITH base AS (SELECT * FROM insights WHERE breakdown_key = '' AND date_start = date_stop),
src AS (SELECT account_id, date_start AS date, CASE WHEN max(level = 'ad') THEN 'ad' WHEN max(level = 'adset') THEN 'adset' ELSE 'campaign' END AS level
  FROM base WHERE level IN ('ad', 'adset', 'campaign') GROUP BY account_id, date_start),
m AS (SELECT b.campaign_id AS id, b.account_id, b.date_start AS date, SUM(b.spend) AS spend, SUM(b.impressions) AS impressions, SUM(b.clicks) AS clicks, SUM(b.inline_link_clicks) AS inline_link_clicks, SUM(b.unique_clicks) AS unique_clicks, SUM(b.link_clicks) AS link_clicks, SUM(b.purchases) AS purchases, SUM(b.revenue) AS revenue
  FROM base b JOIN src ON src.account_id = b.account_id AND src.date = b.date_start AND src.level = b.level
  GROUP BY b.campaign_id, b.account_id, b.date_start),
own AS (SELECT object_id AS id, date_start AS date, reach, frequency FROM base WHERE level = 'campaign'),
days AS (SELECT DISTINCT account_id, date FROM src),
ids AS (SELECT id AS id, account_id FROM campaigns UNION SELECT id, account_id FROM m)
SELECT ids.id AS campaign_id, ids.account_id, campaigns.name AS name, days.date, COALESCE(m.spend, 0) AS spend, COALESCE(m.impressions, 0) AS impressions, COALESCE(m.clicks, 0) AS clicks, COALESCE(m.inline_link_clicks, 0) AS inline_link_clicks, COALESCE(m.unique_clicks, 0) AS unique_clicks,
  own.reach, own.frequency, COALESCE(m.link_clicks, 0) AS link_clicks, COALESCE(m.purchases, 0) AS purchases, COALESCE(m.revenue, 0) AS revenue,
  CASE WHEN m.spend > 0 THEN 1.0 * COALESCE(m.revenue, 0) / m.spend END AS roas,
  CASE WHEN m.impressions > 0 THEN 100.0 * m.clicks / m.impressions END AS ctr,
  CASE WHEN m.clicks > 0 THEN m.spend / m.clicks END AS cpc,
  CASE WHEN m.impressions > 0 THEN 1000.0 * m.spend / m.impressions END AS cpm
FROM ids JOIN days ON days.account_id = ids.account_id
LEFT JOIN campaigns ON campaigns.id = ids.id
LEFT JOIN m ON m.id = ids.id AND m.date = days.date
LEFT JOIN own ON own.id = ids.id AND own.date = days.date
WHERE ids.id IS NOT NULL;
CREATE VIEW campaign_daily_by_breakdown AS
WITH base AS (SELECT *, (SELECT group_concat(key) FROM json_each(breakdowns)) AS bset
  FROM insights WHERE breakdown_key != '' AND date_start = date_stop),
src AS (SELECT account_id, date_start AS date, bset, CASE WHEN max(level = 'ad') THEN 'ad' WHEN max(level = 'adset') THEN 'adset' ELSE 'campaign' END AS level
  FROM base WHERE level IN ('ad', 'adset', 'campaign') GROUP BY account_id, date_start, bset),
m AS (SELECT b.campaign_id AS id, b.account_id, b.date_start AS date, b.bset, b.breakdown_key, b.breakdowns, SUM(b.spend) AS spend, SUM(b.impressions) AS impressions, SUM(b.clicks) AS clicks, SUM(b.inline_link_clicks) AS inline_link_clicks, SUM(b.unique_clicks) AS unique_clicks, SUM(b.link_clicks) AS link_clicks, SUM(b.purchases) AS purchases, SUM(b.revenue) AS revenue
  FROM base b JOIN src ON src.account_id = b.account_id AND src.date = b.date_start AND src.bset = b.bset AND src.level = b.level
  GROUP BY b.campaign_id, b.account_id, b.date_start, b.breakdown_key)
SELECT m.id AS campaign_id, m.account_id, campaigns.name AS name, m.date, m.bset AS breakdowns, m.breakdown_key, json_extract(m.breakdowns, '$.publisher_platform') AS publisher_platform, json_extract(m.breakdowns, '$.platform_position') AS platform_position, json_extract(m.breakdowns, '$.impression_device') AS impression_device, json_extract(m.breakdowns, '$.device_platform') AS device_platform, json_extract(m.breakdowns, '$.age') AS age, json_extract(m.breakdowns, '$.gender') AS gender, json_extract(m.breakdowns, '$.country') AS country, json_extract(m.breakdowns, '$.region') AS region, COALESCE(m.spend, 0) AS spend, COALESCE(m.impressions, 0) AS impressions, COALESCE(m.clicks, 0) AS clicks, COALESCE(m.inline_link_clicks, 0) AS inline_link_clicks, COALESCE(m.unique_clicks, 0) AS unique_clicks, COALESCE(m.link_clicks, 0) AS link_clicks, COALESCE(m.purchases, 0) AS purchases, COALESCE(m.revenue, 0) AS revenue,
  CASE WHEN m.spend > 0 THEN 1.0 * COALESCE(m.revenue, 0) / m.spend END AS roas,
  CASE WHEN m.impressions > 0 THEN 100.0 * m.clicks / m.impressions END AS ctr,
  CASE WHEN m.clicks > 0 THEN m.spend / m.clicks END AS cpc,
  CASE WHEN m.impressions > 0 THEN 1000.0 * m.spend / m.impressions END AS cpm
FROM m LEFT JOIN campaigns ON campaigns.id = m.id;
CREATE VIEW account_daily AS
WITH base AS (SELECT * FROM insights WHERE breakdown_key = '' AND date_start = date_stop),
src AS (SELECT account_id, date_start AS date, CASE WHEN max(level = 'ad') THEN 'ad' WHEN max(level = 'adset') THEN 'adset' WHEN max(level = 'campaign') THEN 'campaign' ELSE 'account' END AS level
  FROM base WHERE level IN ('ad', 'adset', 'campaign', 'account') GROUP BY account_id, date_start),
m AS (SELECT b.account_id AS id, b.account_id, b.date_start AS date, SUM(b.spend) AS spend, SUM(b.impressions) AS impressions, SUM(b.clicks) AS clicks, SUM(b.inline_link_clicks) AS inline_link_clicks, SUM(b.unique_clicks) AS unique_clicks, SUM(b.link_clicks) AS link_clicks, SUM(b.purchases) AS purchases, SUM(b.revenue) AS revenue
  FROM base b JOIN src ON src.account_id = b.account_id AND src.date = b.date_start AND src.level = b.level
  GROUP BY b.account_id, b.account_id, b.date_start),
own AS (SELECT object_id AS id, date_start AS date, reach, frequency FROM base WHERE level = 'account'),
days AS (SELECT DISTINCT account_id, date FROM src),
ids AS (SELECT account_id AS id, account_id FROM accounts UNION SELECT id, account_id FROM m)
SELECT ids.id AS account_id, accounts.name AS name, days.date, COALESCE(m.spend, 0) AS spend, COALESCE(m.impressions, 0) AS impressions, COALESCE(m.clicks, 0) AS clicks, COALESCE(m.inline_link_clicks, 0) AS inline_link_clicks, COALESCE(m.unique_clicks, 0) AS unique_clicks,
  own.reach, own.frequency, COALESCE(m.link_clicks, 0) AS link_clicks, COALESCE(m.purchases, 0) AS purchases, COALESCE(m.revenue, 0) AS revenue,
  CASE WHEN m.spend > 0 THEN 1.0 * COALESCE(m.revenue, 0) / m.spend END AS roas,
  CASE WHEN m.impressions > 0 THEN 100.0 * m.clicks / m.impressions END AS ctr,
  CASE WHEN m.clicks > 0 THEN m.spend / m.clicks END AS cpc,
  CASE WHEN m.impressions > 0 THEN 1000.0 * m.spend / m.impressions END AS cpm
FROM ids JOIN days ON days.account_id = ids.account_id
LEFT JOIN accounts ON accounts.account_id = ids.id
LEFT JOIN m ON m.id = ids.id AND m.date = days.date
LEFT JOIN own ON own.id = ids.id AND own.date = days.date
WHERE ids.id IS NOT NULL;
CREATE VIEW account_daily_by_breakdown AS
WITH base AS (SELECT *, (SELECT group_concat(key) FROM json_each(breakdowns)) AS bset
  FROM insights WHERE breakdown_key != '' AND date_start = date_stop),
src AS (SELECT account_id, date_start AS date, bset, CASE WHEN max(level = 'ad') THEN 'ad' WHEN max(level = 'adset') THEN 'adset' WHEN max(level = 'campaign') THEN 'campaign' ELSE 'account' END AS level
  FROM base WHERE level IN ('ad', 'adset', 'campaign', 'account') GROUP BY account_id, date_start, bset),
m AS (SELECT b.account_id AS id, b.account_id, b.date_start AS date, b.bset, b.breakdown_key, b.breakdowns, SUM(b.spend) AS spend, SUM(b.impressions) AS impressions, SUM(b.clicks) AS clicks, SUM(b.inline_link_clicks) AS inline_link_clicks, SUM(b.unique_clicks) AS unique_clicks, SUM(b.link_clicks) AS link_clicks, SUM(b.purchases) AS purchases, SUM(b.revenue) AS revenue
  FROM base b JOIN src ON src.account_id = b.account_id AND src.date = b.date_start AND src.bset = b.bset AND src.level = b.level
  GROUP BY b.account_id, b.account_id, b.date_start, b.breakdown_key)
SELECT m.id AS account_id, accounts.name AS name, m.date, m.bset AS breakdowns, m.breakdown_key, json_extract(m.breakdowns, '$.publisher_platform') AS publisher_platform, json_extract(m.breakdowns, '$.platform_position') AS platform_position, json_extract(m.breakdowns, '$.impression_device') AS impression_device, json_extract(m.breakdowns, '$.device_platform') AS device_platform, json_extract(m.breakdowns, '$.age') AS age, json_extract(m.breakdowns, '$.gender') AS gender, json_extract(m.breakdowns, '$.country') AS country, json_extract(m.breakdowns, '$.region') AS region, COALESCE(m.spend, 0) AS spend, COALESCE(m.impressions, 0) AS impressions, COALESCE(m.clicks, 0) AS clicks, COALESCE(m.inline_link_clicks, 0) AS inline_link_clicks, COALESCE(m.unique_clicks, 0) AS unique_clicks, COALESCE(m.link_clicks, 0) AS link_clicks, COALESCE(m.purchases, 0) AS purchases, COALESCE(m.revenue, 0) AS revenue,
  CASE WHEN m.spend > 0 THEN 1.0 * COALESCE(m.revenue, 0) / m.spend END AS roas,
  CASE WHEN m.impressions > 0 THEN 100.0 * m.clicks / m.impressions END AS ctr,
  CASE WHEN m.clicks > 0 THEN m.spend / m.clicks END AS cpc,
  CASE WHEN m.impressions > 0 THEN 1000.0 * m.spend / m.impressions END AS cpm
FROM m LEFT JOIN accounts ON accounts.account_id = m.id;
COMMIT;
PRAGMA user_version=4;

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
INSERT INTO accounts VALUES('1000000000001','act_1000000000001','Boutique Démo 1','USD','America/Los_Angeles',-8.0,1,11696543,0,'Démo GmbH','2025-05-12T00:18:10-0700',NULL,'2026-12-07T18:35:47Z');
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
INSERT INTO campaigns VALUES('23850010000007919','1000000000001','Campaign 1 · act_1000000000001','OUTCOME_LEADS','ACTIVE','ACTIVE','ACTIVE','AUCTION','LOWEST_COST_WITHOUT_CAP',9600,NULL,576,NULL,'2026-01-26T18:38:32-0800','2026-03-01T07:31:37-0800','2026-01-26T23:58:51-0800',NULL,'{"special_ad_categories":[]}','2026-12-07T18:35:47Z');
INSERT INTO campaigns VALUES('23850010000126704','1000000000001','Campaign 2 · act_1000000000001','OUTCOME_ENGAGEMENT','ACTIVE','ACTIVE','ACTIVE','AUCTION','LOWEST_COST_WITHOUT_CAP',NULL,NULL,NULL,NULL,'2025-11-11T19:18:24-0800','2025-12-15T16:13:15-0800','2025-11-12T21:07:16-0800',NULL,'{"special_ad_categories":[]}','2026-12-07T18:35:47Z');
INSERT INTO campaigns VALUES('23850010000245489','1000000000001','Campaign 3 · act_1000000000001','OUTCOME_SALES','PAUSED','PAUSED','PAUSED','AUCTION','LOWEST_COST_WITHOUT_CAP',21500,NULL,13545,NULL,'2026-01-28T22:14:12-0800','2026-05-24T10:49:21-0700','2026-01-30T01:43:05-0800','2026-05-25T00:00:00-0700','{"special_ad_categories":[]}','2026-12-07T18:35:47Z');
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
INSERT INTO adsets VALUES('23850010000015838','23850010000007919','1000000000001','Ad set 1.1 – Zielgruppe Süd','ACTIVE','ACTIVE','ACTIVE','LEAD_GENERATION','IMPRESSIONS','LOWEST_COST_WITHOUT_CAP',NULL,NULL,NULL,NULL,'2026-02-03T13:15:19-0800','2026-03-04T05:24:27-0800','2026-02-04T14:48:33-0800',NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO adsets VALUES('23850010000071271','23850010000007919','1000000000001','Ad set 1.2 – Zielgruppe Süd','PAUSED','PAUSED','PAUSED','LEAD_GENERATION','IMPRESSIONS','LOWEST_COST_WITHOUT_CAP',NULL,NULL,NULL,NULL,'2026-01-28T22:44:49-0800','2026-02-20T16:35:05-0800','2026-01-28T08:01:27-0800','2026-02-21T00:00:00-0800',NULL,'2026-12-07T18:35:47Z');
INSERT INTO adsets VALUES('23850010000134623','23850010000126704','1000000000001','Ad set 2.1 – Zielgruppe Süd','ACTIVE','ACTIVE','ACTIVE','POST_ENGAGEMENT','IMPRESSIONS','LOWEST_COST_WITHOUT_CAP',NULL,4500,NULL,2745,'2025-11-24T12:02:21-0800','2026-01-03T13:08:46-0800','2025-11-24T02:56:57-0800',NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO adsets VALUES('23850010000190056','23850010000126704','1000000000001','Ad set 2.2 – Zielgruppe Süd','ACTIVE','ACTIVE','ACTIVE','POST_ENGAGEMENT','IMPRESSIONS','LOWEST_COST_WITHOUT_CAP',NULL,4700,NULL,3666,'2025-11-19T23:20:25-0800','2025-12-26T13:43:31-0800','2025-11-21T21:04:51-0800',NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO adsets VALUES('23850010000308841','23850010000245489','1000000000001','Ad set 3.2 – Zielgruppe Süd','ACTIVE','ACTIVE','CAMPAIGN_PAUSED','OFFSITE_CONVERSIONS','IMPRESSIONS','LOWEST_COST_WITHOUT_CAP',NULL,NULL,NULL,NULL,'2026-01-30T03:34:13-0800','2026-03-22T04:26:08-0700','2026-01-30T21:59:34-0800',NULL,NULL,'2026-12-07T18:35:47Z');
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
INSERT INTO ads VALUES('23850010000023757','23850010000015838','23850010000007919','1000000000001','Ad 1.1.1 🚀 Launch','ACTIVE','ACTIVE','ACTIVE','23850010000031676','2026-02-09T15:00:26-0800','2026-03-04T04:53:19-0800','{"creative":{"id":"23850010000031676"}}','2026-12-07T18:35:47Z');
INSERT INTO ads VALUES('23850010000079190','23850010000071271','23850010000007919','1000000000001','Ad 1.2.1 🚀 Launch','ACTIVE','ACTIVE','ADSET_PAUSED','23850010000087109','2026-01-27T02:52:05-0800','2026-03-11T18:21:12-0700','{"creative":{"id":"23850010000087109"}}','2026-12-07T18:35:47Z');
INSERT INTO ads VALUES('23850010000095028','23850010000071271','23850010000007919','1000000000001','Ad 1.2.2','PAUSED','PAUSED','PAUSED','23850010000102947','2026-02-02T00:05:52-0800','2026-05-08T11:49:10-0700','{"creative":{"id":"23850010000102947"}}','2026-12-07T18:35:47Z');
INSERT INTO ads VALUES('23850010000142542','23850010000134623','23850010000126704','1000000000001','Ad 2.1.1 🚀 Launch','ACTIVE','ACTIVE','ACTIVE','23850010000150461','2025-11-29T12:05:21-0800','2025-12-14T10:37:07-0800','{"creative":{"id":"23850010000150461"}}','2026-12-07T18:35:47Z');
INSERT INTO ads VALUES('23850010000158380','23850010000134623','23850010000126704','1000000000001','Ad 2.1.2','ACTIVE','ACTIVE','ACTIVE','23850010000166299','2025-11-26T10:44:58-0800','2025-12-08T15:02:56-0800','{"creative":{"id":"23850010000166299"}}','2026-12-07T18:35:47Z');
INSERT INTO ads VALUES('23850010000197975','23850010000190056','23850010000126704','1000000000001','Ad 2.2.1 🚀 Launch','ACTIVE','ACTIVE','ACTIVE','23850010000205894','2025-11-26T13:44:43-0800','2025-12-11T12:29:54-0800','{"creative":{"id":"23850010000205894"}}','2026-12-07T18:35:47Z');
INSERT INTO ads VALUES('23850010000213813','23850010000190056','23850010000126704','1000000000001','Ad 2.2.2','ACTIVE','ACTIVE','ACTIVE','23850010000221732','2025-11-21T20:12:15-0800','2025-12-14T10:28:18-0800','{"creative":{"id":"23850010000221732"}}','2026-12-07T18:35:47Z');
INSERT INTO ads VALUES('23850010000229651','23850010000190056','23850010000126704','1000000000001','Ad 2.2.3','ACTIVE','ACTIVE','ACTIVE','23850010000237570','2025-11-22T01:18:01-0800','2025-12-29T10:24:02-0800','{"creative":{"id":"23850010000237570"}}','2026-12-07T18:35:47Z');
INSERT INTO ads VALUES('23850010000332598','23850010000308841','23850010000245489','1000000000001','Ad 3.2.2','ACTIVE','ACTIVE','CAMPAIGN_PAUSED','23850010000340517','2026-02-01T09:05:05-0800','2026-03-06T19:01:02-0800','{"creative":{"id":"23850010000340517"}}','2026-12-07T18:35:47Z');
INSERT INTO ads VALUES('23850010000348436','23850010000308841','23850010000245489','1000000000001','Ad 3.2.3','ACTIVE','ACTIVE','CAMPAIGN_PAUSED','23850010000356355','2026-02-06T13:32:12-0800','2026-03-06T20:04:25-0800','{"creative":{"id":"23850010000356355"}}','2026-12-07T18:35:47Z');
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
  extra TEXT,
  synced_at TEXT NOT NULL,
  PRIMARY KEY (level, object_id, date_start, date_stop, breakdown_key));
INSERT INTO insights VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-01','2026-11-01','',NULL,'Boutique Démo 1','Campaign 1 · act_1000000000001','Ad set 1.1 – Zielgruppe Süd','Ad 1.1.1 🚀 Launch','USD','OUTCOME_LEADS',10.519999999999999573,2042,51,1368,1.4926900000000000723,0.20627499999999998614,5.1518119999999996139,NULL,2.4975510000000000765,34,44,'{"action_values":[{"action_type":"omni_purchase","value":"51.69"},{"action_type":"purchase","value":"51.69"}],"actions":[{"action_type":"landing_page_view","value":"29"},{"action_type":"link_click","value":"34"},{"action_type":"omni_purchase","value":"3"},{"action_type":"post_engagement","value":"35"},{"action_type":"purchase","value":"3"}],"conversion_values":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"51.69"}],"conversions":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"3"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-01','2026-11-01','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.1 – Zielgruppe Süd','Ad 2.1.1 🚀 Launch','USD','OUTCOME_ENGAGEMENT',33.020000000000003126,4287,64,2443,1.7548099999999999809,0.51593800000000000771,7.7023559999999999803,NULL,1.4928850000000000175,36,54,'{"action_values":[{"action_type":"omni_purchase","value":"110.52"},{"action_type":"purchase","value":"110.52"}],"actions":[{"action_type":"landing_page_view","value":"17"},{"action_type":"link_click","value":"36"},{"action_type":"omni_purchase","value":"1"},{"action_type":"post_engagement","value":"52"},{"action_type":"purchase","value":"1"}],"conversion_values":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"110.52"}],"conversions":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"1"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-01','2026-11-01','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.1 – Zielgruppe Süd','Ad 2.1.2','USD','OUTCOME_ENGAGEMENT',22.75,2075,68,1743,1.1904760000000000896,0.33455899999999999527,10.963855000000000572,NULL,3.2771080000000001319,59,55,'{"action_values":[{"action_type":"omni_purchase","value":"411.21"},{"action_type":"purchase","value":"411.21"}],"actions":[{"action_type":"landing_page_view","value":"33"},{"action_type":"link_click","value":"59"},{"action_type":"omni_purchase","value":"3"},{"action_type":"post_engagement","value":"67"},{"action_type":"purchase","value":"3"}],"conversion_values":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"411.21"}],"conversions":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"3"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-01','2026-11-01','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.2 – Zielgruppe Süd','Ad 2.2.1 🚀 Launch','USD','OUTCOME_ENGAGEMENT',85.340000000000003407,6636,165,5109,1.2988839999999999275,0.51721200000000000507,12.860156999999999172,NULL,2.486438000000000148,127,133,'{"action_values":[{"action_type":"omni_purchase","value":"481.4"},{"action_type":"purchase","value":"481.4"}],"actions":[{"action_type":"landing_page_view","value":"59"},{"action_type":"link_click","value":"127"},{"action_type":"omni_purchase","value":"4"},{"action_type":"post_engagement","value":"164"},{"action_type":"purchase","value":"4"}],"conversion_values":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"481.4"}],"conversions":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"4"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-01','2026-11-01','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.2 – Zielgruppe Süd','Ad 2.2.2','USD','OUTCOME_ENGAGEMENT',35.570000000000000285,3010,72,2678,1.1239730000000001108,0.49402800000000002267,11.817275999999999669,NULL,2.3920270000000001253,61,67,'{"action_values":[{"action_type":"omni_purchase","value":"193.76"},{"action_type":"purchase","value":"193.76"}],"actions":[{"action_type":"landing_page_view","value":"37"},{"action_type":"link_click","value":"61"},{"action_type":"omni_purchase","value":"2"},{"action_type":"post_engagement","value":"76"},{"action_type":"purchase","value":"2"}],"conversion_values":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"193.76"}],"conversions":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"2"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('ad','23850010000229651','1000000000001','23850010000126704','23850010000190056','23850010000229651','2026-11-01','2026-11-01','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.2 – Zielgruppe Süd','Ad 2.2.3','USD','OUTCOME_ENGAGEMENT',45.299999999999997156,4309,56,3662,1.1766790000000000304,0.80892900000000000915,10.512879999999999114,NULL,1.2996049999999998991,51,55,'{"actions":[{"action_type":"landing_page_view","value":"34"},{"action_type":"link_click","value":"51"},{"action_type":"post_engagement","value":"62"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-02','2026-11-02','',NULL,'Boutique Démo 1','Campaign 1 · act_1000000000001','Ad set 1.1 – Zielgruppe Süd','Ad 1.1.1 🚀 Launch','USD','OUTCOME_LEADS',9.5099999999999997868,1790,41,1270,1.4094489999999999518,0.23195099999999999051,5.3128489999999999326,NULL,2.2905030000000001777,29,34,'{"actions":[{"action_type":"landing_page_view","value":"24"},{"action_type":"link_click","value":"29"},{"action_type":"post_engagement","value":"35"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-02','2026-11-02','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.1 – Zielgruppe Süd','Ad 2.1.1 🚀 Launch','USD','OUTCOME_ENGAGEMENT',33.539999999999999147,4309,30,3102,1.3891039999999998943,1.1180000000000001048,7.7837089999999999889,NULL,0.69621699999999997476,24,27,'{"actions":[{"action_type":"landing_page_view","value":"17"},{"action_type":"link_click","value":"24"},{"action_type":"post_engagement","value":"27"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-02','2026-11-02','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.1 – Zielgruppe Süd','Ad 2.1.2','USD','OUTCOME_ENGAGEMENT',49.700000000000002843,3897,89,3624,1.0753310000000000368,0.5584270000000000067,12.753399999999999181,NULL,2.2838080000000000602,62,74,'{"actions":[{"action_type":"landing_page_view","value":"29"},{"action_type":"link_click","value":"62"},{"action_type":"post_engagement","value":"86"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-02','2026-11-02','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.2 – Zielgruppe Süd','Ad 2.2.1 🚀 Launch','USD','OUTCOME_ENGAGEMENT',34.490000000000001988,2390,14,1720,1.3895349999999999646,2.4635709999999999553,14.430961999999999179,NULL,0.58577400000000001689,10,13,'{"actions":[{"action_type":"landing_page_view","value":"5"},{"action_type":"link_click","value":"10"},{"action_type":"post_engagement","value":"13"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-02','2026-11-02','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.2 – Zielgruppe Süd','Ad 2.2.2','USD','OUTCOME_ENGAGEMENT',24.300000000000000709,1940,54,1280,1.515625,0.4500000000000000111,12.525772999999999157,NULL,2.7835049999999998959,38,53,'{"actions":[{"action_type":"landing_page_view","value":"20"},{"action_type":"link_click","value":"38"},{"action_type":"post_engagement","value":"53"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('ad','23850010000229651','1000000000001','23850010000126704','23850010000190056','23850010000229651','2026-11-02','2026-11-02','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.2 – Zielgruppe Süd','Ad 2.2.3','USD','OUTCOME_ENGAGEMENT',69.140000000000000567,5973,47,5256,1.1364160000000000927,1.4710639999999999272,11.575423000000000684,NULL,0.78687399999999996236,28,44,'{"actions":[{"action_type":"landing_page_view","value":"21"},{"action_type":"link_click","value":"28"},{"action_type":"post_engagement","value":"30"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-03','2026-11-03','',NULL,'Boutique Démo 1','Campaign 1 · act_1000000000001','Ad set 1.1 – Zielgruppe Süd','Ad 1.1.1 🚀 Launch','USD','OUTCOME_LEADS',4.7999999999999998223,923,24,701,1.316689999999999916,0.2000000000000000111,5.2004330000000003053,NULL,2.6002169999999997784,21,21,'{"actions":[{"action_type":"landing_page_view","value":"14"},{"action_type":"link_click","value":"21"},{"action_type":"post_engagement","value":"21"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-03','2026-11-03','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.1 – Zielgruppe Süd','Ad 2.1.1 🚀 Launch','USD','OUTCOME_ENGAGEMENT',52.950000000000002841,6596,217,5804,1.1364579999999999682,0.24400900000000000367,8.0275920000000002829,NULL,3.2898730000000000472,130,203,'{"action_values":[{"action_type":"omni_purchase","value":"469.16"},{"action_type":"purchase","value":"469.16"}],"actions":[{"action_type":"landing_page_view","value":"85"},{"action_type":"link_click","value":"130"},{"action_type":"omni_purchase","value":"4"},{"action_type":"post_engagement","value":"179"},{"action_type":"purchase","value":"4"}],"conversion_values":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"469.16"}],"conversions":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"4"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-03','2026-11-03','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.1 – Zielgruppe Süd','Ad 2.1.2','USD','OUTCOME_ENGAGEMENT',39.25,3659,69,3256,1.1237710000000000754,0.56884100000000004104,10.726974999999999482,NULL,1.8857610000000000205,56,58,'{"actions":[{"action_type":"landing_page_view","value":"34"},{"action_type":"link_click","value":"56"},{"action_type":"post_engagement","value":"69"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-03','2026-11-03','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.2 – Zielgruppe Süd','Ad 2.2.1 🚀 Launch','USD','OUTCOME_ENGAGEMENT',81.780000000000001138,5503,60,5062,1.0871200000000000862,1.3629999999999999893,14.860984999999999444,NULL,1.0903140000000000053,34,58,'{"actions":[{"action_type":"landing_page_view","value":"24"},{"action_type":"link_click","value":"34"},{"action_type":"post_engagement","value":"49"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-03','2026-11-03','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.2 – Zielgruppe Süd','Ad 2.2.2','USD','OUTCOME_ENGAGEMENT',19.850000000000001421,1555,12,1461,1.064338999999999924,1.6541669999999999429,12.765273000000000536,NULL,0.77170399999999994555,6,9,'{"actions":[{"action_type":"landing_page_view","value":"4"},{"action_type":"link_click","value":"6"},{"action_type":"post_engagement","value":"7"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('ad','23850010000229651','1000000000001','23850010000126704','23850010000190056','23850010000229651','2026-11-03','2026-11-03','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.2 – Zielgruppe Süd','Ad 2.2.3','USD','OUTCOME_ENGAGEMENT',50.600000000000001421,5179,77,3469,1.4929369999999999585,0.65714300000000003265,9.770225999999999189,NULL,1.4867740000000000399,62,76,'{"actions":[{"action_type":"landing_page_view","value":"41"},{"action_type":"link_click","value":"62"},{"action_type":"post_engagement","value":"78"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','{"publisher_platform":"facebook"}','Boutique Démo 1','Campaign 1 · act_1000000000001',NULL,NULL,'USD','OUTCOME_LEADS',6.6100000000000003197,1284,32,860,1.493022999999999989,0.20656299999999999661,5.1479749999999997456,NULL,2.4922119999999998718,21,27,'{"action_values":[{"action_type":"omni_purchase","value":"17.23"},{"action_type":"purchase","value":"17.23"}],"actions":[{"action_type":"landing_page_view","value":"17"},{"action_type":"link_click","value":"21"},{"action_type":"omni_purchase","value":"1"},{"action_type":"post_engagement","value":"21"},{"action_type":"purchase","value":"1"}],"conversion_values":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"17.23"}],"conversions":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"1"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','{"publisher_platform":"instagram"}','Boutique Démo 1','Campaign 1 · act_1000000000001',NULL,NULL,'USD','OUTCOME_LEADS',3.1800000000000001598,617,15,413,1.4939469999999999139,0.211999999999999994,5.153971000000000302,NULL,2.4311180000000001122,10,13,'{"action_values":[{"action_type":"omni_purchase","value":"17.23"},{"action_type":"purchase","value":"17.23"}],"actions":[{"action_type":"landing_page_view","value":"9"},{"action_type":"link_click","value":"10"},{"action_type":"omni_purchase","value":"1"},{"action_type":"post_engagement","value":"10"},{"action_type":"purchase","value":"1"}],"conversion_values":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"17.23"}],"conversions":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"1"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=audience_network','{"publisher_platform":"audience_network"}','Boutique Démo 1','Campaign 1 · act_1000000000001',NULL,NULL,'USD','OUTCOME_LEADS',0.47999999999999998223,93,2,62,1.5,0.23999999999999999111,5.1612900000000001554,NULL,2.1505380000000000606,1,2,'{"actions":[{"action_type":"landing_page_view","value":"1"},{"action_type":"link_click","value":"1"},{"action_type":"post_engagement","value":"1"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','{"publisher_platform":"messenger"}','Boutique Démo 1','Campaign 1 · act_1000000000001',NULL,NULL,'USD','OUTCOME_LEADS',0.25,48,2,33,1.4545449999999999768,0.125,5.2083329999999996573,NULL,4.1666670000000003426,2,2,'{"action_values":[{"action_type":"omni_purchase","value":"17.23"},{"action_type":"purchase","value":"17.23"}],"actions":[{"action_type":"landing_page_view","value":"2"},{"action_type":"link_click","value":"2"},{"action_type":"omni_purchase","value":"1"},{"action_type":"post_engagement","value":"3"},{"action_type":"purchase","value":"1"}],"conversion_values":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"17.23"}],"conversions":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"1"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','{"publisher_platform":"facebook"}','Boutique Démo 1','Campaign 2 · act_1000000000001',NULL,NULL,'USD','OUTCOME_ENGAGEMENT',122.96999999999999886,11183,230,8604,1.2997440000000000104,0.53465200000000001612,10.996154999999999901,NULL,2.0566930000000001044,178,193,'{"action_values":[{"action_type":"omni_purchase","value":"377.77"},{"action_type":"purchase","value":"377.77"}],"actions":[{"action_type":"landing_page_view","value":"93"},{"action_type":"link_click","value":"178"},{"action_type":"omni_purchase","value":"3"},{"action_type":"post_engagement","value":"224"},{"action_type":"purchase","value":"3"}],"conversion_values":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"377.77"}],"conversions":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"3"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','{"publisher_platform":"instagram"}','Boutique Démo 1','Campaign 2 · act_1000000000001',NULL,NULL,'USD','OUTCOME_ENGAGEMENT',82.790000000000006251,7665,161,5900,1.2991530000000000022,0.5142240000000000144,10.8010439999999992,NULL,2.1004570000000000185,127,139,'{"action_values":[{"action_type":"omni_purchase","value":"354.3"},{"action_type":"purchase","value":"354.3"}],"actions":[{"action_type":"landing_page_view","value":"69"},{"action_type":"link_click","value":"127"},{"action_type":"omni_purchase","value":"3"},{"action_type":"post_engagement","value":"159"},{"action_type":"purchase","value":"3"}],"conversion_values":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"354.3"}],"conversions":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"3"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=audience_network','{"publisher_platform":"audience_network"}','Boutique Démo 1','Campaign 2 · act_1000000000001',NULL,NULL,'USD','OUTCOME_ENGAGEMENT',11.539999999999999147,1046,21,800,1.3075000000000001065,0.54952400000000001245,11.03250500000000045,NULL,2.0076480000000000991,16,19,'{"actions":[{"action_type":"landing_page_view","value":"9"},{"action_type":"link_click","value":"16"},{"action_type":"post_engagement","value":"20"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','{"publisher_platform":"messenger"}','Boutique Démo 1','Campaign 2 · act_1000000000001',NULL,NULL,'USD','OUTCOME_ENGAGEMENT',4.6799999999999997157,423,13,331,1.2779460000000000263,0.35999999999999998667,11.063829999999999387,NULL,3.0732859999999999622,13,13,'{"action_values":[{"action_type":"omni_purchase","value":"464.82"},{"action_type":"purchase","value":"464.82"}],"actions":[{"action_type":"landing_page_view","value":"9"},{"action_type":"link_click","value":"13"},{"action_type":"omni_purchase","value":"4"},{"action_type":"post_engagement","value":"18"},{"action_type":"purchase","value":"4"}],"conversion_values":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"464.82"}],"conversions":[{"action_type":"offsite_conversion.fb_pixel_purchase","value":"4"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=facebook','{"publisher_platform":"facebook"}','Boutique Démo 1','Campaign 1 · act_1000000000001',NULL,NULL,'USD','OUTCOME_LEADS',5.9100000000000001421,1113,25,789,1.4106460000000000665,0.23639999999999999902,5.309973000000000276,NULL,2.2461809999999999831,17,20,'{"actions":[{"action_type":"landing_page_view","value":"14"},{"action_type":"link_click","value":"17"},{"action_type":"post_engagement","value":"20"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=instagram','{"publisher_platform":"instagram"}','Boutique Démo 1','Campaign 1 · act_1000000000001',NULL,NULL,'USD','OUTCOME_LEADS',3.0400000000000000355,572,13,406,1.4088670000000000914,0.2338459999999999983,5.3146849999999998814,NULL,2.2727270000000001637,9,11,'{"actions":[{"action_type":"landing_page_view","value":"7"},{"action_type":"link_click","value":"9"},{"action_type":"post_engagement","value":"11"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=audience_network','{"publisher_platform":"audience_network"}','Boutique Démo 1','Campaign 1 · act_1000000000001',NULL,NULL,'USD','OUTCOME_LEADS',0.4000000000000000222,75,2,53,1.415094000000000074,0.2000000000000000111,5.3333329999999996573,NULL,2.6666669999999998985,2,2,'{"actions":[{"action_type":"landing_page_view","value":"2"},{"action_type":"link_click","value":"2"},{"action_type":"post_engagement","value":"2"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=messenger','{"publisher_platform":"messenger"}','Boutique Démo 1','Campaign 1 · act_1000000000001',NULL,NULL,'USD','OUTCOME_LEADS',0.16000000000000000333,30,1,22,1.3636360000000000702,0.16000000000000000333,5.3333329999999996573,NULL,3.3333330000000001014,1,1,'{"actions":[{"action_type":"landing_page_view","value":"1"},{"action_type":"link_click","value":"1"},{"action_type":"post_engagement","value":"2"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=facebook','{"publisher_platform":"facebook"}','Boutique Démo 1','Campaign 2 · act_1000000000001',NULL,NULL,'USD','OUTCOME_ENGAGEMENT',119.51000000000000511,10371,132,8422,1.2314179999999999015,0.90537900000000004485,11.523479000000000027,NULL,1.2727800000000000224,90,116,'{"actions":[{"action_type":"landing_page_view","value":"48"},{"action_type":"link_click","value":"90"},{"action_type":"post_engagement","value":"116"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=instagram','{"publisher_platform":"instagram"}','Boutique Démo 1','Campaign 2 · act_1000000000001',NULL,NULL,'USD','OUTCOME_ENGAGEMENT',75.989999999999994885,6755,82,5441,1.2415000000000000479,0.92670699999999994744,11.249444999999999694,NULL,1.213915999999999995,56,76,'{"actions":[{"action_type":"landing_page_view","value":"32"},{"action_type":"link_click","value":"56"},{"action_type":"post_engagement","value":"70"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=audience_network','{"publisher_platform":"audience_network"}','Boutique Démo 1','Campaign 2 · act_1000000000001',NULL,NULL,'USD','OUTCOME_ENGAGEMENT',11.55000000000000071,1020,13,825,1.2363640000000000185,0.88846199999999997398,11.323529000000000621,NULL,1.2745100000000000317,9,12,'{"actions":[{"action_type":"landing_page_view","value":"6"},{"action_type":"link_click","value":"9"},{"action_type":"post_engagement","value":"11"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=messenger','{"publisher_platform":"messenger"}','Boutique Démo 1','Campaign 2 · act_1000000000001',NULL,NULL,'USD','OUTCOME_ENGAGEMENT',4.1200000000000001065,363,7,294,1.2346939999999999582,0.58857099999999995532,11.349861999999999895,NULL,1.9283749999999999502,7,7,'{"actions":[{"action_type":"landing_page_view","value":"6"},{"action_type":"link_click","value":"7"},{"action_type":"post_engagement","value":"12"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','',NULL,'Boutique Démo 1','Campaign 1 · act_1000000000001',NULL,NULL,NULL,NULL,10.519999999999999573,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'{"action_values":[{"action_type":"omni_purchase","value":"51.69"},{"action_type":"purchase","value":"51.69"}],"actions":[{"action_type":"landing_page_view","value":"29"},{"action_type":"link_click","value":"34"},{"action_type":"omni_purchase","value":"3"},{"action_type":"post_engagement","value":"35"},{"action_type":"purchase","value":"3"}],"cost_per_action_type":[{"action_type":"landing_page_view","value":"0.362759"},{"action_type":"link_click","value":"0.309412"},{"action_type":"omni_purchase","value":"3.506667"},{"action_type":"post_engagement","value":"0.300571"},{"action_type":"purchase","value":"3.506667"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001',NULL,NULL,NULL,NULL,221.97999999999998975,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'{"action_values":[{"action_type":"omni_purchase","value":"1196.89"},{"action_type":"purchase","value":"1196.89"}],"actions":[{"action_type":"landing_page_view","value":"180"},{"action_type":"link_click","value":"334"},{"action_type":"omni_purchase","value":"10"},{"action_type":"post_engagement","value":"421"},{"action_type":"purchase","value":"10"}],"cost_per_action_type":[{"action_type":"landing_page_view","value":"1.233222"},{"action_type":"link_click","value":"0.664611"},{"action_type":"omni_purchase","value":"22.198"},{"action_type":"post_engagement","value":"0.527268"},{"action_type":"purchase","value":"22.198"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','',NULL,'Boutique Démo 1','Campaign 1 · act_1000000000001',NULL,NULL,NULL,NULL,9.5099999999999997868,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'{"actions":[{"action_type":"landing_page_view","value":"24"},{"action_type":"link_click","value":"29"},{"action_type":"post_engagement","value":"35"}],"cost_per_action_type":[{"action_type":"landing_page_view","value":"0.39625"},{"action_type":"link_click","value":"0.327931"},{"action_type":"post_engagement","value":"0.271714"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001',NULL,NULL,NULL,NULL,211.16999999999998749,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'{"actions":[{"action_type":"landing_page_view","value":"92"},{"action_type":"link_click","value":"162"},{"action_type":"post_engagement","value":"209"}],"cost_per_action_type":[{"action_type":"landing_page_view","value":"2.295326"},{"action_type":"link_click","value":"1.303519"},{"action_type":"post_engagement","value":"1.010383"}]}','2026-12-07T18:35:47Z');
INSERT INTO insights VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-05','2026-11-05','',NULL,'Boutique Démo 1','Campaign 1 · act_1000000000001','Ad set 1.1 – Zielgruppe Süd','Ad 1.1.1 🚀 Launch','USD','OUTCOME_LEADS',9.7799999999999993605,1898,17,1461,1.2991099999999999869,0.57529399999999997206,5.1527919999999998168,NULL,0.89568000000000003169,10,16,'{"actions":[{"1d_view":"0","7d_click":"6","action_destination":"dest_0","action_type":"landing_page_view","value":"6"},{"action_type":"link_click","value":"10"},{"1d_view":"0","7d_click":"10","action_type":"post_engagement","value":"10"}],"cost_per_action_type":[{"action_type":"link_click","value":"0.37"}]}','2026-12-07T18:35:54Z');
INSERT INTO insights VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-05','2026-11-05','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.1 – Zielgruppe Süd','Ad 2.1.1 🚀 Launch','USD','OUTCOME_ENGAGEMENT',30.460000000000000853,3647,83,2625,1.3893329999999999291,0.36698799999999998089,8.3520699999999994389,NULL,2.2758430000000000603,57,67,'{"actions":[{"1d_view":"0","7d_click":"34","action_destination":"dest_0","action_type":"landing_page_view","value":"34"},{"action_type":"link_click","value":"57"},{"1d_view":"0","7d_click":"62","action_type":"post_engagement","value":"62"}],"cost_per_action_type":[{"action_type":"link_click","value":"0.37"}]}','2026-12-07T18:35:54Z');
INSERT INTO insights VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-05','2026-11-05','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.1 – Zielgruppe Süd','Ad 2.1.2','USD','OUTCOME_ENGAGEMENT',41.100000000000001419,3348,70,3046,1.0991459999999999563,0.58714299999999997048,12.27598599999999962,NULL,2.0908000000000002138,49,64,'{"actions":[{"1d_view":"0","7d_click":"29","action_destination":"dest_0","action_type":"landing_page_view","value":"29"},{"action_type":"link_click","value":"49"},{"1d_view":"0","7d_click":"61","action_type":"post_engagement","value":"61"}],"cost_per_action_type":[{"action_type":"link_click","value":"0.37"}]}','2026-12-07T18:35:54Z');
INSERT INTO insights VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-05','2026-11-05','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.2 – Zielgruppe Süd','Ad 2.2.1 🚀 Launch','USD','OUTCOME_ENGAGEMENT',83.719999999999998863,5425,75,4936,1.0990679999999999338,1.1162669999999998982,15.432257999999999143,NULL,1.3824879999999999391,51,74,'{"actions":[{"1d_view":"0","7d_click":"29","action_destination":"dest_0","action_type":"landing_page_view","value":"29"},{"action_type":"link_click","value":"51"},{"1d_view":"0","7d_click":"67","action_type":"post_engagement","value":"67"}],"cost_per_action_type":[{"action_type":"link_click","value":"0.37"}]}','2026-12-07T18:35:54Z');
INSERT INTO insights VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-05','2026-11-05','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.2 – Zielgruppe Süd','Ad 2.2.2','USD','OUTCOME_ENGAGEMENT',38.990000000000001989,3055,88,2199,1.3892679999999999473,0.44306800000000001737,12.76268400000000014,NULL,2.8805239999999998623,68,74,'{"actions":[{"1d_view":"0","7d_click":"49","action_destination":"dest_0","action_type":"landing_page_view","value":"49"},{"action_type":"link_click","value":"68"},{"1d_view":"0","7d_click":"73","action_type":"post_engagement","value":"73"}],"cost_per_action_type":[{"action_type":"link_click","value":"0.37"}]}','2026-12-07T18:35:54Z');
INSERT INTO insights VALUES('ad','23850010000229651','1000000000001','23850010000126704','23850010000190056','23850010000229651','2026-11-05','2026-11-05','',NULL,'Boutique Démo 1','Campaign 2 · act_1000000000001','Ad set 2.2 – Zielgruppe Süd','Ad 2.2.3','USD','OUTCOME_ENGAGEMENT',64.530000000000001135,5575,94,4181,1.3334129999999999593,0.68648900000000001586,11.574887999999999621,NULL,1.6860990000000000144,79,87,'{"actions":[{"1d_view":"0","7d_click":"56","action_destination":"dest_0","action_type":"landing_page_view","value":"56"},{"action_type":"link_click","value":"79"},{"1d_view":"0","7d_click":"102","action_type":"post_engagement","value":"102"}],"cost_per_action_type":[{"action_type":"link_click","value":"0.37"}]}','2026-12-07T18:35:54Z');
CREATE TABLE insight_actions (
  level TEXT NOT NULL,
  object_id TEXT NOT NULL,
  account_id TEXT,
  campaign_id TEXT,
  adset_id TEXT,
  ad_id TEXT,
  date_start TEXT NOT NULL,
  date_stop TEXT NOT NULL,
  breakdown_key TEXT NOT NULL,
  field TEXT NOT NULL,
  action_type TEXT NOT NULL,
  action_key TEXT NOT NULL,
  value REAL,
  windows TEXT,
  extra TEXT,
  synced_at TEXT NOT NULL,
  PRIMARY KEY (level, object_id, date_start, date_stop, breakdown_key, field, action_type, action_key));
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-01','2026-11-01','','actions','landing_page_view','',29.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-01','2026-11-01','','actions','link_click','',34.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-01','2026-11-01','','actions','omni_purchase','',3.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-01','2026-11-01','','actions','post_engagement','',35.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-01','2026-11-01','','actions','purchase','',3.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-01','2026-11-01','','action_values','omni_purchase','',51.689999999999997727,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-01','2026-11-01','','action_values','purchase','',51.689999999999997727,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-01','2026-11-01','','conversions','offsite_conversion.fb_pixel_purchase','',3.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-01','2026-11-01','','conversion_values','offsite_conversion.fb_pixel_purchase','',51.689999999999997727,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-01','2026-11-01','','actions','landing_page_view','',17.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-01','2026-11-01','','actions','link_click','',36.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-01','2026-11-01','','actions','omni_purchase','',1.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-01','2026-11-01','','actions','post_engagement','',52.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-01','2026-11-01','','actions','purchase','',1.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-01','2026-11-01','','action_values','omni_purchase','',110.51999999999999602,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-01','2026-11-01','','action_values','purchase','',110.51999999999999602,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-01','2026-11-01','','conversions','offsite_conversion.fb_pixel_purchase','',1.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-01','2026-11-01','','conversion_values','offsite_conversion.fb_pixel_purchase','',110.51999999999999602,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-01','2026-11-01','','actions','landing_page_view','',33.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-01','2026-11-01','','actions','link_click','',59.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-01','2026-11-01','','actions','omni_purchase','',3.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-01','2026-11-01','','actions','post_engagement','',67.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-01','2026-11-01','','actions','purchase','',3.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-01','2026-11-01','','action_values','omni_purchase','',411.20999999999997952,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-01','2026-11-01','','action_values','purchase','',411.20999999999997952,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-01','2026-11-01','','conversions','offsite_conversion.fb_pixel_purchase','',3.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-01','2026-11-01','','conversion_values','offsite_conversion.fb_pixel_purchase','',411.20999999999997952,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-01','2026-11-01','','actions','landing_page_view','',59.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-01','2026-11-01','','actions','link_click','',127.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-01','2026-11-01','','actions','omni_purchase','',4.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-01','2026-11-01','','actions','post_engagement','',164.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-01','2026-11-01','','actions','purchase','',4.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-01','2026-11-01','','action_values','omni_purchase','',481.39999999999997727,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-01','2026-11-01','','action_values','purchase','',481.39999999999997727,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-01','2026-11-01','','conversions','offsite_conversion.fb_pixel_purchase','',4.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-01','2026-11-01','','conversion_values','offsite_conversion.fb_pixel_purchase','',481.39999999999997727,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-01','2026-11-01','','actions','landing_page_view','',37.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-01','2026-11-01','','actions','link_click','',61.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-01','2026-11-01','','actions','omni_purchase','',2.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-01','2026-11-01','','actions','post_engagement','',76.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-01','2026-11-01','','actions','purchase','',2.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-01','2026-11-01','','action_values','omni_purchase','',193.75999999999999091,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-01','2026-11-01','','action_values','purchase','',193.75999999999999091,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-01','2026-11-01','','conversions','offsite_conversion.fb_pixel_purchase','',2.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-01','2026-11-01','','conversion_values','offsite_conversion.fb_pixel_purchase','',193.75999999999999091,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000229651','1000000000001','23850010000126704','23850010000190056','23850010000229651','2026-11-01','2026-11-01','','actions','landing_page_view','',34.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000229651','1000000000001','23850010000126704','23850010000190056','23850010000229651','2026-11-01','2026-11-01','','actions','link_click','',51.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000229651','1000000000001','23850010000126704','23850010000190056','23850010000229651','2026-11-01','2026-11-01','','actions','post_engagement','',62.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-02','2026-11-02','','actions','landing_page_view','',24.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-02','2026-11-02','','actions','link_click','',29.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-02','2026-11-02','','actions','post_engagement','',35.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-02','2026-11-02','','actions','landing_page_view','',17.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-02','2026-11-02','','actions','link_click','',24.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-02','2026-11-02','','actions','post_engagement','',27.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-02','2026-11-02','','actions','landing_page_view','',29.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-02','2026-11-02','','actions','link_click','',62.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-02','2026-11-02','','actions','post_engagement','',86.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-02','2026-11-02','','actions','landing_page_view','',5.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-02','2026-11-02','','actions','link_click','',10.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-02','2026-11-02','','actions','post_engagement','',13.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-02','2026-11-02','','actions','landing_page_view','',20.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-02','2026-11-02','','actions','link_click','',38.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-02','2026-11-02','','actions','post_engagement','',53.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000229651','1000000000001','23850010000126704','23850010000190056','23850010000229651','2026-11-02','2026-11-02','','actions','landing_page_view','',21.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000229651','1000000000001','23850010000126704','23850010000190056','23850010000229651','2026-11-02','2026-11-02','','actions','link_click','',28.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000229651','1000000000001','23850010000126704','23850010000190056','23850010000229651','2026-11-02','2026-11-02','','actions','post_engagement','',30.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-03','2026-11-03','','actions','landing_page_view','',14.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-03','2026-11-03','','actions','link_click','',21.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-03','2026-11-03','','actions','post_engagement','',21.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-03','2026-11-03','','actions','landing_page_view','',85.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-03','2026-11-03','','actions','link_click','',130.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-03','2026-11-03','','actions','omni_purchase','',4.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-03','2026-11-03','','actions','post_engagement','',179.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-03','2026-11-03','','actions','purchase','',4.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-03','2026-11-03','','action_values','omni_purchase','',469.16000000000002501,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-03','2026-11-03','','action_values','purchase','',469.16000000000002501,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-03','2026-11-03','','conversions','offsite_conversion.fb_pixel_purchase','',4.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-03','2026-11-03','','conversion_values','offsite_conversion.fb_pixel_purchase','',469.16000000000002501,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-03','2026-11-03','','actions','landing_page_view','',34.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-03','2026-11-03','','actions','link_click','',56.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-03','2026-11-03','','actions','post_engagement','',69.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-03','2026-11-03','','actions','landing_page_view','',24.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-03','2026-11-03','','actions','link_click','',34.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-03','2026-11-03','','actions','post_engagement','',49.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-03','2026-11-03','','actions','landing_page_view','',4.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-03','2026-11-03','','actions','link_click','',6.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-03','2026-11-03','','actions','post_engagement','',7.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000229651','1000000000001','23850010000126704','23850010000190056','23850010000229651','2026-11-03','2026-11-03','','actions','landing_page_view','',41.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000229651','1000000000001','23850010000126704','23850010000190056','23850010000229651','2026-11-03','2026-11-03','','actions','link_click','',62.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000229651','1000000000001','23850010000126704','23850010000190056','23850010000229651','2026-11-03','2026-11-03','','actions','post_engagement','',78.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','actions','landing_page_view','',17.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','actions','link_click','',21.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','actions','omni_purchase','',1.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','actions','post_engagement','',21.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','actions','purchase','',1.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','action_values','omni_purchase','',17.230000000000000425,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','action_values','purchase','',17.230000000000000425,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','conversions','offsite_conversion.fb_pixel_purchase','',1.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','conversion_values','offsite_conversion.fb_pixel_purchase','',17.230000000000000425,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','actions','landing_page_view','',9.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','actions','link_click','',10.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','actions','omni_purchase','',1.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','actions','post_engagement','',10.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','actions','purchase','',1.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','action_values','omni_purchase','',17.230000000000000425,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','action_values','purchase','',17.230000000000000425,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','conversions','offsite_conversion.fb_pixel_purchase','',1.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','conversion_values','offsite_conversion.fb_pixel_purchase','',17.230000000000000425,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=audience_network','actions','landing_page_view','',1.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=audience_network','actions','link_click','',1.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=audience_network','actions','post_engagement','',1.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','actions','landing_page_view','',2.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','actions','link_click','',2.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','actions','omni_purchase','',1.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','actions','post_engagement','',3.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','actions','purchase','',1.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','action_values','omni_purchase','',17.230000000000000425,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','action_values','purchase','',17.230000000000000425,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','conversions','offsite_conversion.fb_pixel_purchase','',1.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','conversion_values','offsite_conversion.fb_pixel_purchase','',17.230000000000000425,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','actions','landing_page_view','',93.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','actions','link_click','',178.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','actions','omni_purchase','',3.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','actions','post_engagement','',224.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','actions','purchase','',3.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','action_values','omni_purchase','',377.7699999999999818,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','action_values','purchase','',377.7699999999999818,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','conversions','offsite_conversion.fb_pixel_purchase','',3.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=facebook','conversion_values','offsite_conversion.fb_pixel_purchase','',377.7699999999999818,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','actions','landing_page_view','',69.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','actions','link_click','',127.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','actions','omni_purchase','',3.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','actions','post_engagement','',159.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','actions','purchase','',3.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','action_values','omni_purchase','',354.30000000000001136,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','action_values','purchase','',354.30000000000001136,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','conversions','offsite_conversion.fb_pixel_purchase','',3.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=instagram','conversion_values','offsite_conversion.fb_pixel_purchase','',354.30000000000001136,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=audience_network','actions','landing_page_view','',9.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=audience_network','actions','link_click','',16.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=audience_network','actions','post_engagement','',20.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','actions','landing_page_view','',9.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','actions','link_click','',13.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','actions','omni_purchase','',4.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','actions','post_engagement','',18.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','actions','purchase','',4.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','action_values','omni_purchase','',464.81999999999999316,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','action_values','purchase','',464.81999999999999316,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','conversions','offsite_conversion.fb_pixel_purchase','',4.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','publisher_platform=messenger','conversion_values','offsite_conversion.fb_pixel_purchase','',464.81999999999999316,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=facebook','actions','landing_page_view','',14.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=facebook','actions','link_click','',17.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=facebook','actions','post_engagement','',20.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=instagram','actions','landing_page_view','',7.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=instagram','actions','link_click','',9.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=instagram','actions','post_engagement','',11.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=audience_network','actions','landing_page_view','',2.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=audience_network','actions','link_click','',2.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=audience_network','actions','post_engagement','',2.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=messenger','actions','landing_page_view','',1.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=messenger','actions','link_click','',1.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=messenger','actions','post_engagement','',2.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=facebook','actions','landing_page_view','',48.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=facebook','actions','link_click','',90.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=facebook','actions','post_engagement','',116.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=instagram','actions','landing_page_view','',32.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=instagram','actions','link_click','',56.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=instagram','actions','post_engagement','',70.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=audience_network','actions','landing_page_view','',6.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=audience_network','actions','link_click','',9.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=audience_network','actions','post_engagement','',11.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=messenger','actions','landing_page_view','',6.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=messenger','actions','link_click','',7.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','publisher_platform=messenger','actions','post_engagement','',12.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','','actions','landing_page_view','',29.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','','actions','link_click','',34.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','','actions','omni_purchase','',3.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','','actions','post_engagement','',35.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','','actions','purchase','',3.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','','action_values','omni_purchase','',51.689999999999997727,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','','action_values','purchase','',51.689999999999997727,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','','cost_per_action_type','landing_page_view','',0.36275899999999999812,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','','cost_per_action_type','link_click','',0.30941200000000002034,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','','cost_per_action_type','omni_purchase','',3.5066670000000002005,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','','cost_per_action_type','post_engagement','',0.30057099999999997708,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-01','2026-11-01','','cost_per_action_type','purchase','',3.5066670000000002005,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','','actions','landing_page_view','',180.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','','actions','link_click','',334.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','','actions','omni_purchase','',10.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','','actions','post_engagement','',421.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','','actions','purchase','',10.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','','action_values','omni_purchase','',1196.8900000000001,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','','action_values','purchase','',1196.8900000000001,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','','cost_per_action_type','landing_page_view','',1.2332220000000000403,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','','cost_per_action_type','link_click','',0.6646109999999999518,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','','cost_per_action_type','omni_purchase','',22.198000000000000398,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','','cost_per_action_type','post_engagement','',0.52726799999999995893,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-01','2026-11-01','','cost_per_action_type','purchase','',22.198000000000000398,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','','actions','landing_page_view','',24.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','','actions','link_click','',29.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','','actions','post_engagement','',35.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','','cost_per_action_type','landing_page_view','',0.39624999999999999111,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','','cost_per_action_type','link_click','',0.32793099999999997251,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000007919','1000000000001','23850010000007919',NULL,NULL,'2026-11-02','2026-11-02','','cost_per_action_type','post_engagement','',0.27171400000000001107,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','','actions','landing_page_view','',92.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','','actions','link_click','',162.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','','actions','post_engagement','',209.0,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','','cost_per_action_type','landing_page_view','',2.2953260000000001994,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','','cost_per_action_type','link_click','',1.3035190000000000942,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('campaign','23850010000126704','1000000000001','23850010000126704',NULL,NULL,'2026-11-02','2026-11-02','','cost_per_action_type','post_engagement','',1.010383000000000031,NULL,NULL,'2026-12-07T18:35:47Z');
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-05','2026-11-05','','actions','landing_page_view','action_destination=dest_0',6.0,'{"1d_view":0,"7d_click":6}',NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-05','2026-11-05','','actions','link_click','',10.0,NULL,NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-05','2026-11-05','','actions','post_engagement','',10.0,'{"1d_view":0,"7d_click":10}',NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000023757','1000000000001','23850010000007919','23850010000015838','23850010000023757','2026-11-05','2026-11-05','','cost_per_action_type','link_click','',0.36999999999999999555,NULL,NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-05','2026-11-05','','actions','landing_page_view','action_destination=dest_0',34.0,'{"1d_view":0,"7d_click":34}',NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-05','2026-11-05','','actions','link_click','',57.0,NULL,NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-05','2026-11-05','','actions','post_engagement','',62.0,'{"1d_view":0,"7d_click":62}',NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000142542','1000000000001','23850010000126704','23850010000134623','23850010000142542','2026-11-05','2026-11-05','','cost_per_action_type','link_click','',0.36999999999999999555,NULL,NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-05','2026-11-05','','actions','landing_page_view','action_destination=dest_0',29.0,'{"1d_view":0,"7d_click":29}',NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-05','2026-11-05','','actions','link_click','',49.0,NULL,NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-05','2026-11-05','','actions','post_engagement','',61.0,'{"1d_view":0,"7d_click":61}',NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000158380','1000000000001','23850010000126704','23850010000134623','23850010000158380','2026-11-05','2026-11-05','','cost_per_action_type','link_click','',0.36999999999999999555,NULL,NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-05','2026-11-05','','actions','landing_page_view','action_destination=dest_0',29.0,'{"1d_view":0,"7d_click":29}',NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-05','2026-11-05','','actions','link_click','',51.0,NULL,NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-05','2026-11-05','','actions','post_engagement','',67.0,'{"1d_view":0,"7d_click":67}',NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000197975','1000000000001','23850010000126704','23850010000190056','23850010000197975','2026-11-05','2026-11-05','','cost_per_action_type','link_click','',0.36999999999999999555,NULL,NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-05','2026-11-05','','actions','landing_page_view','action_destination=dest_0',49.0,'{"1d_view":0,"7d_click":49}',NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-05','2026-11-05','','actions','link_click','',68.0,NULL,NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-05','2026-11-05','','actions','post_engagement','',73.0,'{"1d_view":0,"7d_click":73}',NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000213813','1000000000001','23850010000126704','23850010000190056','23850010000213813','2026-11-05','2026-11-05','','cost_per_action_type','link_click','',0.36999999999999999555,NULL,NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000229651','1000000000001','23850010000126704','23850010000190056','23850010000229651','2026-11-05','2026-11-05','','actions','landing_page_view','action_destination=dest_0',56.0,'{"1d_view":0,"7d_click":56}',NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000229651','1000000000001','23850010000126704','23850010000190056','23850010000229651','2026-11-05','2026-11-05','','actions','link_click','',79.0,NULL,NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000229651','1000000000001','23850010000126704','23850010000190056','23850010000229651','2026-11-05','2026-11-05','','actions','post_engagement','',102.0,'{"1d_view":0,"7d_click":102}',NULL,'2026-12-07T18:35:54Z');
INSERT INTO insight_actions VALUES('ad','23850010000229651','1000000000001','23850010000126704','23850010000190056','23850010000229651','2026-11-05','2026-11-05','','cost_per_action_type','link_click','',0.36999999999999999555,NULL,NULL,'2026-12-07T18:35:54Z');
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
INSERT INTO sync_state VALUES('singer','{"bookmarks":{"accounts":{"act_1000000000001":{}},"campaigns":{"act_1000000000001":{}},"adsets":{"act_1000000000001":{}},"ads":{"act_1000000000001":{}},"insights":{"act_1000000000001":{"level":"ad","since":"2026-11-05","until":"2026-11-05"}}}}','2026-12-07T18:35:54Z');
CREATE TABLE backfill_days (account_id TEXT NOT NULL, level TEXT NOT NULL,
  date TEXT NOT NULL, fetched_at TEXT NOT NULL,
  PRIMARY KEY (account_id, level, date));
CREATE TABLE backfill_runs (account_id TEXT NOT NULL, level TEXT NOT NULL,
  until TEXT NOT NULL, completed_at TEXT NOT NULL,
  PRIMARY KEY (account_id, level));
CREATE TABLE rate_blocks (account_id TEXT PRIMARY KEY,
  until_epoch REAL NOT NULL, until TEXT NOT NULL, recorded_at TEXT NOT NULL);
CREATE INDEX insights_by_campaign ON insights (level, campaign_id, date_start);
CREATE INDEX insights_by_date ON insights (account_id, date_start);
CREATE VIEW adset_daily AS
WITH ad_rows AS (SELECT * FROM insights WHERE level = 'ad' AND breakdown_key = ''
                   AND date_start = date_stop),
days AS (SELECT DISTINCT account_id, date_start AS date FROM ad_rows),
ids AS (SELECT adsets.id AS id, adsets.account_id AS account_id FROM adsets
        UNION SELECT adset_id, account_id FROM ad_rows),
m AS (SELECT adset_id AS id, date_start AS date, SUM(spend) AS spend,
        SUM(impressions) AS impressions, SUM(clicks) AS clicks, SUM(reach) AS reach,
        SUM(inline_link_clicks) AS link_clicks
      FROM ad_rows GROUP BY adset_id, date_start),
rev AS (SELECT adset_id AS id, date_start AS date, SUM(value) AS revenue
        FROM insight_actions WHERE level = 'ad' AND breakdown_key = ''
          AND field = 'action_values' AND action_type = 'purchase' AND action_key = ''
        GROUP BY adset_id, date_start)
SELECT ids.id AS adset_id, ids.account_id, adsets.name AS name, days.date,
  COALESCE(m.spend, 0) AS spend, COALESCE(m.impressions, 0) AS impressions,
  COALESCE(m.clicks, 0) AS clicks, COALESCE(m.reach, 0) AS reach,
  COALESCE(m.link_clicks, 0) AS link_clicks, COALESCE(rev.revenue, 0) AS revenue,
  CASE WHEN m.impressions > 0 THEN 100.0 * m.clicks / m.impressions END AS ctr,
  CASE WHEN m.clicks > 0 THEN m.spend / m.clicks END AS cpc,
  CASE WHEN m.impressions > 0 THEN 1000.0 * m.spend / m.impressions END AS cpm,
  CASE WHEN m.spend > 0 THEN COALESCE(rev.revenue, 0) / m.spend END AS roas
FROM ids JOIN days ON days.account_id = ids.account_id
LEFT JOIN adsets ON adsets.id = ids.id
LEFT JOIN m ON m.id = ids.id AND m.date = days.date
LEFT JOIN rev ON rev.id = ids.id AND rev.date = days.date
WHERE ids.id IS NOT NULL;
CREATE VIEW campaign_daily AS
WITH ad_rows AS (SELECT * FROM insights WHERE level = 'ad' AND breakdown_key = ''
                   AND date_start = date_stop),
days AS (SELECT DISTINCT account_id, date_start AS date FROM ad_rows),
ids AS (SELECT campaigns.id AS id, campaigns.account_id AS account_id FROM campaigns
        UNION SELECT campaign_id, account_id FROM ad_rows),
m AS (SELECT campaign_id AS id, date_start AS date, SUM(spend) AS spend,
        SUM(impressions) AS impressions, SUM(clicks) AS clicks, SUM(reach) AS reach,
        SUM(inline_link_clicks) AS link_clicks
      FROM ad_rows GROUP BY campaign_id, date_start),
rev AS (SELECT campaign_id AS id, date_start AS date, SUM(value) AS revenue
        FROM insight_actions WHERE level = 'ad' AND breakdown_key = ''
          AND field = 'action_values' AND action_type = 'purchase' AND action_key = ''
        GROUP BY campaign_id, date_start)
SELECT ids.id AS campaign_id, ids.account_id, campaigns.name AS name, days.date,
  COALESCE(m.spend, 0) AS spend, COALESCE(m.impressions, 0) AS impressions,
  COALESCE(m.clicks, 0) AS clicks, COALESCE(m.reach, 0) AS reach,
  COALESCE(m.link_clicks, 0) AS link_clicks, COALESCE(rev.revenue, 0) AS revenue,
  CASE WHEN m.impressions > 0 THEN 100.0 * m.clicks / m.impressions END AS ctr,
  CASE WHEN m.clicks > 0 THEN m.spend / m.clicks END AS cpc,
  CASE WHEN m.impressions > 0 THEN 1000.0 * m.spend / m.impressions END AS cpm,
  CASE WHEN m.spend > 0 THEN COALESCE(rev.revenue, 0) / m.spend END AS roas
FROM ids JOIN days ON days.account_id = ids.account_id
LEFT JOIN campaigns ON campaigns.id = ids.id
LEFT JOIN m ON m.id = ids.id AND m.date = days.date
LEFT JOIN rev ON rev.id = ids.id AND rev.date = days.date
WHERE ids.id IS NOT NULL;
CREATE VIEW account_daily AS
WITH ad_rows AS (SELECT * FROM insights WHERE level = 'ad' AND breakdown_key = ''
                   AND date_start = date_stop),
m AS (SELECT account_id, date_start AS date, SUM(spend) AS spend,
        SUM(impressions) AS impressions, SUM(clicks) AS clicks, SUM(reach) AS reach,
        SUM(inline_link_clicks) AS link_clicks
      FROM ad_rows GROUP BY account_id, date_start),
rev AS (SELECT account_id, date_start AS date, SUM(value) AS revenue
        FROM insight_actions WHERE level = 'ad' AND breakdown_key = ''
          AND field = 'action_values' AND action_type = 'purchase' AND action_key = ''
        GROUP BY account_id, date_start)
SELECT m.account_id, accounts.name, m.date, COALESCE(m.spend, 0) AS spend,
  COALESCE(m.impressions, 0) AS impressions, COALESCE(m.clicks, 0) AS clicks,
  COALESCE(m.reach, 0) AS reach, COALESCE(m.link_clicks, 0) AS link_clicks,
  COALESCE(rev.revenue, 0) AS revenue,
  CASE WHEN m.impressions > 0 THEN 100.0 * m.clicks / m.impressions END AS ctr,
  CASE WHEN m.clicks > 0 THEN m.spend / m.clicks END AS cpc,
  CASE WHEN m.impressions > 0 THEN 1000.0 * m.spend / m.impressions END AS cpm,
  CASE WHEN m.spend > 0 THEN COALESCE(rev.revenue, 0) / m.spend END AS roas
FROM m LEFT JOIN accounts ON accounts.account_id = m.account_id
LEFT JOIN rev ON rev.account_id = m.account_id AND rev.date = m.date;
PRAGMA user_version = 3;
COMMIT;

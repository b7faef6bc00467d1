-- 0006: monthly roll-ups of the statistics counters.
--
-- A statistics request over whole months now reads one row per (month,
-- unit, county, category) instead of one per day; only a partial first or
-- last month is read from the daily tables. The month '*' holds the
-- all-time totals: a request over all time (the default) reads one row per
-- (unit, county, category), and a long range is read as the totals minus
-- what lies outside it. Grouped by month, the *_by_month tables hold one row
-- per month (meetings: per month and county).
-- The daily tables are rebuilt with the day right after the alliance in
-- their key, so that those partial months are a range scan, not a scan of
-- the alliance's whole history. Both levels are written in the same
-- transaction as the change they count (store_sqlite_stats.c).

CREATE TABLE stat_matter_daily_new (
  alliance_id  INTEGER NOT NULL,
  day          TEXT NOT NULL,
  unit_id      INTEGER NOT NULL,
  county_code  TEXT NOT NULL,
  category     TEXT NOT NULL,
  raised       INTEGER NOT NULL DEFAULT 0,
  resolved     INTEGER NOT NULL DEFAULT 0,
  resolve_days INTEGER NOT NULL DEFAULT 0,
  escalated    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (alliance_id, day, unit_id, county_code, category)
) WITHOUT ROWID, STRICT;
INSERT INTO stat_matter_daily_new
  SELECT alliance_id, day, unit_id, county_code, category, raised, resolved, resolve_days,
         escalated
  FROM stat_matter_daily;
DROP TABLE stat_matter_daily;
ALTER TABLE stat_matter_daily_new RENAME TO stat_matter_daily;

CREATE TABLE stat_meeting_daily_new (
  alliance_id INTEGER NOT NULL,
  day         TEXT NOT NULL,
  unit_id     INTEGER NOT NULL,
  county_code TEXT NOT NULL,
  meetings    INTEGER NOT NULL DEFAULT 0,
  attendance  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (alliance_id, day, unit_id, county_code)
) WITHOUT ROWID, STRICT;
INSERT INTO stat_meeting_daily_new
  SELECT alliance_id, day, unit_id, county_code, meetings, attendance FROM stat_meeting_daily;
DROP TABLE stat_meeting_daily;
ALTER TABLE stat_meeting_daily_new RENAME TO stat_meeting_daily;

-- month = 'YYYY-MM', or '*' for all time
CREATE TABLE stat_matter_monthly (
  alliance_id  INTEGER NOT NULL,
  month        TEXT NOT NULL,
  unit_id      INTEGER NOT NULL,
  county_code  TEXT NOT NULL,
  category     TEXT NOT NULL,
  raised       INTEGER NOT NULL DEFAULT 0,
  resolved     INTEGER NOT NULL DEFAULT 0,
  resolve_days INTEGER NOT NULL DEFAULT 0,
  escalated    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (alliance_id, month, unit_id, county_code, category)
) WITHOUT ROWID, STRICT;
INSERT INTO stat_matter_monthly
  SELECT alliance_id, substr(day, 1, 7), unit_id, county_code, category, sum(raised),
         sum(resolved), sum(resolve_days), sum(escalated)
  FROM stat_matter_daily GROUP BY 1, 2, 3, 4, 5;
INSERT INTO stat_matter_monthly
  SELECT alliance_id, '*', unit_id, county_code, category, sum(raised), sum(resolved),
         sum(resolve_days), sum(escalated)
  FROM stat_matter_daily GROUP BY 1, 3, 4, 5;

-- Open matters by the month they are due.
CREATE TABLE stat_open_due_monthly (
  alliance_id INTEGER NOT NULL,
  month       TEXT NOT NULL,
  unit_id     INTEGER NOT NULL,
  county_code TEXT NOT NULL,
  category    TEXT NOT NULL,
  n           INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (alliance_id, month, unit_id, county_code, category)
) WITHOUT ROWID, STRICT;
INSERT INTO stat_open_due_monthly
  SELECT alliance_id, substr(due_on, 1, 7), unit_id, county_code, category, sum(n)
  FROM stat_open_due GROUP BY 1, 2, 3, 4, 5;
INSERT INTO stat_open_due_monthly
  SELECT alliance_id, '*', unit_id, county_code, category, sum(n)
  FROM stat_open_due GROUP BY 1, 3, 4, 5;

CREATE TABLE stat_meeting_monthly (
  alliance_id INTEGER NOT NULL,
  month       TEXT NOT NULL,
  unit_id     INTEGER NOT NULL,
  county_code TEXT NOT NULL,
  meetings    INTEGER NOT NULL DEFAULT 0,
  attendance  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (alliance_id, month, unit_id, county_code)
) WITHOUT ROWID, STRICT;
INSERT INTO stat_meeting_monthly
  SELECT alliance_id, substr(day, 1, 7), unit_id, county_code, sum(meetings), sum(attendance)
  FROM stat_meeting_daily GROUP BY 1, 2, 3, 4;
INSERT INTO stat_meeting_monthly
  SELECT alliance_id, '*', unit_id, county_code, sum(meetings), sum(attendance)
  FROM stat_meeting_daily GROUP BY 1, 3, 4;

-- One row per month of the alliance: the figures grouped by month.
CREATE TABLE stat_matter_by_month (
  alliance_id  INTEGER NOT NULL,
  month        TEXT NOT NULL,
  raised       INTEGER NOT NULL DEFAULT 0,
  resolved     INTEGER NOT NULL DEFAULT 0,
  resolve_days INTEGER NOT NULL DEFAULT 0,
  escalated    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (alliance_id, month)
) WITHOUT ROWID, STRICT;
INSERT INTO stat_matter_by_month
  SELECT alliance_id, substr(day, 1, 7), sum(raised), sum(resolved), sum(resolve_days),
         sum(escalated)
  FROM stat_matter_daily GROUP BY 1, 2;

CREATE TABLE stat_open_due_by_month (
  alliance_id INTEGER NOT NULL,
  month       TEXT NOT NULL,
  n           INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (alliance_id, month)
) WITHOUT ROWID, STRICT;
INSERT INTO stat_open_due_by_month
  SELECT alliance_id, substr(due_on, 1, 7), sum(n) FROM stat_open_due GROUP BY 1, 2;

CREATE TABLE stat_meeting_by_month (
  alliance_id INTEGER NOT NULL,
  month       TEXT NOT NULL,
  county_code TEXT NOT NULL,
  meetings    INTEGER NOT NULL DEFAULT 0,
  attendance  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (alliance_id, month, county_code)
) WITHOUT ROWID, STRICT;
INSERT INTO stat_meeting_by_month
  SELECT alliance_id, substr(day, 1, 7), county_code, sum(meetings), sum(attendance)
  FROM stat_meeting_daily GROUP BY 1, 2, 3;

-- 0007: the five lines of joint work (五共) and their results: sites and
-- routes, activities with their people, sittings, check-in codes and fair
-- sales, secondments, enterprises, talents, projects (divisions, stages,
-- funds, team, links), financing, tourism referrals and briefings.
--
-- Conventions, as in 0001-0006: STRICT tables; money in integer fen; dates
-- as TEXT 'YYYY-MM-DD' (months 'YYYY-MM'); instants as *_ms since the
-- epoch (UTC); durations in integer minutes; enums as CHECKed TEXT; line
-- is one of the five keys of matters.category. Every table whose rows
-- belong to an alliance carries alliance_id, child tables included, so
-- every read filters on it directly (read isolation) and roll-ups over an
-- alliance and a period are index range scans on (alliance_id, date).
-- county_code columns are the 6-digit county a record counts for
-- (a site's or talent's division, an activity's host organisation).

CREATE TABLE sites (
  id            INTEGER PRIMARY KEY,
  alliance_id   INTEGER NOT NULL REFERENCES alliances(id),
  kind          TEXT NOT NULL CHECK (kind IN ('education_base','demo_village','red_site','scenic','other')),
  name          TEXT NOT NULL,
  division_code TEXT NOT NULL REFERENCES divisions(code),
  county_code   TEXT NOT NULL,
  description   TEXT NOT NULL DEFAULT '',
  created_by    INTEGER,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX sites_alliance ON sites(alliance_id, kind, id);
CREATE INDEX sites_division ON sites(division_code);

-- opened_on: the day the route exists from (may lie in the past); a
-- briefing counts the routes open at the end of its period.
CREATE TABLE routes (
  id            INTEGER PRIMARY KEY,
  alliance_id   INTEGER NOT NULL REFERENCES alliances(id),
  kind          TEXT NOT NULL CHECK (kind IN ('red_education','tourism')),
  line          TEXT NOT NULL CHECK (line IN ('org','revival','talent','education','economy')),
  name          TEXT NOT NULL,
  opened_on     TEXT NOT NULL,
  closed_on     TEXT,
  created_by    INTEGER,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  CHECK (closed_on IS NULL OR closed_on >= opened_on)
) STRICT;
CREATE INDEX routes_alliance ON routes(alliance_id, kind, opened_on);

-- Stops in order (pos 0, 1, ...); a route may pass a site twice.
CREATE TABLE route_stops (
  route_id    INTEGER NOT NULL REFERENCES routes(id),
  pos         INTEGER NOT NULL CHECK (pos >= 0),
  alliance_id INTEGER NOT NULL REFERENCES alliances(id),
  site_id     INTEGER NOT NULL REFERENCES sites(id),
  PRIMARY KEY (route_id, pos)
) WITHOUT ROWID, STRICT;
CREATE INDEX route_stops_site ON route_stops(site_id);

-- An activity spans starts_on..ends_on (ends_on NULL: one day).
CREATE TABLE activities (
  id             INTEGER PRIMARY KEY,
  alliance_id    INTEGER NOT NULL REFERENCES alliances(id),
  unit_id        INTEGER REFERENCES units(id),
  kind           TEXT NOT NULL CHECK (kind IN ('party_lesson','training_class','study_tour','border_classroom','fair','other')),
  line           TEXT NOT NULL CHECK (line IN ('org','revival','talent','education','economy')),
  title          TEXT NOT NULL,
  starts_on      TEXT NOT NULL,
  ends_on        TEXT,
  place_division TEXT NOT NULL REFERENCES divisions(code),
  site_id        INTEGER REFERENCES sites(id),
  route_id       INTEGER REFERENCES routes(id),
  host_org_id    INTEGER NOT NULL REFERENCES orgs(id),
  county_code    TEXT NOT NULL,
  is_public      INTEGER NOT NULL DEFAULT 0 CHECK (is_public IN (0, 1)),
  created_by     INTEGER,
  created_at_ms  INTEGER NOT NULL,
  updated_at_ms  INTEGER NOT NULL,
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX activities_alliance ON activities(alliance_id, starts_on);
CREATE INDEX activities_alliance_kind ON activities(alliance_id, kind, starts_on);
CREATE INDEX activities_unit ON activities(unit_id, starts_on);
CREATE INDEX activities_site ON activities(site_id);
CREATE INDEX activities_public ON activities(alliance_id, starts_on) WHERE is_public = 1;

-- People on record (PUT replaces the set).
CREATE TABLE activity_participants (
  activity_id INTEGER NOT NULL REFERENCES activities(id),
  person_id   INTEGER NOT NULL REFERENCES people(id),
  alliance_id INTEGER NOT NULL REFERENCES alliances(id),
  PRIMARY KEY (activity_id, person_id)
) WITHOUT ROWID, STRICT;
CREATE INDEX activity_participants_person ON activity_participants(person_id);
CREATE INDEX activity_participants_alliance ON activity_participants(alliance_id, person_id);

-- People counted without names, one row per county.
CREATE TABLE activity_headcount (
  activity_id INTEGER NOT NULL REFERENCES activities(id),
  county_code TEXT NOT NULL,
  alliance_id INTEGER NOT NULL REFERENCES alliances(id),
  persons     INTEGER NOT NULL CHECK (persons >= 0),
  PRIMARY KEY (activity_id, county_code)
) WITHOUT ROWID, STRICT;

-- Sittings (课次; the API's "sessions"; the table name sessions is taken by
-- sign-in sessions).
CREATE TABLE sittings (
  id            INTEGER PRIMARY KEY,
  activity_id   INTEGER NOT NULL REFERENCES activities(id),
  alliance_id   INTEGER NOT NULL REFERENCES alliances(id),
  held_on       TEXT NOT NULL,
  title         TEXT NOT NULL,
  minutes       INTEGER NOT NULL CHECK (minutes >= 0),
  created_by    INTEGER,
  created_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX sittings_activity ON sittings(activity_id, held_on);
CREATE INDEX sittings_alliance ON sittings(alliance_id, held_on);

-- Present at a sitting; the key makes a repeated check-in a no-op
-- (INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE sitting_attendance (
  sitting_id  INTEGER NOT NULL REFERENCES sittings(id),
  person_id   INTEGER NOT NULL REFERENCES people(id),
  alliance_id INTEGER NOT NULL REFERENCES alliances(id),
  via         TEXT NOT NULL CHECK (via IN ('list','checkin')),
  at_ms       INTEGER NOT NULL,
  PRIMARY KEY (sitting_id, person_id)
) WITHOUT ROWID, STRICT;
CREATE INDEX sitting_attendance_person ON sitting_attendance(person_id);

-- QR check-in codes, stored by the BLAKE2b hash of the token (64 hex
-- characters, domain/checkin.h), never the token; valid while
-- now < expires_at_ms. Expired rows may be purged at any time.
CREATE TABLE checkin_tokens (
  token_hash    TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
  sitting_id    INTEGER NOT NULL REFERENCES sittings(id),
  alliance_id   INTEGER NOT NULL REFERENCES alliances(id),
  expires_at_ms INTEGER NOT NULL,
  created_by    INTEGER,
  created_at_ms INTEGER NOT NULL
) WITHOUT ROWID, STRICT;
CREATE INDEX checkin_tokens_sitting ON checkin_tokens(sitting_id);
CREATE INDEX checkin_tokens_expiry ON checkin_tokens(expires_at_ms);

-- 党校教师下挂 / 蹲点.
CREATE TABLE secondments (
  id            INTEGER PRIMARY KEY,
  alliance_id   INTEGER NOT NULL REFERENCES alliances(id),
  line          TEXT NOT NULL CHECK (line IN ('org','revival','talent','education','economy')),
  person_id     INTEGER NOT NULL REFERENCES people(id),
  kind          TEXT NOT NULL CHECK (kind IN ('xiagua','dundian')),
  from_org_id   INTEGER NOT NULL REFERENCES orgs(id),
  to_org_id     INTEGER NOT NULL REFERENCES orgs(id),
  county_code   TEXT NOT NULL,
  starts_on     TEXT NOT NULL,
  ends_on       TEXT,
  created_by    INTEGER,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  CHECK (from_org_id <> to_org_id),
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX secondments_alliance ON secondments(alliance_id, starts_on);
CREATE INDEX secondments_person ON secondments(person_id);

-- uscc: the normalised 18-character code (domain/uscc.h), unique across
-- the deployment (POST answers 409 when it exists).
CREATE TABLE enterprises (
  id            INTEGER PRIMARY KEY,
  alliance_id   INTEGER NOT NULL REFERENCES alliances(id),
  line          TEXT NOT NULL CHECK (line IN ('org','revival','talent','education','economy')),
  name          TEXT NOT NULL,
  uscc          TEXT NOT NULL UNIQUE CHECK (length(uscc) = 18),
  division_code TEXT NOT NULL REFERENCES divisions(code),
  county_code   TEXT NOT NULL,
  industry      TEXT NOT NULL,
  created_by    INTEGER,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX enterprises_alliance ON enterprises(alliance_id, id);

-- A fair's sales: how long it sold (one row per fair) and what each seller
-- sold (PUT replaces both). A seller is an organisation, an enterprise or
-- just a label (a stall, a village's farmers).
CREATE TABLE fair_sales (
  activity_id   INTEGER PRIMARY KEY REFERENCES activities(id),
  alliance_id   INTEGER NOT NULL REFERENCES alliances(id),
  minutes       INTEGER NOT NULL CHECK (minutes >= 0),
  updated_by    INTEGER,
  updated_at_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE fair_sale_items (
  id            INTEGER PRIMARY KEY,
  activity_id   INTEGER NOT NULL REFERENCES fair_sales(activity_id),
  alliance_id   INTEGER NOT NULL REFERENCES alliances(id),
  org_id        INTEGER REFERENCES orgs(id),
  enterprise_id INTEGER REFERENCES enterprises(id),
  label         TEXT,
  amount_fen    INTEGER NOT NULL CHECK (amount_fen >= 0),
  CHECK (org_id IS NOT NULL OR enterprise_id IS NOT NULL OR label IS NOT NULL)
) STRICT;
CREATE INDEX fair_sale_items_activity ON fair_sale_items(activity_id);
CREATE INDEX fair_sale_items_enterprise ON fair_sale_items(enterprise_id);

-- 经济能人、技术人才 ... brought into the alliance's area.
CREATE TABLE talents (
  id            INTEGER PRIMARY KEY,
  alliance_id   INTEGER NOT NULL REFERENCES alliances(id),
  line          TEXT NOT NULL CHECK (line IN ('org','revival','talent','education','economy')),
  name          TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('entrepreneur','technician','expert','returnee','other')),
  from_county   TEXT NOT NULL,
  division_code TEXT REFERENCES divisions(code),
  enterprise_id INTEGER REFERENCES enterprises(id),
  person_id     INTEGER REFERENCES people(id),
  introduced_on TEXT,
  note          TEXT NOT NULL DEFAULT '',
  created_by    INTEGER,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX talents_alliance ON talents(alliance_id, introduced_on);
CREATE INDEX talents_enterprise ON talents(enterprise_id);

-- 联建项目. stage is the current one; project_stages keeps every change with
-- its date (the first row is the stage it was entered in).
CREATE TABLE projects (
  id                  INTEGER PRIMARY KEY,
  alliance_id         INTEGER NOT NULL REFERENCES alliances(id),
  unit_id             INTEGER REFERENCES units(id),
  kind                TEXT NOT NULL CHECK (kind IN ('infrastructure','industry','chain','other')),
  line                TEXT NOT NULL CHECK (line IN ('org','revival','talent','education','economy')),
  name                TEXT NOT NULL,
  stage               TEXT NOT NULL CHECK (stage IN ('planned','signed','building','operating','completed')),
  stage_on            TEXT NOT NULL,
  investment_fen      INTEGER CHECK (investment_fen >= 0),
  jobs                INTEGER CHECK (jobs >= 0),
  income_per_head_fen INTEGER CHECK (income_per_head_fen >= 0),
  length_m            INTEGER CHECK (length_m >= 0),
  matter_id           INTEGER REFERENCES matters(id),
  created_by          INTEGER,
  created_at_ms       INTEGER NOT NULL,
  updated_at_ms       INTEGER NOT NULL
) STRICT;
CREATE INDEX projects_alliance ON projects(alliance_id, stage, id);
CREATE INDEX projects_alliance_kind ON projects(alliance_id, kind, id);
CREATE INDEX projects_unit ON projects(unit_id);
CREATE INDEX projects_matter ON projects(matter_id);

CREATE TABLE project_divisions (
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  code        TEXT NOT NULL REFERENCES divisions(code),
  alliance_id INTEGER NOT NULL REFERENCES alliances(id),
  PRIMARY KEY (project_id, code)
) WITHOUT ROWID, STRICT;
CREATE INDEX project_divisions_code ON project_divisions(code);

CREATE TABLE project_stages (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  alliance_id INTEGER NOT NULL REFERENCES alliances(id),
  from_stage  TEXT CHECK (from_stage IN ('planned','signed','building','operating','completed')),
  to_stage    TEXT NOT NULL CHECK (to_stage IN ('planned','signed','building','operating','completed')),
  on_date     TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  user_id     INTEGER,
  at_ms       INTEGER NOT NULL
) STRICT;
CREATE INDEX project_stages_project ON project_stages(project_id, id);
CREATE INDEX project_stages_alliance ON project_stages(alliance_id, on_date);

CREATE TABLE project_funds (
  id            INTEGER PRIMARY KEY,
  project_id    INTEGER NOT NULL REFERENCES projects(id),
  alliance_id   INTEGER NOT NULL REFERENCES alliances(id),
  source        TEXT NOT NULL CHECK (source IN ('government','social','enterprise','donation','bank')),
  county_code   TEXT,
  amount_fen    INTEGER NOT NULL CHECK (amount_fen >= 0),
  on_date       TEXT NOT NULL,
  note          TEXT NOT NULL DEFAULT '',
  created_by    INTEGER,
  created_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX project_funds_project ON project_funds(project_id, on_date);
CREATE INDEX project_funds_alliance ON project_funds(alliance_id, on_date);

-- 党员先锋队: one team per project (PUT replaces name and members).
CREATE TABLE project_teams (
  project_id    INTEGER PRIMARY KEY REFERENCES projects(id),
  alliance_id   INTEGER NOT NULL REFERENCES alliances(id),
  name          TEXT NOT NULL,
  formed_on     TEXT NOT NULL,
  updated_by    INTEGER,
  updated_at_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE project_team_members (
  project_id  INTEGER NOT NULL REFERENCES project_teams(project_id),
  person_id   INTEGER NOT NULL REFERENCES people(id),
  alliance_id INTEGER NOT NULL REFERENCES alliances(id),
  PRIMARY KEY (project_id, person_id)
) WITHOUT ROWID, STRICT;
CREATE INDEX project_team_members_person ON project_team_members(person_id);

CREATE TABLE project_enterprises (
  project_id    INTEGER NOT NULL REFERENCES projects(id),
  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
  alliance_id   INTEGER NOT NULL REFERENCES alliances(id),
  PRIMARY KEY (project_id, enterprise_id)
) WITHOUT ROWID, STRICT;
CREATE INDEX project_enterprises_enterprise ON project_enterprises(enterprise_id);

CREATE TABLE project_talents (
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  talent_id   INTEGER NOT NULL REFERENCES talents(id),
  alliance_id INTEGER NOT NULL REFERENCES alliances(id),
  PRIMARY KEY (project_id, talent_id)
) WITHOUT ROWID, STRICT;
CREATE INDEX project_talents_talent ON project_talents(talent_id);

-- 政金企对接: only status 'granted' counts as financed.
CREATE TABLE financing (
  id            INTEGER PRIMARY KEY,
  alliance_id   INTEGER NOT NULL REFERENCES alliances(id),
  line          TEXT NOT NULL CHECK (line IN ('org','revival','talent','education','economy')),
  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
  lender        TEXT NOT NULL,
  amount_fen    INTEGER NOT NULL CHECK (amount_fen >= 0),
  on_date       TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('applied','granted','declined')),
  created_by    INTEGER,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX financing_alliance ON financing(alliance_id, on_date);
CREATE INDEX financing_enterprise ON financing(enterprise_id);

-- 客源互送 on a tourism route: visitors sent from one county to another in a
-- month; one row per (route, month, from, to), a later report replaces it.
CREATE TABLE tourism_referrals (
  id            INTEGER PRIMARY KEY,
  alliance_id   INTEGER NOT NULL REFERENCES alliances(id),
  route_id      INTEGER NOT NULL REFERENCES routes(id),
  month         TEXT NOT NULL CHECK (length(month) = 7),
  from_county   TEXT NOT NULL,
  to_county     TEXT NOT NULL,
  visitors      INTEGER NOT NULL CHECK (visitors >= 0),
  created_by    INTEGER,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  CHECK (from_county <> to_county),
  UNIQUE (route_id, month, from_county, to_county)
) STRICT;
CREATE INDEX tourism_referrals_alliance ON tourism_referrals(alliance_id, month);

-- 工作简报: issues numbered per alliance and year (期数), the figures and
-- text frozen as JSON when the issue is made.
CREATE TABLE briefings (
  id              INTEGER PRIMARY KEY,
  alliance_id     INTEGER NOT NULL REFERENCES alliances(id),
  year            INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
  issue_no        INTEGER NOT NULL CHECK (issue_no >= 1),
  title           TEXT NOT NULL,
  from_on         TEXT NOT NULL,
  to_on           TEXT NOT NULL,
  content         TEXT NOT NULL CHECK (json_valid(content)),
  status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),
  created_by      INTEGER,
  created_at_ms   INTEGER NOT NULL,
  edited_by       INTEGER,
  edited_at_ms    INTEGER,
  published_at_ms INTEGER,
  CHECK (to_on >= from_on),
  CHECK (status = 'draft' OR published_at_ms IS NOT NULL),
  UNIQUE (alliance_id, year, issue_no)
) STRICT;
CREATE INDEX briefings_published ON briefings(alliance_id, published_at_ms) WHERE status = 'published';

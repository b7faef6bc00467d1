-- 0002: the organisation system: alliances, three-tier units, party
-- organisations, people, post histories, rosters and duty terms.
CREATE TABLE alliances (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  description   TEXT NOT NULL DEFAULT '',
  created_at_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE alliance_counties (
  alliance_id INTEGER NOT NULL REFERENCES alliances(id),
  county_code TEXT NOT NULL REFERENCES divisions(code),
  PRIMARY KEY (alliance_id, county_code)
) WITHOUT ROWID, STRICT;
CREATE INDEX alliance_counties_county ON alliance_counties(county_code);

CREATE TABLE units (
  id            INTEGER PRIMARY KEY,
  alliance_id   INTEGER NOT NULL REFERENCES alliances(id),
  tier          TEXT NOT NULL CHECK (tier IN ('county', 'town', 'village')),
  name          TEXT NOT NULL,
  parent_id     INTEGER REFERENCES units(id),
  created_at_ms INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX units_one_county_tier ON units(alliance_id) WHERE tier = 'county';
CREATE INDEX units_alliance ON units(alliance_id, tier);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE unit_divisions (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  code    TEXT NOT NULL REFERENCES divisions(code),
  PRIMARY KEY (unit_id, code)
) WITHOUT ROWID, STRICT;
CREATE INDEX unit_divisions_code ON unit_divisions(code);

CREATE TABLE orgs (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  division_code TEXT NOT NULL REFERENCES divisions(code),
  kind          TEXT NOT NULL CHECK (kind IN ('town_committee', 'village_branch', 'other')),
  created_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX orgs_division ON orgs(division_code);

CREATE TABLE people (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  org_id        INTEGER NOT NULL REFERENCES orgs(id),
  position      TEXT NOT NULL,
  phone         TEXT,
  is_demo       INTEGER NOT NULL DEFAULT 0,
  created_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX people_org ON people(org_id);

-- Post histories: the current holder has until_ms NULL; a change closes the
-- open row and opens a new one, so nothing is overwritten.
CREATE TABLE org_secretaries (
  id        INTEGER PRIMARY KEY,
  org_id    INTEGER NOT NULL REFERENCES orgs(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  since_ms  INTEGER NOT NULL,
  until_ms  INTEGER
) STRICT;
CREATE UNIQUE INDEX org_secretaries_current ON org_secretaries(org_id) WHERE until_ms IS NULL;

CREATE TABLE unit_members (
  id            INTEGER PRIMARY KEY,
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  org_id        INTEGER NOT NULL REFERENCES orgs(id),
  added_at_ms   INTEGER NOT NULL,
  removed_at_ms INTEGER
) STRICT;
CREATE UNIQUE INDEX unit_members_current ON unit_members(unit_id, org_id) WHERE removed_at_ms IS NULL;
CREATE INDEX unit_members_org ON unit_members(org_id);

CREATE TABLE unit_leaders (
  id        INTEGER PRIMARY KEY,
  unit_id   INTEGER NOT NULL REFERENCES units(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  since_ms  INTEGER NOT NULL,
  until_ms  INTEGER
) STRICT;
CREATE UNIQUE INDEX unit_leaders_current ON unit_leaders(unit_id) WHERE until_ms IS NULL;

-- Every roster version is kept; the newest is in force.
CREATE TABLE rosters (
  id            INTEGER PRIMARY KEY,
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  version       INTEGER NOT NULL,
  term          TEXT NOT NULL CHECK (term IN ('week', 'month', 'quarter')),
  starts_on     TEXT NOT NULL,
  person_ids    TEXT NOT NULL,
  first_idx     INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL,
  UNIQUE (unit_id, version)
) STRICT;

-- The computed schedule, materialised so that started terms never move.
CREATE TABLE duty_terms (
  unit_id           INTEGER NOT NULL REFERENCES units(id),
  idx               INTEGER NOT NULL,
  person_id         INTEGER NOT NULL REFERENCES people(id),
  planned_person_id INTEGER NOT NULL REFERENCES people(id),
  county_code       TEXT NOT NULL,
  starts_on         TEXT NOT NULL,
  ends_on           TEXT NOT NULL,
  swap_reason       TEXT,
  PRIMARY KEY (unit_id, idx)
) WITHOUT ROWID, STRICT;
CREATE INDEX duty_terms_dates ON duty_terms(unit_id, starts_on);

CREATE TABLE rotation_swaps (
  id                   INTEGER PRIMARY KEY,
  unit_id              INTEGER NOT NULL REFERENCES units(id),
  term_idx             INTEGER NOT NULL,
  on_date              TEXT NOT NULL,
  original_person_id   INTEGER NOT NULL,
  substitute_person_id INTEGER NOT NULL,
  exchanged_term_idx   INTEGER,
  reason               TEXT NOT NULL,
  created_by           INTEGER,
  created_at_ms        INTEGER NOT NULL
) STRICT;

CREATE TABLE handovers (
  id                 INTEGER PRIMARY KEY,
  unit_id            INTEGER NOT NULL REFERENCES units(id),
  term_idx           INTEGER NOT NULL,
  on_date            TEXT NOT NULL,
  outgoing_person_id INTEGER,
  incoming_person_id INTEGER NOT NULL,
  open_matters       TEXT NOT NULL DEFAULT '[]',
  last_decisions     TEXT NOT NULL DEFAULT '[]',
  created_at_ms      INTEGER NOT NULL,
  UNIQUE (unit_id, term_idx)
) STRICT;

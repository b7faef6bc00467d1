-- 0003: cross-border matters, joint meetings, the inbox and incremental
-- statistics.
CREATE TABLE matter_types (
  key           TEXT PRIMARY KEY,
  label         TEXT NOT NULL UNIQUE,
  builtin       INTEGER NOT NULL DEFAULT 0,
  created_at_ms INTEGER NOT NULL
) STRICT;
INSERT INTO matter_types(key, label, builtin, created_at_ms) VALUES
  ('traffic', '交通', 1, 0), ('water', '水利', 1, 0), ('border_dispute', '边界纠纷', 1, 0),
  ('industry', '产业', 1, 0), ('security', '治安', 1, 0), ('livelihood', '民生', 1, 0),
  ('other', '其他', 1, 0);

CREATE TABLE matters (
  id               INTEGER PRIMARY KEY,
  alliance_id      INTEGER NOT NULL REFERENCES alliances(id),
  unit_id          INTEGER NOT NULL REFERENCES units(id),   -- where it is handled now
  origin_unit_id   INTEGER NOT NULL REFERENCES units(id),   -- where it was raised
  county_code      TEXT NOT NULL,                           -- of the raising organisation
  title            TEXT NOT NULL,
  description      TEXT NOT NULL,
  category         TEXT NOT NULL CHECK (category IN ('org','revival','talent','education','economy')),
  type             TEXT NOT NULL REFERENCES matter_types(key),
  priority         TEXT NOT NULL CHECK (priority IN ('low','normal','high')),
  status           TEXT NOT NULL CHECK (status IN ('proposed','studying','in_progress','resolved','escalated','closed')),
  due_on           TEXT,
  raised_by_org_id INTEGER NOT NULL REFERENCES orgs(id),
  raised_by_user   INTEGER,
  raised_on        TEXT NOT NULL,
  raised_at_ms     INTEGER NOT NULL,
  resolved_on      TEXT,
  resolution       TEXT,
  closed_reason    TEXT,
  funds_fen        INTEGER,
  people_count     INTEGER,
  length_m         INTEGER,
  jobs             INTEGER,
  updated_at_ms    INTEGER NOT NULL
) STRICT;
CREATE INDEX matters_unit ON matters(unit_id, id);
CREATE INDEX matters_alliance ON matters(alliance_id, status, due_on);

CREATE TABLE matter_divisions (
  matter_id INTEGER NOT NULL REFERENCES matters(id),
  code      TEXT NOT NULL REFERENCES divisions(code),
  PRIMARY KEY (matter_id, code)
) WITHOUT ROWID, STRICT;

CREATE TABLE matter_assignees (
  id        INTEGER PRIMARY KEY,
  matter_id INTEGER NOT NULL REFERENCES matters(id),
  org_id    INTEGER REFERENCES orgs(id),
  person_id INTEGER REFERENCES people(id),
  UNIQUE (matter_id, org_id, person_id)
) STRICT;
CREATE INDEX matter_assignees_person ON matter_assignees(person_id);

-- The timeline: every change is an entry (who, when, what, note).
CREATE TABLE matter_events (
  id          INTEGER PRIMARY KEY,
  matter_id   INTEGER NOT NULL REFERENCES matters(id),
  at_ms       INTEGER NOT NULL,
  user_id     INTEGER,
  username    TEXT,
  kind        TEXT NOT NULL,
  from_status TEXT,
  to_status   TEXT,
  unit_id     INTEGER,
  meeting_id  INTEGER,
  note        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX matter_events_matter ON matter_events(matter_id, id);

CREATE TABLE meetings (
  id              INTEGER PRIMARY KEY,
  alliance_id     INTEGER NOT NULL REFERENCES alliances(id),
  unit_id         INTEGER NOT NULL REFERENCES units(id),
  title           TEXT NOT NULL,
  held_on         TEXT NOT NULL,
  place_division  TEXT NOT NULL REFERENCES divisions(code),
  convener_person INTEGER REFERENCES people(id),
  convener_user   INTEGER,
  override_reason TEXT,
  minutes         TEXT NOT NULL DEFAULT '',
  created_at_ms   INTEGER NOT NULL
) STRICT;
CREATE INDEX meetings_unit ON meetings(unit_id, held_on);

CREATE TABLE meeting_agenda (
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  matter_id  INTEGER NOT NULL REFERENCES matters(id),
  pos        INTEGER NOT NULL,
  PRIMARY KEY (meeting_id, matter_id)
) WITHOUT ROWID, STRICT;

CREATE TABLE meeting_invites (
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  org_id     INTEGER NOT NULL REFERENCES orgs(id),
  PRIMARY KEY (meeting_id, org_id)
) WITHOUT ROWID, STRICT;

CREATE TABLE meeting_attendance (
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  person_id  INTEGER NOT NULL REFERENCES people(id),
  PRIMARY KEY (meeting_id, person_id)
) WITHOUT ROWID, STRICT;

CREATE TABLE meeting_decisions (
  id            INTEGER PRIMARY KEY,
  meeting_id    INTEGER NOT NULL REFERENCES meetings(id),
  matter_id     INTEGER NOT NULL REFERENCES matters(id),
  action        TEXT NOT NULL CHECK (action IN ('assign','set_due','resolve','escalate','close')),
  note          TEXT NOT NULL,
  detail        TEXT NOT NULL DEFAULT '{}',
  user_id       INTEGER,
  created_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX meeting_decisions_meeting ON meeting_decisions(meeting_id);

CREATE TABLE notifications (
  id            INTEGER PRIMARY KEY,
  person_id     INTEGER NOT NULL REFERENCES people(id),
  kind          TEXT NOT NULL,
  title         TEXT NOT NULL,
  body          TEXT NOT NULL DEFAULT '',
  object_type   TEXT,
  object_id     INTEGER,
  dedup_key     TEXT UNIQUE,
  created_at_ms INTEGER NOT NULL,
  read_at_ms    INTEGER
) STRICT;
CREATE INDEX notifications_person ON notifications(person_id, id);

-- Incremental roll-ups, updated in the same transaction as each write, so
-- that statistics sum small tables instead of scanning matters.
-- Matter figures are attributed to the unit where the matter was raised
-- and to the county of the raising organisation.
CREATE TABLE stat_matter_daily (
  alliance_id  INTEGER NOT NULL,
  unit_id      INTEGER NOT NULL,
  county_code  TEXT NOT NULL,
  category     TEXT NOT NULL,
  day          TEXT NOT NULL,
  raised       INTEGER NOT NULL DEFAULT 0,
  resolved     INTEGER NOT NULL DEFAULT 0,
  resolve_days INTEGER NOT NULL DEFAULT 0,
  escalated    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (alliance_id, unit_id, county_code, category, day)
) WITHOUT ROWID, STRICT;

-- Open matters by due date: overdue = the rows due before today.
CREATE TABLE stat_open_due (
  alliance_id INTEGER NOT NULL,
  unit_id     INTEGER NOT NULL,
  county_code TEXT NOT NULL,
  category    TEXT NOT NULL,
  due_on      TEXT NOT NULL,
  n           INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (alliance_id, due_on, unit_id, county_code, category)
) WITHOUT ROWID, STRICT;

-- Meetings by the county of their place; attendance by the attendee's county.
CREATE TABLE stat_meeting_daily (
  alliance_id INTEGER NOT NULL,
  unit_id     INTEGER NOT NULL,
  county_code TEXT NOT NULL,
  day         TEXT NOT NULL,
  meetings    INTEGER NOT NULL DEFAULT 0,
  attendance  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (alliance_id, unit_id, county_code, day)
) WITHOUT ROWID, STRICT;

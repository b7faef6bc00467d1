-- 0001: foundation: divisions, accounts, sessions, login throttling, audit.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Administrative divisions (统计用区划代码). level: 1 province, 2 city,
-- 3 county, 4 town, 5 village.
CREATE TABLE divisions (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  parent_code TEXT
) WITHOUT ROWID, STRICT;
CREATE INDEX divisions_parent ON divisions(parent_code, code);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  display_name  TEXT NOT NULL,
  person_id     INTEGER,
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE grants (
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role       TEXT NOT NULL,
  scope_type TEXT NOT NULL,
  scope_id   TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (user_id, role, scope_type, scope_id)
) STRICT;

-- Sessions are stored by the BLAKE2b hash of the token, never the token.
CREATE TABLE sessions (
  token_hash    TEXT PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token    TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  last_seen_ms  INTEGER NOT NULL
) WITHOUT ROWID, STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
  id    INTEGER PRIMARY KEY,
  key   TEXT NOT NULL,
  at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_key ON login_failures(key, at_ms);

CREATE TABLE audit (
  id          INTEGER PRIMARY KEY,
  at_ms       INTEGER NOT NULL,
  user_id     INTEGER,
  username    TEXT,
  action      TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id   TEXT,
  before      TEXT,
  after       TEXT
) STRICT;

-- PostgreSQL schema, 0001: what the areas ported to the thin SQL driver
-- need (issue 13, step 0): meta and divisions. Same shape as SQLite's
-- 0001/0004; codes compare byte-wise (COLLATE "C") as they do in SQLite.
CREATE TABLE meta (
  key   TEXT COLLATE "C" PRIMARY KEY,
  value TEXT COLLATE "C" NOT NULL
);

CREATE TABLE divisions (
  code        TEXT COLLATE "C" PRIMARY KEY,
  name        TEXT COLLATE "C" NOT NULL,
  level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  parent_code TEXT COLLATE "C"
);
CREATE INDEX divisions_parent ON divisions(parent_code, code) INCLUDE (name, level);

-- import-sqlite3.sql - the sqlite3 CLI's own way to load the five
-- china-division CSV files into the divisions table (see bench/import.sh for
-- why this is the fair counterpart of `lianjian import-divisions`).
-- @DIR@ is replaced with the data directory before the run.
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
PRAGMA cache_size=-65536;
PRAGMA temp_store=MEMORY;
-- Same table and index as sql/migrations/ (0001_init.sql; the index as
-- 0004_divisions_covering.sql made it; import.sh checks they still match).
CREATE TABLE divisions (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  parent_code TEXT
) WITHOUT ROWID, STRICT;
CREATE INDEX divisions_parent ON divisions(parent_code, code, name, level);
BEGIN;
CREATE TEMP TABLE p(code TEXT, name TEXT);
CREATE TEMP TABLE c(code TEXT, name TEXT, provinceCode TEXT);
CREATE TEMP TABLE a(code TEXT, name TEXT, cityCode TEXT, provinceCode TEXT);
CREATE TEMP TABLE s(code TEXT, name TEXT, areaCode TEXT, provinceCode TEXT, cityCode TEXT);
CREATE TEMP TABLE v(code TEXT, name TEXT, streetCode TEXT, provinceCode TEXT, cityCode TEXT, areaCode TEXT);
.import --csv --skip 1 --schema temp "@DIR@/provinces.csv" p
.import --csv --skip 1 --schema temp "@DIR@/cities.csv" c
.import --csv --skip 1 --schema temp "@DIR@/areas.csv" a
.import --csv --skip 1 --schema temp "@DIR@/streets.csv" s
.import --csv --skip 1 --schema temp "@DIR@/villages.csv" v
-- The importer's own upsert (src/store/store_sqlite_division.c), applied set-wise.
-- "WHERE true" resolves the parsing ambiguity of INSERT ... SELECT ... ON CONFLICT.
INSERT INTO divisions(code,name,level,parent_code) SELECT code, name, 1, NULL FROM p WHERE true
  ON CONFLICT(code) DO UPDATE SET name=excluded.name, level=excluded.level, parent_code=excluded.parent_code
  WHERE name<>excluded.name OR level<>excluded.level OR parent_code IS NOT excluded.parent_code;
INSERT INTO divisions(code,name,level,parent_code) SELECT code, name, 2, provinceCode FROM c WHERE true
  ON CONFLICT(code) DO UPDATE SET name=excluded.name, level=excluded.level, parent_code=excluded.parent_code
  WHERE name<>excluded.name OR level<>excluded.level OR parent_code IS NOT excluded.parent_code;
INSERT INTO divisions(code,name,level,parent_code) SELECT code, name, 3, cityCode FROM a WHERE true
  ON CONFLICT(code) DO UPDATE SET name=excluded.name, level=excluded.level, parent_code=excluded.parent_code
  WHERE name<>excluded.name OR level<>excluded.level OR parent_code IS NOT excluded.parent_code;
INSERT INTO divisions(code,name,level,parent_code) SELECT code, name, 4, areaCode FROM s WHERE true
  ON CONFLICT(code) DO UPDATE SET name=excluded.name, level=excluded.level, parent_code=excluded.parent_code
  WHERE name<>excluded.name OR level<>excluded.level OR parent_code IS NOT excluded.parent_code;
INSERT INTO divisions(code,name,level,parent_code) SELECT code, name, 5, streetCode FROM v WHERE true
  ON CONFLICT(code) DO UPDATE SET name=excluded.name, level=excluded.level, parent_code=excluded.parent_code
  WHERE name<>excluded.name OR level<>excluded.level OR parent_code IS NOT excluded.parent_code;
COMMIT;

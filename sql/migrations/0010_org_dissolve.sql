-- 0010: organisations can be dissolved (撤销: kept in history, out of
-- pickers), and county and city party committees (县委/市委) get kinds of
-- their own. SQLite cannot alter a CHECK, so orgs is rebuilt; the
-- migration runner has foreign keys off and checks them before commit.
CREATE TABLE orgs_new (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL,
  division_code    TEXT NOT NULL REFERENCES divisions(code),
  kind             TEXT NOT NULL CHECK (kind IN ('county_committee', 'city_committee',
                                                 'town_committee', 'village_branch', 'other')),
  created_at_ms    INTEGER NOT NULL,
  dissolved_on     TEXT,
  dissolved_reason TEXT,
  CHECK ((dissolved_on IS NULL) = (dissolved_reason IS NULL))
) STRICT;
INSERT INTO orgs_new(id, name, division_code, kind, created_at_ms)
  SELECT id, name, division_code, kind, created_at_ms FROM orgs;
DROP TABLE orgs;
ALTER TABLE orgs_new RENAME TO orgs;
CREATE INDEX orgs_division ON orgs(division_code);

-- 0004: the children list reads name and level from the index itself
-- (no table lookup per child); measured 109k -> 38k SQLite instructions
-- per GET /api/v1/divisions?parent=... (bench/README.md).
DROP INDEX divisions_parent;
CREATE INDEX divisions_parent ON divisions(parent_code, code, name, level);

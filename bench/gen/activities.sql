-- activities.sql - the activities benchmark's data (bench/activities.sh): on
-- top of `lianjian demo`, :n generated activities of the demo alliance
-- (id 1), deterministic. Run as
--   sqlite3 DB "CREATE TEMP TABLE gen(n); INSERT INTO gen VALUES(N);" ".read bench/gen/activities.sql"
-- Each activity: a kind and date cycling, hosted by one of the demo's
-- organisations (placed at its division), three people on record, counted
-- headcount of one county, and every fourth one two sittings with two of its
-- people present - so the list's counting reads participants, headcount and
-- attendance as it does in use.
BEGIN;
CREATE TEMP TABLE o AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, division_code FROM orgs;
CREATE TEMP TABLE p AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM people;
CREATE TEMP TABLE kinds(k, kind);
INSERT INTO kinds VALUES (0, 'party_lesson'), (1, 'training_class'), (2, 'study_tour'),
  (3, 'border_classroom'), (4, 'other');
CREATE TEMP TABLE counties(k, code);
INSERT INTO counties VALUES (0, '450922'), (1, '440881'), (2, '440982');
CREATE TEMP TABLE seq AS
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < (SELECT n FROM gen))
  SELECT i FROM n;
CREATE TEMP TABLE base AS SELECT ifnull(max(id), 0) AS b FROM activities;

INSERT INTO activities(id, alliance_id, kind, line, title, starts_on, place_division, host_org_id,
                       county_code, created_at_ms, updated_at_ms)
SELECT (SELECT b FROM base) + i, 1, kinds.kind, 'education', '基准活动 ' || i,
       date('2016-01-01', '+' || (i % 3650) || ' days'), o.division_code, o.id,
       substr(o.division_code, 1, 6), 1700000000000 + i, 1700000000000 + i
FROM seq
JOIN kinds ON kinds.k = i % 5
JOIN o ON o.k = i % (SELECT count(*) FROM o);

INSERT OR IGNORE INTO activity_participants(activity_id, person_id, alliance_id)
SELECT (SELECT b FROM base) + i, p.id, 1
FROM seq JOIN p ON p.k IN (i % (SELECT count(*) FROM p), (i + 7) % (SELECT count(*) FROM p),
                           (i + 13) % (SELECT count(*) FROM p));

INSERT INTO activity_headcount(activity_id, county_code, alliance_id, persons)
SELECT (SELECT b FROM base) + i, counties.code, 1, i % 40
FROM seq JOIN counties ON counties.k = i % 3;

INSERT INTO sittings(activity_id, alliance_id, held_on, title, minutes, created_at_ms)
SELECT a.id, 1, a.starts_on, '第' || s.n || '课', 120, 1700000000000
FROM activities a JOIN (SELECT 1 AS n UNION ALL SELECT 2) s
WHERE a.id > (SELECT b FROM base) AND (a.id - (SELECT b FROM base)) % 4 = 0;

INSERT INTO sitting_attendance(sitting_id, person_id, alliance_id, via, at_ms)
SELECT s.id, ap.person_id, 1, 'list', 1700000000000
FROM sittings s JOIN activity_participants ap ON ap.activity_id = s.activity_id
WHERE s.activity_id > (SELECT b FROM base)
  AND ap.person_id IN (SELECT person_id FROM activity_participants WHERE activity_id = s.activity_id
                       ORDER BY person_id LIMIT 2);
COMMIT;

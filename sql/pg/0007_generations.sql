-- PostgreSQL schema, 0007: how a transaction tells which answer-cache
-- generations its commit bumps (store.h, store/gen.h). SQLite's store sees
-- every changed row through its pre-update hook; here a statement trigger
-- on each table marks the transaction with the table's class in a
-- transaction-local setting (lj.global, lj.alliance, lj.stats,
-- lj.sessions), which store_pg.c reads just before COMMIT and turns into
-- counter bumps in the same transaction. A rolled-back transaction (or
-- savepoint) takes its marks with it. The classes are store_sqlite_gen.c's:
--   alliance  tables partitioned by alliance (matters, meetings and their rows)
--   stats     the stat_* roll-ups (also partitioned by alliance)
--   sessions  session rows, but not the idle clock (last_seen_ms alone)
--   (none)    tables no cached answer reads: audit, notifications,
--             login_failures, signins, cache_generations, schema_migrations
--   global    every other table.
-- A migration that adds a table must add its trigger (a unit test checks
-- that every table has one or is listed as read by no cached answer).
CREATE FUNCTION lj_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('lj.' || TG_ARGV[0], '1', true);
  RETURN NULL;
END
$$;

CREATE FUNCTION lj_gen_class(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN t LIKE 'stat\_%' THEN 'stats'
    WHEN t IN ('matters', 'matter_events', 'matter_assignees', 'matter_divisions',
               'meetings', 'meeting_agenda', 'meeting_invites', 'meeting_attendance',
               'meeting_decisions') THEN 'alliance'
    WHEN t = 'sessions' THEN 'sessions'
    WHEN t IN ('audit', 'notifications', 'login_failures', 'signins',
               'cache_generations', 'schema_migrations') THEN NULL
    ELSE 'global' END
$$;

DO $$
DECLARE
  t text;
  cls text;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
    cls := lj_gen_class(t);
    IF cls = 'sessions' THEN
      EXECUTE format('CREATE TRIGGER lj_gen AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF '
                     'token_hash, user_id, csrf_token, created_at_ms, public_id, client_ip, '
                     'user_agent ON %I FOR EACH STATEMENT EXECUTE FUNCTION lj_touch(%L)', t, cls);
    ELSIF cls IS NOT NULL THEN
      EXECUTE format('CREATE TRIGGER lj_gen AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                     'FOR EACH STATEMENT EXECUTE FUNCTION lj_touch(%L)', t, cls);
    END IF;
  END LOOP;
END
$$;

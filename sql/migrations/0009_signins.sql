-- 0009: the sign-in log (登录日志) and what the live-session list (在线用户)
-- shows of a session.
--
-- signins keeps every sign-in and failed attempt: when, from which address
-- and browser, the result and why. user_id is the account the name matched
-- (NULL for an unknown name; no foreign key, so the log outlives changes to
-- accounts). Retention: rows older than 180 days, and all but the newest
-- 1,000,000, are deleted as new rows are written (domain/signin.c).
CREATE TABLE signins (
  id          INTEGER PRIMARY KEY,
  at_ms       INTEGER NOT NULL,
  user_id     INTEGER,
  username    TEXT NOT NULL,
  client_ip   TEXT NOT NULL,
  user_agent  TEXT NOT NULL,
  result      TEXT NOT NULL CHECK (result IN ('success', 'failure')),
  reason      TEXT NOT NULL
) STRICT;
CREATE INDEX signins_at ON signins(at_ms);
CREATE INDEX signins_user ON signins(user_id, id);

-- A session's opaque public id (what the API names it by: never the cookie
-- token nor its hash), and the address and browser it signed in from.
ALTER TABLE sessions ADD COLUMN public_id TEXT;
ALTER TABLE sessions ADD COLUMN client_ip TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
UPDATE sessions SET public_id = lower(hex(randomblob(12)));
CREATE UNIQUE INDEX sessions_public_id ON sessions(public_id);

-- Answer-cache generations: one counter per scope, bumped inside the write
-- transaction that changes the data of that scope (store_sqlite_gen.c).
-- A worker's cached answer records the counters of the scopes it was
-- computed from and is served only while they are unchanged, so a write in
-- one alliance leaves the other alliances' answers (and the divisions')
-- cached, and every process sharing the file sees every other's commits.
--   scope > 0: an alliance's id   0: everything (a change of unknown reach)
--   -1: any alliance (answers over all alliances)   -2: sessions and sign-in
CREATE TABLE cache_generations (
  scope INTEGER PRIMARY KEY,
  n INTEGER NOT NULL
) STRICT;

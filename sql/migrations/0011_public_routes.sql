-- 0011: routes an alliance admin shows on the public pages (门户), as
-- activities.is_public (0007) does for fairs. Published briefings need no
-- change: briefings.status says it.
ALTER TABLE routes ADD COLUMN is_public INTEGER NOT NULL DEFAULT 0 CHECK (is_public IN (0, 1));
CREATE INDEX routes_public ON routes(alliance_id, id) WHERE is_public = 1;

-- 0005: an alliance's matters newest first without sorting them all
-- (51 ms -> under 1 ms per page at 13.8k matters; bench/results/matters.md).
CREATE INDEX matters_alliance_id ON matters(alliance_id, id);

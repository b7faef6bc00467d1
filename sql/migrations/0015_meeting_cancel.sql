-- 0015: a planned meeting may be cancelled before its day, with a reason;
-- a cancelled meeting takes no records and is not counted (meeting.h).
ALTER TABLE meetings ADD COLUMN cancelled_at_ms INTEGER;
ALTER TABLE meetings ADD COLUMN cancelled_by INTEGER;
ALTER TABLE meetings ADD COLUMN cancel_reason TEXT;

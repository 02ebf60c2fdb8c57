-- Whether a request's work was rated is its assignment's `rated_at` (request_assignments, since
-- 0014, which also backfilled it from the timeline): the flag on the request was a second copy.
ALTER TABLE intake.requests DROP COLUMN rated;

-- Programme KPIs (GET /v1/kpis/programme): the facts of matching's events intake did not keep.
--
-- 1. request_assignments becomes the one record of who holds a request's work: every assignment a
--    request had (not only the latest), how it ended (withdrawn with the request, withdrawn by an
--    officer, replaced), its completion with the coupon spent, and the enterprise's rating and
--    monthly incomes before and after (match.rated). requests.assigned_provider_id, a second copy of
--    the open assignment, is dropped: the open assignment is the row with no withdrawn_at.
-- 2. requests.eligible: an officer's screening decision (match.screened).
-- What the timeline already holds is backfilled from it; incomes were never kept before (the
-- timeline has the change in per cent only), so ratings before this migration have none.

ALTER TABLE intake.request_assignments DROP CONSTRAINT request_assignments_pkey;
ALTER TABLE intake.request_assignments
    ADD COLUMN withdrawal              text,          -- AssignmentWithdrawal: request / assignment / replaced
    ADD COLUMN completed_at            timestamptz,   -- match.completed: the enterprise confirmed the work done
    ADD COLUMN spent_coupon_baht       bigint,
    ADD COLUMN rated_at                timestamptz,   -- match.rated
    ADD COLUMN rating                  int CHECK (rating BETWEEN 1 AND 5),
    ADD COLUMN monthly_income_before_baht bigint,
    ADD COLUMN monthly_income_after_baht  bigint,
    ADD PRIMARY KEY (request_id, provider_id, assigned_at);

-- Assignments intake recorded before request_assignments existed (0004 kept the provider on the request).
INSERT INTO intake.request_assignments (request_id, provider_id, assigned_at)
SELECT r.id, r.assigned_provider_id, COALESCE(
        (SELECT max(t.occurred_at) FROM intake.request_timeline t
         WHERE t.request_id = r.id AND t.event_type = 'th.otop.match.assigned.v1'), r.updated_at)
FROM intake.requests r
WHERE r.assigned_provider_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM intake.request_assignments a WHERE a.request_id = r.id);

-- Earlier assignments a later one overwrote (the table kept one row per request): from the timeline,
-- ended by the first assignment or request withdrawal after them.
INSERT INTO intake.request_assignments (request_id, provider_id, assigned_at, withdrawn_at, withdrawal)
SELECT t.request_id, (t.summary->>'providerId')::uuid, t.occurred_at, w.occurred_at, w.summary->>'stage'
FROM intake.request_timeline t
JOIN LATERAL (
    SELECT x.occurred_at, x.summary FROM intake.request_timeline x
    WHERE x.request_id = t.request_id AND x.event_type = 'th.otop.match.withdrawn.v1'
      AND x.summary->>'stage' IN ('request', 'assignment') AND x.seq > t.seq
    ORDER BY x.seq LIMIT 1) w ON true
WHERE t.event_type = 'th.otop.match.assigned.v1'
  AND NOT EXISTS (SELECT 1 FROM intake.request_assignments a
                  WHERE a.request_id = t.request_id AND a.provider_id = (t.summary->>'providerId')::uuid)
ON CONFLICT DO NOTHING;

-- How the withdrawn ones ended: the last assignment or request withdrawal on the timeline (a
-- request withdrawal when the timeline does not say: it does not count against the provider).
UPDATE intake.request_assignments a SET withdrawal = COALESCE(
    (SELECT t.summary->>'stage' FROM intake.request_timeline t
     WHERE t.request_id = a.request_id AND t.event_type = 'th.otop.match.withdrawn.v1'
       AND t.summary->>'stage' IN ('request', 'assignment') AND t.occurred_at <= a.withdrawn_at
     ORDER BY t.seq DESC LIMIT 1), 'request')
WHERE a.withdrawn_at IS NOT NULL AND a.withdrawal IS NULL;

-- Completions and ratings of the open (not withdrawn) assignments.
UPDATE intake.request_assignments a SET completed_at = t.occurred_at,
    spent_coupon_baht = (t.summary->>'spentCouponBaht')::bigint
FROM intake.request_timeline t
WHERE t.request_id = a.request_id AND a.withdrawn_at IS NULL AND t.event_type = 'th.otop.match.completed.v1'
  AND t.summary->>'providerId' = a.provider_id::text;
UPDATE intake.request_assignments a SET rated_at = t.occurred_at, rating = (t.summary->>'rating')::int
FROM intake.request_timeline t
WHERE t.request_id = a.request_id AND a.withdrawn_at IS NULL AND t.event_type = 'th.otop.match.rated.v1'
  AND t.summary->>'providerId' = a.provider_id::text;

ALTER TABLE intake.request_assignments
    ADD CHECK (withdrawal IN ('request', 'assignment', 'replaced')),
    ADD CHECK ((withdrawn_at IS NULL) = (withdrawal IS NULL)),
    ADD CHECK ((rated_at IS NULL) = (rating IS NULL));
-- At most one open assignment per request.
CREATE UNIQUE INDEX request_assignments_open ON intake.request_assignments (request_id) WHERE withdrawn_at IS NULL;
CREATE INDEX request_assignments_provider ON intake.request_assignments (provider_id);

ALTER TABLE intake.requests DROP COLUMN assigned_provider_id;

-- An officer's screening decision (NULL: none; with automatic screening matching publishes none).
ALTER TABLE intake.requests ADD COLUMN eligible boolean;
UPDATE intake.requests r SET eligible = (
    SELECT (t.summary->>'eligible')::boolean FROM intake.request_timeline t
    WHERE t.request_id = r.id AND t.event_type = 'th.otop.match.screened.v1'
    ORDER BY t.seq DESC LIMIT 1);
CREATE INDEX requests_fiscal_year ON intake.requests (fiscal_year, province_code);

-- What the officers' work queues ask of a request (docs/console.md, A3):
-- status_since      when the request entered its current status (the time of the event that set it);
-- last_activity_at  its latest timeline entry from intake, matching or certification (deliveries
--                   by notifications do not count);
-- waiting_reason    why it waits while unmatched or waitlisted (match.unmatched's / match.waitlisted's
--                   reason), and the round that waitlisted it.
-- round_requests    each request an allocation round decided: proposed (with the provider and the
--                   proposal's score) or waitlisted (with the reason), from match.proposed with a
--                   roundId and match.waitlisted.
-- Backfilled from the timeline.

ALTER TABLE intake.requests
    ADD COLUMN status_since     timestamptz,
    ADD COLUMN last_activity_at timestamptz,
    ADD COLUMN waiting_reason   text,
    ADD COLUMN waiting_round_id uuid;

-- The latest timeline entry of a kind that sets the request's current status (its own event, or a
-- withdrawal, which may leave any status behind), else the last change of the request.
UPDATE intake.requests r SET status_since = COALESCE((
    SELECT max(t.occurred_at) FROM intake.request_timeline t
    WHERE t.request_id = r.id AND t.event_type IN ('th.otop.match.withdrawn.v1', CASE r.status
        WHEN 'submitted' THEN 'th.otop.request.submitted.v1'
        WHEN 'awaitingScreening' THEN 'th.otop.match.awaiting-screening.v1'
        WHEN 'matching' THEN 'th.otop.match.screened.v1'
        WHEN 'notEligible' THEN 'th.otop.match.screened.v1'
        WHEN 'proposed' THEN 'th.otop.match.proposed.v1'
        WHEN 'unmatched' THEN 'th.otop.match.unmatched.v1'
        WHEN 'waitlisted' THEN 'th.otop.match.waitlisted.v1'
        WHEN 'accepted' THEN 'th.otop.match.accepted.v1'
        WHEN 'assigned' THEN 'th.otop.match.assigned.v1'
        WHEN 'workReported' THEN 'th.otop.match.work-reported.v1'
        WHEN 'completed' THEN 'th.otop.match.completed.v1'
    END)), r.updated_at);

UPDATE intake.requests r SET last_activity_at = COALESCE((
    SELECT max(t.occurred_at) FROM intake.request_timeline t
    WHERE t.request_id = r.id
      AND t.event_type NOT IN ('th.otop.notification.delivered.v1', 'th.otop.notification.failed.v1')), r.submitted_at);

UPDATE intake.requests r SET waiting_reason = w.reason, waiting_round_id = w.round_id
FROM (SELECT DISTINCT ON (t.request_id) t.request_id, t.summary->>'reason' AS reason, (t.summary->>'roundId')::uuid AS round_id
      FROM intake.request_timeline t
      WHERE t.event_type IN ('th.otop.match.unmatched.v1', 'th.otop.match.waitlisted.v1')
      ORDER BY t.request_id, t.occurred_at DESC, t.seq DESC) w
WHERE r.id = w.request_id AND r.status IN ('unmatched', 'waitlisted');

ALTER TABLE intake.requests
    ALTER COLUMN status_since SET NOT NULL,
    ALTER COLUMN last_activity_at SET NOT NULL;

-- The queues: a status's requests by how long they have been in it, or idle.
CREATE INDEX requests_status_since ON intake.requests (status, status_since);
CREATE INDEX requests_status_activity ON intake.requests (status, last_activity_at);

CREATE TABLE intake.round_requests (
    round_id    uuid NOT NULL,
    request_id  uuid NOT NULL,
    outcome     text NOT NULL CHECK (outcome IN ('proposed', 'waitlisted')),
    provider_id uuid,                 -- proposed: the provider the round chose
    proposal_id uuid,
    score       int,                  -- proposed: the proposal's total score
    reason      text,                 -- waitlisted: why (UnassignedReason)
    decided_at  timestamptz NOT NULL,
    PRIMARY KEY (round_id, request_id),
    CHECK ((outcome = 'proposed') = (provider_id IS NOT NULL)),
    CHECK ((outcome = 'waitlisted') = (reason IS NOT NULL))
);
CREATE INDEX round_requests_request ON intake.round_requests (request_id);

INSERT INTO intake.round_requests (round_id, request_id, outcome, provider_id, proposal_id, score, decided_at)
SELECT p.round_id, p.request_id, 'proposed', p.provider_id, p.id, (p.score->>'total')::int, p.created_at
FROM intake.proposals p WHERE p.round_id IS NOT NULL
ON CONFLICT DO NOTHING;

INSERT INTO intake.round_requests (round_id, request_id, outcome, reason, decided_at)
SELECT (t.summary->>'roundId')::uuid, t.request_id, 'waitlisted', t.summary->>'reason', t.occurred_at
FROM intake.request_timeline t WHERE t.event_type = 'th.otop.match.waitlisted.v1'
ON CONFLICT DO NOTHING;

-- Work reports (match.work-reported, otop.matches) that arrived before their request's
-- request.submitted (otop.requests). The two travel on different topics, so after a restart or
-- a lag the report can overtake the request; it waits here and is applied when the request
-- arrives (before, it was dead-lettered and its certificate never opened unless an operator
-- replayed it).
CREATE TABLE certification.waiting_work_reports (
    event_id    uuid PRIMARY KEY,
    request_id  uuid NOT NULL,
    standard    text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX waiting_work_reports_request ON certification.waiting_work_reports (request_id);

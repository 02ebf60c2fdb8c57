-- Messages that failed for good (docs/console.md, A7): every notification.failed, with the region
-- officers follow it in (the request's province's region, else the recipient's: an enterprise's
-- province, an officers' office's region, a provider's home province), and how an officer
-- resolved it (intake-only state: no event). Failures before this migration are not listed: the
-- request timelines kept no recipient or notification id.

CREATE TABLE intake.notification_failures (
    notification_id      uuid PRIMARY KEY,
    template             text NOT NULL,
    channel              text,
    recipient_party_id   uuid NOT NULL,
    recipient_party_kind text NOT NULL,
    request_id           uuid,
    region               text,
    reason               text NOT NULL,
    attempts             int NOT NULL,
    failed_at            timestamptz NOT NULL,
    resolved_at          timestamptz,
    resolved_by          uuid,              -- the API client that resolved it
    resolution           text,
    CHECK ((resolved_at IS NULL) = (resolution IS NULL))
);
CREATE INDEX notification_failures_listed ON intake.notification_failures (failed_at DESC, notification_id DESC);
CREATE INDEX notification_failures_open ON intake.notification_failures (region) WHERE resolved_at IS NULL;

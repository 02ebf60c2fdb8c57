-- One message row per event, template, recipient and channel (e-mail, SMS, LINE), officers as
-- recipients with a region, the provider of each request (for certificate messages), and what the
-- weekly officer digest counts.

-- Officers are parties too: their contacts carry the region they look after.
ALTER TABLE notifications.recipients ADD COLUMN region text;
CREATE INDEX recipients_officers ON notifications.recipients (region) WHERE party_kind = 'officer';

-- The provider a request is assigned to (from match.assigned; cleared when the assignment is withdrawn).
ALTER TABLE notifications.requests ADD COLUMN provider_id uuid;

-- A message's channel is chosen from the recipient's contact preferences. `channel IS NULL` is a
-- message whose recipient was not known yet when it was queued: the delivery worker routes it (one
-- row per channel, status `routed` for the original) once the contacts arrive.
-- Messages queued before this migration carry the old parameters, which the new templates cannot
-- word: any still pending are failed with a reason (the system had no production data then).
UPDATE notifications.messages SET status = 'failed', last_error = 'queued before messages had channels (migration 0004)'
WHERE status = 'pending';
ALTER TABLE notifications.messages RENAME COLUMN params TO facts;
ALTER TABLE notifications.messages ADD COLUMN channel text;
UPDATE notifications.messages SET channel = 'email' WHERE status = 'sent';
ALTER TABLE notifications.messages DROP CONSTRAINT messages_cause_event_id_template_recipient_party_id_key;
ALTER TABLE notifications.messages ADD CONSTRAINT messages_once
    UNIQUE NULLS NOT DISTINCT (cause_event_id, template, recipient_party_id, channel);
ALTER TABLE notifications.messages ADD CONSTRAINT messages_status
    CHECK (status IN ('pending', 'routed', 'skipped', 'sent', 'failed'));
ALTER TABLE notifications.messages ADD CONSTRAINT messages_channel CHECK (channel IN ('email', 'sms', 'line'));

-- What the weekly digest counts, per region: one row per event that matters (idempotent by event id).
CREATE TABLE notifications.activity (
    event_id    uuid PRIMARY KEY,
    region      text NOT NULL,
    kind        text NOT NULL,
    occurred_at timestamptz NOT NULL
);
CREATE INDEX activity_region_time ON notifications.activity (region, occurred_at);

-- The latest coupon budget of each fiscal year and region (from budget.updated).
CREATE TABLE notifications.budgets (
    fiscal_year    int NOT NULL,
    region         text NOT NULL,
    allocated_baht bigint NOT NULL,
    committed_baht bigint NOT NULL,
    spent_baht     bigint NOT NULL,
    available_baht bigint NOT NULL,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (fiscal_year, region)
);

-- One row per region and digest period: inserting it is what makes a digest go out exactly once,
-- whichever replica gets there first and however often they restart.
CREATE TABLE notifications.digests (
    id         uuid PRIMARY KEY,
    region     text NOT NULL,
    period_end timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (region, period_end)
);

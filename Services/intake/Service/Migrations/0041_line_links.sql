-- LINE linking (issue 15, point 5): short linking codes a signed-in contact person sends to the
-- programme's LINE official account, and the LINE platform's webhook events, stored as they arrive
-- (deduplicated by their webhookEventId) and processed after the answer.

CREATE TABLE intake.line_link_codes (
    code_digest   bytea PRIMARY KEY,          -- HMAC of the code; the code itself is not stored
    party_id      uuid NOT NULL,
    contact_index int NOT NULL,
    client_id     uuid NOT NULL,              -- the API client that asked for it
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz
);
CREATE INDEX line_link_codes_expiry ON intake.line_link_codes (expires_at);

CREATE TABLE intake.line_webhook_events (
    webhook_event_id text PRIMARY KEY,
    type             text NOT NULL,
    -- The sender and the message text: personal data, cleared once the event is processed.
    line_user_id     text,
    message_text     text,
    occurred_at      timestamptz NOT NULL,
    received_at      timestamptz NOT NULL DEFAULT now(),
    processed_at     timestamptz,
    outcome          text
);
CREATE INDEX line_webhook_events_waiting ON intake.line_webhook_events (received_at) WHERE processed_at IS NULL;

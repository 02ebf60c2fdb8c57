-- Notifications keeps its own copy of contact persons (from the compacted otop.contacts topic,
-- dropped on a tombstone), what it needs to word messages, and every message with its delivery
-- attempts. Addresses are looked up at send time and never copied into messages.

CREATE TABLE notifications.recipients (
    party_id   uuid PRIMARY KEY,
    party_kind text NOT NULL,
    party_name text NOT NULL,
    contacts   jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE notifications.requests (
    id              uuid PRIMARY KEY,
    reference       text NOT NULL,
    enterprise_id   uuid NOT NULL,
    product_name    text NOT NULL,
    product_type    text NOT NULL,
    service_areas   text[] NOT NULL,
    target_standard text,
    province_code   text NOT NULL,
    description     text NOT NULL,
    submitted_at    timestamptz NOT NULL
);

CREATE TABLE notifications.messages (
    id                 uuid PRIMARY KEY,
    template           text NOT NULL,
    cause_event_id     uuid NOT NULL,
    recipient_party_id uuid NOT NULL,
    recipient_kind     text NOT NULL,
    request_id         uuid,
    params             jsonb NOT NULL,
    status             text NOT NULL DEFAULT 'pending',   -- pending, sent, failed
    attempts           int NOT NULL DEFAULT 0,
    next_attempt_at    timestamptz NOT NULL DEFAULT now(),
    last_error         text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    sent_at            timestamptz,
    UNIQUE (cause_event_id, template, recipient_party_id)
);
CREATE INDEX messages_due ON notifications.messages (next_attempt_at) WHERE status = 'pending';

-- The certification tracker: one certificate record per (enterprise, standard) an enterprise
-- works towards or holds, its lifecycle history, and (later) its reminder schedule.

CREATE TABLE certification.certificates (
    id              uuid PRIMARY KEY,
    enterprise_id   uuid NOT NULL,
    request_id      uuid,
    standard        text NOT NULL,
    state           text NOT NULL,
    steps           text[] NOT NULL,
    number          text,
    valid_from      date,
    valid_until     date,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    UNIQUE (request_id, standard)
);
CREATE INDEX certificates_enterprise ON certification.certificates (enterprise_id);

CREATE TABLE certification.lifecycle_steps (
    id             bigserial PRIMARY KEY,
    certificate_id uuid NOT NULL REFERENCES certification.certificates (id),
    state          text NOT NULL,
    reason         text,
    occurred_at    timestamptz NOT NULL,
    cause_event_id uuid
);
CREATE INDEX lifecycle_steps_certificate ON certification.lifecycle_steps (certificate_id, occurred_at);

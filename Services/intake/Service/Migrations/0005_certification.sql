-- Certification tracking as intake shows it: certificates and their history (built from
-- otop.certifications), the step reports and held certificates sent through intake and what became
-- of them, who holds each request's assignment (from otop.matches, to authorise a provider's
-- reports), and the certificates obtained per standard, province and fiscal year (KPIs).

CREATE TABLE intake.certificates (
    id                    uuid PRIMARY KEY,
    enterprise_id         uuid NOT NULL,
    product_id            uuid,
    product_name          text,
    request_id            uuid,                 -- the request it was opened for, if any
    province_code         text NOT NULL,
    standard              text NOT NULL,
    state                 text NOT NULL,
    steps                 text[],
    number                text,
    valid_from            date,
    valid_until           date,
    next_surveillance_due date,
    renewal_due_on        date,
    held                  boolean NOT NULL DEFAULT false,
    updated_at            timestamptz NOT NULL    -- the time of the last event applied
);
CREATE INDEX certificates_enterprise ON intake.certificates (enterprise_id);
CREATE INDEX certificates_request ON intake.certificates (request_id);
CREATE INDEX certificates_valid_until ON intake.certificates (valid_until);

CREATE TABLE intake.certificate_history (
    event_id       uuid PRIMARY KEY,
    certificate_id uuid NOT NULL,
    event_type     text NOT NULL,
    occurred_at    timestamptz NOT NULL,
    summary        jsonb NOT NULL
);
CREATE INDEX certificate_history_certificate ON intake.certificate_history (certificate_id, occurred_at);

CREATE TABLE intake.certificate_reports (
    id             uuid PRIMARY KEY,             -- the report id (or the held registration id)
    kind           text NOT NULL,                -- step / held
    certificate_id uuid,
    enterprise_id  uuid NOT NULL,
    standard       text NOT NULL,
    step           text NOT NULL,
    request_id     uuid,
    body           jsonb NOT NULL,               -- the command as published
    reported_by    uuid NOT NULL REFERENCES intake.api_clients (id),
    reported_at    timestamptz NOT NULL,
    outcome        text NOT NULL,                -- pending / applied / refused
    reason         text,
    decided_at     timestamptz
);
CREATE INDEX certificate_reports_enterprise ON intake.certificate_reports (enterprise_id, reported_at DESC);

CREATE TABLE intake.request_assignments (
    request_id   uuid PRIMARY KEY,
    provider_id  uuid NOT NULL,
    assigned_at  timestamptz NOT NULL,
    withdrawn_at timestamptz                    -- the assignment was withdrawn: the provider no longer reports
);

CREATE TABLE intake.certificates_obtained (
    event_id            uuid PRIMARY KEY,       -- the step-changed event of the issue or renewal
    certificate_id      uuid NOT NULL,
    standard            text NOT NULL,
    province_code       text NOT NULL,
    fiscal_year         int NOT NULL,           -- Thai fiscal year (BE) of the issue date
    renewal             boolean NOT NULL,
    request_id          uuid,
    days_to_certificate int,                    -- request submitted → issue date; NULL without a request
    obtained_on         date NOT NULL
);
CREATE INDEX certificates_obtained_year ON intake.certificates_obtained (fiscal_year, standard, province_code);

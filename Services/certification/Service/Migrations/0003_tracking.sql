-- Certificates per enterprise × product × standard (not per request), with number, validity,
-- surveillance and the scheduler's next due day; the enterprises, products and requests the
-- tracker needs to know; the reminders already sent (each exactly once).

-- Enterprises and their products, from otop.enterprises (province for events and KPIs, product
-- names for certificates addressed by product id).
CREATE TABLE certification.enterprises (
    id             uuid PRIMARY KEY,
    province_code  text NOT NULL,
    registered_at  timestamptz NOT NULL
);

CREATE TABLE certification.products (
    id             uuid PRIMARY KEY,
    enterprise_id  uuid NOT NULL REFERENCES certification.enterprises (id),
    name           text NOT NULL,
    name_key       text NOT NULL,                -- the name as certificates are keyed by it
    product_type   text NOT NULL
);
CREATE INDEX products_enterprise_name ON certification.products (enterprise_id, name_key);

-- Requests seen on otop.requests: an assignment that takes a standard on names only the request.
CREATE TABLE certification.requests (
    id              uuid PRIMARY KEY,
    enterprise_id   uuid NOT NULL,
    product_id      uuid,
    product_name    text NOT NULL,
    province_code   text NOT NULL,
    target_standard text,
    submitted_at    timestamptz NOT NULL
);

-- One certificate per enterprise × product × standard. product_key is 'product:<uuid>',
-- 'name:<normalised name>' (a request that named the product only by name) or 'premises' (a
-- standard that covers the premises). A cancelled certificate frees its key for a new one.
ALTER TABLE certification.certificates DROP CONSTRAINT certificates_request_id_standard_key;
ALTER TABLE certification.certificates
    ADD COLUMN product_key           text,
    ADD COLUMN product_id            uuid,
    ADD COLUMN product_name          text,
    ADD COLUMN province_code         text,
    ADD COLUMN held                  boolean NOT NULL DEFAULT false,  -- registered as already held
    ADD COLUMN next_surveillance_due date,
    ADD COLUMN tracked_from          date,   -- the day the current validity began to be followed
    ADD COLUMN next_action_on        date;   -- the next day the scheduler has something to do
-- Records opened before this migration were one per request and named no product.
UPDATE certification.certificates SET product_key = 'request:' || request_id::text WHERE product_key IS NULL;
ALTER TABLE certification.certificates ALTER COLUMN product_key SET NOT NULL;
CREATE UNIQUE INDEX certificates_identity ON certification.certificates (enterprise_id, product_key, standard)
    WHERE state <> 'cancelled';
CREATE INDEX certificates_next_action ON certification.certificates (next_action_on, id) WHERE next_action_on IS NOT NULL;

-- Each state change with who caused it and what the certificate held after it.
ALTER TABLE certification.lifecycle_steps
    ADD COLUMN from_state  text,
    ADD COLUMN reported_by jsonb,
    ADD COLUMN report_id   uuid,
    ADD COLUMN request_id  uuid,
    ADD COLUMN number      text,
    ADD COLUMN valid_from  date,
    ADD COLUMN valid_until date;

-- Reminders sent: the primary key makes each (certificate, kind, lead time, due date) once only,
-- across restarts and replicas.
CREATE TABLE certification.reminders (
    certificate_id uuid NOT NULL REFERENCES certification.certificates (id),
    kind           text NOT NULL,
    days_before    int NOT NULL,
    due_date       date NOT NULL,
    event_id       uuid NOT NULL UNIQUE,
    sent_on        date NOT NULL,          -- the scheduler's day it was sent (later than due when caught up)
    sent_at        timestamptz NOT NULL,
    PRIMARY KEY (certificate_id, kind, days_before, due_date)
);

-- Matching's view of providers (from otop.providers), the requests it must place (from
-- otop.requests), and the proposals it makes. Provider load is the global state guarded by row
-- locks: a proposal reserves one unit of capacity with a conditional UPDATE.

CREATE TABLE matching.providers (
    id             uuid PRIMARY KEY,
    name           text NOT NULL,
    kind           text NOT NULL,
    service_areas  text[] NOT NULL,
    product_types  text[] NOT NULL,
    standards      text[] NOT NULL,
    province_codes text[] NOT NULL,
    regions        text[] NOT NULL,
    capacity       int NOT NULL CHECK (capacity >= 0),
    active_load    int NOT NULL DEFAULT 0 CHECK (active_load >= 0),
    completed      int NOT NULL DEFAULT 0,
    finished       int NOT NULL DEFAULT 0,
    qualified      boolean NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE TABLE matching.requests (
    id              uuid PRIMARY KEY,
    reference       text NOT NULL,
    enterprise_id   uuid NOT NULL,
    product_type    text NOT NULL,
    service_areas   text[] NOT NULL,
    target_standard text,
    province_code   text NOT NULL,
    fiscal_year     int NOT NULL,
    status          text NOT NULL,        -- pending, proposed, unmatched
    submitted_at    timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX requests_unmatched ON matching.requests (submitted_at) WHERE status = 'unmatched';

CREATE TABLE matching.proposals (
    id          uuid PRIMARY KEY,
    request_id  uuid NOT NULL REFERENCES matching.requests (id),
    provider_id uuid NOT NULL REFERENCES matching.providers (id),
    rank        int NOT NULL,
    score       int NOT NULL,
    explanation jsonb NOT NULL,
    status      text NOT NULL DEFAULT 'pending',   -- pending, accepted, declined, expired, withdrawn
    respond_by  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL,
    UNIQUE (request_id, provider_id)
);
CREATE INDEX proposals_request ON matching.proposals (request_id);

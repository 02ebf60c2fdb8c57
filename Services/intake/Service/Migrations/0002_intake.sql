-- Intake's system of record: API clients, enterprises and their products, providers, contacts
-- (personal data, kept here and on the compacted otop.contacts topic only), requests, and the
-- request timelines built from every service's events.

CREATE TABLE intake.api_clients (
    id            uuid PRIMARY KEY,
    name          text NOT NULL,
    role          text NOT NULL CHECK (role IN ('enterprise', 'provider', 'officer', 'operator')),
    token_hash    bytea NOT NULL UNIQUE,          -- sha256 of the bearer token; the token is never stored
    enterprise_id uuid,                           -- set for role enterprise
    provider_id   uuid,                           -- set for role provider
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    CHECK ((role = 'enterprise') = (enterprise_id IS NOT NULL)),
    CHECK ((role = 'provider') = (provider_id IS NOT NULL))
);

CREATE TABLE intake.enterprises (
    id             uuid PRIMARY KEY,
    name           text NOT NULL,
    kind           text NOT NULL,
    registration_number text,                     -- 13-digit id; personal data for single owners
    province_code  text NOT NULL,
    district       text NOT NULL,
    subdistrict    text,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE intake.products (
    id            uuid PRIMARY KEY,
    enterprise_id uuid NOT NULL REFERENCES intake.enterprises (id),
    name          text NOT NULL,
    product_type  text NOT NULL,
    food_subgroup text,
    opc_stars     int CHECK (opc_stars BETWEEN 1 AND 5),
    opc_year      int,
    quadrant      text CHECK (quadrant IN ('A', 'B', 'C', 'D'))
);
CREATE INDEX products_enterprise ON intake.products (enterprise_id);

CREATE TABLE intake.providers (
    id            uuid PRIMARY KEY,
    name          text NOT NULL,
    kind          text NOT NULL,
    profile       jsonb NOT NULL,                 -- the ProviderRegistered payload as published
    capacity      int NOT NULL CHECK (capacity >= 0),
    qualified     boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Contact persons per party (enterprise, provider, officer). Erased on request (PDPA).
CREATE TABLE intake.contacts (
    party_id   uuid PRIMARY KEY,
    party_kind text NOT NULL,
    contacts   jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE intake.reference_counters (
    fiscal_year int PRIMARY KEY,
    last_value  int NOT NULL
);

CREATE TABLE intake.requests (
    id              uuid PRIMARY KEY,
    reference       text NOT NULL UNIQUE,
    enterprise_id   uuid NOT NULL REFERENCES intake.enterprises (id),
    product_id      uuid REFERENCES intake.products (id),
    product_name    text NOT NULL,
    product_type    text NOT NULL,
    service_areas   text[] NOT NULL,
    target_standard text,
    description     text NOT NULL,
    province_code   text NOT NULL,
    fiscal_year     int NOT NULL,
    status          text NOT NULL DEFAULT 'submitted',
    submitted_by    uuid NOT NULL REFERENCES intake.api_clients (id),
    submitted_at    timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX requests_enterprise ON intake.requests (enterprise_id, submitted_at DESC);

-- A retried POST with the same Idempotency-Key returns the first answer instead of a second request.
CREATE TABLE intake.idempotency_keys (
    client_id    uuid NOT NULL REFERENCES intake.api_clients (id),
    key          text NOT NULL,
    body_hash    bytea NOT NULL,
    request_id   uuid NOT NULL REFERENCES intake.requests (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, key)
);

-- What happened to a request, from the events of every service.
CREATE TABLE intake.request_timeline (
    event_id    uuid PRIMARY KEY,
    request_id  uuid NOT NULL,
    event_type  text NOT NULL,
    source      text NOT NULL,
    occurred_at timestamptz NOT NULL,
    summary     jsonb NOT NULL
);
CREATE INDEX request_timeline_request ON intake.request_timeline (request_id, occurred_at);

-- The hardened API (issue 10): versions for optimistic concurrency (ETag / If-Match) on every
-- resource that can be updated, creation times for paging, officers scoped to a region, API
-- clients for JWT subjects (no token of ours: issuer + subject instead), rotation, and one table
-- of Idempotency-Key answers for every POST.

ALTER TABLE intake.enterprises ADD COLUMN version int NOT NULL DEFAULT 1,
                               ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX enterprises_page ON intake.enterprises (created_at DESC, id DESC);
CREATE INDEX enterprises_province ON intake.enterprises (province_code);

ALTER TABLE intake.products ADD COLUMN version int NOT NULL DEFAULT 1,
                            ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
                            ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE intake.providers ADD COLUMN version int NOT NULL DEFAULT 1,
                             ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX providers_page ON intake.providers (created_at DESC, id DESC);

ALTER TABLE intake.contacts ADD COLUMN version int NOT NULL DEFAULT 1;

CREATE INDEX requests_page ON intake.requests (submitted_at DESC, id DESC);

-- Officers may be scoped to one region (NULL: the whole country).
ALTER TABLE intake.api_clients ADD COLUMN region text
    CHECK (region IS NULL OR region IN ('north', 'northeast', 'central', 'east', 'west', 'south')),
    ADD CHECK (region IS NULL OR role = 'officer');
-- A JWT subject is a client too (so it can be listed and revoked, and its requests name it): it has
-- an issuer and subject and no token hash.
ALTER TABLE intake.api_clients ALTER COLUMN token_hash DROP NOT NULL,
    ADD COLUMN issuer text,
    ADD COLUMN subject text,
    ADD COLUMN replaced_by uuid REFERENCES intake.api_clients (id),
    ADD CHECK ((token_hash IS NULL) = (subject IS NOT NULL)),
    ADD CHECK ((issuer IS NULL) = (subject IS NULL)),
    ADD UNIQUE (issuer, subject);
CREATE INDEX api_clients_page ON intake.api_clients (created_at DESC, id DESC);

-- Idempotency-Key, for every POST: the claim (fingerprint of method, path and body), then the answer.
CREATE TABLE intake.idempotent_responses (
    client_id    uuid NOT NULL,
    key          text NOT NULL,
    fingerprint  bytea NOT NULL,
    response     jsonb,                          -- status, kept headers, body; NULL while the request runs
    created_at   timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    PRIMARY KEY (client_id, key)
);
-- Keys of the former per-route table (POST /v1/requests) are not carried over: their fingerprint was
-- of the body alone. They are kept for a day at most by clients' retry policies.
DROP TABLE intake.idempotency_keys;

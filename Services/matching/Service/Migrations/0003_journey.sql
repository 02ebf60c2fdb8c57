-- The coupon journey: request and proposal states from Domain (RequestStatus, ProposalStatus),
-- assignments, the coupon budget ledger, providers' past outcomes and allocation rounds.
--
-- Global state guarded by row locks (any number of replicas): a provider's active_load (one unit per
-- open proposal or open assignment) and a region's budget row per fiscal year. Lock order everywhere:
-- the request row, then the budget row, then provider rows.

-- Requests: the states are Domain.RequestStatus raw values ('pending' was the first slice's name
-- for matching).
UPDATE matching.requests SET status = 'matching' WHERE status = 'pending';
ALTER TABLE matching.requests
    ADD COLUMN region                 text,
    ADD COLUMN unmatched_reason       text,
    ADD COLUMN coupon_value_baht      int NOT NULL DEFAULT 0,
    ADD COLUMN enterprise_share_baht  int NOT NULL DEFAULT 0,
    ADD COLUMN programme_share_baht   int NOT NULL DEFAULT 0,
    ADD COLUMN round_id               uuid,
    ADD COLUMN rated                  boolean NOT NULL DEFAULT false,
    ADD COLUMN trace                  text;
DROP INDEX matching.requests_unmatched;
CREATE INDEX requests_unmatched ON matching.requests (submitted_at) WHERE status = 'unmatched';
CREATE INDEX requests_waiting ON matching.requests (fiscal_year, region) WHERE status IN ('matching', 'unmatched', 'waitlisted');

-- Proposals: Domain.ProposalStatus; closed ones keep why and when.
ALTER TABLE matching.proposals
    ADD COLUMN closed_at  timestamptz,
    ADD COLUMN reason     text,
    ADD COLUMN round_id   uuid,
    ADD COLUMN trace      text;
CREATE INDEX proposals_open ON matching.proposals (request_id) WHERE status IN ('pending', 'accepted');
-- The expiry scheduler's queue: the next deadline is the first row.
CREATE INDEX proposals_deadline ON matching.proposals (respond_by) WHERE status = 'pending';

-- Providers' past outcomes (the scorer's completion rate, mean rating and certificates).
ALTER TABLE matching.providers
    DROP COLUMN finished,
    ADD COLUMN withdrawn_by_officer int NOT NULL DEFAULT 0,
    ADD COLUMN rating_sum           int NOT NULL DEFAULT 0,
    ADD COLUMN ratings              int NOT NULL DEFAULT 0,
    ADD COLUMN certificates         int NOT NULL DEFAULT 0;

-- A request confirmed to one provider (or assigned by an officer): Domain.AssignmentStatus.
CREATE TABLE matching.assignments (
    id                    uuid PRIMARY KEY,
    request_id            uuid NOT NULL REFERENCES matching.requests (id),
    provider_id           uuid NOT NULL REFERENCES matching.providers (id),
    proposal_id           uuid REFERENCES matching.proposals (id),
    manual                boolean NOT NULL,
    status                text NOT NULL,
    reason                text,                 -- the officer's reason for a manual assignment
    assigned_at           timestamptz NOT NULL,
    work_summary          text,
    standard_applied      text,
    reported_at           timestamptz,
    completed_at          timestamptz,
    withdrawn_at          timestamptz,
    withdrawal_reason     text,
    withdrawn_by          text,                 -- Actor.Role of who withdrew it
    rating                int CHECK (rating BETWEEN 1 AND 5),
    rating_comment        text,
    income_before_baht    int,
    income_after_baht     int,
    rated_at              timestamptz
);
-- One open assignment per request, whatever races.
CREATE UNIQUE INDEX assignments_open ON matching.assignments (request_id) WHERE status IN ('active', 'workReported');
CREATE INDEX assignments_request ON matching.assignments (request_id, assigned_at DESC);

-- One coupon per request: Domain.CouponStatus, amounts from the coupon schedule (coupons.json).
CREATE TABLE matching.coupons (
    request_id            uuid PRIMARY KEY REFERENCES matching.requests (id),
    fiscal_year           int NOT NULL,
    region                text NOT NULL,
    value_baht            int NOT NULL CHECK (value_baht >= 0),
    enterprise_share_baht int NOT NULL CHECK (enterprise_share_baht >= 0),
    programme_share_baht  int NOT NULL CHECK (programme_share_baht >= 0),
    status                text NOT NULL,
    updated_at            timestamptz NOT NULL
);
CREATE INDEX coupons_budget ON matching.coupons (fiscal_year, region, status);

-- The ledger: one row per region and fiscal year once an officer set its budget (a region without
-- a row is governed by MATCHING_UNSET_BUDGET). Programme shares in whole baht. The CHECK is the last
-- line of defence behind the row lock: the budget can never be over-promised.
CREATE TABLE matching.budgets (
    fiscal_year     int NOT NULL,
    region          text NOT NULL,
    allocated_baht  bigint NOT NULL CHECK (allocated_baht >= 0),
    held_baht       bigint NOT NULL DEFAULT 0 CHECK (held_baht >= 0),
    committed_baht  bigint NOT NULL DEFAULT 0 CHECK (committed_baht >= 0),
    spent_baht      bigint NOT NULL DEFAULT 0 CHECK (spent_baht >= 0),
    released_baht   bigint NOT NULL DEFAULT 0 CHECK (released_baht >= 0),
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (fiscal_year, region),
    CHECK (held_baht + committed_baht + spent_baht <= allocated_baht)
);

-- Certificates issued for requests a provider was assigned to (certification.step-changed to
-- certified), counted once per certificate.
CREATE TABLE matching.provider_certificates (
    certificate_id uuid PRIMARY KEY,
    provider_id    uuid NOT NULL REFERENCES matching.providers (id),
    request_id     uuid NOT NULL,
    certified_at   timestamptz NOT NULL
);

-- Allocation rounds: the instance solved, compactly (`otopctl round export` writes it back as the
-- file format of docs/allocation.md, byte for byte what the solver was given: requests, providers
-- and budgets in order, each edge as request index, provider index and score packed in
-- instance_edges, 16 bytes little-endian), its objective, the solver's time, the lottery's seed,
-- and each request's outcome with the reason it was left out.
CREATE TABLE matching.rounds (
    id                      uuid PRIMARY KEY,
    fiscal_year             int NOT NULL,
    region                  text,                    -- NULL: every region
    seed                    numeric(20, 0) NOT NULL, -- UInt64
    requested_by            jsonb NOT NULL,
    requested_at            timestamptz NOT NULL,
    completed_at            timestamptz NOT NULL,
    requests                int NOT NULL,
    proposed                int NOT NULL,
    waitlisted              int NOT NULL,
    waitlisted_by_reason    jsonb NOT NULL,
    objective               bigint NOT NULL,
    solver_ms               double precision NOT NULL,
    candidates_per_request  int NOT NULL,
    instance_requests       uuid[] NOT NULL,
    instance_request_regions text[] NOT NULL,
    instance_providers      uuid[] NOT NULL,
    instance_max_loads      int8[] NOT NULL,
    instance_budget_regions text[] NOT NULL,
    instance_budget_coupons int8[] NOT NULL,
    instance_edges          bytea NOT NULL
);

CREATE TABLE matching.round_requests (
    round_id    uuid NOT NULL REFERENCES matching.rounds (id),
    request_id  uuid NOT NULL REFERENCES matching.requests (id),
    outcome     text NOT NULL,              -- proposed, waitlisted
    reason      text,                       -- Allocation.UnassignedReason for waitlisted requests
    provider_id uuid,
    score       int,
    PRIMARY KEY (round_id, request_id)
);

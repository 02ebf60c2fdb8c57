-- The coupon journey's read models in intake, built from matching's events: each request's
-- assigned provider and rating, proposals (what providers see and answer), the regional coupon
-- budgets and allocation rounds. Intake answers 409 from these when an action is already illegal;
-- matching decides everything else.

-- Events written in one transaction (a decline and the next proposal) share their time: the
-- timeline keeps them in the order they arrived (one request's events arrive in order).
ALTER TABLE intake.request_timeline ADD COLUMN seq bigserial;

ALTER TABLE intake.requests
    ADD COLUMN assigned_provider_id uuid,
    ADD COLUMN rated                boolean NOT NULL DEFAULT false;

-- Proposals as matching announced them (Domain.ProposalStatus).
CREATE TABLE intake.proposals (
    id            uuid PRIMARY KEY,
    request_id    uuid NOT NULL,
    provider_id   uuid NOT NULL,
    enterprise_id uuid NOT NULL,
    reference     text NOT NULL,
    status        text NOT NULL,
    rank          int NOT NULL,
    score         jsonb NOT NULL,           -- the MatchScore with its explanation
    respond_by    timestamptz NOT NULL,
    round_id      uuid,
    reason        text,                     -- why it was declined or withdrawn
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX proposals_provider ON intake.proposals (provider_id, created_at DESC);
CREATE INDEX proposals_request ON intake.proposals (request_id);

-- Regional coupon budgets per fiscal year: the latest budget.updated totals (baht).
CREATE TABLE intake.budgets (
    fiscal_year    int NOT NULL,
    region         text NOT NULL,
    allocated_baht bigint NOT NULL,
    held_baht      bigint NOT NULL,
    committed_baht bigint NOT NULL,
    spent_baht     bigint NOT NULL,
    released_baht  bigint NOT NULL,
    available_baht bigint NOT NULL,
    last_change    text NOT NULL,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (fiscal_year, region)
);

-- The last refused budget.set of a region and year (shown with the budget).
CREATE TABLE intake.budget_refusals (
    fiscal_year    int NOT NULL,
    region         text NOT NULL,
    requested_baht bigint NOT NULL,
    minimum_baht   bigint NOT NULL,
    reason         text NOT NULL,
    refused_at     timestamptz NOT NULL,
    PRIMARY KEY (fiscal_year, region)
);

-- Allocation rounds officers started, and what matching made of them.
CREATE TABLE intake.rounds (
    id                   uuid PRIMARY KEY,
    fiscal_year          int NOT NULL,
    region               text,
    seed                 numeric(20, 0),
    requested_by         uuid NOT NULL,
    requested_at         timestamptz NOT NULL,
    completed_at         timestamptz,
    requests             int,
    proposed             int,
    waitlisted           int,
    waitlisted_by_reason jsonb,
    objective            bigint,
    solver_ms            double precision
);

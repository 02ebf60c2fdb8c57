-- A region's budget as officers follow it (docs/console.md, A9): every budget.updated and
-- budget.set-refused of a budget, newest first (the ledger), who asked for a refused amount, and
-- when the allocated amount was last set successfully (a refusal is shown while it is newer).
-- The ledger starts with this migration: earlier events were not kept.

CREATE TABLE intake.budget_ledger (
    event_id       uuid PRIMARY KEY,
    fiscal_year    int NOT NULL,
    region         text NOT NULL,
    at             timestamptz NOT NULL,
    change         text NOT NULL,          -- set, held, unheld, committed, released, spent, round (budget.updated); refused
    request_id     uuid,
    allocated_baht bigint NOT NULL,
    held_baht      bigint NOT NULL,
    committed_baht bigint NOT NULL,
    spent_baht     bigint NOT NULL,
    released_baht  bigint NOT NULL,
    available_baht bigint NOT NULL,
    requested_baht bigint,                 -- refused: the amount asked for
    minimum_baht   bigint,                 -- refused: held + committed + spent
    CHECK ((change = 'refused') = (requested_baht IS NOT NULL AND minimum_baht IS NOT NULL))
);
CREATE INDEX budget_ledger_budget ON intake.budget_ledger (fiscal_year, region, at DESC, event_id DESC);

ALTER TABLE intake.budget_refusals ADD COLUMN set_by uuid;   -- the API client that asked (its name is shown)
ALTER TABLE intake.budgets ADD COLUMN set_at timestamptz;     -- the last successful set
UPDATE intake.budgets SET set_at = updated_at WHERE last_change = 'set';

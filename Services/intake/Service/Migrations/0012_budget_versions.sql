-- A region's coupon budget is set with PUT /v1/budgets/{fiscalYear}/{region} and If-Match: its
-- version (the ETag) moves on whenever matching reports a new allocated amount.
ALTER TABLE intake.budgets ADD COLUMN version int NOT NULL DEFAULT 1;

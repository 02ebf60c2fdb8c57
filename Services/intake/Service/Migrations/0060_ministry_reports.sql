-- The ministry's reports (GET /v1/reports/..., docs/reports.md): the read-only national role, the
-- coupon value of each assignment, and the programme's served establishments of past fiscal years
-- imported from the ministry's spreadsheets (POST /v1/imports/history).

-- 1. The ministry (programme management) reads everything nationally and changes nothing.
ALTER TABLE intake.api_clients DROP CONSTRAINT api_clients_role_check;
ALTER TABLE intake.api_clients ADD CONSTRAINT api_clients_role_check
    CHECK (role IN ('enterprise', 'provider', 'officer', 'operator', 'ministry'));

-- 2. The coupon's value (baht, co-payment included) as matching assigned it (match.assigned), for
--    the coupon value the reports add up; backfilled from the timeline, which has kept it.
ALTER TABLE intake.request_assignments ADD COLUMN coupon_baht bigint;
UPDATE intake.request_assignments a SET coupon_baht = (
    SELECT (t.summary->>'couponBaht')::bigint FROM intake.request_timeline t
    WHERE t.request_id = a.request_id AND t.event_type = 'th.otop.match.assigned.v1'
      AND t.summary->>'providerId' = a.provider_id::text AND t.summary->>'couponBaht' ~ '^[0-9]+$'
    ORDER BY abs(extract(epoch FROM t.occurred_at - a.assigned_at)) LIMIT 1);

-- 3. Coupons of past fiscal years (FY2560 onward), one row per coupon the ministry's spreadsheets
--    list, kept apart from the live records: never on a topic, never a request, counted in every
--    report with the source "imported".
CREATE TABLE intake.historical_coupons (
    id                   uuid PRIMARY KEY,
    -- What a re-import finds the row by: the project code when the file gives one, otherwise the
    -- fiscal year, the establishment, the service areas and the provider (HistoryFile.naturalKey).
    natural_key          text NOT NULL UNIQUE,
    fiscal_year          int NOT NULL CHECK (fiscal_year BETWEEN 2560 AND 2700),
    quarter              int CHECK (quarter BETWEEN 1 AND 4),          -- Thai fiscal quarter (Q1 = Oct–Dec); NULL: not known
    project_code         text,
    registration_number  text,                                          -- 13 digits; personal data for single owners
    -- One establishment however many coupons it got, live or imported: its registration number, or
    -- (without one) its province and its name compared loosely (HistoryFile.establishmentKey).
    establishment_key    text NOT NULL,
    establishment_name   text NOT NULL,
    enterprise_kind      text,
    province_code        text NOT NULL,
    product_name         text,
    product_type         text NOT NULL,
    service_areas        text[] NOT NULL,
    standard             text,
    coupon_baht          bigint NOT NULL CHECK (coupon_baht >= 0),
    provider_name        text,
    completed            boolean,                                       -- NULL: the file does not say
    certificate_obtained boolean,
    imported_at          timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);
CREATE INDEX historical_coupons_year ON intake.historical_coupons (fiscal_year, province_code);
CREATE INDEX historical_coupons_establishment ON intake.historical_coupons (establishment_key);


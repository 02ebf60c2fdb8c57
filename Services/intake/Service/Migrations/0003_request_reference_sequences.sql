-- Request references (OTOP-<fiscal year>-<n>) come from one sequence per fiscal year,
-- intake.request_reference_<Buddhist year>, created when the year's first request arrives.
-- The counter table they replace gave gapless numbers, but every submission held its fiscal
-- year's row lock from taking the number until its commit was on disk: submissions committed one
-- at a time, whatever the concurrency. A sequence hands out numbers without a lock; a number
-- taken by a submission that then fails (the database stopped between the two statements) is
-- not used again, so references are unique and increasing but may have gaps.
DO $$
DECLARE
    counter record;
BEGIN
    FOR counter IN SELECT fiscal_year, last_value FROM intake.reference_counters LOOP
        EXECUTE format('CREATE SEQUENCE intake.%I AS bigint START WITH %s',
                       'request_reference_' || counter.fiscal_year, counter.last_value + 1);
    END LOOP;
END
$$;
DROP TABLE intake.reference_counters;

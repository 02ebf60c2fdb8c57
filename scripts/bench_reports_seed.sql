-- The programme at scale for scripts/bench_reports.sh: ten fiscal years (2561–2570) of 10,000
-- requests each, written straight into intake's tables as its read model would hold them
-- (the reports read nothing else). psql variables: none. Deterministic: every choice is a hash of
-- the row number, so two runs seed the same programme.
--
--   providers      600, spread over the regions
--   enterprises    40,000 (registration numbers 0993000000001... with their check digit: the same
--                  numbers scripts/demo/history_data.py gives its establishments, so the history
--                  the script imports afterwards overlaps the live enterprises)
--   requests       100,000 (10,000 per fiscal year, submitted on days spread over the year)
--   assignments    80 % of the requests; of those 85 % completed (70 % of them rated), 5 % withdrawn
--   proposals      one per request (accepted, declined or expired)
--   certificates   a third of the completed requests
--   budgets        every region of every year
BEGIN;

CREATE TEMP TABLE bench_provinces AS
SELECT * FROM (VALUES
    ('TH-10','central'),('TH-12','central'),('TH-13','central'),('TH-14','central'),('TH-20','east'),('TH-21','east'),
    ('TH-24','east'),('TH-30','northeast'),('TH-31','northeast'),('TH-34','northeast'),('TH-40','northeast'),
    ('TH-41','northeast'),('TH-50','north'),('TH-51','north'),('TH-57','north'),('TH-65','north'),('TH-70','west'),
    ('TH-71','west'),('TH-76','west'),('TH-80','south'),('TH-83','south'),('TH-90','south'),('TH-92','south')
) AS p(code, region);
ALTER TABLE bench_provinces ADD COLUMN n serial;

INSERT INTO intake.providers (id, name, kind, profile, capacity, qualified)
SELECT md5('bench-provider-' || g)::uuid, 'หน่วยให้บริการทดสอบ ' || g, 'university',
       jsonb_build_object('regions', jsonb_build_array((ARRAY['north','northeast','central','east','west','south'])[1 + g % 6]),
                          'provinceCodes', '[]'::jsonb),
       20, true
FROM generate_series(1, 600) g;

INSERT INTO intake.enterprises (id, name, kind, registration_number, province_code, district)
SELECT md5('bench-enterprise-' || g)::uuid, 'วิสาหกิจชุมชนทดสอบ ' || g, 'communityEnterprise',
       first12 || ((11 - (SELECT sum(substr(first12, i, 1)::int * (14 - i)) FROM generate_series(1, 12) i) % 11) % 10)::text,
       (SELECT code FROM bench_provinces WHERE n = 1 + (g * 7) % 23), 'เมือง'
FROM generate_series(1, 40000) g, LATERAL (SELECT '09930' || lpad(g::text, 7, '0') AS first12) f
-- registration(930, g) of history_data.py: '09' + '930' + 7 digits
;

INSERT INTO intake.requests (id, reference, enterprise_id, product_name, product_type, service_areas, target_standard,
                             description, province_code, fiscal_year, status, submitted_by, submitted_at, updated_at,
                             status_since, last_activity_at)
SELECT md5('bench-request-' || g)::uuid, 'OTOP-' || fy || '-B' || lpad(g::text, 6, '0'), e.id, 'ผลิตภัณฑ์ทดสอบ',
       (ARRAY['food','beverage','textile','household','herbal'])[1 + g % 5],
       CASE WHEN g % 3 = 0 THEN ARRAY['packagingDesign','standardsSystem'] ELSE ARRAY[(ARRAY['rawMaterialQuality','productionProcess',
            'machineryDesign','packagingDesign','productInnovation','standardsSystem'])[1 + g % 6]] END,
       CASE WHEN g % 4 = 0 THEN NULL ELSE (ARRAY['tcps','fdaFoodSerial','gmp','halal'])[1 + g % 4] END,
       'คำขอทดสอบ', e.province_code, fy, 'submitted', (SELECT id FROM intake.api_clients ORDER BY id LIMIT 1),
       make_timestamptz(fy - 544, 10, 1, 9, 0, 0, 'Asia/Bangkok') + ((g * 37) % 364) * interval '1 day',
       make_timestamptz(fy - 544, 10, 1, 9, 0, 0, 'Asia/Bangkok') + ((g * 37) % 364) * interval '1 day',
       make_timestamptz(fy - 544, 10, 1, 9, 0, 0, 'Asia/Bangkok') + ((g * 37) % 364) * interval '1 day',
       make_timestamptz(fy - 544, 10, 1, 9, 0, 0, 'Asia/Bangkok') + ((g * 37) % 364) * interval '1 day'
FROM generate_series(1, 100000) g
CROSS JOIN LATERAL (SELECT 2561 + (g - 1) / 10000 AS fy) y
JOIN intake.enterprises e ON e.id = md5('bench-enterprise-' || (1 + (g * 7919) % 40000))::uuid;

INSERT INTO intake.request_assignments (request_id, provider_id, assigned_at, withdrawn_at, withdrawal, completed_at,
                                        spent_coupon_baht, rated_at, rating, coupon_baht)
SELECT r.id, md5('bench-provider-' || (1 + g % 600))::uuid, r.submitted_at + interval '12 days',
       CASE WHEN g % 20 = 7 THEN r.submitted_at + interval '30 days' END,
       CASE WHEN g % 20 = 7 THEN 'assignment' END,
       CASE WHEN g % 20 <> 7 AND g % 100 < 85 THEN r.submitted_at + (40 + g % 50) * interval '1 day' END,
       CASE WHEN g % 20 <> 7 AND g % 100 < 85 THEN 50000 + (g % 31) * 5000 END,
       CASE WHEN g % 20 <> 7 AND g % 100 < 60 THEN r.submitted_at + (45 + g % 50) * interval '1 day' END,
       CASE WHEN g % 20 <> 7 AND g % 100 < 60 THEN 1 + g % 5 END,
       50000 + (g % 31) * 5000
FROM generate_series(1, 100000) g JOIN intake.requests r ON r.id = md5('bench-request-' || g)::uuid
WHERE g % 5 <> 0;

INSERT INTO intake.proposals (id, request_id, provider_id, enterprise_id, reference, status, rank, score, respond_by,
                              created_at, updated_at)
SELECT md5('bench-proposal-' || g)::uuid, r.id, md5('bench-provider-' || (1 + (g + 1) % 600))::uuid, r.enterprise_id,
       r.reference, (ARRAY['accepted','accepted','accepted','declined','expired'])[1 + g % 5], 1, '{}'::jsonb,
       r.submitted_at + interval '10 days', r.submitted_at + interval '1 day', r.submitted_at + interval '5 days'
FROM generate_series(1, 100000) g JOIN intake.requests r ON r.id = md5('bench-request-' || g)::uuid;

INSERT INTO intake.certificates_obtained (event_id, certificate_id, standard, province_code, fiscal_year, renewal, request_id,
                                          days_to_certificate, obtained_on)
SELECT md5('bench-certificate-' || a.request_id)::uuid, md5('bench-cert-' || a.request_id)::uuid, coalesce(r.target_standard, 'tcps'),
       r.province_code, r.fiscal_year, false, a.request_id, 90, (a.completed_at + interval '30 days')::date
FROM intake.request_assignments a JOIN intake.requests r ON r.id = a.request_id
WHERE a.completed_at IS NOT NULL AND hashtext(a.request_id::text) % 3 = 0;

INSERT INTO intake.budgets (fiscal_year, region, allocated_baht, held_baht, committed_baht, spent_baht, released_baht,
                            available_baht, last_change, updated_at)
SELECT fy, region, 300000000, 0, 20000000, 150000000, 5000000, 130000000, 'set', now()
FROM generate_series(2561, 2570) fy, unnest(ARRAY['north','northeast','central','east','west','south']) region;

COMMIT;
ANALYZE intake.enterprises, intake.requests, intake.request_assignments, intake.proposals, intake.certificates_obtained,
        intake.providers, intake.budgets;

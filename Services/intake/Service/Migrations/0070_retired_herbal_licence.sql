-- Issue 16, point 5: the standards catalogue split herbalLicence into cosmeticNotification (Cosmetic
-- Products Act B.E. 2558) and herbalProductLicence (Herbal Products Act B.E. 2562). Stored data
-- naming the retired code reads as cosmeticNotification (StandardCode.retired: the old entry's steps
-- were the notification's, and most non-food herbal OTOP products are notified cosmetics); a
-- provider able to help with the old entry can help with both new ones.
UPDATE intake.requests SET target_standard = 'cosmeticNotification' WHERE target_standard = 'herbalLicence';
UPDATE intake.certificates SET standard = 'cosmeticNotification' WHERE standard = 'herbalLicence';
UPDATE intake.certificate_reports SET standard = 'cosmeticNotification' WHERE standard = 'herbalLicence';
UPDATE intake.certificates_obtained SET standard = 'cosmeticNotification' WHERE standard = 'herbalLicence';
UPDATE intake.historical_coupons SET standard = 'cosmeticNotification' WHERE standard = 'herbalLicence';
UPDATE intake.providers AS p SET profile = jsonb_set(p.profile, '{standards}', (
    SELECT jsonb_agg(code ORDER BY first) FROM (
        SELECT code, min(position) AS first FROM (
            SELECT s.position * 2 + n.i AS position, CASE WHEN s.code = 'herbalLicence' THEN n.code ELSE s.code END AS code
            FROM jsonb_array_elements_text(p.profile -> 'standards') WITH ORDINALITY AS s(code, position)
            CROSS JOIN (VALUES (0, 'cosmeticNotification'), (1, 'herbalProductLicence')) AS n(i, code)
            WHERE s.code = 'herbalLicence' OR n.i = 0
        ) AS expanded
        GROUP BY code
    ) AS distinct_codes))
WHERE p.profile -> 'standards' ? 'herbalLicence';

-- Issue 16, point 5: herbalLicence was split into cosmeticNotification and herbalProductLicence.
-- Requests and work reports naming it read as cosmeticNotification (StandardCode.retired); a
-- provider able to help with it can help with both new standards.
UPDATE matching.requests SET target_standard = 'cosmeticNotification' WHERE target_standard = 'herbalLicence';
UPDATE matching.assignments SET standard_applied = 'cosmeticNotification' WHERE standard_applied = 'herbalLicence';
UPDATE matching.providers AS p SET standards = (
    SELECT array_agg(code ORDER BY first) FROM (
        SELECT code, min(position) AS first FROM (
            SELECT s.position * 2 + n.i AS position, CASE WHEN s.code = 'herbalLicence' THEN n.code ELSE s.code END AS code
            FROM unnest(p.standards) WITH ORDINALITY AS s(code, position)
            CROSS JOIN (VALUES (0, 'cosmeticNotification'), (1, 'herbalProductLicence')) AS n(i, code)
            WHERE s.code = 'herbalLicence' OR n.i = 0
        ) AS expanded
        GROUP BY code
    ) AS distinct_codes)
WHERE 'herbalLicence' = ANY (p.standards);

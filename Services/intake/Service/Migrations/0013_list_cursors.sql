-- Lists of certificates and proposals page with an opaque cursor, newest first by (created_at, id):
-- a key that does not move while a client pages (updated_at would: an item changed between two
-- pages would be skipped or shown twice). A certificate's created_at is when intake first
-- recorded it (the time of the first event of it intake applied).
ALTER TABLE intake.certificates ADD COLUMN created_at timestamptz;
UPDATE intake.certificates c SET created_at = COALESCE(
    (SELECT min(h.occurred_at) FROM intake.certificate_history h WHERE h.certificate_id = c.id), c.updated_at);
ALTER TABLE intake.certificates ALTER COLUMN created_at SET NOT NULL;
CREATE INDEX certificates_created ON intake.certificates (created_at DESC, id DESC);
CREATE INDEX proposals_created ON intake.proposals (created_at DESC, id DESC);

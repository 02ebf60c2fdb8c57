-- Officers' offices are listed (GET /v1/officer-contacts) newest first with the API's cursor, which
-- pages by creation time: contacts get theirs (rows already there count as created now).
ALTER TABLE intake.contacts ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX contacts_officers_page ON intake.contacts (created_at DESC, party_id DESC) WHERE party_kind = 'officer';

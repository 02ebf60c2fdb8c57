-- Officers are parties with contacts too (alerts and weekly digests go to the officers of a region):
-- their display name and region live with their contacts. Enterprises and providers keep their
-- names in their own tables; these columns stay NULL for them.
ALTER TABLE intake.contacts ADD COLUMN party_name text;
ALTER TABLE intake.contacts ADD COLUMN region text;
ALTER TABLE intake.contacts ADD CONSTRAINT contacts_officer_region
    CHECK ((party_kind = 'officer') = (region IS NOT NULL));

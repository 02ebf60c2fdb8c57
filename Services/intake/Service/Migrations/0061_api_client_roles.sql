-- Every role an API client may have. 0040 (the portal's service role) and 0060 (the ministry) were
-- written on separate branches, each replacing the constraint with its own list; this one names both.
ALTER TABLE intake.api_clients DROP CONSTRAINT api_clients_role_check;
ALTER TABLE intake.api_clients ADD CONSTRAINT api_clients_role_check
    CHECK (role IN ('enterprise', 'provider', 'officer', 'operator', 'portal', 'ministry'));

-- Bulk import (POST /v1/imports/...) finds what it imports by natural key.
-- Enterprises: the 13-digit registration number, unique among the enterprises that have one (an
-- import or a registration naming a stored number updates that enterprise or is refused, never
-- creates a second one).
CREATE UNIQUE INDEX enterprises_registration_number ON intake.enterprises (registration_number)
    WHERE registration_number IS NOT NULL;
-- Providers: the name, trimmed and with runs of white space made one space (the API does not refuse
-- a name twice, so this index is not unique; an import refuses a name stored more than once).
CREATE INDEX providers_import_name ON intake.providers ((regexp_replace(btrim(name), '\s+', ' ', 'g')));

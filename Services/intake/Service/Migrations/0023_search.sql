-- Search (docs/console.md, A2): `q` on the enterprises, providers and requests lists.
-- Names are searched as intake.search_text() writes them (lower case, runs of white space made one
-- space, and สระอำ typed as nikhahit + sara aa made the one character U+0E33), through pg_trgm's
-- trigram indexes, which serve `LIKE '%fragment%'` of three characters or more. pg_trgm reads Thai
-- letters as word characters only under a UTF-8 LC_CTYPE (C.UTF-8, th_TH.UTF-8; not C): see
-- docs/deployment.md. Phones are matched by their national number (without +66 or 0) through an
-- index on the contacts' phones; references and registration numbers by their b-tree indexes.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE FUNCTION intake.search_text(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN lower(regexp_replace(replace(btrim($1), U&'\0E4D\0E32', U&'\0E33'), '\s+', ' ', 'g'));

CREATE FUNCTION intake.contact_phones(jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN ARRAY(SELECT regexp_replace(person->>'phone', '^\+66', '')
                 FROM jsonb_array_elements(CASE WHEN jsonb_typeof($1) = 'array' THEN $1 ELSE '[]' END) AS person
                 WHERE person->>'phone' IS NOT NULL);

CREATE INDEX enterprises_name_search ON intake.enterprises USING gin (intake.search_text(name) gin_trgm_ops);
CREATE INDEX providers_name_search ON intake.providers USING gin (intake.search_text(name) gin_trgm_ops);
CREATE INDEX requests_product_search ON intake.requests USING gin (intake.search_text(product_name) gin_trgm_ops);
CREATE INDEX contacts_phones ON intake.contacts USING gin (intake.contact_phones(contacts));

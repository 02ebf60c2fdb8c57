-- Sign-in with a one-time code (issue 15, point 2): the portal's service client, the codes, and the
-- requests counted for rate limits. Nothing here holds a code, a phone, an e-mail or an address in
-- clear: each is an HMAC-SHA256 under a key derived from SIGNIN_CODE_KEY (docs/architecture.md).

-- The portal calls the sign-in routes as a service client of its own (role 'portal'), before anyone
-- is signed in; it may call nothing else.
ALTER TABLE intake.api_clients DROP CONSTRAINT api_clients_role_check;
ALTER TABLE intake.api_clients
    ADD CONSTRAINT api_clients_role_check CHECK (role IN ('enterprise', 'provider', 'officer', 'operator', 'portal'));

-- One row per code asked for, also for a phone or e-mail nobody registered (then `identities` is
-- empty and the code can never be used: the answer to the portal was the same).
CREATE TABLE intake.sign_in_codes (
    id                uuid PRIMARY KEY,
    -- The contact persons the typed phone or e-mail selected: [{"partyId": ..., "contactIndex": n}].
    identities        jsonb NOT NULL,
    -- What was typed (normalised), as an HMAC: at verification each identity must still hold it.
    identifier_kind   text NOT NULL CHECK (identifier_kind IN ('phone', 'email')),
    identifier_digest bytea NOT NULL,
    code_digest       bytea NOT NULL,
    channel           text NOT NULL CHECK (channel IN ('email', 'sms', 'line')),
    attempts          int NOT NULL DEFAULT 0,
    requested_at      timestamptz NOT NULL,
    expires_at        timestamptz NOT NULL,
    used_at           timestamptz
);
CREATE INDEX sign_in_codes_expiry ON intake.sign_in_codes (expires_at);

-- Code requests within the rate-limit window, per typed identifier and per client address (both as
-- HMACs). Rows older than the window are deleted as requests come.
CREATE TABLE intake.sign_in_requests (
    key_digest   bytea NOT NULL,
    requested_at timestamptz NOT NULL
);
CREATE INDEX sign_in_requests_key ON intake.sign_in_requests (key_digest, requested_at);

-- Contact persons by a typed phone, e-mail or LINE user id: containment on the lower-cased contacts
-- (keys are lower-cased too: 'phone', 'email', 'lineuserid').
CREATE INDEX contacts_addresses ON intake.contacts USING gin ((lower(contacts::text)::jsonb) jsonb_path_ops);

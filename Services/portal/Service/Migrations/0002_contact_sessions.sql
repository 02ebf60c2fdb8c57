-- Contact persons' sessions (issue 15): an enterprise's or provider's contact person signed in with a
-- one-time code. The session row names the person (party kind, party id, contact index) with the names
-- the layout and the JWT show; "remember this phone" is a longer absolute expiry on the same row.
ALTER TABLE portal.sessions
    ADD COLUMN contact_name text,
    ADD COLUMN party_name   text,
    ADD COLUMN remembered   boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT sessions_contact_named CHECK (
        (principal_kind = 'contact') = (party_kind IS NOT NULL AND party_id IS NOT NULL AND contact_index IS NOT NULL
                                        AND contact_name IS NOT NULL AND party_name IS NOT NULL));
CREATE INDEX sessions_contact ON portal.sessions (party_id, contact_index) WHERE ended_at IS NULL;

-- A verified code that named more than one person (a person who is a contact of two parties): the
-- identities intake answered, until the person chooses one (minutes). The browser holds a random token;
-- only its SHA-256 is stored.
CREATE TABLE portal.pending_identities (
    token_hash     bytea PRIMARY KEY,
    identities     text NOT NULL,                 -- JSON: the identities intake answered
    remembered     boolean NOT NULL,
    next           text NOT NULL,
    expires_at     timestamptz NOT NULL
);

-- Contact persons' sign-ins are audited like password sign-ins: the person's subject
-- (`contact:<party id>:<index>`) instead of an account id, and the code's id; never a phone, an e-mail
-- or a code.
ALTER TABLE portal.audit
    ADD COLUMN subject text,
    ADD COLUMN code_id uuid,
    DROP CONSTRAINT audit_event_check,
    ADD CONSTRAINT audit_event_check CHECK (event IN (
        'sign-in', 'sign-in-failed', 'sign-in-slowed', 'sign-out', 'session-expired', 'password-changed', 'account-created',
        'account-disabled', 'account-enabled', 'password-reset', 'code-requested', 'code-refused', 'session-ended'));
CREATE INDEX audit_subject ON portal.audit (subject, at DESC) WHERE subject IS NOT NULL;

-- The portal's own state: people's accounts (officers and operators), their server-side sessions,
-- sign-in throttling shared by every replica, the audit of sign-ins, and files waiting between an
-- import's dry run and the real import. No business data: that is intake's, read through its API.

CREATE SCHEMA IF NOT EXISTS portal;

CREATE TABLE portal.accounts (
    id             uuid PRIMARY KEY,
    username       text NOT NULL,                 -- stored as typed; unique ignoring case
    display_name   text NOT NULL,
    role           text NOT NULL CHECK (role IN ('officer', 'operator')),
    region         text CHECK (region IN ('north', 'northeast', 'central', 'east', 'west', 'south')),
    password_hash  text NOT NULL,                 -- bcrypt of the password's SHA-256 (see docs/portal.md)
    must_change_password boolean NOT NULL DEFAULT false,
    disabled_at    timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    CHECK (role = 'officer' OR region IS NULL)
);
CREATE UNIQUE INDEX accounts_username ON portal.accounts (lower(username));

-- One row per signed-in browser. The cookie carries a random token; only its SHA-256 is stored.
-- principal_kind 'account' now; 'contact' (an enterprise's or provider's contact person, issue 15)
-- will use party_kind, party_id and contact_index instead of account_id.
CREATE TABLE portal.sessions (
    id             uuid PRIMARY KEY,
    token_hash     bytea NOT NULL UNIQUE,
    principal_kind text NOT NULL CHECK (principal_kind IN ('account', 'contact')),
    account_id     uuid REFERENCES portal.accounts (id) ON DELETE CASCADE,
    party_kind     text CHECK (party_kind IN ('enterprise', 'provider')),
    party_id       uuid,
    contact_index  int,
    csrf_secret    bytea NOT NULL,
    language       text NOT NULL DEFAULT 'th' CHECK (language IN ('th', 'en')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL DEFAULT now(),
    idle_expires_at timestamptz NOT NULL,
    absolute_expires_at timestamptz NOT NULL,
    ended_at       timestamptz,
    user_agent     text,
    CHECK ((principal_kind = 'account') = (account_id IS NOT NULL))
);
CREATE INDEX sessions_account ON portal.sessions (account_id) WHERE ended_at IS NULL;

-- Failed sign-ins per key ('account:<lower username>' and 'address:<client address>') in the current
-- window; the delay before the next attempt grows with the count. Shared by every replica.
CREATE TABLE portal.sign_in_failures (
    key            text PRIMARY KEY,
    failures       int NOT NULL,
    window_started_at timestamptz NOT NULL,
    last_failure_at timestamptz NOT NULL,
    blocked_until  timestamptz NOT NULL
);

-- Every sign-in, failed sign-in and sign-out. No password, no personal data: the username as typed
-- only when it names an account (else NULL), the client address, the outcome.
CREATE TABLE portal.audit (
    id             bigserial PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    event          text NOT NULL CHECK (event IN ('sign-in', 'sign-in-failed', 'sign-in-slowed', 'sign-out', 'session-expired',
                                                  'password-changed', 'account-created', 'account-disabled', 'account-enabled',
                                                  'password-reset')),
    account_id     uuid,
    actor_account_id uuid,
    session_id     uuid,
    address        text,
    reason         text
);
CREATE INDEX audit_account ON portal.audit (account_id, at DESC);

-- A CSV file between its dry run and the real import, tied to the session that uploaded it.
CREATE TABLE portal.uploads (
    id             uuid PRIMARY KEY,
    session_id     uuid NOT NULL REFERENCES portal.sessions (id) ON DELETE CASCADE,
    kind           text NOT NULL CHECK (kind IN ('enterprises', 'providers')),
    file_name      text NOT NULL,
    content        bytea NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL
);

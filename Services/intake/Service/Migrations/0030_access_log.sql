-- The access log (issue 15): every read of a party's personal data by another party (the provider
-- assigned to an enterprise's request and the enterprise, through the hand-off; officers reading
-- contact persons). Ids, field names and routes only: never the data itself.
CREATE TABLE intake.access_log (
    id               uuid PRIMARY KEY,
    read_at          timestamptz NOT NULL,
    route            text NOT NULL,            -- as documented: GET /v1/contacts/{partyId}
    reader_client_id uuid NOT NULL,            -- the API client that read
    reader_role      text NOT NULL,            -- Role: enterprise, provider, officer
    reader_party_id  uuid,                     -- the enterprise or provider the client acts for
    party_id         uuid NOT NULL,            -- whose data was read
    party_kind       text NOT NULL,            -- PartyKind
    fields           text[] NOT NULL,          -- AccessedField: name, address, contacts.phone ...
    request_id       uuid,                     -- the request whose assignment allowed the read
    regions          text[] NOT NULL           -- the regions the read concerns (scoped officers see theirs)
);
CREATE INDEX access_log_newest ON intake.access_log (read_at DESC, id DESC);
CREATE INDEX access_log_party ON intake.access_log (party_id, read_at DESC, id DESC);
CREATE INDEX access_log_reader ON intake.access_log (reader_party_id, read_at DESC, id DESC);

-- The hand-off looks up the assignments a provider holds (HandOff.assignment).
CREATE INDEX request_assignments_open_by_provider ON intake.request_assignments (provider_id, assigned_at DESC)
    WHERE withdrawn_at IS NULL;

-- Parties whose contact persons were erased (PDPA, a tombstone on otop.contacts). Their recipient
-- row is gone, so without this a message for them would look like one still waiting for its
-- contacts to arrive, and wait for days; with it the delivery worker fails the message at once.
-- New contacts for the party (it registered again) remove the row.
CREATE TABLE notifications.erased_parties (
    party_id  uuid PRIMARY KEY,
    erased_at timestamptz NOT NULL DEFAULT now()
);

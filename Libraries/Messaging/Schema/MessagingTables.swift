import Postgres

/// The outbox and inbox tables every service keeps in its own schema. Services apply this as the
/// first migration of their schema (``migration(schema:)``).
public enum MessagingTables {
    /// Migration 1 of a service schema: the schema itself, `outbox` and `inbox`.
    public static func migration(schema: String) -> PostgresMigration {
        PostgresMigration(version: 1, name: "messaging_outbox_inbox", sql: sql(schema: schema))
    }

    /// The DDL. `schema` is one of our fixed service names, never user input.
    static func sql(schema: String) -> String {
        precondition(schema.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") },
                     "schema names are plain identifiers")
        return """
        CREATE SCHEMA IF NOT EXISTS \(schema);

        -- Events written in the same transaction as the state they describe; the relay publishes
        -- them in seq order and marks them only after the broker acknowledged them.
        CREATE TABLE IF NOT EXISTS \(schema).outbox (
            seq          bigserial PRIMARY KEY,
            event_id     uuid NOT NULL UNIQUE,
            topic        text NOT NULL,
            message_key  bytea,
            payload      bytea,            -- NULL: a tombstone (compacted topics)
            headers      jsonb NOT NULL DEFAULT '{}'::jsonb,
            created_at   timestamptz NOT NULL DEFAULT now(),
            published_at timestamptz
        );
        CREATE INDEX IF NOT EXISTS outbox_unpublished ON \(schema).outbox (seq) WHERE published_at IS NULL;
        CREATE INDEX IF NOT EXISTS outbox_published_at ON \(schema).outbox (published_at) WHERE published_at IS NOT NULL;

        -- Events already applied, per consumer: a redelivered event finds its row and is skipped.
        CREATE TABLE IF NOT EXISTS \(schema).inbox (
            consumer     text NOT NULL,
            event_id     uuid NOT NULL,
            topic        text NOT NULL,
            processed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (consumer, event_id)
        );
        """
    }

    /// The NOTIFY channel that wakes a schema's outbox relay.
    public static func outboxChannel(schema: String) -> String { "\(schema)_outbox" }
}

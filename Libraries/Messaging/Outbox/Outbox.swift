import Contracts
import Foundation
import Postgres

/// Writes events into a service's transactional outbox, in the caller's transaction: the state
/// change and its event commit together or not at all. The relay publishes them afterwards.
public struct Outbox: Sendable {
    /// The service schema holding the `outbox` table.
    public let schema: String

    public init(schema: String) {
        self.schema = schema
    }

    /// Appends `event` (keyed by its aggregate id) and wakes the relay when the transaction commits.
    public func append<P: EventPayload>(_ event: CloudEvent<P>, on connection: PostgresConnection) async throws {
        try await append(OutboxEntry(event), on: connection)
    }

    /// Appends several prepared entries in order and wakes the relay once. Events go in one
    /// statement per ``batchSize`` (an allocation round writes tens of thousands); a tombstone, or
    /// an entry whose bytes are not UTF-8, goes in a statement of its own at its place.
    public func append(_ entries: [OutboxEntry], on connection: PostgresConnection) async throws {
        var batch: [(entry: OutboxEntry, key: String, payload: String)] = []
        for entry in entries {
            if let keyBytes = entry.key, let payloadBytes = entry.payload,
               let key = String(validating: keyBytes, as: UTF8.self), let payload = String(validating: payloadBytes, as: UTF8.self) {
                batch.append((entry, key, payload))
                if batch.count == Self.batchSize {
                    try await insert(batch, on: connection)
                    batch.removeAll(keepingCapacity: true)
                }
            } else {
                try await insert(batch, on: connection)
                batch.removeAll(keepingCapacity: true)
                try await insert(entry, on: connection)
            }
        }
        try await insert(batch, on: connection)
        if !entries.isEmpty { try await notify(on: connection) }
    }

    /// Rows per statement when appending several entries.
    static let batchSize = 1_000

    /// Appends one entry and wakes the relay.
    public func append(_ entry: OutboxEntry, on connection: PostgresConnection) async throws {
        try await insert(entry, on: connection)
        try await notify(on: connection)
    }

    private func insert(_ entry: OutboxEntry, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            INSERT INTO \(identifier: schema).outbox (event_id, topic, message_key, payload, headers)
            VALUES (\(entry.eventID), \(entry.topic), \(entry.key), \(entry.payload), \(PostgresJSON(rawJSON: Array(headersJSON(entry.headers).utf8))))
            """)
    }

    /// One statement for many events, in order (`seq` follows the array's order).
    private func insert(_ batch: [(entry: OutboxEntry, key: String, payload: String)], on connection: PostgresConnection) async throws {
        guard !batch.isEmpty else { return }
        try await connection.execute("""
            INSERT INTO \(identifier: schema).outbox (event_id, topic, message_key, payload, headers)
            SELECT x.event_id, x.topic, convert_to(x.message_key, 'UTF8'), convert_to(x.payload, 'UTF8'), x.headers::jsonb
            FROM unnest(\(batch.map(\.entry.eventID))::uuid[], \(batch.map(\.entry.topic))::text[], \(batch.map(\.key))::text[],
                        \(batch.map(\.payload))::text[], \(batch.map { headersJSON($0.entry.headers) })::text[])
                WITH ORDINALITY AS x(event_id, topic, message_key, payload, headers, position)
            ORDER BY x.position
            """)
    }

    private func notify(on connection: PostgresConnection) async throws {
        // Delivered at commit; identical notifications in one transaction are folded into one.
        try await connection.execute("SELECT pg_notify(\(MessagingTables.outboxChannel(schema: schema)), '')")
    }
}

/// One message waiting in the outbox: what the relay will publish.
public struct OutboxEntry: Sendable, Hashable {
    public var eventID: UUID
    public var topic: String
    public var key: [UInt8]?
    /// The CloudEvent bytes; `nil` publishes a tombstone.
    public var payload: [UInt8]?
    /// Kafka headers (string values), e.g. `content-type`, `traceparent`.
    public var headers: [String: String]

    public init(eventID: UUID, topic: String, key: [UInt8]?, payload: [UInt8]?, headers: [String: String]) {
        self.eventID = eventID
        self.topic = topic
        self.key = key
        self.payload = payload
        self.headers = headers
    }

    /// The entry for a CloudEvent: key = aggregate id, structured-mode content type header.
    public init<P: EventPayload>(_ event: CloudEvent<P>) throws {
        var headers = ["content-type": cloudEventsContentType, "ce_type": event.type]
        if let traceparent = event.traceparent { headers["traceparent"] = traceparent }
        self.init(eventID: event.id, topic: P.topic.name, key: Array(event.data.aggregateID.utf8),
                  payload: try event.encoded(), headers: headers)
    }

    /// A tombstone for `key` on a compacted topic (erases the key's value).
    public static func tombstone(topic: Topic, key: String, id: UUID = UUID()) -> OutboxEntry {
        OutboxEntry(eventID: id, topic: topic.name, key: Array(key.utf8), payload: nil, headers: [:])
    }
}

/// Headers as a JSON object (string values) for the `headers` column.
func headersJSON(_ headers: [String: String]) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: headers, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
}

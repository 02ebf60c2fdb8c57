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

    /// Appends several prepared entries in order and wakes the relay once.
    public func append(_ entries: [OutboxEntry], on connection: PostgresConnection) async throws {
        // One statement per `batchSize` entries (a statement takes at most 65,535 parameters, five
        // an entry; an allocation round writes tens of thousands); the last one wakes the relay.
        var start = entries.startIndex
        while start < entries.endIndex {
            let end = min(start + Self.batchSize, entries.endIndex)
            try await connection.execute(insertion(Array(entries[start..<end]), notify: end == entries.endIndex))
            start = end
        }
    }

    /// Entries per statement when appending many.
    static let batchSize = 1_000

    /// Appends one entry and wakes the relay.
    public func append(_ entry: OutboxEntry, on connection: PostgresConnection) async throws {
        try await connection.execute(insertion([entry], notify: true))
    }

    /// The statement that inserts `entry` and does **not** wake the relay, for a writer that sends
    /// its statements together (``PostgresConnection/pipeline(_:)``) and wakes the relay after the
    /// commit with an ``OutboxNotifier``, keeping `NOTIFY` out of its transaction (see there why).
    public func insertion(_ entry: OutboxEntry) -> PostgresQuery {
        insertion([entry], notify: false)
    }

    /// One statement for all entries (in order, so `seq` follows it) and, with `notify`, the
    /// `pg_notify` that wakes the relay when the transaction commits (identical notifications in one
    /// transaction are folded into one): one round trip however many entries.
    private func insertion(_ entries: [OutboxEntry], notify: Bool) -> PostgresQuery {
        var statement = PostgresQuery.StringInterpolation(literalCapacity: 160 + 40 * entries.count,
                                                          interpolationCount: 5 * entries.count + 1)
        statement.appendLiteral(notify ? "WITH inserted AS (INSERT INTO " : "INSERT INTO ")
        statement.appendInterpolation(identifier: schema)
        statement.appendLiteral(".outbox (event_id, topic, message_key, payload, headers) VALUES ")
        for (index, entry) in entries.enumerated() {
            statement.appendLiteral(index == 0 ? "(" : ", (")
            statement.appendInterpolation(entry.eventID)
            statement.appendLiteral(", ")
            statement.appendInterpolation(entry.topic)
            statement.appendLiteral(", ")
            statement.appendInterpolation(entry.key)
            statement.appendLiteral(", ")
            statement.appendInterpolation(entry.payload)
            statement.appendLiteral(", ")
            statement.appendInterpolation(PostgresJSON(rawJSON: Array(headersJSON(entry.headers).utf8)))
            statement.appendLiteral(")")
        }
        if notify {
            statement.appendLiteral(") SELECT pg_notify(")
            statement.appendInterpolation(MessagingTables.outboxChannel(schema: schema))
            statement.appendLiteral(", '')")
        }
        return PostgresQuery(stringInterpolation: statement)
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

/// Headers as a JSON object (string values, keys sorted) for the `headers` column. Written by hand:
/// `JSONSerialization` cost a few percent of intake's CPU per request for these few short strings.
func headersJSON(_ headers: [String: String]) -> String {
    var json = "{"
    for (index, key) in headers.keys.sorted().enumerated() {
        if index > 0 { json += "," }
        appendJSONString(key, to: &json)
        json += ":"
        appendJSONString(headers[key]!, to: &json)
    }
    return json + "}"
}

/// Appends `text` as a JSON string literal (RFC 8259 escapes).
private func appendJSONString(_ text: String, to json: inout String) {
    json += "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": json += "\\\""
        case "\\": json += "\\\\"
        case "\n": json += "\\n"
        case "\r": json += "\\r"
        case "\t": json += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            json += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: json.unicodeScalars.append(scalar)
        }
    }
    json += "\""
}

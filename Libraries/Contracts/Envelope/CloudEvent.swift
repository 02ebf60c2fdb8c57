import Foundation

/// A CloudEvents 1.0 event in structured JSON mode (`application/cloudevents+json`), the one shape
/// every message on an `otop.*` topic has.
///
/// Extensions: `correlationid` (the request or flow the event belongs to), `causationid` (the event
/// that caused this one) and `traceparent` (W3C trace context, CloudEvents distributed-tracing
/// extension). Readers ignore attributes and `data` fields they do not know.
public struct CloudEvent<Payload: EventPayload>: Sendable, Codable {
    public var specversion: String
    public var id: UUID
    public var source: String
    public var type: String
    public var subject: String?
    public var time: Date
    public var datacontenttype: String?
    public var correlationid: String?
    public var causationid: String?
    public var traceparent: String?
    public var data: Payload

    /// A new event of `Payload.eventType` with a fresh id.
    public init(_ data: Payload, source: String, id: UUID = UUID(), time: Date = Date(),
                correlationID: String? = nil, causationID: String? = nil, traceparent: String? = nil) {
        self.specversion = "1.0"
        self.id = id
        self.source = source
        self.type = Payload.eventType
        self.subject = data.subject
        self.time = time
        self.datacontenttype = "application/json"
        self.correlationid = correlationID
        self.causationid = causationID
        self.traceparent = traceparent
        self.data = data
    }

    /// The header attributes, without the data.
    public var header: EventHeader {
        EventHeader(specversion: specversion, id: id, source: source, type: type, subject: subject, time: time,
                    datacontenttype: datacontenttype, correlationid: correlationid, causationid: causationid,
                    traceparent: traceparent)
    }

    /// The JSON bytes of this event in structured mode.
    public func encoded() throws -> [UInt8] {
        LowercaseUUIDs.apply(Array(try EventCoding.sharedEncoder.encode(self)))
    }
}

/// The content type of a structured-mode CloudEvent message.
public let cloudEventsContentType = "application/cloudevents+json"

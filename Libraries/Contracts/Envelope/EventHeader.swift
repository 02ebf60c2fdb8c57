import Foundation

/// The attributes of a CloudEvent without its data: what a consumer reads first to route, dedupe
/// and validate an event before it decodes the payload.
public struct EventHeader: Sendable, Codable, Hashable {
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

    public init(specversion: String, id: UUID, source: String, type: String, subject: String?, time: Date,
                datacontenttype: String?, correlationid: String?, causationid: String?, traceparent: String?) {
        self.specversion = specversion
        self.id = id
        self.source = source
        self.type = type
        self.subject = subject
        self.time = time
        self.datacontenttype = datacontenttype
        self.correlationid = correlationid
        self.causationid = causationid
        self.traceparent = traceparent
    }
}

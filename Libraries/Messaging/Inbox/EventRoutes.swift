import Contracts

/// The payload types one consumer handles, each with the function that handles it, and the
/// compacted topics whose tombstones it handles. The consumer subscribes to exactly the topics of
/// what is registered (``topics``), so the subscription and the handled types cannot drift apart.
///
/// Built by an ``EventHandler``'s `register(_:)`; checked when the consumer is built
/// (``validate()``): a type registered twice, or one outside ``Contracts/EventCatalogue``, stops it.
public struct EventRoutes: Sendable {
    /// Applies one decoded event inside the batch transaction.
    typealias Application = @Sendable (HandlerContext) async throws -> Void
    /// Decodes an event of a registered type into the work that applies it; throws
    /// ``Contracts/EventDecodingError`` when the event does not decode.
    typealias Decoder = @Sendable (IncomingEvent) throws -> Application
    /// Applies a tombstone for a key.
    typealias TombstoneHandler = @Sendable (_ key: String, HandlerContext) async throws -> Void

    private var decoders: [String: Decoder] = [:]
    private var tombstoneHandlers: [Topic: TombstoneHandler] = [:]
    private var subscribed: Set<Topic> = []
    private var problems: [String] = []

    /// No routes yet.
    public init() {}

    /// The routes `handler` registers.
    public init(_ handler: some EventHandler) {
        handler.register(&self)
    }

    /// Handles events of `type` (read from `type.topic`) with `handle`, which gets the decoded event
    /// (header attributes and `data`) and the handler context.
    public mutating func on<Payload: EventPayload>(
        _ type: Payload.Type,
        _ handle: @escaping @Sendable (CloudEvent<Payload>, HandlerContext) async throws -> Void
    ) {
        guard decoders[Payload.eventType] == nil else {
            problems.append("\(Payload.eventType) (\(Payload.self)) is registered twice")
            return
        }
        guard EventCatalogue.payloadType(for: Payload.eventType) == Payload.self else {
            problems.append("\(Payload.eventType) (\(Payload.self)) is not in the event catalogue (EventCatalogue.payloadTypes)")
            return
        }
        decoders[Payload.eventType] = { incoming in
            let event = try incoming.decode(Payload.self)
            return { context in try await handle(event, context) }
        }
        subscribed.insert(Payload.topic)
    }

    /// Handles tombstones (a key with a null value: erase what is stored for it) on the compacted
    /// `topic`. Tombstones carry no event id: `handle` must be idempotent.
    public mutating func onTombstone(_ topic: Topic, _ handle: @escaping @Sendable (_ key: String, HandlerContext) async throws -> Void) {
        guard topic.isCompacted else {
            problems.append("tombstones are registered for \(topic.name), which is not compacted")
            return
        }
        guard tombstoneHandlers[topic] == nil else {
            problems.append("tombstones of \(topic.name) are registered twice")
            return
        }
        tombstoneHandlers[topic] = handle
        subscribed.insert(topic)
    }

    /// The topics to subscribe to, in catalogue order.
    public var topics: [Topic] { Topic.allCases.filter(subscribed.contains) }

    /// The registered CloudEvents types, sorted (for logs).
    public var eventTypes: [String] { decoders.keys.sorted() }

    /// Throws when the registrations cannot work (see ``EventRoutingError``).
    public func validate() throws(EventRoutingError) {
        var problems = problems
        if subscribed.isEmpty { problems.append("no event type and no tombstone topic is registered") }
        guard problems.isEmpty else { throw EventRoutingError(problems: problems) }
    }

    /// The decoder for events of `eventType`; `nil` when nobody registered it (the event is skipped).
    func decoder(for eventType: String) -> Decoder? { decoders[eventType] }

    /// The tombstone handler of the logical topic `topic`; `nil` when none is registered.
    func tombstoneHandler(for topic: String) -> TombstoneHandler? {
        Topic(name: topic).flatMap { tombstoneHandlers[$0] }
    }
}

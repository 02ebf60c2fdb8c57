/// A service's reaction to the events it consumes: it registers each payload type it handles (and
/// the compacted topics whose tombstones it handles) with a function that handles it.
///
/// ```swift
/// struct ExampleHandler: EventHandler {
///     func register(_ routes: inout EventRoutes) {
///         routes.on(MatchProposed.self, proposed)
///         routes.onTombstone(.contacts) { partyID, context in ... }
///     }
///
///     private func proposed(_ event: CloudEvent<MatchProposed>, _ context: HandlerContext) async throws {
///         try await context.connection.execute(...)         // commits with the inbox row
///         try await context.emit(SomethingHappened(...))     // the envelope is filled in
///     }
/// }
/// ```
///
/// The consumer subscribes to the topics of the registered types (``EventRoutes/topics``); an event of
/// a type nobody registered is skipped, an event of a registered type that does not decode goes to
/// the dead-letter topic. A handler function runs inside the batch transaction: throw
/// ``EventRejection`` to dead-letter the event; a transient ``Postgres/PostgresError`` retries the batch.
public protocol EventHandler: Sendable {
    /// Registers every payload type and tombstone topic this handler handles. Called once, at start;
    /// registering a type twice is a programming error that stops the consumer from starting.
    func register(_ routes: inout EventRoutes)
}

import Contracts
import Domain
import Foundation
import Messaging
import Testing

/// A consumer registers only types of the event catalogue: a payload type the catalogue lacks (one
/// added to Contracts but not to `EventCatalogue.payloadTypes`) stops the consumer when it is built,
/// naming the type, instead of being routed while its example, docs and checks are missing.
@Suite("Routes hold to the event catalogue")
struct CatalogueRoutingTests {
    /// A payload type declared outside the catalogue, as a new one is before it is listed there.
    private struct Uncatalogued: EventPayload {
        static let eventType = "th.otop.request.uncatalogued.v1"
        static let topic = Topic.requests
        var requestId: UUID
        var aggregateID: String { requestId.lowercased }
        var subject: String { "request/\(aggregateID)" }
    }

    private struct UncataloguedHandler: EventHandler {
        func register(_ routes: inout EventRoutes) {
            routes.on(RequestSubmitted.self) { _, _ in }
            routes.on(Uncatalogued.self) { _, _ in }
        }
    }

    @Test("a type outside the catalogue is refused by name; the catalogue's own types pass")
    func uncatalogued() {
        let error = #expect(throws: EventRoutingError.self) { try EventRoutes(UncataloguedHandler()).validate() }
        #expect(error?.problems == [
            "th.otop.request.uncatalogued.v1 (Uncatalogued) is not in the event catalogue (EventCatalogue.payloadTypes)",
        ])
        var routes = EventRoutes()
        routes.on(RequestSubmitted.self) { _, _ in }
        #expect(throws: Never.self) { try routes.validate() }
        #expect(routes.eventTypes == [RequestSubmitted.eventType])
    }
}

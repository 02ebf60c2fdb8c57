import Contracts
@testable import IntakeService
import Messaging
import TestSupport
import Testing

/// What intake's consumer (the request timelines and the read models) registers, held to
/// docs/events.md's catalogue table and to the event types the service's code handles (each read
/// model's `apply` functions).
@Suite("Intake's event routes")
struct TimelineRoutesTests {
    @Test("the timeline consumer registers exactly the types docs/events.md lists for intake, every type its code handles among them")
    func registered() throws {
        let routes = EventRoutes(TimelineHandler())
        let check = try EventRouteCheck(routes, of: .intake)
        #expect(check.problems == [])
        #expect(throws: Never.self) { try routes.validate() }
    }
}

import Contracts
import Foundation
@testable import MatchingService
import Messaging
import TestSupport
import Testing

/// What matching's consumer registers, held to docs/events.md's catalogue table and to the event
/// types the service's code handles (the journey's and the allocation round's functions).
@Suite("Matching's event routes")
struct MatchingRoutesTests {
    @Test("the consumer registers exactly the types docs/events.md lists for matching, every type its code handles among them")
    func registered() throws {
        let routes = EventRoutes(MatchingHandler(journey: Journey(configuration: try MatchingConfiguration.bundledDefaults()),
                                                 clock: .system))
        let check = try EventRouteCheck(routes, of: .matching)
        #expect(check.problems == [])
        #expect(throws: Never.self) { try routes.validate() }
    }
}

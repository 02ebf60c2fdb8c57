@testable import CertificationService
import Contracts
import Domain
import Messaging
import TestSupport
import Testing

/// What the certification tracker's consumer registers, held to docs/events.md's catalogue table and
/// to the event types the service's code handles (the tracker's and the enterprise directory's functions).
@Suite("Certification's event routes")
struct CertificationRoutesTests {
    @Test("the consumer registers exactly the types docs/events.md lists for certification, every type its code handles among them")
    func registered() throws {
        let tracker = CertificateTracker(catalogue: .default, schedule: CertificationSchedule(leadDays: [90, 60, 30, 7]),
                                         clock: .system)
        let routes = EventRoutes(CertificationHandler(tracker: tracker))
        let check = try EventRouteCheck(routes, of: .certification)
        #expect(check.problems == [])
        #expect(throws: Never.self) { try routes.validate() }
    }
}

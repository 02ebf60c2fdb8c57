import Contracts
import Logging
import Messaging
import TestSupport
import Testing
@testable import NotificationsService

/// What notifications' consumer registers, held to docs/events.md's catalogue table and to the
/// event types the service's code handles (its rules and handler functions).
@Suite("Notifications' event routes")
struct NotificationRoutesTests {
    private let routes = EventRoutes(NotificationHandler(planner: MessagePlanner(logger: Logger(label: "route-tests"))))

    @Test("the consumer registers exactly the types docs/events.md lists for notifications, every type its code handles among them")
    func registered() throws {
        let check = try EventRouteCheck(routes, of: .notifications)
        #expect(check.problems == [])
        #expect(throws: Never.self) { try routes.validate() }
    }

    @Test("it subscribes to the topics of those types and handles the erasures (tombstones) on otop.contacts")
    func topics() {
        #expect(routes.topics == [.contacts, .requests, .matches, .certifications, .signIns])
    }
}

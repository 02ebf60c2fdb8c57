import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// Builds request timelines (and the request's current status) from the other services' events:
/// the coupon journey (``registerJourney(_:)``), certification records, delivered and failed
/// notifications. Other event types on those topics are skipped, so producers can add new ones first.
struct TimelineHandler: EventHandler {
    func register(_ routes: inout EventRoutes) {
        registerJourney(&routes)
        routes.on(NotificationDelivered.self, delivered)
        routes.on(NotificationFailed.self, failed)
        registerCertification(&routes)
    }

    private func delivered(_ event: CloudEvent<NotificationDelivered>, _ context: HandlerContext) async throws {
        let delivery = event.data
        guard let request = delivery.requestId else { return }
        try await record(event.header, request: request, status: nil, summary: [
            "template": delivery.template, "channel": delivery.channel.rawValue,
            "recipient": delivery.recipientPartyKind.rawValue], on: context.connection)
    }

    private func failed(_ event: CloudEvent<NotificationFailed>, _ context: HandlerContext) async throws {
        let failure = event.data
        guard let request = failure.requestId else { return }
        try await record(event.header, request: request, status: nil, summary: [
            "template": failure.template, "recipient": failure.recipientPartyKind.rawValue, "reason": failure.reason],
            on: context.connection)
    }

    func record(_ event: EventHeader, request: UUID, status: String?, summary: [String: String],
                on connection: PostgresConnection) async throws {
        try await RequestStore.appendTimeline(event: event, requestID: request, summary: summary, on: connection)
        if let status {
            try await connection.execute("""
                UPDATE intake.requests SET status = \(status), updated_at = \(event.time)
                WHERE id = \(request) AND updated_at <= \(event.time)
                """)
        }
    }
}

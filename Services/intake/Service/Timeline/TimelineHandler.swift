import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// Builds request timelines (and the request's current status) from the other services' events:
/// proposals, no-match notices, certification records, delivered and failed notifications.
/// Event types it does not know are skipped, so producers can add new ones first.
struct TimelineHandler: EventHandler {
    func handle(_ event: IncomingEvent, in context: HandlerContext) async throws {
        let connection = context.connection
        switch event.header.type {
        case MatchProposed.eventType:
            let e = try event.decode(MatchProposed.self)
            try await record(event, request: e.data.requestId, status: "proposed", summary: [
                "providerId": e.data.providerId.uuidString.lowercased(), "rank": "\(e.data.rank)",
                "score": "\(e.data.score.total)", "respondBy": RFC3339.string(from: e.data.respondBy)], on: connection)
        case MatchUnavailable.eventType:
            let e = try event.decode(MatchUnavailable.self)
            try await record(event, request: e.data.requestId, status: "unmatched", summary: ["reason": e.data.reason],
                             on: connection)
        case CertificationPlanned.eventType:
            let e = try event.decode(CertificationPlanned.self)
            try await record(event, request: e.data.requestId, status: nil, summary: [
                "certificateId": e.data.certificateId.uuidString.lowercased(), "standard": e.data.standard.rawValue,
                "state": e.data.state.rawValue], on: connection)
        case NotificationDelivered.eventType:
            let e = try event.decode(NotificationDelivered.self)
            guard let request = e.data.requestId else { return }
            try await record(event, request: request, status: nil, summary: [
                "template": e.data.template, "channel": e.data.channel.rawValue,
                "recipient": e.data.recipientPartyKind.rawValue], on: connection)
        case NotificationFailed.eventType:
            let e = try event.decode(NotificationFailed.self)
            guard let request = e.data.requestId else { return }
            try await record(event, request: request, status: nil, summary: [
                "template": e.data.template, "recipient": e.data.recipientPartyKind.rawValue, "reason": e.data.reason],
                on: connection)
        default:
            context.logger.debug("event type not used for timelines", metadata: ["type": "\(event.header.type)"])
        }
    }

    private func record(_ event: IncomingEvent, request: UUID, status: String?, summary: [String: String],
                        on connection: PostgresConnection) async throws {
        try await RequestStore.appendTimeline(event: event.header, requestID: request, summary: summary, on: connection)
        if let status {
            try await connection.execute("""
                UPDATE intake.requests SET status = \(status), updated_at = \(event.header.time)
                WHERE id = \(request) AND updated_at <= \(event.header.time)
                """)
        }
    }
}

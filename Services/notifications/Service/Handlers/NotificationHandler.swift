import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// Keeps the recipients, request copies and digest figures current, and turns the events worth a
/// message into message rows through ``NotificationRules`` (one function per event type below).
/// The delivery worker sends them; a NOTIFY wakes it when the transaction commits.
struct NotificationHandler: EventHandler {
    let planner: MessagePlanner

    // Interim dispatch until typed event routing lands on main: one line per type, each decoding
    // into its payload type and calling the typed function below.
    func handle(_ event: IncomingEvent, in context: HandlerContext) async throws {
        let connection = context.connection
        let id = event.header.id
        switch event.header.type {
        case ContactsUpserted.eventType: try await contacts(try event.decode(ContactsUpserted.self).data, on: connection)
        case RequestSubmitted.eventType: try await submitted(try event.decode(RequestSubmitted.self).data, id, on: connection)
        case MatchScreened.eventType: try await screened(try event.decode(MatchScreened.self).data, id, on: connection)
        case MatchUnavailable.eventType: try await queue(NotificationRules.plans(for: try event.decode(MatchUnavailable.self).data), id, connection)
        case MatchProposed.eventType: try await proposed(try event.decode(MatchProposed.self).data, id, at: event.header.time, on: connection)
        case MatchAccepted.eventType: try await queue(NotificationRules.plans(for: try event.decode(MatchAccepted.self).data), id, connection)
        case MatchDeclined.eventType: try await queue(NotificationRules.plans(for: try event.decode(MatchDeclined.self).data), id, connection)
        case MatchExpired.eventType: try await expired(try event.decode(MatchExpired.self).data, id, on: connection)
        case MatchWithdrawn.eventType: try await withdrawn(try event.decode(MatchWithdrawn.self).data, id, on: connection)
        case MatchAssigned.eventType: try await assigned(try event.decode(MatchAssigned.self).data, id, on: connection)
        case MatchWorkReported.eventType: try await queue(NotificationRules.plans(for: try event.decode(MatchWorkReported.self).data), id, connection)
        case MatchCompleted.eventType: try await completed(try event.decode(MatchCompleted.self).data, id, on: connection)
        case BudgetUpdated.eventType: try await ActivityStore.record(try event.decode(BudgetUpdated.self).data, on: connection)
        case CertificationStepChanged.eventType: try await stepChanged(try event.decode(CertificationStepChanged.self).data, id, on: connection)
        case CertificationReminderDue.eventType: try await reminder(try event.decode(CertificationReminderDue.self).data, id, on: connection)
        default: context.logger.debug("event type not used by notifications", metadata: ["type": "\(event.header.type)"])
        }
    }

    /// PDPA erasure: the party's contact persons are dropped; messages keep no addresses.
    func handleTombstone(topic: String, key: String, in context: HandlerContext) async throws {
        guard topic == Topic.contacts.name, let party = UUID(uuidString: key) else { return }
        let deleted = try await RecipientStore.erase(party, on: context.connection)
        context.logger.info("contacts erased", metadata: ["party_id": "\(key)", "rows": "\(deleted)"])
    }

    // MARK: One function per event type

    func contacts(_ party: ContactsUpserted, on connection: PostgresConnection) async throws {
        try await RecipientStore.upsert(party, on: connection)
        // Messages waiting for these contacts can be routed now.
        try await MessageStore.wake(connection)
    }

    func submitted(_ request: RequestSubmitted, _ id: UUID, on connection: PostgresConnection) async throws {
        try await RequestCopyStore.store(request, on: connection)
        if let region = Province.withCode(request.provinceCode)?.region {
            try await ActivityStore.record(.requestReceived, event: id, region: region, at: request.submittedAt, on: connection)
        }
        try await queue(NotificationRules.plans(for: request), id, connection)
    }

    func screened(_ event: MatchScreened, _ id: UUID, on connection: PostgresConnection) async throws {
        try await recordForRequest(.screened, event: id, request: event.requestId, at: event.screenedAt, on: connection)
        try await queue(NotificationRules.plans(for: event), id, connection)
    }

    func proposed(_ event: MatchProposed, _ id: UUID, at time: Date, on connection: PostgresConnection) async throws {
        try await recordForRequest(.matched, event: id, request: event.requestId, at: time, on: connection)
        try await queue(NotificationRules.plans(for: event), id, connection)
    }

    func expired(_ event: MatchExpired, _ id: UUID, on connection: PostgresConnection) async throws {
        try await recordForRequest(.waitingPastWindow, event: id, request: event.requestId, at: event.expiredAt, on: connection)
        try await queue(NotificationRules.plans(for: event), id, connection)
    }

    func withdrawn(_ event: MatchWithdrawn, _ id: UUID, on connection: PostgresConnection) async throws {
        // Queue first: the officers' and provider's messages need the assignment as it was.
        try await queue(NotificationRules.plans(for: event), id, connection)
        if event.stage == .assignment { try await RequestCopyStore.assign(event.requestId, to: nil, on: connection) }
    }

    func assigned(_ event: MatchAssigned, _ id: UUID, on connection: PostgresConnection) async throws {
        try await RequestCopyStore.assign(event.requestId, to: event.providerId, on: connection)
        try await ActivityStore.record(.assigned, event: id, region: event.region, at: event.assignedAt, on: connection)
        try await queue(NotificationRules.plans(for: event), id, connection)
    }

    func completed(_ event: MatchCompleted, _ id: UUID, on connection: PostgresConnection) async throws {
        try await ActivityStore.record(.completed, event: id, region: event.region, at: event.completedAt, on: connection)
    }

    func stepChanged(_ event: CertificationStepChanged, _ id: UUID, on connection: PostgresConnection) async throws {
        if event.to == .certified, event.number != nil, let region = Province.withCode(event.provinceCode)?.region {
            try await ActivityStore.record(.certificateIssued, event: id, region: region, at: event.changedAt, on: connection)
        }
        try await queue(NotificationRules.plans(for: event), id, connection)
    }

    func reminder(_ event: CertificationReminderDue, _ id: UUID, on connection: PostgresConnection) async throws {
        if event.kind == .expiry, let region = Province.withCode(event.provinceCode)?.region {
            try await ActivityStore.record(.certificateExpiring, event: id, region: region, at: event.remindedAt, on: connection)
        }
        try await queue(NotificationRules.plans(for: event), id, connection)
    }

    // MARK: Helpers

    private func queue(_ plans: [MessagePlan], _ cause: UUID, _ connection: PostgresConnection) async throws {
        try await planner.queue(plans, cause: cause, on: connection)
    }

    private func recordForRequest(_ kind: ActivityKind, event: UUID, request: UUID, at time: Date,
                                  on connection: PostgresConnection) async throws {
        guard let region = try await RequestCopyStore.region(of: request, on: connection) else { return }
        try await ActivityStore.record(kind, event: event, region: region, at: time, on: connection)
    }
}

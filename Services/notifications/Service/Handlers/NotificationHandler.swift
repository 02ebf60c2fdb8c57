import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// Keeps the recipients, request copies and digest figures current, and turns the events worth a
/// message into message rows through ``NotificationRules`` (one function per event type below).
/// The delivery worker sends them; a NOTIFY wakes it when the transaction commits. The typed
/// functions below take the payload (and the event's id, time and trace) so tests call them directly.
struct NotificationHandler: EventHandler {
    let planner: MessagePlanner

    func register(_ routes: inout EventRoutes) {
        routes.on(ContactsUpserted.self) { event, context in try await contacts(event.data, on: context.connection) }
        routes.onTombstone(.contacts) { key, context in try await contactsErased(key, context) }
        routes.on(RequestSubmitted.self) { event, context in
            try await submitted(event.data, event.id, trace: context.trace.header, on: context.connection)
        }
        routes.on(MatchScreened.self) { event, context in
            try await screened(event.data, event.id, trace: context.trace.header, on: context.connection)
        }
        routes.on(MatchUnavailable.self) { event, context in
            try await queue(NotificationRules.plans(for: event.data), event.id, context.trace.header, context.connection)
        }
        routes.on(MatchProposed.self) { event, context in
            try await proposed(event.data, event.id, at: event.time, trace: context.trace.header, on: context.connection)
        }
        routes.on(MatchAccepted.self) { event, context in
            try await queue(NotificationRules.plans(for: event.data), event.id, context.trace.header, context.connection)
        }
        routes.on(MatchDeclined.self) { event, context in
            try await queue(NotificationRules.plans(for: event.data), event.id, context.trace.header, context.connection)
        }
        routes.on(MatchExpired.self) { event, context in
            try await expired(event.data, event.id, trace: context.trace.header, on: context.connection)
        }
        routes.on(MatchWithdrawn.self) { event, context in
            try await withdrawn(event.data, event.id, trace: context.trace.header, on: context.connection)
        }
        routes.on(MatchAssigned.self) { event, context in
            try await assigned(event.data, event.id, trace: context.trace.header, on: context.connection)
        }
        routes.on(MatchWorkReported.self) { event, context in
            try await queue(NotificationRules.plans(for: event.data), event.id, context.trace.header, context.connection)
        }
        routes.on(MatchCompleted.self) { event, context in try await completed(event.data, event.id, on: context.connection) }
        routes.on(BudgetUpdated.self) { event, context in try await ActivityStore.record(event.data, on: context.connection) }
        routes.on(CertificationStepChanged.self) { event, context in
            try await stepChanged(event.data, event.id, trace: context.trace.header, on: context.connection)
        }
        routes.on(CertificationReminderDue.self) { event, context in
            try await reminder(event.data, event.id, trace: context.trace.header, on: context.connection)
        }
        routes.on(SignInCodeRequested.self) { event, context in
            try await queue(NotificationRules.plans(for: event.data), event.id, context.trace.header, context.connection)
        }
    }

    /// PDPA erasure: the party's contact persons are dropped; messages keep no addresses.
    private func contactsErased(_ key: String, _ context: HandlerContext) async throws {
        guard let party = UUID(uuidString: key) else { return }
        let deleted = try await RecipientStore.erase(party, on: context.connection)
        // Messages already waiting for this party fail now rather than at their next look.
        try await MessageStore.wake(context.connection)
        context.logger.info("contacts erased", metadata: ["party_id": "\(key)", "rows": "\(deleted)"])
    }

    // MARK: One function per event type

    func contacts(_ party: ContactsUpserted, on connection: PostgresConnection) async throws {
        try await RecipientStore.upsert(party, on: connection)
        // Messages waiting for these contacts can be routed now.
        try await MessageStore.wake(connection)
    }

    func submitted(_ request: RequestSubmitted, _ id: UUID, trace: String? = nil, on connection: PostgresConnection) async throws {
        try await RequestCopyStore.store(request, on: connection)
        if let region = Province.withCode(request.provinceCode)?.region {
            try await ActivityStore.record(.requestReceived, event: id, region: region, at: request.submittedAt, on: connection)
        }
        try await queue(NotificationRules.plans(for: request), id, trace, connection)
    }

    func screened(_ event: MatchScreened, _ id: UUID, trace: String? = nil, on connection: PostgresConnection) async throws {
        try await recordForRequest(.screened, event: id, request: event.requestId, at: event.screenedAt, on: connection)
        try await queue(NotificationRules.plans(for: event), id, trace, connection)
    }

    func proposed(_ event: MatchProposed, _ id: UUID, at time: Date, trace: String? = nil, on connection: PostgresConnection) async throws {
        try await recordForRequest(.matched, event: id, request: event.requestId, at: time, on: connection)
        try await queue(NotificationRules.plans(for: event), id, trace, connection)
    }

    func expired(_ event: MatchExpired, _ id: UUID, trace: String? = nil, on connection: PostgresConnection) async throws {
        try await recordForRequest(.waitingPastWindow, event: id, request: event.requestId, at: event.expiredAt, on: connection)
        try await queue(NotificationRules.plans(for: event), id, trace, connection)
    }

    func withdrawn(_ event: MatchWithdrawn, _ id: UUID, trace: String? = nil, on connection: PostgresConnection) async throws {
        // Queue first: the officers' and provider's messages need the assignment as it was.
        try await queue(NotificationRules.plans(for: event), id, trace, connection)
        if event.stage == .assignment { try await RequestCopyStore.assign(event.requestId, to: nil, on: connection) }
    }

    func assigned(_ event: MatchAssigned, _ id: UUID, trace: String? = nil, on connection: PostgresConnection) async throws {
        try await RequestCopyStore.assign(event.requestId, to: event.providerId, on: connection)
        try await ActivityStore.record(.assigned, event: id, region: event.region, at: event.assignedAt, on: connection)
        try await queue(NotificationRules.plans(for: event), id, trace, connection)
    }

    func completed(_ event: MatchCompleted, _ id: UUID, on connection: PostgresConnection) async throws {
        try await ActivityStore.record(.completed, event: id, region: event.region, at: event.completedAt, on: connection)
    }

    func stepChanged(_ event: CertificationStepChanged, _ id: UUID, trace: String? = nil, on connection: PostgresConnection) async throws {
        if event.to == .certified, event.number != nil, let region = Province.withCode(event.provinceCode)?.region {
            try await ActivityStore.record(.certificateIssued, event: id, region: region, at: event.changedAt, on: connection)
        }
        try await queue(NotificationRules.plans(for: event), id, trace, connection)
    }

    func reminder(_ event: CertificationReminderDue, _ id: UUID, trace: String? = nil, on connection: PostgresConnection) async throws {
        if event.kind == .expiry, let region = Province.withCode(event.provinceCode)?.region {
            try await ActivityStore.record(.certificateExpiring, event: id, region: region, at: event.remindedAt, on: connection)
        }
        try await queue(NotificationRules.plans(for: event), id, trace, connection)
    }

    // MARK: Helpers

    /// Queues the plans' messages; they keep the event's trace so their delivery continues it.
    private func queue(_ plans: [MessagePlan], _ cause: UUID, _ trace: String?, _ connection: PostgresConnection) async throws {
        try await planner.queue(plans, cause: cause, trace: trace, on: connection)
    }

    private func recordForRequest(_ kind: ActivityKind, event: UUID, request: UUID, at time: Date,
                                  on connection: PostgresConnection) async throws {
        guard let region = try await RequestCopyStore.region(of: request, on: connection) else { return }
        try await ActivityStore.record(kind, event: event, region: region, at: time, on: connection)
    }
}

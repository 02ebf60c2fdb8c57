import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// Keeps the recipients, request copies and digest figures current, and turns the events worth a
/// message into message rows through ``NotificationRules`` (one function per event type below).
/// The delivery worker sends them; a NOTIFY wakes it when the transaction commits. The functions are
/// private: tests deliver events through ``register(_:)``'s routes and the inbox processor, so an
/// event type handled here but not registered fails them (and `NotificationRoutesTests`).
struct NotificationHandler: EventHandler {
    let planner: MessagePlanner

    func register(_ routes: inout EventRoutes) {
        routes.on(ContactsUpserted.self, contacts)
        routes.onTombstone(.contacts, contactsErased)
        routes.on(RequestSubmitted.self, submitted)
        routes.on(MatchScreened.self, screened)
        routes.on(MatchUnavailable.self) { event, context in try await queue(NotificationRules.plans(for: event.data), event, context) }
        routes.on(MatchProposed.self, proposed)
        routes.on(MatchAccepted.self) { event, context in try await queue(NotificationRules.plans(for: event.data), event, context) }
        routes.on(MatchDeclined.self) { event, context in try await queue(NotificationRules.plans(for: event.data), event, context) }
        routes.on(MatchExpired.self, expired)
        routes.on(MatchWithdrawn.self, withdrawn)
        routes.on(MatchAssigned.self, assigned)
        routes.on(MatchWorkReported.self) { event, context in try await queue(NotificationRules.plans(for: event.data), event, context) }
        routes.on(MatchCompleted.self, completed)
        routes.on(BudgetUpdated.self) { event, context in try await ActivityStore.record(event.data, on: context.connection) }
        routes.on(CertificationStepChanged.self, stepChanged)
        routes.on(CertificationReminderDue.self, reminder)
        routes.on(SignInCodeRequested.self) { event, context in try await queue(NotificationRules.plans(for: event.data), event, context) }
    }

    // MARK: One function per event type

    /// PDPA erasure: the party's contact persons are dropped; messages keep no addresses.
    private func contactsErased(_ key: String, _ context: HandlerContext) async throws {
        guard let party = UUID(uuidString: key) else { return }
        let deleted = try await RecipientStore.erase(party, on: context.connection)
        // Messages already waiting for this party fail now rather than at their next look.
        try await MessageStore.wake(context.connection)
        context.logger.info("contacts erased", metadata: ["party_id": "\(key)", "rows": "\(deleted)"])
    }

    private func contacts(_ event: CloudEvent<ContactsUpserted>, _ context: HandlerContext) async throws {
        try await RecipientStore.upsert(event.data, on: context.connection)
        // Messages waiting for these contacts can be routed now.
        try await MessageStore.wake(context.connection)
    }

    private func submitted(_ event: CloudEvent<RequestSubmitted>, _ context: HandlerContext) async throws {
        let request = event.data
        try await RequestCopyStore.store(request, on: context.connection)
        if let region = Province.withCode(request.provinceCode)?.region {
            try await ActivityStore.record(.requestReceived, event: event.id, region: region, at: request.submittedAt,
                                           on: context.connection)
        }
        try await queue(NotificationRules.plans(for: request), event, context)
    }

    private func screened(_ event: CloudEvent<MatchScreened>, _ context: HandlerContext) async throws {
        try await recordForRequest(.screened, event: event.id, request: event.data.requestId, at: event.data.screenedAt,
                                   on: context.connection)
        try await queue(NotificationRules.plans(for: event.data), event, context)
    }

    private func proposed(_ event: CloudEvent<MatchProposed>, _ context: HandlerContext) async throws {
        try await recordForRequest(.matched, event: event.id, request: event.data.requestId, at: event.time, on: context.connection)
        try await queue(NotificationRules.plans(for: event.data), event, context)
    }

    private func expired(_ event: CloudEvent<MatchExpired>, _ context: HandlerContext) async throws {
        try await recordForRequest(.waitingPastWindow, event: event.id, request: event.data.requestId, at: event.data.expiredAt,
                                   on: context.connection)
        try await queue(NotificationRules.plans(for: event.data), event, context)
    }

    private func withdrawn(_ event: CloudEvent<MatchWithdrawn>, _ context: HandlerContext) async throws {
        // Queue first: the officers' and provider's messages need the assignment as it was.
        try await queue(NotificationRules.plans(for: event.data), event, context)
        if event.data.stage == .assignment { try await RequestCopyStore.assign(event.data.requestId, to: nil, on: context.connection) }
    }

    private func assigned(_ event: CloudEvent<MatchAssigned>, _ context: HandlerContext) async throws {
        let assignment = event.data
        try await RequestCopyStore.assign(assignment.requestId, to: assignment.providerId, on: context.connection)
        try await ActivityStore.record(.assigned, event: event.id, region: assignment.region, at: assignment.assignedAt,
                                       on: context.connection)
        try await queue(NotificationRules.plans(for: assignment), event, context)
    }

    private func completed(_ event: CloudEvent<MatchCompleted>, _ context: HandlerContext) async throws {
        try await ActivityStore.record(.completed, event: event.id, region: event.data.region, at: event.data.completedAt,
                                       on: context.connection)
    }

    private func stepChanged(_ event: CloudEvent<CertificationStepChanged>, _ context: HandlerContext) async throws {
        let step = event.data
        if step.to == .certified, step.number != nil, let region = Province.withCode(step.provinceCode)?.region {
            try await ActivityStore.record(.certificateIssued, event: event.id, region: region, at: step.changedAt, on: context.connection)
        }
        try await queue(NotificationRules.plans(for: step), event, context)
    }

    private func reminder(_ event: CloudEvent<CertificationReminderDue>, _ context: HandlerContext) async throws {
        let reminder = event.data
        if reminder.kind == .expiry, let region = Province.withCode(reminder.provinceCode)?.region {
            try await ActivityStore.record(.certificateExpiring, event: event.id, region: region, at: reminder.remindedAt,
                                           on: context.connection)
        }
        try await queue(NotificationRules.plans(for: reminder), event, context)
    }

    // MARK: Helpers

    /// Queues the plans' messages, caused by `event`; they keep its trace so their delivery continues it.
    private func queue<Payload>(_ plans: [MessagePlan], _ event: CloudEvent<Payload>, _ context: HandlerContext) async throws {
        try await planner.queue(plans, cause: event.id, trace: context.trace.header, on: context.connection)
    }

    private func recordForRequest(_ kind: ActivityKind, event: UUID, request: UUID, at time: Date,
                                  on connection: PostgresConnection) async throws {
        guard let region = try await RequestCopyStore.region(of: request, on: connection) else { return }
        try await ActivityStore.record(kind, event: event, region: region, at: time, on: connection)
    }
}

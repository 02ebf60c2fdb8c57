import Contracts
import Domain
import Foundation
import Logging
import Postgres

/// Turns a rule's plans into message rows, in the handler's transaction: resolves each audience to
/// parties (officers of a region, the provider of a request) and queues one row per party and
/// channel. `cause` (the event's id) is part of every row's unique key, so redelivery adds nothing.
struct MessagePlanner: Sendable {
    let logger: Logger

    func queue(_ plans: [MessagePlan], cause: UUID, trace: String? = nil, on connection: PostgresConnection) async throws {
        for plan in plans {
            for (party, kind) in try await parties(plan.audience, on: connection) {
                try await MessageStore.enqueue(plan.template, cause: cause, recipientID: party, kind: kind,
                                               recipient: try await RecipientStore.load(party, on: connection),
                                               requestID: plan.requestID, facts: plan.facts, trace: trace, on: connection)
            }
        }
    }

    private func parties(_ audience: Audience, on connection: PostgresConnection) async throws -> [(UUID, PartyKind)] {
        switch audience {
        case .party(let id, let kind):
            return [(id, kind)]
        case .officers(let region):
            let officers = try await RecipientStore.officers(of: region, on: connection)
            if officers.isEmpty { logger.warning("no officer registered for the region", metadata: ["region": "\(region.rawValue)"]) }
            return officers.map { ($0, .officer) }
        case .officersOfRequest(let request):
            guard let region = try await RequestCopyStore.region(of: request, on: connection) else {
                logger.warning("request unknown here: its officers cannot be told", metadata: ["request_id": "\(request)"])
                return []
            }
            return try await parties(.officers(region), on: connection)
        case .providerOfRequest(let request):
            guard let provider = try await RequestCopyStore.provider(of: request, on: connection) else { return [] }
            return [(provider, .provider)]
        }
    }
}

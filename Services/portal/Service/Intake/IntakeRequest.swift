import Foundation

/// A request as intake shows it (`GET /v1/requests`, `/v1/requests/{id}`), the members the portal
/// reads; the A3 additions (docs/console.md) are optional until intake serves them.
struct IntakeRequest: Decodable, Sendable {
    struct TimelineEntry: Decodable, Sendable {
        var eventId: UUID
        var type: String
        var source: String
        var at: Date
        var summary: [String: String]
    }

    struct Waiting: Decodable, Sendable {
        var reason: String
        var reasonTH: String?
        var reasonEN: String?
        var since: Date?
    }

    struct ProviderRef: Decodable, Sendable {
        var id: UUID
        var name: String
    }

    var id: UUID
    var reference: String
    var enterpriseId: UUID
    var productName: String
    var productType: String
    var serviceAreas: [String]
    var targetStandard: String?
    var description: String
    var provinceCode: String
    var fiscalYear: Int
    var status: String
    var statusNameTH: String
    var statusNameEN: String
    var submittedAt: Date
    var updatedAt: Date
    var timeline: [TimelineEntry]?
    // A3
    var enterpriseName: String?
    var statusSince: Date?
    var lastActivityAt: Date?
    var provider: ProviderRef?
    var waiting: Waiting?
}

/// A proposal (`GET /v1/proposals`), with its explanation.
struct IntakeProposal: Decodable, Sendable {
    struct Score: Decodable, Sendable {
        struct Criterion: Decodable, Sendable {
            var criterion: String
            var weight: Int?
            var points: Int?
            var note: String?
        }
        var total: Int
        var criteria: [Criterion]
    }

    var id: UUID
    var requestId: UUID
    var requestReference: String
    var providerId: UUID
    var enterpriseId: UUID
    var status: String
    var statusNameTH: String
    var statusNameEN: String
    var rank: Int
    var score: Score
    var respondBy: Date
    var roundId: UUID?
    var reason: String?
    var createdAt: Date
    // A4
    var providerName: String?
    var enterpriseName: String?
    var requestStatus: String?
}

/// What a command answered (202).
struct IntakeCommandAnswer: Decodable, Sendable {
    var id: String?
    var command: String?
    var commandId: String?
}

import Foundation

/// A region's coupon budget (`GET /v1/budgets`); `set` and the refusal's texts are A9.
struct IntakeBudget: Decodable, Sendable {
    struct Refusal: Decodable, Sendable {
        var requestedBaht: Int
        var minimumBaht: Int
        var reason: String
        var reasonTH: String?
        var reasonEN: String?
        var refusedAt: Date
    }

    var fiscalYear: Int
    var region: String
    var allocatedBaht: Int
    var heldBaht: Int
    var committedBaht: Int
    var spentBaht: Int
    var releasedBaht: Int
    var availableBaht: Int
    var lastChange: String
    var updatedAt: Date?
    var lastRefusal: Refusal?
    var set: Bool?
}

/// One change of a budget (`GET /v1/budgets/{fiscalYear}/{region}/ledger`, A9), newest first.
struct IntakeBudgetLedgerEntry: Decodable, Sendable {
    var at: Date
    var change: String
    var requestId: UUID?
    var requestReference: String?
    var allocatedBaht: Int
    var heldBaht: Int
    var committedBaht: Int
    var spentBaht: Int
    var releasedBaht: Int
    var availableBaht: Int
    var requestedBaht: Int?
    var minimumBaht: Int?
}

/// `GET /v1/budgets?fiscalYear=`.
struct IntakeBudgetList: Decodable, Sendable {
    var items: [IntakeBudget]
}

/// An allocation round (`GET /v1/rounds/{id}`).
struct IntakeRound: Decodable, Sendable {
    var id: UUID
    var fiscalYear: Int
    var region: String?
    var seed: String?
    var status: String
    var requestedAt: Date
    var completedAt: Date?
    var requests: Int?
    var proposed: Int?
    var waitlisted: Int?
    var waitlistedByReason: [String: Int]?
    var objective: Int?
    var solverMilliseconds: Double?
}

/// A certificate (`GET /v1/certificates`).
struct IntakeCertificate: Decodable, Sendable {
    var id: UUID
    var enterpriseId: UUID
    var productName: String?
    var provinceCode: String
    var standard: String
    var standardNameTH: String
    var standardNameEN: String
    var state: String
    var stateNameTH: String
    var stateNameEN: String
    var number: String?
    var validFrom: String?
    var validUntil: String?
    var enterpriseName: String?
}

/// `GET /v1/operations/dead-letters` (A12): what each business topic's dead-letter topic holds.
struct IntakeDeadLetters: Decodable, Sendable {
    struct Topic: Decodable, Sendable {
        var topic: String
        var deadLetterTopic: String
        var held: Int64
    }

    var asOf: Date
    var topics: [Topic]
}

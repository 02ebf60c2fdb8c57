import Contracts
import Domain
import Foundation
import Postgres
import Timestamps

/// A certificate as the API shows it: where it stands, its history, and its reminder schedule.
struct CertificateView: Codable, Sendable {
    struct HistoryEntry: Codable, Sendable {
        var eventId: UUID
        var type: String
        var at: Date
        var summary: [String: String]
    }

    /// One reminder of the schedule: sent (with when), or still to come on `on`.
    struct Reminder: Codable, Sendable {
        var kind: ReminderKind
        var daysBefore: Int
        var dueDate: String
        var on: String
        var sentAt: Date?
    }

    var id: UUID
    var enterpriseId: UUID
    /// The enterprise's current name (absent only for an enterprise intake does not hold).
    var enterpriseName: String?
    var productId: UUID?
    var productName: String?
    var requestId: UUID?
    var provinceCode: String
    var standard: StandardCode
    var standardNameTH: String
    var standardNameEN: String
    var issuerTH: String
    var state: CertificationState
    var stateNameTH: String
    /// The state in English, for an English interface.
    var stateNameEN: String
    var steps: [CertificationState]
    var number: String?
    var validFrom: String?
    var validUntil: String?
    var nextSurveillanceDue: String?
    var renewalDueOn: String?
    var held: Bool
    var updatedAt: Date
    var history: [HistoryEntry]?
    var reminders: [Reminder]?

    /// What ``init(row:catalogue:)`` reads: the row of `intake.certificates c` and the enterprise's name.
    static let columns: StaticString = "c.*, (SELECT e.name FROM intake.enterprises e WHERE e.id = c.enterprise_id) AS enterprise_name"

    /// The row of `intake.certificates` (the catalogue supplies the names and default steps).
    init(row: PostgresRow, catalogue: StandardCatalogue) throws {
        id = try row.decode(UUID.self, column: "id")
        enterpriseId = try row.decode(UUID.self, column: "enterprise_id")
        enterpriseName = try row.decode(String?.self, column: "enterprise_name")
        productId = try row.decode(UUID?.self, column: "product_id")
        productName = try row.decode(String?.self, column: "product_name")
        requestId = try row.decode(UUID?.self, column: "request_id")
        provinceCode = try row.decode(String.self, column: "province_code")
        standard = try row.decode(StandardCode.self, column: "standard")
        state = try row.decode(CertificationState.self, column: "state")
        let definition = catalogue[standard]
        steps = row["steps"] == nil ? definition.steps : try row.decode([CertificationState].self, column: "steps")
        number = try row.decode(String?.self, column: "number")
        validFrom = try row.decode(CivilDate?.self, column: "valid_from")?.description
        validUntil = try row.decode(CivilDate?.self, column: "valid_until")?.description
        nextSurveillanceDue = try row.decode(CivilDate?.self, column: "next_surveillance_due")?.description
        renewalDueOn = try row.decode(CivilDate?.self, column: "renewal_due_on")?.description
        held = try row.decode(Bool.self, column: "held")
        updatedAt = try row.decode(Date.self, column: "updated_at")
        standardNameTH = definition.nameTH
        standardNameEN = definition.nameEN
        issuerTH = definition.issuerTH
        stateNameTH = state.nameTH
        stateNameEN = state.nameEN
    }

    /// Where the certificate stands, for the lifecycle's checks.
    var standing: CertificateStanding {
        CertificateStanding(state: state, number: number, validFrom: validFrom.flatMap(CivilDate.init),
                            validUntil: validUntil.flatMap(CivilDate.init))
    }
}

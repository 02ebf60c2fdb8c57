import Domain
import Foundation
import Postgres
import Timestamps

/// One row of `certification.certificates`, decoded in one place: an unknown standard or state is
/// an error naming the column, never a default.
struct CertificateRecord: Sendable, Hashable {
    var id: UUID
    var enterpriseId: UUID
    /// `product:<uuid>`, `name:<normalised name>` or `premises` (see ``CertificateProductKey``).
    var productKey: String
    var productId: UUID?
    var productName: String?
    /// The request the certificate was opened for (or the first that targeted it).
    var requestId: UUID?
    var provinceCode: String?
    var standard: StandardCode
    var state: CertificationState
    var steps: [CertificationState]
    var number: String?
    var validFrom: CivilDate?
    var validUntil: CivilDate?
    var nextSurveillanceDue: CivilDate?
    var trackedFrom: CivilDate?
    var nextActionOn: CivilDate?
    /// Registered as already held (not obtained through the programme).
    var held: Bool

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        enterpriseId = try row.decode(UUID.self, column: "enterprise_id")
        productKey = try row.decode(String.self, column: "product_key")
        productId = try row.decode(UUID?.self, column: "product_id")
        productName = try row.decode(String?.self, column: "product_name")
        requestId = try row.decode(UUID?.self, column: "request_id")
        provinceCode = try row.decode(String?.self, column: "province_code")
        standard = try row.decode(StandardCode.self, column: "standard")
        state = try row.decode(CertificationState.self, column: "state")
        steps = try row.decode([CertificationState].self, column: "steps")
        number = try row.decode(String?.self, column: "number")
        validFrom = try row.decode(CivilDate?.self, column: "valid_from")
        validUntil = try row.decode(CivilDate?.self, column: "valid_until")
        nextSurveillanceDue = try row.decode(CivilDate?.self, column: "next_surveillance_due")
        trackedFrom = try row.decode(CivilDate?.self, column: "tracked_from")
        nextActionOn = try row.decode(CivilDate?.self, column: "next_action_on")
        held = try row.decode(Bool.self, column: "held")
    }

    init(id: UUID, enterpriseId: UUID, productKey: String, productId: UUID?, productName: String?, requestId: UUID?,
         provinceCode: String?, standard: StandardCode, state: CertificationState, steps: [CertificationState]) {
        self.id = id
        self.enterpriseId = enterpriseId
        self.productKey = productKey
        self.productId = productId
        self.productName = productName
        self.requestId = requestId
        self.provinceCode = provinceCode
        self.standard = standard
        self.state = state
        self.steps = steps
        self.held = false
    }

    /// Where the certificate stands, for the lifecycle's checks.
    var standing: CertificateStanding {
        get { CertificateStanding(state: state, number: number, validFrom: validFrom, validUntil: validUntil) }
        set {
            state = newValue.state
            number = newValue.number
            validFrom = newValue.validFrom
            validUntil = newValue.validUntil
        }
    }

    /// The scheduler's view of it.
    func scheduled(renewalLeadDays: Int?, today: CivilDate) -> CertificationSchedule.Certificate {
        CertificationSchedule.Certificate(state: state, validUntil: validUntil, nextSurveillanceDue: nextSurveillanceDue,
                                          trackedFrom: trackedFrom ?? today, renewalLeadDays: renewalLeadDays)
    }

    /// The correlation id of its events: the request's id when it came from one (its events belong
    /// to that request's journey), else its own.
    var correlationID: String { (requestId ?? id).lowercased }
}

import Domain
import Foundation

/// `th.otop.certification.step-reported.v1` on `otop.certification-reports`: an officer or the assigned
/// provider reports a step of a certificate's lifecycle (gap analysis done, applied, documents
/// reviewed, site inspection, lab result, committee decision, issued with number and validity, rejected
/// with reason, suspended, cancelled, renewed). The tracker applies it with the standard's state
/// machine and answers with ``CertificationStepChanged`` or ``CertificationReportRefused``.
/// Key: the enterprise id (one enterprise's reports stay in order).
public struct CertificationStepReported: EventPayload, Hashable {
    public static let eventType = "th.otop.certification.step-reported.v1"
    public static let topic = Topic.certificationReports

    public var reportId: UUID
    /// The certificate reported on; `nil` to address it by enterprise, product and standard.
    public var certificateId: UUID?
    public var enterpriseId: UUID
    public var productId: UUID?
    public var standard: StandardCode
    /// The request the work belongs to, when known.
    public var requestId: UUID?
    /// The state the certificate reaches with this step (`certified` for issued and for renewed).
    public var step: CertificationState
    /// The certificate or licence number, with `certified`.
    public var number: String?
    /// `YYYY-MM-DD`, with `certified`.
    public var validFrom: String?
    /// `YYYY-MM-DD`, with `certified` when the standard expires.
    public var validUntil: String?
    /// Required with `rejected`, `suspended` and `cancelled`.
    public var reason: String?
    public var reportedBy: Actor
    public var reportedAt: Date
    /// Added in v1 (optional, additive): the product by name, for a certificate keyed by the name a
    /// request gave (no product id), and the enterprise's province as intake knows it.
    public var productName: String?
    public var provinceCode: String?

    public init(reportId: UUID, certificateId: UUID?, enterpriseId: UUID, productId: UUID?, standard: StandardCode,
                requestId: UUID?, step: CertificationState, number: String?, validFrom: String?, validUntil:
                String?, reason: String?, reportedBy: Actor, reportedAt: Date, productName: String? = nil,
                provinceCode: String? = nil) {
        self.productName = productName
        self.provinceCode = provinceCode
        self.reportId = reportId
        self.certificateId = certificateId
        self.enterpriseId = enterpriseId
        self.productId = productId
        self.standard = standard
        self.requestId = requestId
        self.step = step
        self.number = number
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.reason = reason
        self.reportedBy = reportedBy
        self.reportedAt = reportedAt
    }

    public var aggregateID: String { enterpriseId.lowercased }
    public var subject: String { "enterprise/\(aggregateID)" }
}

/// `th.otop.certification.held-registered.v1` on `otop.certification-reports`: a certificate the
/// enterprise already holds (registered with the enterprise or later), so the tracker follows its
/// surveillance and renewal. Key: the enterprise id.
public struct HeldCertificateRegistered: EventPayload, Hashable {
    public static let eventType = "th.otop.certification.held-registered.v1"
    public static let topic = Topic.certificationReports

    public var registrationId: UUID
    public var enterpriseId: UUID
    public var productId: UUID?
    public var standard: StandardCode
    public var number: String
    /// `YYYY-MM-DD`.
    public var validFrom: String
    /// `YYYY-MM-DD`; `nil` when the standard does not expire.
    public var validUntil: String?
    public var registeredBy: Actor
    public var registeredAt: Date
    /// Added in v1 (optional, additive): the product's name (with or without its id) and the
    /// enterprise's province as intake knows it (the tracker may see this before the enterprise).
    public var productName: String?
    public var provinceCode: String?

    public init(registrationId: UUID, enterpriseId: UUID, productId: UUID?, standard: StandardCode, number: String,
                validFrom: String, validUntil: String?, registeredBy: Actor, registeredAt: Date,
                productName: String? = nil, provinceCode: String? = nil) {
        self.productName = productName
        self.provinceCode = provinceCode
        self.registrationId = registrationId
        self.enterpriseId = enterpriseId
        self.productId = productId
        self.standard = standard
        self.number = number
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.registeredBy = registeredBy
        self.registeredAt = registeredAt
    }

    public var aggregateID: String { enterpriseId.lowercased }
    public var subject: String { "enterprise/\(aggregateID)" }
}
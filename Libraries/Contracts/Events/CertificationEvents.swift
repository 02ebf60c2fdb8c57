import Domain
import Foundation

/// `th.otop.certification.planned.v1` on `otop.certifications`: the tracker opened a certificate
/// record for a standard an enterprise is working towards. Key: the certificate id.
public struct CertificationPlanned: EventPayload, Hashable {
    public static let eventType = "th.otop.certification.planned.v1"
    public static let topic = Topic.certifications

    public var certificateId: UUID
    public var requestId: UUID
    public var enterpriseId: UUID
    public var standard: StandardCode
    public var state: CertificationState
    /// The lifecycle steps this standard goes through, in order.
    public var steps: [CertificationState]
    public var plannedAt: Date

    public init(certificateId: UUID, requestId: UUID, enterpriseId: UUID, standard: StandardCode,
                state: CertificationState, steps: [CertificationState], plannedAt: Date) {
        self.certificateId = certificateId
        self.requestId = requestId
        self.enterpriseId = enterpriseId
        self.standard = standard
        self.state = state
        self.steps = steps
        self.plannedAt = plannedAt
    }

    public var aggregateID: String { certificateId.uuidString.lowercased() }
    public var subject: String { "certificate/\(aggregateID)" }
}

import Domain
import Foundation

/// `th.otop.request.submitted.v1` on `otop.requests`: an enterprise asked for help to upgrade a
/// product. Key: the request id.
public struct RequestSubmitted: EventPayload, Hashable {
    public static let eventType = "th.otop.request.submitted.v1"
    public static let topic = Topic.requests

    public var requestId: UUID
    /// Human reference, `OTOP-<fiscal year BE>-<6-digit sequence>`, e.g. `OTOP-2570-000123`.
    public var reference: String
    public var enterpriseId: UUID
    public var productId: UUID?
    public var productName: String
    public var productType: ProductType
    public var serviceAreas: [ServiceArea]
    public var targetStandard: StandardCode?
    public var description: String
    /// The enterprise's province (ISO code), where the work happens.
    public var provinceCode: String
    public var fiscalYear: Int
    public var submittedAt: Date

    public init(requestId: UUID, reference: String, enterpriseId: UUID, productId: UUID?, productName: String,
                productType: ProductType, serviceAreas: [ServiceArea], targetStandard: StandardCode?,
                description: String, provinceCode: String, fiscalYear: Int, submittedAt: Date) {
        self.requestId = requestId
        self.reference = reference
        self.enterpriseId = enterpriseId
        self.productId = productId
        self.productName = productName
        self.productType = productType
        self.serviceAreas = serviceAreas
        self.targetStandard = targetStandard
        self.description = description
        self.provinceCode = provinceCode
        self.fiscalYear = fiscalYear
        self.submittedAt = submittedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.request.withdrawn.v1` on `otop.requests`: the enterprise (or an officer for it) withdrew
/// the request before the work was completed. Matching applies it (frees the provider's capacity and
/// the coupon) and answers with ``MatchWithdrawn`` or ``MatchCommandRefused``. Key: the request id.
public struct RequestWithdrawn: EventPayload, Hashable {
    public static let eventType = "th.otop.request.withdrawn.v1"
    public static let topic = Topic.requests

    public var requestId: UUID
    public var enterpriseId: UUID
    public var reason: String
    public var withdrawnBy: Actor
    public var withdrawnAt: Date

    public init(requestId: UUID, enterpriseId: UUID, reason: String, withdrawnBy: Actor, withdrawnAt: Date) {
        self.requestId = requestId
        self.enterpriseId = enterpriseId
        self.reason = reason
        self.withdrawnBy = withdrawnBy
        self.withdrawnAt = withdrawnAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.request.screened.v1` on `otop.requests`: an officer's screening decision on a request
/// (eligible, or not eligible with a reason). Matching applies it when the request waits for
/// screening and answers with ``MatchScreened`` or ``MatchCommandRefused``. Key: the request id.
public struct RequestScreened: EventPayload, Hashable {
    public static let eventType = "th.otop.request.screened.v1"
    public static let topic = Topic.requests

    public var requestId: UUID
    public var eligible: Bool
    /// Required when not eligible.
    public var reason: String?
    public var screenedBy: Actor
    public var screenedAt: Date

    public init(requestId: UUID, eligible: Bool, reason: String?, screenedBy: Actor, screenedAt: Date) {
        self.requestId = requestId
        self.eligible = eligible
        self.reason = reason
        self.screenedBy = screenedBy
        self.screenedAt = screenedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

import Domain
import Foundation

/// What a request is about (notifications' copy from `otop.requests`), for the wording.
struct RequestSummary: Sendable, Equatable {
    var reference: String
    var productName: String
    var productType: ProductType
    var serviceAreas: [ServiceArea]
    var targetStandard: StandardCode?
    var provinceCode: String
    var description: String
    var submittedAt: Date
}

import Contracts
import Domain
import Foundation

/// A certificate the enterprise already holds, in its registration body.
struct HeldCertificateBody: Codable {
    var standard: String?
    var number: String?
    var validFrom: String?
    var validUntil: String?

    static let maxCount = 50

    struct Valid {
        /// The product certified; `nil` for the enterprise as a whole.
        var product: UUID?
        var standard: StandardCode
        var number: String
        var validFrom: String
        var validUntil: String?
    }

    /// The certificates in `bodies` (at most ``maxCount``), for `product` or the enterprise.
    static func validated(_ bodies: [HeldCertificateBody]?, _ v: inout Validation, field: String, product: UUID?) -> [Valid] {
        v.count(bodies, field, max: maxCount, required: false).enumerated().compactMap { index, body in
            body.validated(&v, field: "\(field)[\(index)]", product: product)
        }
    }

    /// The validity dates are checked each as a date; their order is the certification tracker's concern.
    func validated(_ v: inout Validation, field: String, product: UUID?) -> Valid? {
        let standard = v.oneOf(standard, "\(field).standard", as: StandardCode.self)
        let number = v.text(number, "\(field).number", maxLength: 100)
        let from = v.date(validFrom, "\(field).validFrom", required: true)
        let until = v.date(validUntil, "\(field).validUntil", required: false)
        guard let standard, let number, let from else { return nil }
        return Valid(product: product, standard: standard, number: number, validFrom: from, validUntil: until)
    }
}

import Contracts
import Domain
import Foundation
import Timestamps

/// `POST /v1/certificates/{id}/steps`, and within ``EnterpriseStepReportBody``
/// (`POST /v1/enterprises/{id}/certificate-steps`): a step of a certificate's lifecycle (`certified`
/// with number and validity dates, `rejected`, `suspended` and `cancelled` with a reason). The
/// second form names the standard and the product instead of the certificate.
struct StepReportBody: Decodable {
    var step: String?
    var number: String?
    var validFrom: String?
    var validUntil: String?
    var reason: String?
    /// The request the work belongs to (defaults to the certificate's).
    var requestId: String?
    /// With the enterprise form, when the standard covers a product.
    var productId: String?
    var productName: String?

    struct Valid {
        var step: ReportedStep
        var requestID: UUID?
        var productID: UUID?
        var productName: String?
    }

    func validated() throws(Problem) -> Valid {
        var v = Validation()
        let valid = validated(&v)
        try v.finish()
        return valid!
    }

    /// The report, or `nil` with its problems added to `v`.
    func validated(_ v: inout Validation) -> Valid? {
        let state = v.oneOf(step, "step", as: CertificationState.self)
        if let state, ReportedStep.trackerSteps.contains(state) {
            v.fail("step", Messages.trackerStep(state, reportable: CertificationState.allCases
                .filter { !ReportedStep.trackerSteps.contains($0) }.map(\.rawValue)))
        }
        let number = v.optionalText(number, "number", maxLength: 100)
        let from = v.date(validFrom, "validFrom")
        let until = v.date(validUntil, "validUntil")
        if let from, let until, until <= from { v.fail("validUntil", Messages.after("validFrom", from.description)) }
        let reason = v.optionalText(reason, "reason", maxLength: 2000)
        if let state, state != .certified {
            if number != nil { v.fail("number", Messages.certifiedOnly) }
            if validFrom != nil { v.fail("validFrom", Messages.certifiedOnly) }
            if validUntil != nil { v.fail("validUntil", Messages.certifiedOnly) }
        }
        if let state, [.rejected, .suspended, .cancelled].contains(state), reason == nil {
            v.fail("reason", Messages.reasonRequired(with: state))
        }
        let request = v.uuid(requestId, "requestId")
        let product = v.uuid(productId, "productId")
        let name = v.optionalText(productName, "productName", maxLength: 300)
        guard let state, v.errors.isEmpty else { return nil }
        return Valid(step: ReportedStep(step: state, number: number, validFrom: from, validUntil: until, reason: reason),
                     requestID: request, productID: product, productName: name)
    }
}

/// `POST /v1/enterprises/{id}/certificates`, and each of `heldCertificates` at enterprise
/// registration: a certificate the enterprise already holds, so its renewal is tracked.
struct HeldCertificateBody: Codable {
    var standard: String?
    var number: String?
    var validFrom: String?
    var validUntil: String?
    var productId: String?
    var productName: String?

    struct Valid {
        var standard: StandardCode
        var number: String
        var validFrom: CivilDate
        var validUntil: CivilDate?
        var productID: UUID?
        var productName: String?
    }

    /// Checks the facts against the catalogue (an expiry for a standard that expires, none for one
    /// that does not; a product for a standard that covers one). `field` prefixes field names.
    func validated(_ v: inout Validation, field prefix: String = "", catalogue: StandardCatalogue) -> Valid? {
        let standard = v.oneOf(self.standard, prefix + "standard", as: StandardCode.self)
        let number = v.text(number, prefix + "number", maxLength: 100)
        let from = v.date(validFrom, prefix + "validFrom", required: true)
        let until = v.date(validUntil, prefix + "validUntil")
        let product = v.uuid(productId, prefix + "productId")
        let name = v.optionalText(productName, prefix + "productName", maxLength: 300)
        if let standard {
            let definition = catalogue[standard]
            if definition.expires && validUntil == nil {
                v.fail(prefix + "validUntil", Messages.expiryRequired(standard))
            }
            v.standardImplies(standard, definition, hasProduct: productId != nil || name != nil, validUntil: validUntil,
                              productField: prefix + "productName", untilField: prefix + "validUntil")
        }
        if let from, let until, until <= from { v.fail(prefix + "validUntil", Messages.after("validFrom", from.description)) }
        guard let standard, let number, let from else { return nil }
        return Valid(standard: standard, number: number, validFrom: from, validUntil: until, productID: product, productName: name)
    }
}

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

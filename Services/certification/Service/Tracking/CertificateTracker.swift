import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres
import Timestamps

/// The tracker's rules applied to what happens: requests and assignments that open certificates,
/// held certificates registered, step reports checked with the standard's lifecycle. Each function
/// runs inside the caller's transaction and writes its events through `events`, so a change and
/// its event commit together.
struct CertificateTracker: Sendable {
    let catalogue: StandardCatalogue
    let schedule: CertificationSchedule
    let clock: any WallClock
    let store = CertificateStore()
    let directory = EnterpriseDirectory()

    /// The product a command names, resolved to the certificate key.
    struct ProductReference: Sendable, Hashable {
        var key: String
        var productId: UUID?
        var productName: String?
    }

    /// The key for `standard` and the product given by id and/or name; `nil` when the standard
    /// covers a product and neither is given. A name the enterprise's registered products have
    /// (exactly once) resolves to that product's id.
    func product(for standard: StandardCode, enterprise: UUID, productId: UUID?, productName: String?,
                 on connection: PostgresConnection) async throws -> ProductReference? {
        if catalogue[standard].scope == .premises {
            return ProductReference(key: CertificateProductKey.premises, productId: nil, productName: nil)
        }
        if let productId {
            let name = try await directory.productName(productId, of: enterprise, on: connection) ?? productName
            return ProductReference(key: CertificateProductKey.product(productId), productId: productId, productName: name)
        }
        guard let productName, !CertificateProductKey.normalised(productName).isEmpty else { return nil }
        if let known = try await directory.productId(named: productName, of: enterprise, on: connection) {
            return ProductReference(key: CertificateProductKey.product(known), productId: known, productName: productName)
        }
        return ProductReference(key: CertificateProductKey.name(productName), productId: nil, productName: productName)
    }

    /// The next day the scheduler has something to do for `certificate`, from `today`.
    func nextAction(for certificate: CertificateRecord, today: CivilDate, on connection: PostgresConnection) async throws -> CivilDate? {
        guard certificate.state.isInForce || certificate.state == .suspended else { return nil }
        let sent = try await store.sentReminders(for: [certificate.id], on: connection)[certificate.id] ?? []
        let lead = catalogue[certificate.standard].renewalLeadDays
        return schedule.firstActionOn(certificate.scheduled(renewalLeadDays: lead, today: today), from: today, sent: sent)
    }

    /// The next surveillance audit on or after `onOrAfter`, when the standard has audits.
    func surveillanceDue(for certificate: CertificateRecord, onOrAfter: CivilDate) -> CivilDate? {
        guard let months = catalogue[certificate.standard].surveillanceMonths, let validFrom = certificate.validFrom else { return nil }
        return CertificationSchedule.surveillanceDue(validFrom: validFrom, validUntil: certificate.validUntil, months: months,
                                                     onOrAfter: onOrAfter)
    }
}

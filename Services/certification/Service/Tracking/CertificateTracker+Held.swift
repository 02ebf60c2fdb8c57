import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres
import Timestamps

extension CertificateTracker {
    /// A certificate the enterprise already holds: tracked from today as `certified` with its number
    /// and validity, so its surveillance and renewal get reminders (those whose day passed before
    /// today are not sent, except the latest: see ``CertificationSchedule``). The facts are checked
    /// as an issue would be; a registration that fails gets `certification.report-refused`.
    func heldRegistered(_ held: HeldCertificateRegistered, cause: UUID, events: some TrackerEvents,
                        on connection: PostgresConnection, logger: Logger) async throws {
        let definition = catalogue[held.standard]
        let now = try await clock.now()
        let today = ThaiCalendar.civilDate(of: now)
        let correlation = held.enterpriseId.lowercased
        let product = try await product(for: held.standard, enterprise: held.enterpriseId, productId: held.productId,
                                        productName: held.productName, on: connection)
        let existing = try await product.asyncMap {
            try await store.lock(enterpriseId: held.enterpriseId, productKey: $0.key, standard: held.standard, on: connection)
        } ?? nil

        func refuse(_ reason: Refusal) async throws {
            let refused = CertificationReportRefused(
                reportId: held.registrationId, certificateId: existing?.id, enterpriseId: held.enterpriseId,
                requestId: existing?.requestId, standard: held.standard, step: .certified, currentState: existing?.state,
                reason: reason.en, reportedBy: held.registeredBy, refusedAt: now, productId: held.productId,
                productName: held.productName, standardNameTH: definition.nameTH, standardNameEN: definition.nameEN,
                reasonTH: reason.th)
            try await events.emit(refused, correlationID: correlation, time: now)
            logger.notice("held certificate refused", metadata: ["registration_id": "\(held.registrationId)", "reason": "\(reason.en)"])
        }

        guard let product else {
            return try await refuse(.needsProduct(held.standard))
        }
        guard let validFrom = CivilDate(held.validFrom) else {
            return try await refuse(.notADate("validFrom", found: held.validFrom))
        }
        var validUntil: CivilDate?
        if let text = held.validUntil {
            guard let date = CivilDate(text) else { return try await refuse(.notADate("validUntil", found: text)) }
            validUntil = date
        }
        if let existing, existing.state.isInForce, existing.number == held.number, existing.validUntil == validUntil {
            logger.info("held certificate already tracked", metadata: ["certificate_id": "\(existing.id)"])
            return
        }
        // Checked like an issue after the standard's last review step: number, dates, expiry.
        let lifecycle = CertificationLifecycle(definition: definition)
        let standing: CertificateStanding
        do {
            standing = try lifecycle.apply(ReportedStep(step: .certified, number: held.number, validFrom: validFrom, validUntil: validUntil),
                                           to: CertificateStanding(state: definition.steps.last ?? .applied))
        } catch {
            return try await refuse(Refusal(en: "\(held.standard.rawValue): \(error.reason)", th: "\(held.standard.rawValue): \(error.reasonTH)"))
        }
        guard let province = try await directory.province(of: held.enterpriseId, on: connection) ?? held.provinceCode else {
            throw EventRejection("enterprise \(correlation) is not known to certification and the registration names no province")
        }

        var certificate = existing ?? CertificateRecord(
            id: UUID(), enterpriseId: held.enterpriseId, productKey: product.key, productId: product.productId,
            productName: product.productName, requestId: nil, provinceCode: province, standard: held.standard,
            state: .planned, steps: definition.steps)
        let from = certificate.state
        certificate.standing = standing
        certificate.held = true
        certificate.provinceCode = certificate.provinceCode ?? province
        certificate.trackedFrom = today
        certificate.nextSurveillanceDue = surveillanceDue(for: certificate, onOrAfter: today)
        certificate.nextActionOn = try await nextAction(for: certificate, today: today, on: connection)
        if existing == nil {
            try await store.insert(certificate, at: now, on: connection)
        } else {
            try await store.save(certificate, at: now, on: connection)
        }
        try await store.recordStep(certificate, from: existing == nil ? nil : from, reason: nil, reportedBy: held.registeredBy,
                                   reportId: held.registrationId, causeEventId: cause, at: now, on: connection)
        try await events.emit(certificate.stepChanged(from: from, definition: definition, reason: nil, reportedBy: held.registeredBy,
                                                      reportId: held.registrationId, at: now, registered: true),
                              correlationID: certificate.correlationID, time: now)
        logger.info("held certificate registered", metadata: [
            "certificate_id": "\(certificate.id)", "standard": "\(held.standard.rawValue)",
            "next_action_on": "\(certificate.nextActionOn?.description ?? "none")"])
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres
import Timestamps

extension CertificateTracker {
    /// An officer's or the assigned provider's step report, applied with the standard's lifecycle
    /// (``CertificationLifecycle/apply(_:to:)``): the certificate moves and
    /// `certification.step-changed` says so, or nothing moves and `certification.report-refused`
    /// gives the reason (unknown certificate, a step that does not follow, missing facts).
    func stepReported(_ report: CertificationStepReported, cause: UUID, events: some TrackerEvents,
                      on connection: PostgresConnection, logger: Logger) async throws {
        let definition = catalogue[report.standard]
        let now = try await clock.now()
        let today = ThaiCalendar.civilDate(of: now)

        var certificate: CertificateRecord?
        var refusal: Refusal?
        if let id = report.certificateId {
            certificate = try await store.lock(id: id, on: connection)
            if let found = certificate, found.enterpriseId != report.enterpriseId {
                certificate = nil
            }
            if certificate == nil {
                refusal = .unknownCertificate(id.lowercased, enterprise: report.enterpriseId.lowercased)
            } else if let found = certificate, found.standard != report.standard {
                refusal = .otherStandard(id.lowercased, is: found.standard, not: report.standard)
            }
        } else if let product = try await product(for: report.standard, enterprise: report.enterpriseId, productId: report.productId,
                                                  productName: report.productName, on: connection) {
            certificate = try await store.lock(enterpriseId: report.enterpriseId, productKey: product.key, standard: report.standard,
                                               on: connection)
            if certificate == nil {
                refusal = .notTracked(report.standard, premises: product.key == CertificateProductKey.premises)
            }
        } else {
            refusal = .needsProduct(report.standard)
        }

        var validFrom: CivilDate?
        var validUntil: CivilDate?
        if refusal == nil, let text = report.validFrom {
            validFrom = CivilDate(text)
            if validFrom == nil { refusal = .notADate("validFrom", found: text) }
        }
        if refusal == nil, let text = report.validUntil {
            validUntil = CivilDate(text)
            if validUntil == nil { refusal = .notADate("validUntil", found: text) }
        }
        var next: CertificateStanding?
        if refusal == nil, let current = certificate {
            do {
                next = try CertificationLifecycle(definition: definition).apply(
                    ReportedStep(step: report.step, number: report.number, validFrom: validFrom, validUntil: validUntil,
                                 reason: report.reason),
                    to: current.standing)
            } catch {
                refusal = Refusal(error)
            }
        }
        guard var certificate, let next, refusal == nil else {
            let refused = CertificationReportRefused(
                reportId: report.reportId, certificateId: certificate?.id, enterpriseId: report.enterpriseId,
                requestId: certificate?.requestId ?? report.requestId, standard: report.standard, step: report.step,
                currentState: certificate?.state, reason: refusal?.en ?? "refused", reportedBy: report.reportedBy, refusedAt: now,
                productId: certificate?.productId ?? report.productId, productName: certificate?.productName ?? report.productName,
                standardNameTH: definition.nameTH, standardNameEN: definition.nameEN, reasonTH: refusal?.th)
            let correlation = (certificate?.requestId ?? report.requestId ?? certificate?.id ?? report.enterpriseId).lowercased
            try await events.emit(refused, correlationID: correlation, time: now)
            logger.notice("step report refused", metadata: [
                "report_id": "\(report.reportId)", "step": "\(report.step.rawValue)", "reason": "\(refusal?.en ?? "")"])
            return
        }

        let from = certificate.state
        let oldValidity = (certificate.validFrom, certificate.validUntil)
        certificate.standing = next
        certificate.requestId = certificate.requestId ?? report.requestId
        if certificate.provinceCode == nil {
            certificate.provinceCode = try await directory.province(of: certificate.enterpriseId, on: connection) ?? report.provinceCode
        }
        if report.step == .certified {
            switch CertificationLifecycle.grant(from: from) {
            case .issue, .renewal:
                certificate.trackedFrom = today
                certificate.nextSurveillanceDue = surveillanceDue(for: certificate, onOrAfter: today)
            case .continuation:
                // An audit passed or a suspension lifted: the next audit follows the last one.
                let after = max(today, certificate.nextSurveillanceDue?.adding(days: from == .surveillance ? 1 : 0) ?? today)
                certificate.nextSurveillanceDue = surveillanceDue(for: certificate, onOrAfter: after)
                if from == .suspended || oldValidity != (certificate.validFrom, certificate.validUntil) {
                    certificate.trackedFrom = today
                }
            }
        }
        certificate.nextActionOn = try await nextAction(for: certificate, today: today, on: connection)
        try await store.save(certificate, at: now, on: connection)
        try await store.recordStep(certificate, from: from, reason: report.reason, reportedBy: report.reportedBy,
                                   reportId: report.reportId, causeEventId: cause, at: now, on: connection)
        try await events.emit(certificate.stepChanged(from: from, definition: definition, reason: report.reason,
                                                      reportedBy: report.reportedBy, reportId: report.reportId, at: now),
                              correlationID: certificate.correlationID, time: now)
        logger.info("certificate step applied", metadata: [
            "certificate_id": "\(certificate.id)", "from": "\(from.rawValue)", "to": "\(certificate.state.rawValue)"])
    }
}

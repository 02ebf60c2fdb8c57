import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

extension CertificateTracker {
    /// A request arrived: remember it (an assignment may name it later) and open a certificate for
    /// its target standard.
    func requestSubmitted(_ request: RequestSubmitted, cause: UUID, events: some TrackerEvents,
                          on connection: PostgresConnection, logger: Logger) async throws {
        try await directory.record(request, on: connection)
        let record = EnterpriseDirectory.RequestRecord(id: request.requestId, enterpriseId: request.enterpriseId,
                                                       productId: request.productId, productName: request.productName,
                                                       provinceCode: request.provinceCode)
        if let standard = request.targetStandard {
            try await open(standard, for: record, cause: cause, events: events, on: connection, logger: logger)
        }
        // Work reports that overtook the request (another topic) were waiting for it.
        let waiting = try await connection.query("""
            WITH applied AS (DELETE FROM certification.waiting_work_reports WHERE request_id = \(request.requestId)
                             RETURNING event_id, standard, received_at)
            SELECT event_id, standard FROM applied ORDER BY received_at, event_id
            """)
        for report in waiting {
            try await open(try report.decode(StandardCode.self, column: "standard"), for: record,
                           cause: try report.decode(UUID.self, column: "event_id"), events: events, on: connection, logger: logger)
        }
    }

    /// The assigned provider reported work that took a standard on: open (or link) its certificate.
    /// A report that arrives before its request (they travel on different topics: a restart or a lag
    /// lets one overtake the other) waits for it in `waiting_work_reports`.
    func workReported(_ work: MatchWorkReported, cause: UUID, events: some TrackerEvents,
                      on connection: PostgresConnection, logger: Logger) async throws {
        guard let standard = work.standardApplied else { return }
        guard let request = try await directory.request(id: work.requestId, on: connection) else {
            try await connection.execute("""
                INSERT INTO certification.waiting_work_reports (event_id, request_id, standard)
                VALUES (\(cause), \(work.requestId), \(standard.rawValue)) ON CONFLICT (event_id) DO NOTHING
                """)
            logger.notice("work report waits for its request", metadata: ["request_id": "\(work.requestId)"])
            return
        }
        try await open(standard, for: request, cause: cause, events: events, on: connection, logger: logger)
    }

    /// Opens the certificate `standard` × the request's product (state `planned`), or links the
    /// request to the one the enterprise already has: an expired or rejected one is planned
    /// again; one in progress or in force is announced to the request as it stands. Every request
    /// that targets a standard gets one `certification.planned` naming the certificate.
    func open(_ standard: StandardCode, for request: EnterpriseDirectory.RequestRecord, cause: UUID,
              events: some TrackerEvents, on connection: PostgresConnection, logger: Logger) async throws {
        let definition = catalogue[standard]
        let now = try await clock.now()
        guard let product = try await product(for: standard, enterprise: request.enterpriseId, productId: request.productId,
                                              productName: request.productName, on: connection) else {
            throw EventRejection("request \(request.id.lowercased) names no product")
        }
        let province = try await directory.province(of: request.enterpriseId, on: connection) ?? request.provinceCode
        let correlation = request.id.lowercased

        if var existing = try await store.lock(enterpriseId: request.enterpriseId, productKey: product.key, standard: standard,
                                               on: connection) {
            if existing.state == .expired || existing.state == .rejected {
                let from = existing.state
                existing.state = .planned
                existing.requestId = request.id
                existing.nextActionOn = nil
                existing.provinceCode = existing.provinceCode ?? province
                try await store.save(existing, at: now, on: connection)
                try await store.recordStep(existing, from: from, reason: nil, reportedBy: .system, reportId: nil,
                                           causeEventId: cause, at: now, on: connection)
                try await events.emit(existing.stepChanged(from: from, definition: definition, reason: nil, reportedBy: .system,
                                                           reportId: nil, at: now), correlationID: correlation, time: now)
            } else if existing.requestId == request.id {
                return
            } else if existing.requestId == nil {
                existing.requestId = request.id
                try await store.save(existing, at: now, on: connection)
            }
            try await events.emit(planned(existing, request: request.id, definition: definition, at: now),
                                  correlationID: correlation, time: now)
            logger.info("request linked to its certificate", metadata: [
                "certificate_id": "\(existing.id)", "standard": "\(standard.rawValue)", "state": "\(existing.state.rawValue)"])
            return
        }

        let certificate = CertificateRecord(
            id: UUID(), enterpriseId: request.enterpriseId, productKey: product.key, productId: product.productId,
            productName: product.productName, requestId: request.id, provinceCode: province, standard: standard,
            state: .planned, steps: definition.steps)
        try await store.insert(certificate, at: now, on: connection)
        try await store.recordStep(certificate, from: nil, reason: nil, reportedBy: .system, reportId: nil,
                                   causeEventId: cause, at: now, on: connection)
        try await events.emit(planned(certificate, request: request.id, definition: definition, at: now),
                              correlationID: correlation, time: now)
        logger.info("certificate planned", metadata: ["certificate_id": "\(certificate.id)", "standard": "\(standard.rawValue)"])
    }

    private func planned(_ certificate: CertificateRecord, request: UUID, definition: StandardDefinition,
                         at time: Date) -> CertificationPlanned {
        CertificationPlanned(certificateId: certificate.id, requestId: request, enterpriseId: certificate.enterpriseId,
                             standard: certificate.standard, state: certificate.state, steps: definition.steps, plannedAt: time,
                             productId: certificate.productId, productName: certificate.productName,
                             provinceCode: certificate.provinceCode, standardNameTH: definition.nameTH,
                             standardNameEN: definition.nameEN)
    }
}

import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres
import Timestamps

/// Certificates as intake serves them (the read model built from otop.certifications), and the
/// commands intake publishes for the tracker: step reports and held certificates, each stored with
/// its outcome (pending until the tracker answers) in the transaction that publishes it.
public struct CertificationStore: Sendable {
    let pool: PostgresPool
    /// The catalogue as the tracker is configured (names, steps, expiry), for checks and views.
    let catalogue: StandardCatalogue
    /// The reminder lead times, to show a certificate's reminder schedule.
    let schedule: CertificationSchedule

    public init(pool: PostgresPool, catalogue: StandardCatalogue, schedule: CertificationSchedule) {
        self.pool = pool
        self.catalogue = catalogue
        self.schedule = schedule
    }

    // MARK: Reading

    func certificate(id: UUID) async throws -> CertificateView? {
        try await pool.query("SELECT \(sql: CertificateView.columns) FROM intake.certificates c WHERE id = \(id)").first.map {
            try CertificateView(row: $0, catalogue: catalogue)
        }
    }

    /// The live certificate of `standard` for the enterprise's premises or product (by id, or by
    /// name: a registered product's name finds its id, else the name the request gave).
    func certificate(enterprise: UUID, standard: StandardCode, productID: UUID?, productName: String?) async throws -> CertificateView? {
        let active = CertificationState.allCases.filter { $0 != .cancelled }.map(\.rawValue)
        let rows: [PostgresRow]
        if catalogue[standard].scope == .premises {
            rows = try await pool.query("""
                SELECT \(sql: CertificateView.columns) FROM intake.certificates c
                WHERE enterprise_id = \(enterprise) AND standard = \(standard.rawValue) AND state = ANY(\(active))
                """)
        } else if let productID {
            rows = try await pool.query("""
                SELECT \(sql: CertificateView.columns) FROM intake.certificates c
                WHERE enterprise_id = \(enterprise) AND standard = \(standard.rawValue) AND state = ANY(\(active)) AND product_id = \(productID)
                """)
        } else if let productName {
            let key = CertificateProductKey.normalised(productName)
            rows = try await pool.query("""
                SELECT \(sql: CertificateView.columns) FROM intake.certificates c
                WHERE enterprise_id = \(enterprise) AND standard = \(standard.rawValue) AND state = ANY(\(active))
                  AND lower(regexp_replace(btrim(product_name), '\\s+', ' ', 'g')) = \(key)
                """)
        } else {
            return nil
        }
        guard rows.count == 1 else { return nil }
        return try CertificateView(row: rows[0], catalogue: catalogue)
    }

    /// Whether `client` may see `certificate`: operators, the ministry and unscoped officers all, an officer scoped
    /// to a region that region's, an enterprise its own, a provider those of the requests assigned to it.
    func isVisible(_ certificate: CertificateView, to client: APIClient) async throws -> Bool {
        switch client.role {
        case .officer: return client.covers(provinceCode: certificate.provinceCode)
        case .operator, .ministry: return true
        case .portal: return false
        case .enterprise: return client.enterpriseID == certificate.enterpriseId
        case .provider: return try await isAssigned(certificate, to: client)
        }
    }

    /// Whether `client` is the provider holding the assignment of the certificate's request.
    func isAssigned(_ certificate: CertificateView, to client: APIClient) async throws -> Bool {
        guard client.role == .provider, let provider = client.providerID, let request = certificate.requestId else { return false }
        return try await pool.query("""
            SELECT 1 AS one FROM intake.request_assignments
            WHERE request_id = \(request) AND provider_id = \(provider) AND withdrawn_at IS NULL
            """).count == 1
    }

    /// The certificate with its history and reminder schedule.
    func detail(id: UUID, today: CivilDate) async throws -> CertificateView? {
        guard var view = try await certificate(id: id) else { return nil }
        let rows = try await pool.query("""
            SELECT event_id, event_type, occurred_at, summary::text AS summary FROM intake.certificate_history
            WHERE certificate_id = \(id) ORDER BY occurred_at, event_id
            """)
        var history: [CertificateView.HistoryEntry] = []
        for row in rows {
            let summary = try row.decode(String.self, column: "summary")
            history.append(.init(eventId: try row.decode(UUID.self, column: "event_id"),
                                 type: try row.decode(String.self, column: "event_type"),
                                 at: try row.decode(Date.self, column: "occurred_at"),
                                 summary: try JSONDecoder().decode([String: String].self, from: Data(summary.utf8))))
        }
        view.history = history
        view.reminders = reminders(of: view, history: history)
        return view
    }

    /// The reminders of the certificate's current expiry and next audit: sent ones with when, the
    /// rest with the day they fall due.
    private func reminders(of view: CertificateView, history: [CertificateView.HistoryEntry]) -> [CertificateView.Reminder] {
        var sent: [String: Date] = [:]
        for entry in history where entry.type == CertificationReminderDue.eventType {
            sent["\(entry.summary["kind"] ?? "") \(entry.summary["daysBefore"] ?? "") \(entry.summary["dueDate"] ?? "")"] = entry.at
        }
        var series: [(ReminderKind, CivilDate)] = []
        let until = view.validUntil.flatMap(CivilDate.init)
        if view.state.isInForce, let until { series.append((.expiry, until)) }
        if view.state.isInForce, let audit = view.nextSurveillanceDue.flatMap(CivilDate.init), audit < (until ?? audit.adding(days: 1)) {
            series.append((.surveillance, audit))
        }
        return series.flatMap { kind, due in
            schedule.leadDays.map { lead in
                let key = ReminderKey(kind: kind, daysBefore: lead, dueDate: due)
                return CertificateView.Reminder(kind: kind, daysBefore: lead, dueDate: due.description, on: key.day.description,
                                                sentAt: sent["\(kind.rawValue) \(lead) \(due)"])
            }
        }.sorted { $0.on < $1.on }
    }

    /// Certificates visible to `client`, newest first, `limit + 1` rows from the query's cursor,
    /// each with its position (`created_at` as PostgreSQL writes it) for the next page's cursor;
    /// optionally of one enterprise, standard or state, of the query's province or region.
    /// `expiringBy`: only certificates in force whose validity ends on that day or before.
    func list(visibleTo client: APIClient, enterprise: UUID?, standard: StandardCode?, state: CertificationState?,
              expiringBy: CivilDate? = nil, query: ListQuery) async throws -> [(position: String, view: CertificateView)] {
        let inForce = CertificationState.allCases.filter(\.isInForce).map(\.rawValue)
        let ownEnterprise = client.role == .enterprise ? client.enterpriseID : nil
        let provider = client.role == .provider ? client.providerID : nil
        let scope = client.scopedProvinceCodes
        let regionProvinces = query.region.map(Province.codes(in:))
        let rows = try await pool.query("""
            SELECT \(sql: CertificateView.columns), c.created_at::text AS position FROM intake.certificates c
            WHERE (\(ownEnterprise)::uuid IS NULL OR c.enterprise_id = \(ownEnterprise))
              AND (\(scope)::text[] IS NULL OR c.province_code = ANY(\(scope)))
              AND (\(regionProvinces)::text[] IS NULL OR c.province_code = ANY(\(regionProvinces)))
              AND (\(query.province?.isoCode)::text IS NULL OR c.province_code = \(query.province?.isoCode))
              AND (\(enterprise)::uuid IS NULL OR c.enterprise_id = \(enterprise))
              AND (\(standard?.rawValue)::text IS NULL OR c.standard = \(standard?.rawValue))
              AND (\(state?.rawValue)::text IS NULL OR c.state = \(state?.rawValue))
              AND (\(expiringBy)::date IS NULL OR (c.state = ANY(\(inForce)) AND c.valid_until <= \(expiringBy)))
              AND (\(provider)::uuid IS NULL OR EXISTS (
                    SELECT 1 FROM intake.request_assignments a
                    WHERE a.request_id = c.request_id AND a.provider_id = \(provider) AND a.withdrawn_at IS NULL))
              AND (\(query.cursor?.position)::timestamptz IS NULL
                   OR (c.created_at, c.id) < (\(query.cursor?.position)::timestamptz, \(query.cursor?.id)::uuid))
            ORDER BY c.created_at DESC, c.id DESC
            LIMIT \(query.limit + 1)
            """)
        return try rows.map { (position: try $0.decode(String.self, column: "position"), view: try CertificateView(row: $0, catalogue: catalogue)) }
    }

    /// Whether `request` is one of the enterprise's requests.
    func isRequest(_ request: UUID, of enterprise: UUID) async throws -> Bool {
        try await pool.query("SELECT 1 AS one FROM intake.requests WHERE id = \(request) AND enterprise_id = \(enterprise)").count == 1
    }

    func report(id: UUID) async throws -> (view: CertificateReportView, reportedBy: UUID)? {
        guard let row = try await pool.query("SELECT * FROM intake.certificate_reports WHERE id = \(id)").first else { return nil }
        return (try CertificateReportView(row: row), try row.decode(UUID.self, column: "reported_by"))
    }

    // MARK: Commands

    /// Stores a step report (outcome pending) and publishes it, in one transaction.
    func publish(_ report: CertificationStepReported, by client: APIClient, at time: Date) async throws {
        try await pool.withTransaction { connection in
            try await Self.store(id: report.reportId, kind: "step", certificate: report.certificateId, enterprise: report.enterpriseId,
                                 standard: report.standard, step: report.step, request: report.requestId, body: report,
                                 client: client, at: time, on: connection)
            let correlation = (report.requestId ?? report.certificateId ?? report.enterpriseId).lowercased
            try await EventEmitter(service: .intake, schema: IntakeService.schema)
                .emit(report, correlationID: correlation, time: time, on: connection)
        }
    }

    /// Stores a held certificate's registration (outcome pending) and publishes it, in the
    /// caller's transaction (the enterprise's registration, or a route of its own).
    static func publish(_ held: HeldCertificateRegistered, by client: APIClient, at time: Date,
                        on connection: PostgresConnection) async throws {
        try await store(id: held.registrationId, kind: "held", certificate: nil, enterprise: held.enterpriseId, standard: held.standard,
                        step: .certified, request: nil, body: held, client: client, at: time, on: connection)
        try await EventEmitter(service: .intake, schema: IntakeService.schema)
            .emit(held, correlationID: held.enterpriseId.lowercased, time: time, on: connection)
    }

    func publish(_ held: HeldCertificateRegistered, by client: APIClient, at time: Date) async throws {
        try await pool.withTransaction { connection in
            try await Self.publish(held, by: client, at: time, on: connection)
        }
    }

    private static func store(id: UUID, kind: String, certificate: UUID?, enterprise: UUID, standard: StandardCode,
                              step: CertificationState, request: UUID?, body: some Encodable & Sendable, client: APIClient, at time: Date,
                              on connection: PostgresConnection) async throws {
        try await connection.execute("""
            INSERT INTO intake.certificate_reports (id, kind, certificate_id, enterprise_id, standard, step, request_id, body,
                reported_by, reported_at, outcome)
            VALUES (\(id), \(kind), \(certificate), \(enterprise), \(standard.rawValue), \(step.rawValue), \(request),
                \(try PostgresJSON(body, encoder: EventCoding.encoder)), \(client.id), \(time), \(CertificateReportOutcome.pending.rawValue))
            """)
    }
}

import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Messaging
import Timestamps

/// Certification tracking: certificates with their history and reminders, step reports by officers
/// and the assigned provider, held certificates (their KPIs are in `KPIsController`). Step reports
/// and held certificates are applied by the certification service: intake answers 202 with the report's
/// location (its outcome catches up from the tracker's events), 409 when its read model already
/// shows the step cannot follow the certificate's state.
struct CertificatesController: Sendable {
    let certification: CertificationStore
    let enterprises: EnterpriseStore
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.get("certificates", use: listCertificates)
        group.get("certificates/:id", use: certificate)
        group.post("certificates/:id/steps", use: reportStep)
        group.post("enterprises/:id/certificates", use: registerHeldCertificate)
        group.post("enterprises/:id/certificate-steps", use: reportStepByStandard)
        group.get("certificate-reports/:id", use: certificateReport)
    }

    // MARK: Reading

    /// `GET /v1/certificates`: newest first, filtered by enterprise, standard, state, expiry (in
    /// force and expiring by a date: the officers' "expiring soon" list), province and region (within
    /// a scoped officer's region), paged with a cursor.
    @Sendable func listCertificates(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        var enterprise: UUID?, standard: StandardCode?, state: CertificationState?, expiringBy: CivilDate?
        let query = try ListQuery(request, filters: [.province, .region]) { v, text in
            enterprise = v.uuidParameter(text("enterpriseId"), "enterpriseId")
            standard = v.parameter(text("standard"), "standard", as: StandardCode.self)
            state = v.parameter(text("state"), "state", as: CertificationState.self)
            expiringBy = v.dateParameter(text("expiringBy"), "expiringBy")
            if client.role == .enterprise, let asked = enterprise, asked != client.enterpriseID {
                v.failParameter("enterpriseId", Messages.ownCertificatesOnly)
            }
            return [("enterpriseId", enterprise?.lowercased), ("standard", standard?.rawValue), ("state", state?.rawValue),
                    ("expiringBy", expiringBy?.description)]
                .compactMap { name, value in value.map { (name, $0) } }
        }
        let rows = try await certification.list(visibleTo: client, enterprise: enterprise, standard: standard, state: state,
                                                 expiringBy: expiringBy, query: query)
        return try JSONResponse.make(.ok, query.page(rows, position: { Cursor(position: $0.position, id: $0.view.id) }, item: \.view))
    }

    @Sendable func certificate(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        let id = try PathID.uuid(context, "id")
        guard let view = try await certification.detail(id: id, today: ThaiCalendar.civilDate(of: try await clock.now())),
              try await certification.isVisible(view, to: client) else {
            throw Problem.notFound(.certificate, id.lowercased)
        }
        return try JSONResponse.make(.ok, view)
    }

    @Sendable func certificateReport(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        let id = try PathID.uuid(context, "id")
        guard let (view, reporter) = try await certification.report(id: id),
              try await mayRead(view, reportedBy: reporter, client: client) else {
            throw Problem.notFound(.certificateReport, id.lowercased)
        }
        return try JSONResponse.make(.ok, view)
    }

    /// Operators, the ministry, officers covering the enterprise's region, the reporter and the enterprise itself.
    private func mayRead(_ report: CertificateReportView, reportedBy reporter: UUID, client: APIClient) async throws -> Bool {
        switch client.role {
        case .operator, .ministry: return true
        case .portal: return false
        case .officer:
            guard let province = try await enterprises.enterpriseProvince(id: report.enterpriseId) else { return client.scopedRegion == nil }
            return client.covers(provinceCode: province)
        case .enterprise: return client.enterpriseID == report.enterpriseId || reporter == client.id
        case .provider: return reporter == client.id
        }
    }

    // MARK: Step reports

    @Sendable func reportStep(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .provider, to: "report certification steps")
        let id = try PathID.uuid(context, "id")
        let body = try await JSONBody.decode(StepReportBody.self, from: request, context: context).validated()
        guard let certificate = try await certification.certificate(id: id),
              try await mayReport(on: certificate, client: client) else {
            throw Problem.notFound(.certificate, id.lowercased)
        }
        return try await publish(body, on: certificate, enterprise: certificate.enterpriseId, standard: certificate.standard,
                                 client: client, context: context)
    }

    /// `POST /v1/enterprises/{id}/certificate-steps`: the standard (and product) in the body name the certificate.
    @Sendable func reportStepByStandard(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .provider, to: "report certification steps")
        let enterprise = try PathID.uuid(context, "id")
        guard let province = try await enterprises.enterpriseProvince(id: enterprise), client.covers(provinceCode: province) else {
            throw Problem.notFound(.enterprise, enterprise.lowercased)
        }
        let valid = try await JSONBody.decode(EnterpriseStepReportBody.self, from: request, context: context)
            .validated(catalogue: certification.catalogue)
        let body = valid.report, standard = valid.standard
        if let product = body.productID, try await enterprises.product(id: product, enterpriseID: enterprise) == nil {
            throw Problem.unknownReference("productId", Messages.unknownProduct)
        }
        let certificate = try await certification.certificate(enterprise: enterprise, standard: standard, productID: body.productID,
                                                              productName: body.productName)
        if let certificate {
            guard try await mayReport(on: certificate, client: client) else {
                throw Problem.notFound(.certificateOfEnterprise(standard), enterprise.lowercased)
            }
        } else if client.role == .provider {
            // A provider reports on the certificate of a request assigned to it: intake must know it.
            throw Problem.notFound(.certificateOfEnterprise(standard), enterprise.lowercased)
        }
        return try await publish(body, on: certificate, enterprise: enterprise, province: province, standard: standard, client: client,
                                 context: context)
    }

    /// Officers report on any certificate of their region; a provider on those of the requests assigned to it.
    private func mayReport(on certificate: CertificateView, client: APIClient) async throws -> Bool {
        if client.role == .officer { return client.covers(provinceCode: certificate.provinceCode) }
        return try await certification.isAssigned(certificate, to: client)
    }

    /// Checks the report against the certificate as intake's read model knows it (409 when its state
    /// rules the report out, naming the field at fault when there is one), then publishes it.
    /// `province` is the enterprise's, when the route has read it already; otherwise the certificate's,
    /// and only without either is it looked up.
    private func publish(_ body: StepReportBody.Valid, on certificate: CertificateView?, enterprise: UUID, province: String? = nil,
                         standard: StandardCode, client: APIClient, context: IntakeRequestContext) async throws -> Response {
        if let certificate {
            do {
                _ = try CertificationLifecycle(definition: certification.catalogue[standard]).apply(body.step, to: certificate.standing)
            } catch {
                // The body was checked against everything the document says; what the lifecycle still
                // refuses depends on the stored certificate (an issue needs its number, a renewal a
                // later expiry, its standard may not expire): a conflict with its state, naming the field.
                if let field = error.field {
                    throw Problem.conflict([.init(field: field, detail: LocalizedText(th: error.reasonTH, en: error.reason))])
                }
                throw Problem.conflict(Messages.certificateRefuses(certificate.state, error))
            }
        }
        if let request = body.requestID, !(try await certification.isRequest(request, of: enterprise)) {
            throw Problem.unknownReference("requestId", Messages.enterpriseHasNo(.request, request))
        }
        var provinceCode = province ?? certificate?.provinceCode
        if provinceCode == nil { provinceCode = try await enterprises.enterpriseProvince(id: enterprise) }
        let at = try await clock.now()
        let report = CertificationStepReported(
            reportId: UUID(), certificateId: certificate?.id, enterpriseId: enterprise,
            productId: certificate?.productId ?? body.productID, standard: standard, requestId: body.requestID ?? certificate?.requestId,
            step: body.step.step, number: body.step.number, validFrom: body.step.validFrom?.description,
            validUntil: body.step.validUntil?.description, reason: body.step.reason, reportedBy: client.actor, reportedAt: at,
            productName: certificate?.productName ?? body.productName,
            provinceCode: provinceCode)
        try await certification.publish(report, by: client, at: at)
        context.logger.info("certification step reported", metadata: [
            "report_id": "\(report.reportId)", "certificate_id": "\(certificate?.id.uuidString ?? "-")", "step": "\(report.step.rawValue)"])
        return try JSONResponse.make(.accepted, location: "/v1/certificate-reports/\(report.reportId.lowercased)",
                                     ReportAnswer(id: report.reportId, certificateId: certificate?.id, outcome: .pending))
    }

    // MARK: Held certificates

    @Sendable func registerHeldCertificate(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, .enterprise, to: "register held certificates")
        let enterprise = try PathID.uuid(context, "id")
        if client.role == .enterprise && client.enterpriseID != enterprise {
            throw Problem.notFound(.enterprise, enterprise.lowercased)
        }
        guard let province = try await enterprises.enterpriseProvince(id: enterprise), client.covers(provinceCode: province) else {
            throw Problem.notFound(.enterprise, enterprise.lowercased)
        }
        let body = try await JSONBody.decode(HeldCertificateBody.self, from: request, context: context)
        var v = Validation()
        let valid = body.validated(&v, catalogue: certification.catalogue)
        try v.finish()
        guard let valid else { throw Problem.validation([]) }
        var productName = valid.productName
        if let product = valid.productID {
            guard let known = try await enterprises.product(id: product, enterpriseID: enterprise) else {
                throw Problem.unknownReference("productId", Messages.unknownProduct)
            }
            productName = productName ?? known.name
        }
        let at = try await clock.now()
        let held = valid.event(enterprise: enterprise, productID: valid.productID, productName: productName, province: province,
                               by: client, at: at)
        try await certification.publish(held, by: client, at: at)
        context.logger.info("held certificate registered", metadata: ["registration_id": "\(held.registrationId)",
                                                                      "standard": "\(held.standard.rawValue)"])
        return try JSONResponse.make(.accepted, location: "/v1/certificate-reports/\(held.registrationId.lowercased)",
                                     ReportAnswer(id: held.registrationId, certificateId: nil, outcome: .pending))
    }
}

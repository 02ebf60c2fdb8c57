import Contracts
import Domain
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import IntakeService
import Postgres
import TestSupport
import Testing
import Timestamps

/// Intake's certification routes in process against the real PostgreSQL: who may report steps,
/// the 409 and 422 intake can answer from its read model, the outcome of a report once the tracker
/// answers, held certificates, visibility, and the certificate KPIs.
@Suite("Certification routes", .serialized)
struct CertificateRouteTests {
    struct World {
        var officer: String
        var enterpriseToken: String
        var otherEnterpriseToken: String
        var providerToken: String
        var otherProviderToken: String
        var enterprise: UUID
        var product: UUID
        var request: UUID
        var certificate: UUID
    }

    /// An enterprise (registered through the API), a request of it assigned to a provider, and the
    /// มผช. certificate the tracker planned for that request.
    func world(_ fixture: RouteFixture, client: RouteClient) async throws -> World {
        let officer = try await fixture.token(.officer)
        let registered = try await client.send(.post, "/v1/enterprises", token: officer, json: """
            {"name": "วิสาหกิจชุมชนทดสอบ", "kind": "communityEnterprise", "provinceCode": "TH-50", "district": "แม่ริม",
             "products": [{"name": "น้ำพริกหนุ่ม", "productType": "food"}],
             "contacts": [{"name": "คุณสมศรี", "email": "somsri@example.org"}]}
            """)
        try #require(registered.status == .created, "\(registered.text)")
        let enterprise = try #require(registered.id)
        let product = try #require(try registered.decode(EnterpriseView.self).products.first?.id)
        let provider = UUID(), request = UUID(), certificate = UUID()
        try await fixture.deliver(CertificationPlanned(
            certificateId: certificate, requestId: request, enterpriseId: enterprise, standard: .tcps, state: .planned,
            steps: StandardCatalogue.default[.tcps].steps, plannedAt: Date(), productId: product, productName: "น้ำพริกหนุ่ม",
            provinceCode: "TH-50", standardNameTH: "มาตรฐานผลิตภัณฑ์ชุมชน (มผช.)", standardNameEN: "Thai Community Product Standard"))
        try await fixture.deliver(MatchAssigned(
            assignmentId: UUID(), requestId: request, requestReference: "OTOP-2570-000001", enterpriseId: enterprise, providerId: provider,
            proposalId: nil, manual: true, fiscalYear: 2570, region: .north,
            coupon: CouponAmounts(valueBaht: 100_000, enterpriseShareBaht: 0, programmeShareBaht: 100_000), assignedBy: Actor(role: .officer),
            assignedAt: Date()))
        return World(officer: officer, enterpriseToken: try await fixture.token(.enterprise, enterprise: enterprise),
                     otherEnterpriseToken: try await fixture.token(.enterprise, enterprise: UUID()),
                     providerToken: try await fixture.token(.provider, provider: provider),
                     otherProviderToken: try await fixture.token(.provider, provider: UUID()),
                     enterprise: enterprise, product: product, request: request, certificate: certificate)
    }

    @Test("officers and the assigned provider report steps (202, the report pending, the command published); nobody else does")
    func whoReports() async throws {
        try await RouteFixture.with { fixture in
            try await fixture.serve { client in
                let world = try await world(fixture, client: client)
                let path = "/v1/certificates/\(world.certificate.lowercased)/steps"
                let byProvider = try await client.send(.post, path, token: world.providerToken, json: #"{"step": "gapAnalysis"}"#)
                #expect(byProvider.status == .accepted, "\(byProvider.text)")
                let answer = try byProvider.decode(ReportAnswer.self)
                #expect(byProvider.headers[.location] == "/v1/certificate-reports/\(answer.id.lowercased)")
                #expect(answer.outcome == .pending)
                let byOfficer = try await client.send(.post, path, token: world.officer, json: #"{"step": "applied"}"#)
                #expect(byOfficer.status == .accepted)

                #expect(try await client.send(.post, path, token: world.otherProviderToken, json: #"{"step": "applied"}"#).status == .notFound)
                #expect(try await client.send(.post, path, token: world.enterpriseToken, json: #"{"step": "applied"}"#).status == .forbidden)

                let published = try await fixture.published(CertificationStepReported.self)
                try #require(published.count == 2)
                #expect(published[0].data.reportId == answer.id)
                #expect(published[0].data.certificateId == world.certificate && published[0].data.enterpriseId == world.enterprise)
                #expect(published[0].data.requestId == world.request && published[0].data.standard == .tcps)
                #expect(published[0].data.reportedBy.role == .provider && published[0].data.provinceCode == "TH-50")
                #expect(published[0].correlationid == world.request.lowercased)

                // The provider loses the assignment: it reports no more.
                try await fixture.deliver(MatchWithdrawn(
                    requestId: world.request, requestReference: "OTOP-2570-000001", enterpriseId: world.enterprise, stage: .assignment,
                    proposalId: nil, providerId: nil, reason: "ผู้ให้บริการขอถอนตัว", withdrawnBy: Actor(role: .officer),
                    releasedCouponBaht: 0, rematching: true, withdrawnAt: Date()))
                #expect(try await client.send(.post, path, token: world.providerToken, json: #"{"step": "applied"}"#).status == .notFound)
            }
        }
    }

    @Test("409 when the read model shows the step cannot follow, naming the state (and the field, when the stored state makes it required); 422 naming the field; 404 for a request the enterprise does not have")
    func refusedAtIntake() async throws {
        try await RouteFixture.with { fixture in
            try await fixture.serve { client in
                let world = try await world(fixture, client: client)
                let path = "/v1/certificates/\(world.certificate.lowercased)/steps"
                let certified = """
                    {"step": "certified", "number": "มผช. 1/2570", "validFrom": "2027-04-20", "validUntil": "2030-04-19"}
                    """
                let jump = try await client.send(.post, path, token: world.officer, json: certified, headers: [.acceptLanguage: "en"])
                #expect(jump.status == .conflict)
                #expect(jump.problem?.detail?.contains("the certificate is planned: tcps: cannot move from planned to certified") == true,
                        "\(jump.text)")
                let thai = try await client.send(.post, path, token: world.officer, json: certified)
                #expect(thai.problem?.detail?.contains("ใบรับรองอยู่ในสถานะ") == true, "Thai by default: \(thai.text)")
                let cases: [(String, String)] = [
                    (#"{"step": "rejected"}"#, "/reason"),
                    (#"{"step": "applied", "number": "1"}"#, "/number"),
                    (#"{"step": "expired"}"#, "/step"),
                    (#"{"step": "done"}"#, "/step"),
                    (#"{"step": "certified", "validFrom": "2027-02-30"}"#, "/validFrom"),
                ]
                for (body, field) in cases {
                    let answer = try await client.send(.post, path, token: world.officer, json: body)
                    #expect(answer.status == .unprocessableContent, "\(body)")
                    let fields = answer.pointers
                    #expect(fields.contains(field), "\(body) → \(answer.text)")
                }
                let unknownRequest = try await client.send(.post, path, token: world.officer,
                                                           json: #"{"step": "applied", "requestId": "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"}"#)
                #expect(unknownRequest.status == .notFound, "\(unknownRequest.text)")
                #expect(unknownRequest.problem?.errors?.first?.pointer == "/requestId")
                // Checked by the lifecycle with the read model's state: an issue needs its number. The
                // body is valid (a continuation needs none): the stored state rules it out, 409.
                try await fixture.deliver(CertificationStepChanged(
                    certificateId: world.certificate, enterpriseId: world.enterprise, productId: world.product, productName: "น้ำพริกหนุ่ม",
                    requestId: world.request, provinceCode: "TH-50", standard: .tcps, standardNameTH: "มผช.", standardNameEN: "TCPS",
                    from: .planned, to: .labTesting, number: nil, validFrom: nil, validUntil: nil, nextSurveillanceDue: nil, reason: nil,
                    reportedBy: Actor(role: .officer), reportId: nil, changedAt: Date()))
                let noNumber = try await client.send(.post, path, token: world.officer,
                                                     json: #"{"step": "certified", "validFrom": "2027-04-20", "validUntil": "2030-04-19"}"#)
                #expect(noNumber.status == .conflict, "\(noNumber.text)")
                #expect(noNumber.problem?.errors?.first?.pointer == "/number")
                #expect(try await fixture.published(CertificationStepReported.self).isEmpty)
            }
        }
    }

    @Test("by standard: the standard in the body says what the report needs (422 naming the field), the product names the certificate, an unknown product or request is 404")
    func reportByStandard() async throws {
        try await RouteFixture.with { fixture in
            try await fixture.serve { client in
                let world = try await world(fixture, client: client)
                let path = "/v1/enterprises/\(world.enterprise.lowercased)/certificate-steps"
                let product = world.product.lowercased
                let refused: [(String, String)] = [
                    (#"{"step": "applied"}"#, "/standard"),
                    (#"{"standard": "halal", "step": "applied"}"#, "/productId"),
                    (#"{"standard": "tis", "step": "certified", "number": "1", "validFrom": "2027-04-20", "validUntil": "2030-04-19", "productName": "x"}"#,
                     "/validUntil"),
                    (#"{"standard": "gmp", "step": "rejected"}"#, "/reason"),
                ]
                for (body, field) in refused {
                    let answer = try await client.send(.post, path, token: world.officer, json: body)
                    #expect(answer.status == .unprocessableContent, "\(body) → \(answer.text)")
                    let fields = answer.pointers
                    #expect(fields.contains(field), "\(body) → \(answer.text)")
                }
                let unknownProduct = try await client.send(.post, path, token: world.officer,
                                                           json: #"{"standard": "tcps", "step": "applied", "productId": "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"}"#)
                #expect(unknownProduct.status == .notFound && unknownProduct.text.contains("/productId"), "\(unknownProduct.text)")
                let unknownRequest = try await client.send(.post, path, token: world.officer,
                                                           json: #"{"standard": "gmp", "step": "applied", "requestId": "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"}"#)
                #expect(unknownRequest.status == .notFound && unknownRequest.text.contains("/requestId"), "\(unknownRequest.text)")

                // The product names the tracked มผช. certificate: the provider assigned to its request reports on it.
                let byProvider = try await client.send(.post, path, token: world.providerToken,
                                                       json: #"{"standard": "tcps", "step": "gapAnalysis", "productId": "\#(product)"}"#)
                #expect(byProvider.status == .accepted, "\(byProvider.text)")
                #expect(try byProvider.decode(ReportAnswer.self).certificateId == world.certificate)
                // A premises standard needs no product; no certificate is tracked yet, the tracker decides (202).
                let premises = try await client.send(.post, path, token: world.officer, json: #"{"standard": "gmp", "step": "gapAnalysis"}"#)
                #expect(premises.status == .accepted, "\(premises.text)")
                let published = try await fixture.published(CertificationStepReported.self)
                #expect(published.map(\.data.standard) == [.tcps, .gmp])
                #expect(published.first?.data.certificateId == world.certificate && published.last?.data.certificateId == nil)
            }
        }
    }

    @Test("the tracker's answer becomes the report's outcome and the certificate's history; each party sees only its own")
    func outcomesAndVisibility() async throws {
        try await RouteFixture.with { fixture in
            try await fixture.serve { client in
                let world = try await world(fixture, client: client)
                let path = "/v1/certificates/\(world.certificate.lowercased)"
                let applied = try await client.send(.post, path + "/steps", token: world.providerToken, json: #"{"step": "applied"}"#)
                let appliedID = try #require(applied.id)
                let refused = try await client.send(.post, path + "/steps", token: world.officer, json: #"{"step": "labTesting"}"#)
                let refusedID = try #require(refused.id)
                try await fixture.deliver(CertificationStepChanged(
                    certificateId: world.certificate, enterpriseId: world.enterprise, productId: world.product, productName: "น้ำพริกหนุ่ม",
                    requestId: world.request, provinceCode: "TH-50", standard: .tcps, standardNameTH: "มผช.", standardNameEN: "TCPS",
                    from: .planned, to: .applied, number: nil, validFrom: nil, validUntil: nil, nextSurveillanceDue: nil, reason: nil,
                    reportedBy: Actor(role: .provider), reportId: appliedID, changedAt: Date()))
                try await fixture.deliver(CertificationReportRefused(
                    reportId: refusedID, certificateId: world.certificate, enterpriseId: world.enterprise, requestId: world.request,
                    standard: .tcps, step: .labTesting, currentState: .applied, reason: "tcps: ต้องตรวจสถานที่ก่อน", reportedBy: Actor(role: .officer),
                    refusedAt: Date(), reasonTH: "tcps: ต้องตรวจสถานที่ผลิตก่อนส่งตัวอย่างทดสอบ"))
                let outcome = try await client.send(.get, "/v1/certificate-reports/\(refusedID.lowercased)", token: world.officer)
                let report = try outcome.decode(CertificateReportView.self)
                #expect(report.outcome == .refused && report.reason == "tcps: ต้องตรวจสถานที่ก่อน")
                #expect(report.reasonTH == "tcps: ต้องตรวจสถานที่ผลิตก่อนส่งตัวอย่างทดสอบ")
                let mine = try await client.send(.get, "/v1/certificate-reports/\(appliedID.lowercased)", token: world.providerToken)
                #expect(try mine.decode(CertificateReportView.self).outcome == .applied)
                #expect(try await client.send(.get, "/v1/certificate-reports/\(appliedID.lowercased)",
                                              token: world.otherProviderToken).status == .notFound)

                let detail = try await client.send(.get, path, token: world.enterpriseToken)
                #expect(detail.status == .ok)
                let certificate = try detail.decode(CertificateView.self)
                #expect(certificate.state == .applied && certificate.standardNameTH == "มาตรฐานผลิตภัณฑ์ชุมชน (มผช.)")
                #expect(certificate.stateNameTH == "ยื่นคำขอแล้ว" && certificate.stateNameEN == "Applied")
                let history = certificate.history?.map(\.type) ?? []
                #expect(history == [CertificationPlanned.eventType, CertificationStepChanged.eventType, CertificationReportRefused.eventType])
                #expect(try await client.send(.get, path, token: world.otherEnterpriseToken).status == .notFound)
                #expect(try await client.send(.get, path, token: world.otherProviderToken).status == .notFound)
                #expect(try await client.send(.get, path, token: world.providerToken).status == .ok)

                let own = try await client.send(.get, "/v1/certificates", token: world.enterpriseToken)
                #expect(try own.decode(Page<CertificateView>.self).items.count == 1)
                let others = try await client.send(.get, "/v1/certificates", token: world.otherEnterpriseToken)
                #expect(try others.decode(Page<CertificateView>.self).items.isEmpty)
                let peek = try await client.send(.get, "/v1/certificates?enterpriseId=\(world.enterprise.lowercased)",
                                                 token: world.otherEnterpriseToken)
                #expect(peek.status == .unprocessableContent)
                let byOfficer = try await client.send(.get, "/v1/certificates?enterpriseId=\(world.enterprise.lowercased)&state=applied",
                                                      token: world.officer)
                #expect(try byOfficer.decode(Page<CertificateView>.self).items.count == 1)

                // The request's timeline shows the refusal and its reason.
                let timeline = try await fixture.pool.query("""
                    SELECT summary->>'reason' AS reason FROM intake.request_timeline
                    WHERE request_id = \(world.request) AND event_type = \(CertificationReportRefused.eventType)
                    """)
                #expect(try timeline.first?.decode(String.self, column: "reason") == "tcps: ต้องตรวจสถานที่ก่อน")
            }
        }
    }

    @Test("certificates page newest first with an opaque cursor that keeps the filters; a certificate that changes does not move between pages")
    func certificatesPage() async throws {
        try await RouteFixture.with { fixture in
            try await fixture.serve { client in
                let world = try await world(fixture, client: client)
                var planned: [UUID] = [world.certificate]
                for (index, standard) in [StandardCode.gmp, .halal, .tis, .organic].enumerated() {
                    let certificate = UUID()
                    try await fixture.deliver(CertificationPlanned(
                        certificateId: certificate, requestId: UUID(), enterpriseId: world.enterprise, standard: standard, state: .planned,
                        steps: StandardCatalogue.default[standard].steps, plannedAt: Date(), productId: world.product,
                        productName: "น้ำพริกหนุ่ม", provinceCode: "TH-50", standardNameTH: "ทดสอบ", standardNameEN: "test"),
                                              time: Date().addingTimeInterval(Double(index + 1)))
                    planned.append(certificate)
                }
                let enterprise = world.enterprise.lowercased
                let first = try await client.send(.get, "/v1/certificates?enterpriseId=\(enterprise)&state=planned&limit=2", token: world.officer)
                #expect(first.status == .ok, "\(first.text)")
                let firstPage = try first.decode(Page<CertificateView>.self)
                var seen = firstPage.items.map(\.id)
                var next = firstPage.next
                #expect(next?.contains("enterpriseId=\(enterprise)") == true && next?.contains("state=planned") == true)
                // The oldest certificate changes (updated_at moves) while the client pages: it stays on its page.
                try await fixture.pool.execute("UPDATE intake.certificates SET updated_at = now() + interval '1 hour' WHERE id = \(world.certificate)")
                var pages = 1
                while let path = next, pages < 5 {
                    let page = try await client.send(.get, path, token: world.officer)
                    let answer = try page.decode(Page<CertificateView>.self)
                    seen += answer.items.map(\.id)
                    next = answer.next
                    pages += 1
                }
                #expect(pages == 3 && next == nil, "5 certificates, 2 a page")
                #expect(seen == planned.reversed(), "each once, newest first")
                let forged = try await client.send(.get, "/v1/certificates?cursor=x", token: world.officer)
                #expect(forged.problem?.errors?.first?.parameter == "cursor")
                let badState = try await client.send(.get, "/v1/certificates?state=done", token: world.officer)
                #expect(badState.problem?.errors?.first?.parameter == "state")
                let english = try await client.send(.get, "/v1/certificates?enterpriseId=\(enterprise)", token: world.otherEnterpriseToken,
                                                    headers: [.acceptLanguage: "en"])
                #expect(english.problem?.errors?.first?.detail?.contains("own certificates") == true)
                let thai = try await client.send(.get, "/v1/certificates?enterpriseId=\(enterprise)", token: world.otherEnterpriseToken)
                #expect(thai.problem?.errors?.first?.detail?.contains("ใบรับรองของตนเอง") == true)
            }
        }
    }

    @Test("held certificates at enterprise registration and through their route, checked against the catalogue")
    func heldCertificates() async throws {
        try await RouteFixture.with { fixture in
            try await fixture.serve { client in
                let officer = try await fixture.token(.officer)
                let registered = try await client.send(.post, "/v1/enterprises", token: officer, json: """
                    {"name": "กลุ่มแม่บ้าน", "kind": "communityEnterprise", "provinceCode": "TH-40", "district": "เมือง",
                     "products": [{"name": "ปลาร้าบอง", "productType": "food"}],
                     "contacts": [{"name": "คุณบุญมี", "email": "boonmee@example.org"}],
                     "heldCertificates": [
                        {"standard": "fdaFoodSerial", "productName": "ปลาร้าบอง", "number": "40-2-00001-2-0001", "validFrom": "2024-01-10"},
                        {"standard": "gmp", "number": "GMP 40/2566", "validFrom": "2023-05-01", "validUntil": "2026-04-30"}]}
                    """)
                #expect(registered.status == .created, "\(registered.text)")
                let view = try registered.decode(EnterpriseView.self)
                let enterprise = view.id.lowercased
                let product = view.products.first?.id.lowercased
                let held = try await fixture.published(HeldCertificateRegistered.self)
                try #require(held.count == 2)
                #expect(held[0].data.productId?.lowercased == product && held[0].data.validUntil == nil)
                #expect(held[1].data.standard == .gmp && held[1].data.productId == nil && held[1].data.provinceCode == "TH-40")
                #expect(held[0].correlationid == enterprise)

                let bad = try await client.send(.post, "/v1/enterprises", token: officer, json: """
                    {"name": "กลุ่ม", "kind": "communityEnterprise", "provinceCode": "TH-40", "district": "เมือง",
                     "products": [{"name": "ผ้าทอ", "productType": "textile"}], "contacts": [{"name": "ก", "email": "k@example.org"}],
                     "heldCertificates": [{"standard": "tis", "productName": "ผ้า", "number": "1", "validFrom": "2024-01-01", "validUntil": "2027-01-01"}]}
                    """)
                #expect(bad.status == .unprocessableContent)
                let fields = Set(bad.pointers)
                #expect(fields == ["/heldCertificates/0/productName", "/heldCertificates/0/validUntil"])

                let route = "/v1/enterprises/\(enterprise)/certificates"
                let added = try await client.send(.post, route, token: try await fixture.token(.enterprise, enterprise: UUID(uuidString: enterprise)),
                                                  json: #"{"standard": "halal", "productId": "\#(product ?? "")", "number": "ฮ 1", "validFrom": "2026-01-01", "validUntil": "2027-12-31"}"#)
                #expect(added.status == .accepted, "\(added.text)")
                #expect(try await fixture.published(HeldCertificateRegistered.self).last?.data.productName == "ปลาร้าบอง")
                let noExpiry = try await client.send(.post, route, token: officer,
                                                     json: #"{"standard": "halal", "productName": "ปลาร้าบอง", "number": "ฮ 1", "validFrom": "2026-01-01"}"#)
                #expect(noExpiry.status == .unprocessableContent)
                let strangeProduct = try await client.send(.post, route, token: officer, json: #"{"standard": "halal", "productId": "\#(UUID().lowercased)", "number": "ฮ 2", "validFrom": "2026-01-01", "validUntil": "2027-12-31"}"#)
                #expect(strangeProduct.status == .notFound, "a productId naming nothing of this enterprise is an unknown reference")
                #expect(strangeProduct.pointers == ["/productId"])
                #expect(try await client.send(.post, route, token: try await fixture.token(.enterprise, enterprise: UUID()),
                                              json: #"{"standard": "gmp", "number": "1", "validFrom": "2026-01-01", "validUntil": "2029-01-01"}"#).status == .notFound)
            }
        }
    }

    @Test("KPIs: certificates obtained per standard, province and region in a fiscal year, median days, expiring soon; JSON and CSV")
    func kpis() async throws {
        let today = CivilDate("2027-05-01")!
        try await RouteFixture.with(clock: ManualClock(today.instant(secondsFromGMT: 7 * 3600, secondsIntoDay: 12 * 3600))) { fixture in
            try await fixture.serve { client in
                let officer = try await fixture.token(.officer)
                // Three requests submitted on 2027-01-10 (days counted in Bangkok dates).
                var requests: [UUID] = []
                for province in ["TH-50", "TH-50", "TH-40"] {
                    let enterprise = try await client.send(.post, "/v1/enterprises", token: officer, json: """
                        {"name": "ก", "kind": "sme", "provinceCode": "\(province)", "district": "เมือง",
                         "products": [{"name": "น้ำพริก", "productType": "food"}], "contacts": [{"name": "ก", "email": "k@example.org"}]}
                        """)
                    let id = try #require(enterprise.id).lowercased
                    let submitted = try await client.send(.post, "/v1/requests", token: officer, json: """
                        {"enterpriseId": "\(id)", "productName": "น้ำพริก", "productType": "food", "serviceAreas": ["standardsSystem"],
                         "targetStandard": "tcps", "description": "มผช."}
                        """)
                    requests.append(try #require(submitted.id))
                }
                try await fixture.pool.execute("UPDATE intake.requests SET submitted_at = '2027-01-10T03:00:00Z'")
                func issued(_ request: UUID?, province: String, from: CertificationState, validFrom: String, validUntil: String,
                            registered: Bool? = nil) -> CertificationStepChanged {
                    CertificationStepChanged(
                        certificateId: UUID(), enterpriseId: UUID(), productId: nil, productName: "น้ำพริก", requestId: request,
                        provinceCode: province, standard: .tcps, standardNameTH: "มผช.", standardNameEN: "TCPS", from: from, to: .certified,
                        number: "1", validFrom: validFrom, validUntil: validUntil, nextSurveillanceDue: nil, reason: nil,
                        reportedBy: Actor(role: .officer), reportId: nil, changedAt: Date(), registered: registered)
                }
                try await fixture.deliver(
                    issued(requests[0], province: "TH-50", from: .labTesting, validFrom: "2027-02-09", validUntil: "2030-02-08"),   // 30 days
                    issued(requests[1], province: "TH-50", from: .labTesting, validFrom: "2027-03-11", validUntil: "2027-07-01"),   // 60 days, expiring
                    issued(requests[2], province: "TH-40", from: .committee, validFrom: "2027-04-10", validUntil: "2030-04-09"),   // 90 days
                    issued(nil, province: "TH-40", from: .renewalDue, validFrom: "2027-03-01", validUntil: "2030-02-28"),          // a renewal
                    issued(nil, province: "TH-40", from: .planned, validFrom: "2027-03-01", validUntil: "2027-06-30", registered: true), // held: not obtained
                    issued(requests[0], province: "TH-50", from: .labTesting, validFrom: "2026-09-20", validUntil: "2029-09-19"))   // FY 2569
                let json = try await client.send(.get, "/v1/kpis/certificates?fiscalYear=2570", token: officer)
                #expect(json.status == .ok, "\(json.text)")
                let kpis = try json.decode(CertificateKPIs.self)
                let chiangMai = try #require(kpis.rows.first { $0.provinceCode == "TH-50" })
                #expect(chiangMai.obtained == 2 && chiangMai.medianDaysToCertificate == 45)
                #expect(chiangMai.expiringWithin90Days == 1 && chiangMai.region == .north)
                let khonKaen = try #require(kpis.rows.first { $0.provinceCode == "TH-40" })
                #expect(khonKaen.obtained == 1 && khonKaen.renewals == 1)
                #expect(khonKaen.expiringWithin90Days == 1, "the held certificate expires within 90 days too")
                #expect(kpis.total.obtained == 3 && kpis.total.medianDaysToCertificate == 60)
                #expect(kpis.byRegion.count == 2)

                let csv = try await client.send(.get, "/v1/kpis/certificates?fiscalYear=2570", token: officer, accept: "text/csv")
                #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
                let lines = csv.text.split(separator: "\r\n").map(String.init)
                #expect(lines.first == "fiscal_year,region,province_code,province_name_th,standard,standard_name_th,obtained,renewals,"
                        + "median_days_request_to_certificate,expiring_within_90_days")
                #expect(lines.contains("2570,north,TH-50,เชียงใหม่,tcps,มาตรฐานผลิตภัณฑ์ชุมชน (มผช.),2,0,45.0,1"))
                #expect(try await client.send(.get, "/v1/kpis/certificates", token: try await fixture.token(.enterprise, enterprise: UUID())).status == .forbidden)

                // The same certificates as a list: in force and expiring by a date (the console's expiring-soon list).
                let expiring = try await client.send(.get, "/v1/certificates?expiringBy=2027-07-30&limit=1", token: officer)
                let expiringPage = try expiring.decode(Page<CertificateView>.self)
                var expiringUntil = expiringPage.items.compactMap(\.validUntil)
                if let next = expiringPage.next {
                    #expect(next.contains("expiringBy=2027-07-30"))
                    let rest = try await client.send(.get, next, token: officer)
                    expiringUntil += try rest.decode(Page<CertificateView>.self).items.compactMap(\.validUntil)
                }
                #expect(expiringUntil.sorted() == ["2027-06-30", "2027-07-01"], "\(expiringUntil)")
                let badDate = try await client.send(.get, "/v1/certificates?expiringBy=2027-02-30", token: officer)
                #expect(badDate.problem?.errors?.first?.parameter == "expiringBy")

                // An officer scoped to the north sees the north's figures only (Chiang Mai, not Khon Kaen).
                let north = try await client.send(.get, "/v1/kpis/certificates?fiscalYear=2570", token: try await fixture.token(.officer, region: .north))
                let northKPIs = try north.decode(CertificateKPIs.self)
                #expect(north.status == .ok && northKPIs.region == .north)
                #expect(northKPIs.rows.compactMap(\.provinceCode) == ["TH-50"])
                #expect(northKPIs.byRegion.compactMap(\.region) == [.north])
                let northTotal = northKPIs.total
                #expect(northTotal.obtained == 2 && northTotal.renewals == 0 && northTotal.expiringWithin90Days == 1)
                #expect(kpis.region == nil, "an unscoped officer's figures cover the country")
                let northCSV = try await client.send(.get, "/v1/kpis/certificates?fiscalYear=2570", token: try await fixture.token(.officer, region: .north),
                                                     accept: "text/csv")
                #expect(!northCSV.text.contains("TH-40") && northCSV.text.contains("TH-50"))
            }
        }
    }
}

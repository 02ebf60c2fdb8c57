import Contracts
import Domain
import Foundation
import Postgres
import Testing
@testable import CertificationService

/// Certificates are opened per enterprise × product × standard, by requests and by assignments.
@Suite("Certificates opened by requests and assignments", .serialized)
struct OpeningTests {
    @Test("a request with a target standard opens one planned certificate, announced with names, province and request")
    func requestOpensCertificate() async throws {
        try await CertificationFixture.with { fixture in
            let enterprise = UUID(), product = UUID()
            try await fixture.deliver(Make.enterprise(enterprise, products: [
                ProductSummary(productId: product, name: "น้ำพริกหนุ่มสมุนไพร", productType: .food)]))
            let request = Make.request(enterprise: enterprise, product: product)
            try await fixture.deliver(request)

            let certificates = try await fixture.certificates()
            try #require(certificates.count == 1)
            let certificate = certificates[0]
            #expect(certificate.state == .planned)
            #expect(certificate.productKey == "product:\(product.lowercased)")
            #expect(certificate.requestId == request.requestId)
            #expect(certificate.steps == StandardCatalogue.default[.tcps].steps)
            let planned = try await fixture.events(CertificationPlanned.self)
            try #require(planned.count == 1)
            #expect(planned[0].data.certificateId == certificate.id)
            #expect(planned[0].data.requestId == request.requestId)
            #expect(planned[0].data.provinceCode == "TH-50")
            #expect(planned[0].data.productName == "น้ำพริกหนุ่มสมุนไพร")
            #expect(planned[0].data.standardNameTH == "มาตรฐานผลิตภัณฑ์ชุมชน (มผช.)")
            #expect(planned[0].correlationid == request.requestId.lowercased)

            // A second request for the same product and standard joins the same certificate.
            let again = Make.request(enterprise: enterprise, product: product)
            try await fixture.deliver(again)
            #expect(try await fixture.certificates().count == 1)
            let second = try await fixture.events(CertificationPlanned.self)
            #expect(second.count == 2)
            #expect(second[1].data.certificateId == certificate.id && second[1].data.requestId == again.requestId)
            #expect(try await fixture.certificate(certificate.id).requestId == request.requestId, "the first request stays the certificate's")
            // No standard, no certificate.
            try await fixture.deliver(Make.request(enterprise: enterprise, product: product, standard: nil))
            #expect(try await fixture.certificates().count == 1)
        }
    }

    @Test("a product named only by name is keyed by the name; a registered product's name finds its id")
    func productByName() async throws {
        try await CertificationFixture.with { fixture in
            let enterprise = UUID(), product = UUID()
            try await fixture.deliver(Make.enterprise(enterprise, products: [
                ProductSummary(productId: product, name: "ผ้าไหมมัดหมี่", productType: .textile)]))
            try await fixture.deliver(Make.request(enterprise: enterprise, name: "  น้ำพริก   หนุ่ม "))
            try await fixture.deliver(Make.request(enterprise: enterprise, name: "น้ำพริก หนุ่ม"))
            try await fixture.deliver(Make.request(enterprise: enterprise, name: "ผ้าไหมมัดหมี่"))
            let keys = try await fixture.certificates().map(\.productKey).sorted()
            #expect(keys == ["name:น้ำพริก หนุ่ม", "product:\(product.lowercased)"])
            // GMP covers the premises: one certificate whatever the product.
            try await fixture.deliver(Make.request(enterprise: enterprise, name: "น้ำพริก", standard: .gmp))
            try await fixture.deliver(Make.request(enterprise: enterprise, name: "แกงฮังเล", standard: .gmp))
            #expect(try await fixture.certificates().filter { $0.standard == .gmp }.map(\.productKey) == ["premises"])
        }
    }

    @Test("an assignment's work report that takes a standard on opens its certificate for the request's product")
    func assignmentOpensCertificate() async throws {
        try await CertificationFixture.with { fixture in
            let enterprise = UUID()
            let request = Make.request(enterprise: enterprise, standard: nil)
            try await fixture.deliver(request)
            try await fixture.deliver(MatchWorkReported(
                requestId: request.requestId, requestReference: request.reference, enterpriseId: enterprise, providerId: UUID(),
                summary: "ปรับปรุงสถานที่ผลิตและยื่น GMP", standardApplied: .gmp, reportedAt: Date()))
            let certificates = try await fixture.certificates()
            #expect(certificates.map(\.standard) == [.gmp])
            #expect(certificates.first?.requestId == request.requestId)
            #expect(try await fixture.events(CertificationPlanned.self).map(\.data.requestId) == [request.requestId])
        }
    }

    @Test("a work report that overtakes its request (another topic) waits for it and opens its certificate when it arrives")
    func workReportBeforeItsRequest() async throws {
        try await CertificationFixture.with { fixture in
            let enterprise = UUID()
            let request = Make.request(enterprise: enterprise, standard: nil)
            try await fixture.deliver(MatchWorkReported(
                requestId: request.requestId, requestReference: request.reference, enterpriseId: enterprise, providerId: UUID(),
                summary: "ปรับปรุงสถานที่ผลิตและยื่น GMP", standardApplied: .gmp, reportedAt: Date()))
            #expect(try await fixture.certificates().isEmpty, "nothing to open it for yet")
            try await fixture.deliver(request)
            let certificates = try await fixture.certificates()
            #expect(certificates.map(\.standard) == [.gmp])
            #expect(certificates.first?.requestId == request.requestId)
            #expect(try await fixture.events(CertificationPlanned.self).map(\.data.requestId) == [request.requestId])
            let waiting = try await fixture.pool.query("SELECT count(*)::int8 AS n FROM certification.waiting_work_reports")
            #expect(try waiting.first?.decode(Int.self, column: "n") == 0, "applied once, then gone")
        }
    }

    @Test("an expired or rejected certificate is planned again by a new request")
    func replanning() async throws {
        try await CertificationFixture.with { fixture in
            let enterprise = UUID()
            try await fixture.deliver(Make.request(enterprise: enterprise))
            let id = try #require(try await fixture.certificates().first?.id)
            try await fixture.deliver(Make.report(id, enterprise: enterprise, step: .applied))
            try await fixture.deliver(Make.report(id, enterprise: enterprise, step: .rejected, reason: "เอกสารไม่ครบ"))
            let next = Make.request(enterprise: enterprise)
            try await fixture.deliver(next)
            let certificate = try await fixture.certificate(id)
            #expect(certificate.state == .planned)
            #expect(certificate.requestId == next.requestId)
            let changes = try await fixture.events(CertificationStepChanged.self).map { "\($0.data.from.rawValue)→\($0.data.to.rawValue)" }
            #expect(changes == ["planned→applied", "applied→rejected", "rejected→planned"])
        }
    }
}

import Contracts
import Domain
import Foundation
import Testing
import Timestamps
@testable import CertificationService

/// Step reports applied with the standard's lifecycle: accepted ones move the certificate and say
/// so, refused ones change nothing and say why.
@Suite("Step reports", .serialized)
struct StepReportTests {
    @Test("reported steps walk a มผช. certificate to certified with its number, dates and first reminder day")
    func toCertified() async throws {
        try await CertificationFixture.with(today: "2027-01-10") { fixture in
            let enterprise = UUID()
            let request = Make.request(enterprise: enterprise)
            try await fixture.deliver(Make.enterprise(enterprise))
            try await fixture.deliver(request)
            let id = try #require(try await fixture.certificates().first?.id)
            let provider = Actor(role: .provider, clientId: UUID(), partyId: UUID())
            for step in [CertificationState.gapAnalysis, .applied, .siteInspection, .labTesting] {
                try await fixture.deliver(Make.report(id, enterprise: enterprise, step: step, by: provider))
            }
            fixture.clock.set("2027-04-20")
            try await fixture.deliver(Make.report(id, enterprise: enterprise, step: .certified, number: "มผช. 321/2570",
                                                  validFrom: "2027-04-20", validUntil: "2030-04-19"))
            let certificate = try await fixture.certificate(id)
            #expect(certificate.state == .certified)
            #expect(certificate.number == "มผช. 321/2570")
            #expect(certificate.validUntil == CivilDate("2030-04-19"))
            #expect(certificate.trackedFrom == CivilDate("2027-04-20"))
            // มผช. has yearly surveillance (unconfirmed, in the catalogue): the first audit's 90-day reminder comes first.
            #expect(certificate.nextSurveillanceDue == CivilDate("2028-04-20"))
            #expect(certificate.nextActionOn == CivilDate("2028-01-21"))

            let changes = try await fixture.events(CertificationStepChanged.self)
            #expect(changes.map(\.data.to) == [.gapAnalysis, .applied, .siteInspection, .labTesting, .certified])
            let issued = try #require(changes.last)
            #expect(issued.data.requestId == request.requestId, "the journey credits the provider through the request")
            #expect(issued.data.number == "มผช. 321/2570" && issued.data.validFrom == "2027-04-20" && issued.data.validUntil == "2030-04-19")
            #expect(issued.data.renewalDueOn == "2030-01-19")
            #expect(issued.data.standardNameEN == "Thai Community Product Standard" && issued.data.provinceCode == "TH-50")
            #expect(changes[0].data.reportedBy == provider)
            #expect(issued.correlationid == request.requestId.lowercased)
            #expect(try await fixture.events(CertificationReportRefused.self).isEmpty)
        }
    }

    @Test("a report the lifecycle refuses changes nothing and says why, to the request's timeline")
    func refused() async throws {
        try await CertificationFixture.with { fixture in
            let enterprise = UUID()
            let request = Make.request(enterprise: enterprise)
            try await fixture.deliver(request)
            let id = try #require(try await fixture.certificates().first?.id)
            let jump = Make.report(id, enterprise: enterprise, step: .certified, number: "1", validFrom: "2027-01-10",
                                   validUntil: "2030-01-09")
            try await fixture.deliver(jump)
            try await fixture.deliver(Make.report(id, enterprise: enterprise, step: .cancelled))
            try await fixture.deliver(Make.report(id, enterprise: enterprise, step: .labTesting, number: "x"))
            try await fixture.deliver(Make.report(id, enterprise: enterprise, standard: .halal, step: .applied))
            try await fixture.deliver(Make.report(nil, enterprise: UUID(), step: .applied, productName: "ขนม"))

            #expect(try await fixture.certificate(id).state == .planned)
            #expect(try await fixture.events(CertificationStepChanged.self).isEmpty)
            let refusals = try await fixture.events(CertificationReportRefused.self)
            #expect(refusals.map(\.data.reason) == [
                "tcps: cannot move from planned to certified: not a step that follows planned for this standard",
                "tcps: cannot move from planned to cancelled: a reason is required",
                "tcps: cannot move from planned to labTesting: a number and validity dates are reported with certified only",
                "certificate \(id.lowercased) is for tcps, not halal",
                "no tcps certificate is tracked for this product; a request with this target standard, or a registered held certificate, opens one",
            ])
            #expect(refusals.map(\.data.reasonTH) == [
                "tcps: เปลี่ยนจาก วางแผน (planned) เป็น ได้รับการรับรอง (certified) ไม่ได้: ขั้นตอนนี้ไม่ได้ต่อจากสถานะวางแผนของมาตรฐานนี้",
                "tcps: เปลี่ยนจาก วางแผน (planned) เป็น ยกเลิก (cancelled) ไม่ได้: ต้องระบุเหตุผล",
                "tcps: เปลี่ยนจาก วางแผน (planned) เป็น ทดสอบในห้องปฏิบัติการ (labTesting) ไม่ได้: "
                    + "เลขที่และวันที่มีผลรายงานพร้อมขั้นตอนได้รับการรับรอง (certified) เท่านั้น",
                "ใบรับรอง \(id.lowercased) เป็นของมาตรฐาน tcps ไม่ใช่ halal",
                "ยังไม่มีใบรับรอง tcps ที่ติดตามอยู่สำหรับผลิตภัณฑ์นี้ คำขอที่ระบุมาตรฐานนี้เป็นเป้าหมาย หรือการลงทะเบียนใบรับรองที่ถืออยู่ จะเปิดการติดตาม",
            ], "every refusal also in Thai, the reporter's language by default")
            #expect(refusals[0].data.reportId == jump.reportId)
            #expect(refusals[0].data.requestId == request.requestId)
            #expect(refusals[0].data.currentState == .planned)
            #expect(refusals[0].correlationid == request.requestId.lowercased)
            #expect(refusals[4].data.certificateId == nil && refusals[4].data.currentState == nil)
        }
    }

    @Test("a certificate can be addressed by enterprise, product and standard instead of its id")
    func byProduct() async throws {
        try await CertificationFixture.with { fixture in
            let enterprise = UUID(), product = UUID()
            try await fixture.deliver(Make.request(enterprise: enterprise, product: product))
            try await fixture.deliver(Make.report(nil, enterprise: enterprise, step: .applied, product: product))
            try await fixture.deliver(Make.request(enterprise: enterprise, name: "ขนมไทย"))
            try await fixture.deliver(Make.report(nil, enterprise: enterprise, step: .gapAnalysis, productName: "ขนมไทย"))
            let states = Set(try await fixture.certificates().map(\.state))
            #expect(states == [.applied, .gapAnalysis])
        }
    }

    @Test("a held certificate is tracked from today: certified, held, its next reminder day set; a repeat changes nothing")
    func held() async throws {
        try await CertificationFixture.with(today: "2027-01-10") { fixture in
            let enterprise = UUID()
            let held = Make.held(enterprise: enterprise, validFrom: "2025-06-01", validUntil: "2027-05-31")
            try await fixture.deliver(held)
            try await fixture.deliver(held)
            let certificates = try await fixture.certificates()
            try #require(certificates.count == 1)
            #expect(certificates[0].state == .certified && certificates[0].held)
            #expect(certificates[0].trackedFrom == CivilDate("2027-01-10"))
            // Halal files its renewal 90 days ahead (unconfirmed): due 2027-03-02, the 90-day reminder the same day.
            #expect(certificates[0].nextActionOn == CivilDate("2027-03-02"))
            let changes = try await fixture.events(CertificationStepChanged.self)
            #expect(changes.count == 1)
            #expect(changes[0].data.registered == true && changes[0].data.from == .planned && changes[0].data.to == .certified)
            #expect(changes[0].data.reportId == held.registrationId && changes[0].data.requestId == nil)

            // Bad facts are refused with the reason.
            try await fixture.deliver(Make.held(enterprise: enterprise, standard: .tcps, validFrom: "2026-02-30", validUntil: "2029-01-01"))
            try await fixture.deliver(Make.held(enterprise: enterprise, standard: .tcps, validFrom: "2026-01-01", validUntil: nil))
            try await fixture.deliver(Make.held(enterprise: enterprise, standard: .tis, validFrom: "2026-01-01", validUntil: "2029-01-01"))
            let refusals = try await fixture.events(CertificationReportRefused.self).map(\.data.reason)
            #expect(refusals == ["validFrom must be a date (YYYY-MM-DD), found '2026-02-30'",
                                 "tcps: tcps expires: an issued certificate needs validUntil",
                                 "tis: tis does not expire: leave validUntil out"])
            #expect(try await fixture.events(CertificationReportRefused.self).map(\.data.reasonTH) == [
                "validFrom ต้องเป็นวันที่รูปแบบ YYYY-MM-DD แต่ได้ '2026-02-30'",
                "tcps: tcps มีวันหมดอายุ ใบรับรองที่ออกแล้วต้องมีวันหมดอายุ (validUntil)",
                "tis: tis ไม่มีวันหมดอายุ ไม่ต้องระบุ validUntil"])
            #expect(try await fixture.certificates().count == 1)
        }
    }
}

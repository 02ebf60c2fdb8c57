import Contracts
import Domain
import Foundation
import Testing
@testable import NotificationsService

/// Every template, in both languages, rendered with every event that uses it (the docs/events
/// examples, plus the variants a rule tells apart): a variable a template uses that the renderer
/// does not provide fails here, not in a real send.
@Suite("Templates: every template × language × event that uses it")
struct TemplateCoverageTests {
    /// The plans the rules make from every example (and its variants), with the facts they carry.
    static func examplePlans() throws -> [MessagePlan] {
        var plans: [MessagePlan] = []
        plans += NotificationRules.plans(for: try EventExamples.data(RequestSubmitted.self))
        var screened = try EventExamples.data(MatchScreened.self)
        screened.eligible = false
        screened.reason = "กิจการยังไม่จดทะเบียนวิสาหกิจชุมชน <ตรวจสอบ>"
        plans += NotificationRules.plans(for: screened)
        screened.reason = nil
        plans += NotificationRules.plans(for: screened)
        plans += NotificationRules.plans(for: try EventExamples.data(MatchUnavailable.self))
        plans += NotificationRules.plans(for: try EventExamples.data(MatchProposed.self))
        plans += NotificationRules.plans(for: try EventExamples.data(MatchAccepted.self))
        plans += NotificationRules.plans(for: try EventExamples.data(MatchDeclined.self))
        plans += NotificationRules.plans(for: try EventExamples.data(MatchExpired.self))
        plans += NotificationRules.plans(for: try EventExamples.data(MatchWithdrawn.self))
        var requestWithdrawn = try EventExamples.data(MatchWithdrawn.self)
        requestWithdrawn.stage = .request
        requestWithdrawn.providerId = nil
        requestWithdrawn.releasedCouponBaht = 0
        plans += NotificationRules.plans(for: requestWithdrawn)
        plans += NotificationRules.plans(for: try EventExamples.data(MatchAssigned.self))
        plans += NotificationRules.plans(for: try EventExamples.data(MatchWorkReported.self))
        let issued = try EventExamples.data(CertificationStepChanged.self)
        plans += NotificationRules.plans(for: issued)
        var step = issued
        step.from = .documentReview
        step.to = .siteInspection
        step.number = nil
        step.validFrom = nil
        step.validUntil = nil
        step.nextSurveillanceDue = nil
        step.productName = nil
        plans += NotificationRules.plans(for: step)
        step.from = .renewalDue
        step.to = .expired
        plans += NotificationRules.plans(for: step)
        let reminder = try EventExamples.data(CertificationReminderDue.self)
        plans += NotificationRules.plans(for: reminder)
        var surveillance = reminder
        surveillance.kind = .surveillance
        surveillance.renewBy = nil
        plans += NotificationRules.plans(for: surveillance)
        plans.append(MessagePlan(template: .deliveryFailedAlert, audience: .officers(.north), requestID: nil,
                                 facts: .deliveryFailed(Fixtures.deliveryFailed)))
        var noRequest = Fixtures.deliveryFailed
        noRequest.requestReference = nil
        plans.append(MessagePlan(template: .deliveryFailedAlert, audience: .officers(.north), requestID: nil,
                                 facts: .deliveryFailed(noRequest)))
        plans.append(MessagePlan(template: .officerDigest, audience: .officers(.north), requestID: nil,
                                 facts: .digest(Fixtures.digest)))
        var noBudget = Fixtures.digest
        noBudget.budget = nil
        plans.append(MessagePlan(template: .officerDigest, audience: .officers(.north), requestID: nil, facts: .digest(noBudget)))
        plans += NotificationRules.plans(for: try EventExamples.data(SignInCodeRequested.self))
        return plans
    }

    static func context(for plan: MessagePlan) throws -> MessageContext {
        var context = MessageContext(recipientName: "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้",
                                     request: plan.requestID == nil ? nil : try Fixtures.request(),
                                     providerName: plan.facts.providerID == nil ? nil : "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้",
                                     counterpart: plan.facts.counterpartID(for: plan.template) == nil ? nil
                                         : Counterpart(partyName: "วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกรบ้านแม่ริม", contact: Fixtures.person()))
        if case .signInCode = plan.facts { context.signInCode = "042917" }
        return context
    }

    @Test("Every part of every template renders in Thai and English with every event that uses it")
    func everyTemplateRenders() throws {
        let plans = try Self.examplePlans()
        for plan in plans {
            for language in Language.allCases {
                let message = try Fixtures.renderer.render(plan.template, facts: plan.facts, context: try Self.context(for: plan),
                                                           language: language, parts: TemplatePart.allCases)
                let where_ = "\(plan.template.rawValue) (\(language.rawValue))"
                #expect(!(message.subject ?? "").isEmpty, "\(where_): subject")
                #expect(!(message.subject ?? "").contains("\n"), "\(where_): one-line subject")
                #expect(!message.text.isEmpty, "\(where_): text")
                #expect(message.html?.contains("<html lang=\"\(language.rawValue)\">") == true, "\(where_): html in its layout")
                #expect(!(message.sms ?? "").isEmpty, "\(where_): sms")
                #expect(!(message.line ?? "").isEmpty, "\(where_): line")
            }
        }
        let covered = Set(plans.map(\.template))
        #expect(covered == Set(MessageTemplate.allCases), "templates no event exercises: \(Set(MessageTemplate.allCases).subtracting(covered))")
    }

    @Test("A variable the renderer does not provide is an error naming the template and the variable, not an empty string")
    func missingVariableFails() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otop-templates-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: try #require(TemplateLibrary.bundledFolder), to: folder)
        let file = folder.appendingPathComponent("th/request-received.mustache")
        let original = try String(contentsOf: file, encoding: .utf8)
        try original.replacingOccurrences(of: "{{! sms }}\n", with: "{{! sms }}\n{{refrence}} ").write(to: file, atomically: true, encoding: .utf8)
        let renderer = MessageRenderer(library: try TemplateLibrary(folder: folder), portalURL: "https://otop-sti.example")
        let submitted = try EventExamples.data(RequestSubmitted.self)
        let error = #expect(throws: TemplateError.self) {
            try renderer.render(.requestReceived, facts: .requestSubmitted(submitted),
                                context: MessageContext(recipientName: "x", request: nil, providerName: nil),
                                language: .th, parts: [.sms])
        }
        #expect(error?.code == .missingVariables)
        #expect(error?.description.contains("th/request-received.mustache (sms)") == true)
        #expect(error?.description.contains("refrence") == true)
        // The other parts and the English file are unaffected.
        _ = try renderer.render(.requestReceived, facts: .requestSubmitted(submitted),
                                context: MessageContext(recipientName: "x", request: nil, providerName: nil),
                                language: .en, parts: TemplatePart.allCases)
    }

    @Test("A file without one of the parts stops the library from loading")
    func missingPartFails() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otop-templates-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: try #require(TemplateLibrary.bundledFolder), to: folder)
        let file = folder.appendingPathComponent("en/officer-digest.mustache")
        let original = try String(contentsOf: file, encoding: .utf8)
        try original.replacingOccurrences(of: "{{! line }}", with: "").write(to: file, atomically: true, encoding: .utf8)
        let error = #expect(throws: TemplateError.self) { try TemplateLibrary(folder: folder) }
        #expect(error?.code == .missingPart)
        #expect(error?.template == "en/officer-digest.mustache")
    }

    @Test("The Thai proposal e-mail: Thai subject, both parts, Buddhist-Era date with the Thai month; English gets Common-Era dates")
    func thaiProposal() throws {
        let proposed = try EventExamples.data(MatchProposed.self)
        let context = MessageContext(recipientName: "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้", request: try Fixtures.request(), providerName: nil)
        let thai = try Fixtures.renderer.render(.proposalToProvider, facts: .proposed(proposed), context: context, language: .th,
                                                parts: TemplatePart.parts(for: .email))
        let respondBy = ThaiCalendar.longThaiDate(proposed.respondBy)
        #expect(respondBy.hasSuffix(String(ThaiCalendar.buddhistYear(of: proposed.respondBy))))
        #expect(thai.subject == "ข้อเสนอคำขอรับบริการ OTOP-2570-000123: น้ำพริกหนุ่มสมุนไพร")
        #expect(thai.text.hasPrefix("เรียน ผู้ประสานงาน คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้\n"))
        #expect(thai.text.contains("กรุณาตอบรับหรือปฏิเสธภายในวันที่ \(respondBy)"))
        #expect(thai.text.contains("  - \(proposed.score.criteria[0].note) (\(proposed.score.criteria[0].points)/\(proposed.score.criteria[0].weight))"))
        #expect(thai.html?.contains("<strong>\(respondBy)</strong>") == true)
        #expect(thai.sms == nil && thai.line == nil, "only the e-mail parts were asked for")

        let english = try Fixtures.renderer.render(.proposalToProvider, facts: .proposed(proposed), context: context, language: .en,
                                                   parts: TemplatePart.parts(for: .email))
        #expect(english.text.contains("Please accept or decline by \(ThaiCalendar.longEnglishDate(proposed.respondBy))"))
        #expect(english.text.contains("Province: Chiang Mai"))
    }

    @Test("Buddhist-Era dates read 25 พฤศจิกายน 2569; certificate days too; English keeps 2026")
    func dates() {
        let date = ThaiCalendar.gregorian.date(from: DateComponents(year: 2026, month: 11, day: 25, hour: 9))!
        #expect(Wording.date(date, .th) == "25 พฤศจิกายน 2569")
        #expect(Wording.date(date, .en) == "25 November 2026")
        #expect(Wording.day("2030-04-19", .th) == "19 เมษายน 2573")
        #expect(Wording.day("2030-04-19", .en) == "19 April 2030")
    }

    @Test("User-supplied text is escaped in the HTML part and left as written in the text, SMS and LINE parts")
    func htmlEscaping() throws {
        var submitted = try EventExamples.data(RequestSubmitted.self)
        submitted.description = "<script>alert('x')</script> & \"ยืดอายุ\""
        submitted.productName = "น้ำพริก <b>หนุ่ม</b>"
        let message = try Fixtures.renderer.render(.requestReceived, facts: .requestSubmitted(submitted),
                                                   context: MessageContext(recipientName: "กลุ่ม <แม่บ้าน>", request: nil, providerName: nil),
                                                   language: .th, parts: TemplatePart.allCases)
        let html = try #require(message.html)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(html.contains("น้ำพริก &lt;b&gt;หนุ่ม&lt;/b&gt;"))
        #expect(html.contains("กลุ่ม &lt;แม่บ้าน&gt;"))
        #expect(message.text.contains("<script>alert('x')</script> & \"ยืดอายุ\""))
        #expect(message.sms?.contains("น้ำพริก <b>หนุ่ม</b>") == true)
    }
}

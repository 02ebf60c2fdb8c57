import Contracts
import Domain
import Foundation
import ServiceRuntime
import SMTP
import Testing
@testable import NotificationsService

/// The programme's name in messages comes from `programme.json` (issue 16, point 5), not from the
/// templates: every template of both languages signs with it, and a deployment's name is the one sent.
@Suite("Templates: the programme's name is data")
struct ProgrammeNameTests {
    @Test("no template writes the programme's name itself; each signs with {{programmeName}}")
    func templatesUseTheValue() throws {
        let folder = try #require(TemplateLibrary.bundledFolder)
        for language in Language.allCases {
            for name in MessageTemplate.allCases.map({ "\($0.rawValue).mustache" }) + ["layout.html.mustache"] {
                let text = try String(contentsOf: folder.appendingPathComponent("\(language.rawValue)/\(name)"), encoding: .utf8)
                #expect(!text.contains("เพื่อยกระดับผลิตภัณฑ์ OTOP") && !text.contains("for OTOP upgrade programme"), "\(language)/\(name)")
                #expect(!text.contains("คูปองวิทย์") && !text.contains("Coupons for OTOP"), "\(language)/\(name)")
                if name != "layout.html.mustache" { #expect(text.contains("{{programmeName}}"), "\(language)/\(name)") }
            }
        }
    }

    @Test("messages sign with the programme's names of the file, in the recipient's language")
    func messagesSign() throws {
        let submitted = try EventExamples.data(RequestSubmitted.self)
        let context = MessageContext(recipientName: "วิสาหกิจชุมชน", request: nil, providerName: nil)
        let identity = ProgrammeIdentity.bundledDefault
        let thai = try Fixtures.renderer.render(.requestReceived, facts: .requestSubmitted(submitted), context: context, language: .th,
                                                parts: [.text, .html])
        #expect(thai.text.contains("\(identity.nameTH) (\(identity.shortNameTH))"))
        #expect(thai.html?.contains(identity.nameTH) == true)
        let english = try Fixtures.renderer.render(.requestReceived, facts: .requestSubmitted(submitted), context: context, language: .en,
                                                   parts: [.text])
        #expect(english.text.contains(identity.nameEN))

        var renamed = identity
        renamed.nameTH = "โครงการทดสอบชื่อจากไฟล์"
        renamed.shortNameTH = "ชื่อย่อทดสอบ"
        let renderer = MessageRenderer(library: Fixtures.library, portalURL: "https://otop-sti.example", programme: renamed)
        let message = try renderer.render(.requestReceived, facts: .requestSubmitted(submitted), context: context, language: .th,
                                          parts: [.text])
        #expect(message.text.contains("โครงการทดสอบชื่อจากไฟล์ (ชื่อย่อทดสอบ)"))
        #expect(!message.text.contains(identity.nameTH))
    }

    @Test("the e-mail sender's name is the programme's unless SMTP_FROM_NAME says otherwise")
    func senderName() throws {
        var identity = ProgrammeIdentity.bundledDefault
        identity.senderName = "โครงการทดสอบ"
        let settings = try NotificationsConfiguration(EnvironmentReader([:]), programme: identity)
        #expect(settings.from.name == "โครงการทดสอบ")
        let named = try NotificationsConfiguration(EnvironmentReader(["SMTP_FROM_NAME": "สำนักงานภาค"]), programme: identity)
        #expect(named.from.name == "สำนักงานภาค")
    }
}
